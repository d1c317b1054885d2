import Foundation
import HyokaAssessment
import HyokaImport
import HyokaModel
import HyokaStore
import HyokaText
import Testing
@testable import HyokaWeb

@Suite("Dashboard at scale")
struct DashboardTotalsTests {
    private func corpusStore() async throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let files = ["000_47f71a321a7ee5e2.txt", "002_3ec3fed686115a88.txt", "004_d473122111bbb5a2.part1.txt"]
        try await Importer(store: store).importFiles(files.map { root.appendingPathComponent("corpus/\($0)").path })
        return store
    }

    /// Every file of the bundled corpus (`DemoCorpus`), imported into a store in memory.
    private func demoCorpusStore() async throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        try await Importer(store: store).importFiles(DemoCorpus.files(in: root.appendingPathComponent("corpus")))
        return store
    }

    @Test("A large library's totals are computed in the background, then served; a change of documents starts again")
    func backgroundTotals() async throws {
        let store = try await corpusStore()
        let app = try await WebApp(store: store)
        let cache = DashboardTotalsCache(inlineLimit: 0)
        let summaries = try await store.summaries()
        #expect(try await cache.totals(for: summaries, app: app) == nil, "the first request does not wait")
        var totals: DashboardTotals?
        for _ in 0..<200 where totals == nil {
            try await Task.sleep(for: .milliseconds(50))
            totals = try await cache.totals(for: summaries, app: app)
        }
        let computed = try #require(totals)
        #expect(computed.evaluations == 3)
        // FY2021 (002): the measure's 3,223 百万円 against 2,354, and the contributions' 95,663 against 95,280, kept apart.
        let fy2021 = computed.comparison.budget.filter { $0.budgetYear == 2021 && $0.document.source.hasPrefix("002") }
        #expect(fy2021.map(\.group) == ["measure", "contributions"])
        #expect(fy2021.map(\.budget) == [3_223, 95_663] && fy2021.map(\.execution) == [2_354, 95_280])
        #expect(!computed.comparison.findings.isEmpty)
        #expect(computed.comparison.evaluations.count == 1 + 1 + 2, "one evaluation per policy of 000, 002 and 004 part 1")
        #expect(try await cache.totals(for: Array(summaries.dropLast()), app: app) == nil, "another set of documents is computed afresh")
    }

    @Test("The dashboard's totals, read from stored reviews, equal those recomputed from every document of the bundled corpus")
    func storedTotalsEqualRecomputed() async throws {
        let store = try await demoCorpusStore()
        let app = try await WebApp(store: store)
        let summaries = try await store.summaries()
        let evaluations = summaries.filter { $0.kind == .evaluation }
        #expect(evaluations.count >= 3)
        let totals = try await DashboardTotalsCache.compute(evaluations, app: app)

        // Recomputed the way the dashboard did before reviews were stored: every document decoded and reviewed.
        let editions = Set(summaries.filter { $0.kind == .bluebook }.compactMap { $0.published?.year })
        var expectedRatings: [String] = [], expectedFindings: [String] = [], expectedBudget: [String] = [], expectedBreakdowns: [String] = []
        for summary in evaluations {
            let report = try #require(try await store.report(matching: summary.id))
            let review = Reviewer(libraryEditions: editions).review(
                report, source: SourceText(try await store.sourceText(documentID: report.id) ?? ""), facts: try await store.facts(documentID: report.id))
            for policy in report.policies {
                let stated = StatedJudgement.overall(review.stated.filter { $0.line >= policy.line && $0.line <= policy.endLine })
                expectedRatings.append("\(report.id) \(policy.title) \(review.computedRatings[policy.title]?.rating.rawValue ?? "-") \(stated?.rawValue ?? "-")")
                expectedBudget += policy.budget.map { "\(report.id) \($0.group) \($0.fiscalYear) \($0.line)" }
            }
            expectedFindings += review.findings.map { "\(report.id) \($0.rule) \($0.severity) \($0.line)" }
            expectedBreakdowns += review.breakdowns.filter { !$0.groups.isEmpty }.map { "\(report.id) \($0.title) \($0.line)" }
        }
        #expect(totals.evaluations == evaluations.count)
        #expect(totals.comparison.evaluations.map { "\($0.document.id) \($0.title) \($0.computed?.rawValue ?? "-") \($0.stated?.rawValue ?? "-")" } == expectedRatings)
        #expect(totals.comparison.findings.map { "\($0.document.id) \($0.finding.rule) \($0.finding.severity) \($0.finding.line)" } == expectedFindings)
        #expect(!expectedFindings.isEmpty)
        #expect(totals.breakdowns.map { "\($0.document) \($0.breakdown.title) \($0.breakdown.line)" } == expectedBreakdowns)
        // Each budget row cites lines of the policy's budget as read.
        let budgetLines = Set(expectedBudget)
        #expect(!totals.comparison.budget.isEmpty)
        #expect(totals.comparison.budget.allSatisfy { row in budgetLines.contains { $0.hasPrefix("\(row.document.id) \(row.group) \(row.budgetYear) ") } })
        // The dashboard's counts, made once with the totals, are the counts of these records.
        for rating in Rating.allCases.map(Optional.some) + [nil] {
            #expect(totals.counts.ratings[rating, default: 0] == totals.comparison.evaluations.count { $0.computed == rating }, "\(rating?.rawValue ?? "評価なし")")
        }
        for severity in Finding.Severity.allCases {
            #expect(totals.counts.severities[severity, default: 0] == totals.comparison.findings.count { $0.finding.severity == severity }, "\(severity)")
        }
        #expect(totals.counts.budgetRowsByMinistry == Dictionary(grouping: totals.comparison.budget, by: \.document.ministry).mapValues(\.count))
        #expect(totals.counts.severities.values.reduce(0, +) == expectedFindings.count)
    }

    @Test("The dashboard's figures, answered by the store from rows kept by each save, are those of the comparison's records: the same counts, the same first breakdowns, the same documents by ministry and year")
    func dashboardFromStoredCounts() async throws {
        let store = try await demoCorpusStore()
        let app = try await WebApp(store: store)
        let summaries = try await store.summaries()
        let records = try await DashboardTotalsCache.compute(summaries.filter { $0.kind == .evaluation }, app: app)
        #expect(DashboardTotals.Counts(try await store.reviewTotals(kind: .evaluation)) == records.counts)
        #expect(!records.counts.ratings.isEmpty && !records.counts.severities.isEmpty && !records.counts.budgetRowsByMinistry.isEmpty)

        let model = try await app.dashboard(QueryParameters(query: [:], strict: false))
        let breakdowns = try #require(model["breakdowns"] as? [[String: Any]])
        #expect(!breakdowns.isEmpty)
        #expect(breakdowns.map { "\($0["source"] ?? "") \($0["title"] ?? "") \($0["line"] ?? "")" }
                == records.breakdowns.prefix(WebApp.dashboardBreakdowns).map { "\($0.source) \($0.breakdown.title) \($0.breakdown.line)" })
        let ratings = try #require(model["ratings"] as? [[String: Any]])
        #expect(ratings.map { $0["count"] as? Int } == (Rating.allCases.map(Optional.some) + [nil]).map { records.counts.ratings[$0] ?? 0 })
        // The table of documents by ministry and year, as it was made from every summary.
        let groups = Dictionary(grouping: summaries) { "\($0.ministry ?? "—")\t\($0.published.map { String($0.year) } ?? "—")" }
        let byMinistry = try #require(model["byMinistry"] as? [[String: Any]])
        #expect(byMinistry.map { "\($0["ministry"] ?? "")\t\($0["year"] ?? "") \($0["count"] ?? "")" } == groups.keys.sorted().map { "\($0) \(groups[$0]?.count ?? 0)" })
        let documents = try #require(model["documents"] as? [[String: Any]])
        #expect(documents.map { $0["source"] as? String } == summaries.prefix(WebApp.documentsPerPage).map(\.source))
    }

    @Test("The document table is paginated, with previous and next links")
    func pageLinks() {
        let parameters = QueryParameters(query: [:], strict: false)
        let middle = WebApp.pageLinks(total: 250, offset: 100, parameters: parameters)
        #expect(middle["range"] as? String == "101–200")
        #expect(middle["previous"] as? String == "/?offset=0")
        #expect(middle["next"] as? String == "/?offset=200")
        let last = WebApp.pageLinks(total: 250, offset: 200, parameters: parameters)
        #expect(last["range"] as? String == "201–250")
        #expect(last["next"] == nil)
    }
}
