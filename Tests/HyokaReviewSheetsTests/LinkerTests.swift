import Foundation
import HyokaAssessment
import HyokaModel
import HyokaRecognition
import HyokaText
import Testing
@testable import HyokaReviewSheets

/// The bundled evaluations, recognised as the importer does.
enum Evaluations {
    static let names = ["000_47f71a321a7ee5e2.txt", "002_3ec3fed686115a88.txt", "004_d473122111bbb5a2.part1.txt"]

    static func reports() throws -> [EvaluationReport] { try loaded.get() }
    private static let loaded = Result<[EvaluationReport], any Error> {
        try names.map { name in
            let text = try String(contentsOf: RSExport.root.appendingPathComponent("corpus/\(name)"), encoding: .utf8)
            return ReportRecognizer().recognize(SourceText(text), id: String(name.prefix(3)) + "0000000000000", sourceName: name, contentHash: name)
        }
    }
}

/// One expected link of Tests/Fixtures/keys/rs-links.tsv.
struct ExpectedLink: Hashable, CustomStringConvertible {
    var document: String
    /// The policy's number (MIC) or the measure's title (MOFA).
    var policy: String
    var field: Int?
    var project: Int

    var description: String { "\(document) \(policy)\(field.map { " field \($0)" } ?? "") ← \(project)" }

    static func key() throws -> Set<ExpectedLink> {
        let text = try String(contentsOf: RSExport.root.appendingPathComponent("Tests/Fixtures/keys/rs-links.tsv"), encoding: .utf8)
        return Set(text.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("#") && !$0.hasPrefix("document") }.map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return ExpectedLink(document: cells[0], policy: cells[1], field: Int(cells[2]), project: Int(cells[3]) ?? 0)
        })
    }

    init(document: String, policy: String, field: Int?, project: Int) {
        self.document = document
        self.policy = policy
        self.field = field
        self.project = project
    }

    /// A found link in the key's terms: MIC policies by number, MOFA measures by title; a field only when the evaluation numbers it.
    init(_ link: ReviewProjectLink) {
        document = String(link.documentSource.prefix(3))
        policy = link.policyNumber ?? link.policyTitle
        field = link.target == .field ? link.fieldNumber : nil
        project = link.projectID
    }
}

@Suite("Links between review-sheet projects and evaluations")
struct LinkerTests {
    func links() throws -> [ReviewProjectLink] {
        ProjectLinker().links(reports: try Evaluations.reports(), projects: try RSExport.bundled().projects)
    }

    @Test("precision and recall against the key read off table 1-3")
    func againstKey() throws {
        let found = Set(try links().map(ExpectedLink.init))
        let key = try ExpectedLink.key()
        let hits = found.intersection(key)
        let precision = Double(hits.count) / Double(max(found.count, 1))
        let recall = Double(hits.count) / Double(key.count)
        let missed = key.subtracting(found).sorted { $0.description < $1.description }
        let extra = found.subtracting(key).sorted { $0.description < $1.description }
        print("RS links: precision \(String(format: "%.3f", precision)) (\(hits.count)/\(found.count)), recall \(String(format: "%.3f", recall)) (\(hits.count)/\(key.count))")
        print("  missed: \(missed)")
        print("  extra: \(extra)")
        #expect(recall >= 0.95, "missed: \(missed)")
        #expect(precision >= 0.95, "extra: \(extra)")
    }

    @Test("the links the issue names: 002 field 10, 000, 004 政策4 and 政策2, each with its reason")
    func namedLinks() throws {
        let links = try links()
        let field10 = Set(links.filter { $0.documentSource.hasPrefix("002") && $0.fieldNumber == 10 }.map(\.projectID))
        #expect(field10 == [1031, 1130, 1152, 1194, 5643])
        let mofa000 = links.filter { $0.documentSource.hasPrefix("000") }
        #expect(Set(mofa000.map(\.projectID)) == [1070])
        let policy4 = Set(links.filter { $0.documentSource.hasPrefix("004") && $0.policyNumber == "4" }.map(\.projectID))
        #expect(policy4.contains(427))
        #expect(policy4.count == 15)
        let policy2 = Set(links.filter { $0.documentSource.hasPrefix("004") && $0.policyNumber == "2" }.map(\.projectID))
        #expect(policy2 == [668])
        #expect(links.allSatisfy { !$0.reason.isEmpty && $0.recordFile.hasPrefix("1-") && $0.recordLine > 1 })
    }

    @Test("every reason is written in Japanese too, with no English word outside the quoted data")
    func japaneseReasons() throws {
        let links = try links()
        #expect(!links.isEmpty)
        for link in links {
            let japanese = try #require(link.reasonJapanese, "\(link.reason)")
            // Latin letters may only come from the quoted titles and file names, never from the sentence itself.
            var unquoted = japanese
            for quoted in [link.policyTitle, link.fieldTitle ?? "", link.projectName, link.documentSource] where !quoted.isEmpty {
                unquoted = unquoted.replacingOccurrences(of: quoted, with: "")
            }
            unquoted = unquoted.replacingOccurrences(of: #"「[^」]*」"#, with: "", options: .regularExpression)
            #expect(unquoted.range(of: #"[A-Za-z]{2,}"#, options: .regularExpression) == nil, "\(japanese)")
            #expect(unquoted.contains("指す") || unquoted.contains("引用"), "\(japanese)")
        }
    }

    @Test("no project is linked to an evaluation of another ministry")
    func sameMinistry() throws {
        let reports = Dictionary(uniqueKeysWithValues: try Evaluations.reports().map { ($0.id, $0) })
        let projects = Dictionary(uniqueKeysWithValues: try RSExport.bundled().projects.map { ($0.projectID, $0) })
        let links = try links()
        #expect(!links.isEmpty)
        for link in links {
            #expect(reports[link.document]?.ministry == link.ministry)
            #expect(projects[link.projectID]?.ministry == link.ministry)
        }
        // A MOFA evaluation under a MIC ministry name finds nothing.
        var renamed = try Evaluations.reports()[0]
        renamed.ministry = "総務省"
        #expect(ProjectLinker().links(reports: [renamed], projects: try RSExport.bundled().projects).isEmpty)
    }

    @Test("002 cites 行政事業レビュー 事業番号0186–0188 by number and name; with 旧事業番号 empty, the name links them")
    func reviewSheetNumbers() throws {
        let cited = try links().filter { $0.documentSource.hasPrefix("002") && $0.reason.contains("事業番号") }
        let byProject = Dictionary(grouping: cited, by: \.projectID)
        // 0186 科学技術顧問関係経費 and 0188 在外公館科学技術フェロー関係経費 are the 事業名 exactly;
        // 0187 国際科学技術センター（ISTC）拠出金 is 1159's 事業名 less 「（任意拠出金）」 (and full-width ＩＳＴＣ).
        #expect(Set(byProject.keys) == [1032, 1159, 5681])
        for link in cited {
            #expect(link.fieldNumber == 11, "\(link.reason)")
            #expect(link.reason.contains("旧事業番号 is empty"))
        }
        #expect(byProject[1159]?.first?.reason.contains("less its bracket") == true)
        #expect(byProject[1032]?.first?.score == 0.8)
    }

    @Test("against the full export the cited names find the same three projects, and nothing else", RSExport.fullEnabled)
    func reviewSheetNumbersFull() throws {
        let links = ProjectLinker().links(reports: try Evaluations.reports(), projects: try RSExport.full().projects)
        let cited = links.filter { $0.reason.contains("事業番号") }
        #expect(Set(cited.map(\.projectID)) == [1032, 1159, 5681])
        #expect(cited.allSatisfy { $0.ministry == "外務省" && $0.fieldNumber == 11 })
    }

    @Test("the name beside a cited number: up to 「（詳細）」, the next number or 「、」; a bracket alone may follow it")
    func citedNames() {
        let block = TextBlock(heading: nil, text: "⚫ 行政事業レビュー 事業番号0186 科学技術顧問関係経費、事業番号0188在外公館\n科学技術フェロー関係経費（詳細）", line: 10, endLine: 11)
        let first = Reference(kind: .reviewSheet, text: "事業番号0186", number: "0186", line: 10, endLine: 11)
        let second = Reference(kind: .reviewSheet, text: "事業番号0188", number: "0188", line: 10, endLine: 11)
        #expect(ProjectLinker.citedName(after: first, in: [block]) == "科学技術顧問関係経費")
        #expect(ProjectLinker.citedName(after: second, in: [block]) == "在外公館科学技術フェロー関係経費")
        #expect(ProjectLinker.citedName(after: first, in: []) == nil)
        #expect(ProjectLinker.isBracketed("（任意拠出金）"))
        #expect(!ProjectLinker.isBracketed("事業（任意拠出金）"))
        #expect(!ProjectLinker.isBracketed("（A）（B）"))
    }

    @Test("titles are taken apart into numbers, measure and bracket")
    func numberedTitle() {
        let mofa = NumberedTitle("１－１０ 国際の平和と安定に対する取組（原子力の平和的利用のための国際協力の推進）")
        #expect(mofa.numbers == [1, 10])
        #expect(mofa.outer == "国際の平和と安定に対する取組")
        #expect(mofa.bracketed == "原子力の平和的利用のための国際協力の推進")
        let mic = NumberedTitle("２ 地域振興（地域力創造）")
        #expect(mic.numbers == [2])
        #expect(mic.title == "地域振興（地域力創造）")
        #expect(NumberedTitle("Ⅱ 地方行財政").title == "地方行財政")
        #expect(ProjectLinker.trailingNumber("2023-外務-22-0187") == 187)
        #expect(ProjectLinker.subject(of: "IT 広報の実施") == "IT広報")
    }
}

@Suite("点検 of review-sheet projects")
struct ProjectReviewerTests {
    @Test("project 1070's FY2022 execution, 28,000,000 of 54,200,000 (51.7%), is a finding; FY2023's 98.4% is not")
    func lowExecution() throws {
        let project = try #require(try RSExport.bundled().projects.first { $0.projectID == 1070 })
        let findings = ProjectReviewer().review(project).filter { $0.rule == "project-low-execution" }
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.message.ja.contains("2022年度"))
        #expect(finding.message.ja.contains("51.7％"))
        #expect(finding.message.ja.contains("28,000,000"))
        #expect(finding.message.ja.contains("54,200,000"))
        #expect(finding.document == "2-1_RS_2024_予算・執行_サマリ.csv")
        #expect(project.budgetYear(2022)?.total?.source.line == finding.line)
    }

    @Test("a project without outcome links is a finding; one with links is not")
    func outcomeLinks() throws {
        var project = try #require(try RSExport.bundled().projects.first { $0.projectID == 1070 })
        #expect(!project.outcomeLinks.isEmpty)
        #expect(ProjectReviewer().review(project).allSatisfy { $0.rule != "project-without-outcome-links" })
        project.outcomeLinks = []
        #expect(ProjectReviewer().review(project).contains { $0.rule == "project-without-outcome-links" })
    }

    @Test("evaluation budgets are set beside their linked projects, and 目標達成 beside 抜本的な改善")
    func crossReview() throws {
        let reports = try Evaluations.reports()
        let projects = try RSExport.bundled().projects
        let links = ProjectLinker().links(reports: reports, projects: projects)
        let findings = ProjectReviewer().crossReview(reports: reports, projects: projects, links: links)
        let budget = findings.filter { $0.rule == "budget-vs-projects" }
        #expect(budget.allSatisfy { $0.message.ja.contains("行政事業レビュー: 2-1_RS_2024") })
        // A field judged 目標達成 whose project was told 抜本的な改善 is flagged: made so by changing one verdict.
        let field10Links = links.filter { $0.documentSource.hasPrefix("002") && $0.fieldNumber == 10 }
        let field10 = try #require(reports[1].policies.flatMap(\.fields).first { $0.number == 10 })
        if field10.assessment?.text.contains("目標達成") == true {
            var changed = projects
            let index = try #require(changed.firstIndex { $0.projectID == field10Links.first?.projectID })
            changed[index].assessments[0].verdict = "事業全体の抜本的な改善"
            let flagged = ProjectReviewer().crossReview(reports: reports, projects: changed, links: links)
            #expect(flagged.contains { $0.rule == "achieved-but-projects-criticised" })
        }
    }
}
