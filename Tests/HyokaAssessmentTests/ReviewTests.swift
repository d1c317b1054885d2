import Foundation
import HyokaEvidence
import HyokaModel
import HyokaRecognition
import HyokaText
import Testing
@testable import HyokaAssessment

enum Corpus {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("corpus")

    static func review(_ name: String, text transform: (String) -> String = { $0 }, editions: Set<Int>? = nil) throws -> Review {
        let text = transform(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
        let source = SourceText(text)
        let report = ReportRecognizer().recognize(source, id: name, sourceName: name, contentHash: "")
        return Reviewer(libraryEditions: editions).review(report, source: source, facts: FactExtractor().facts(in: report, source: source))
    }
}

@Suite("Review (点検) of the corpus")
struct ReviewTests {
    @Test("000: the accounts listed add up to 693 of the 697 stated")
    func accountTotal() throws {
        let review = try Corpus.review("000_47f71a321a7ee5e2.txt")
        let sums = review.findings.filter { $0.rule == "sum-mismatch" }
        #expect(sums.count == 1)
        let finding = try #require(sums.first)
        #expect(finding.line == 80)
        #expect(finding.relatedLines == [84, 85, 86, 87, 89, 91])
        #expect(finding.message.ja.contains("697") && finding.message.ja.contains("693"))
        #expect(finding.message.en.contains("main items"), "the text says only the main accounts are listed")
    }

    @Test("004: 2,355 = 1,001 + 1,354 and both breakdown columns add up, so no sum finding")
    func evaluationCountsHold() throws {
        let review = try Corpus.review("004_d473122111bbb5a2.part1.txt")
        #expect(!review.findings.contains { $0.rule == "sum-mismatch" })
    }

    @Test("004 with one breakdown number changed: the column that no longer adds up is found")
    func brokenBreakdownIsFound() throws {
        let review = try Corpus.review("004_d473122111bbb5a2.part1.txt") { $0.replacingOccurrences(of: "公共事業 546件", with: "公共事業 547件") }
        let finding = try #require(review.findings.first { $0.rule == "sum-mismatch" })
        #expect(finding.line == 120)
        #expect(finding.message.ja.contains("1,001") && finding.message.ja.contains("1,002"))
    }

    @Test("004: 受入自治体 1,118【2団体】 in the table and 1,116 in the text for FY2022: the note's 【 】 count explains the difference")
    func reconciledCount() throws {
        let review = try Corpus.review("004_d473122111bbb5a2.part1.txt")
        #expect(!review.findings.contains { $0.rule == "conflicting-values" })
        let reconciled = review.findings.filter { $0.rule == "values-reconciled" }
        #expect(reconciled.count == 1)
        let finding = try #require(reconciled.first)
        #expect(finding.severity == .info)
        #expect(finding.line == 1445 && finding.relatedLines == [2321])
        #expect(finding.message.ja.contains("1,118 − 2 = 1,116") && finding.message.ja.contains("インターンのみ受け入れた自治体数"))
    }

    @Test("004 without the note: the same difference is a conflict again")
    func unexplainedCount() throws {
        let review = try Corpus.review("004_d473122111bbb5a2.part1.txt") { $0.replacingOccurrences(of: "※ 【 】内の数は、", with: "※ ") }
        let conflicts = review.findings.filter { $0.rule == "conflicting-values" }
        #expect(conflicts.count == 1)
        #expect(conflicts.first?.line == 1445)
    }

    @Test("004 part 2: plans, forecasts and pending actuals are reviewed; different series are not paired")
    func part2Progress() throws {
        let review = try Corpus.review("004_d473122111bbb5a2.part2.txt")
        let below = try #require(review.findings.first { $0.rule == "actual-below-plan" })
        #expect(below.line == 1722 && below.relatedLines == [1721] && below.message.ja.contains("40％"))
        let pending = try #require(review.findings.first { $0.rule == "actual-pending" })
        #expect(pending.line == 1744 && pending.message.ja.contains("調査・とりまとめ中"))
        #expect(review.findings.contains { $0.rule == "targets-without-actuals" && $0.message.ja.contains("システムの安定的稼働") })
        #expect(!review.findings.contains { $0.rule == "conflicting-values" }, "5G population coverage and road coverage are different quantities")
        #expect(!review.findings.contains { $0.rule == "sum-mismatch" }, "「（合計28万局）」 for FY2023 is not the sum of the FY2025 and FY2030 totals")
    }

    @Test("004: 地域おこし協力隊 — members behind the path, applications moving away, rated 進展が大きくない")
    func trajectories() throws {
        let review = try Corpus.review("004_d473122111bbb5a2.part1.txt")
        let behind = review.findings.filter { $0.rule == "indicator-behind" && $0.message.ja.contains("隊員数") }
        #expect(behind.map(\.line) == [2252, 2292])
        #expect(behind.allSatisfy { $0.message.ja.contains("7,040") })
        let away = try #require(review.findings.first { $0.rule == "indicator-moving-away" })
        #expect(away.message.ja.contains("応募件数"))
        #expect(away.line == 2236)
        #expect(review.computedRatings["地域振興（地域力創造）"]?.rating == .limitedProgress)
    }

    @Test("002: low execution in FY2021, a 年度 table counted by 暦年, fields without indicators; a sound series gives no finding")
    func mofaMeasure() throws {
        let review = try Corpus.review("002_3ec3fed686115a88.txt")
        let execution = try #require(review.findings.first { $0.rule == "low-execution" })
        #expect(execution.line == 254)
        #expect(execution.message.ja.contains("73％"))
        #expect(review.findings.filter { $0.rule == "low-execution" }.count == 1, "91% and above are not flagged")
        #expect(review.findings.contains { $0.rule == "period-mismatch" && $0.line == 519 })
        #expect(Set(review.findings.filter { $0.rule == "goal-without-indicator" }.map(\.line)) == [535, 1507, 1630, 1780, 1961])
        // The JPO retention series (lines 1481–1503) is sound.
        #expect(!review.findings.contains { (1481...1503).contains($0.line) })
        #expect(!review.findings.contains { $0.rule == "conflicting-values" || $0.rule == "sum-mismatch" })
        #expect(StatedJudgement.overall(review.stated) == .substantialProgress)
    }

    @Test("Citations of Bluebook editions the library lacks are noted; held editions are not")
    func citations() throws {
        let missing = try Corpus.review("000_47f71a321a7ee5e2.txt", editions: [2013])
        #expect(missing.findings.filter { $0.rule == "evidence-not-found" }.map(\.line) == [100, 102, 104])
        let held = try Corpus.review("000_47f71a321a7ee5e2.txt", editions: [2023, 2024, 2025])
        #expect(!held.findings.contains { $0.rule == "evidence-not-found" })
    }
}

@Suite("Breakdowns")
struct BreakdownTests {
    @Test("004: the evaluations reported to the Diet, by type, with their labels")
    func evaluationsByType() throws {
        let review = try Corpus.review("004_d473122111bbb5a2.part1.txt")
        let counts = try #require(review.breakdowns.first { $0.total == 2355 })
        #expect(counts.title == "令和4年度政策評価実施件数")
        #expect(counts.unit == "件")
        #expect(counts.groups.map(\.label) == ["事前評価", "事後評価"])
        #expect(counts.groups.map(\.value) == [1001, 1354])
        #expect(counts.groups[0].items.map(\.label) == ["公共事業", "規制", "研究開発", "租特", "ODA", "一般分野"])
        #expect(counts.groups[0].items.map(\.value) == [546, 227, 91, 88, 42, 7])
        #expect(counts.groups[1].items.map(\.label) == ["目標管理型", "未着手・未了", "完了後・終了時", "その他※"])
        #expect(counts.groups[1].items.map(\.value).reduce(0, +) == 1354)
    }

    @Test("000: the account list with its platforms")
    func accounts() throws {
        let review = try Corpus.review("000_47f71a321a7ee5e2.txt")
        let accounts = try #require(review.breakdowns.first { $0.total == 697 })
        #expect(accounts.items.map(\.value) == [199, 255, 132, 94, 6, 7])
        #expect(accounts.items.first?.label == "X（旧Twitter）")
    }
}
