import Foundation
import HyokaAssessment
import HyokaModel
import HyokaPostgres
import HyokaText
import Testing
@testable import HyokaStore

/// The dashboard's figures as the stores answer them from rows kept by each
/// save (`review_count`, indexes on `document`), against the same figures
/// recomputed from every stored document (issue 14, part 4), on both stores.
@Suite("Review counts")
struct ReviewCountTests {
    /// The totals recomputed the slow way: every evaluation decoded and
    /// reviewed afresh, with the Bluebook editions stored now.
    static func recomputed(_ store: TestStore) async throws -> ReviewTotals {
        let summaries = try await store.summaries()
        let editions = Set(summaries.filter { $0.kind == .bluebook }.compactMap { $0.published?.year })
        var totals = ReviewTotals()
        for summary in summaries where summary.kind == .evaluation {
            let report = try #require(try await store.report(matching: summary.id))
            let text = try #require(try await store.sourceText(documentID: summary.id))
            let review = Reviewer(libraryEditions: editions).review(report, source: SourceText(text), facts: try await store.facts(documentID: summary.id))
            for policy in report.policies {
                totals.ratings[review.computedRatings[policy.title]?.rating, default: 0] += 1
                // One row per programme and budget year, a multi-year total apart (as the comparison lists them).
                let rows = Set(policy.budget.map { "\($0.group) \($0.fiscalYear) \($0.stage == .total)" }).count
                if rows > 0 { totals.budgetRowsByMinistry[report.ministry, default: 0] += rows }
            }
            for finding in review.findings { totals.severities[finding.severity, default: 0] += 1 }
            totals.breakdowns += review.breakdowns.count { !$0.groups.isEmpty }
        }
        return totals
    }

    /// Every figure the dashboard reads from the store, against the same figure taken from every summary and stored review.
    static func expectFiguresAgree(_ store: TestStore, _ step: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let totals = try await store.reviewTotals(kind: .evaluation)
        #expect(totals == (try await recomputed(store)), "\(step): totals", sourceLocation: sourceLocation)
        let summaries = try await store.summaries()
        #expect(try await store.documentCount() == summaries.count, "\(step): document count", sourceLocation: sourceLocation)
        for (offset, limit) in [(0, 2), (1, 2), (3, 100), (summaries.count, 5)] {
            #expect(try await store.summaries(offset: offset, limit: limit) == Array(summaries.dropFirst(offset).prefix(limit)),
                    "\(step): page at \(offset)", sourceLocation: sourceLocation)
        }
        var byMinistryAndYear: [String: Int] = [:]
        for summary in summaries { byMinistryAndYear["\(summary.ministry ?? "-") \(summary.published.map { String($0.year) } ?? "-")", default: 0] += 1 }
        let counts = try await store.documentCounts()
        #expect(Dictionary(uniqueKeysWithValues: counts.map { ("\($0.ministry ?? "-") \($0.year.map(String.init) ?? "-")", $0.documents) }) == byMinistryAndYear,
                "\(step): documents by ministry and year", sourceLocation: sourceLocation)
        let reviews = try await store.storedReviews(kind: .evaluation)
        let withBreakdowns = summaries.filter { summary in reviews[summary.id].map { $0.own.breakdowns.contains { !$0.groups.isEmpty } } ?? false }
        #expect(try await store.storedReviewsWithBreakdowns(kind: .evaluation, limit: 20).map(\.source) == withBreakdowns.prefix(20).map(\.source),
                "\(step): the first documents with breakdowns", sourceLocation: sourceLocation)
    }

    static let bluebook2031 = EvaluationReport(id: "b100000000000031", source: "bluebook2031.txt", contentHash: "b1", kind: .bluebook, layout: .generic,
                                                ministry: "外務省", title: "外交青書2031", published: CalendarDate(year: 2031), lineCount: 1)

    @Test("The totals from the saved rows equal those recomputed from every document: after saving, re-importing, a Bluebook edition stored then deleted, a replacement and a deletion",
          arguments: StoreKind.available)
    func totalsFollowEveryChange(_ kind: StoreKind) async throws {
        try await kind.withCorpusStore { store async throws in
            try await Self.expectFiguresAgree(store, "corpus")
            let corpus = try await store.reviewTotals(kind: .evaluation)
            #expect(corpus.ratings.values.reduce(0, +) >= 4 && !corpus.severities.isEmpty && !corpus.budgetRowsByMinistry.isEmpty && corpus.breakdowns > 0,
                    "the corpus has something of each to count")
            let rowsBefore = try await store.integers("SELECT COUNT(*) FROM review_count")
            try await store.save(Corpus.documents())
            #expect(try await store.integers("SELECT COUNT(*) FROM review_count") == rowsBefore, "saving the same documents again writes no second set of rows")
            #expect(try await store.reviewTotals(kind: .evaluation) == corpus)

            // A report citing an edition the library lacks: its finding counts until the edition is stored.
            var citing = sampleReport()
            citing.policies[0].references = [Reference(kind: .bluebook, text: "外交青書2031年版", page: "12", number: "2031", line: 5, endLine: 5)]
            try await store.save([StoredDocument(report: citing, sourceText: "x")])
            try await Self.expectFiguresAgree(store, "a citing report")
            let citingTotals = try await store.reviewTotals(kind: .evaluation)
            try await store.save([StoredDocument(report: Self.bluebook2031, sourceText: "外交青書")])
            try await Self.expectFiguresAgree(store, "the edition stored")
            let withEdition = try await store.reviewTotals(kind: .evaluation)
            #expect(withEdition.severities.values.reduce(0, +) == citingTotals.severities.values.reduce(0, +) - 1, "the missing edition's finding is gone")
            try await store.delete(documentID: Self.bluebook2031.id)
            try await Self.expectFiguresAgree(store, "the edition deleted")
            #expect(try await store.reviewTotals(kind: .evaluation) == citingTotals)

            // A new version of the citing report (same source, other content) replaces its counts.
            var revised = sampleReport(id: "2222222222222222", title: "改訂版")
            revised.policies[0].budget = []
            revised.ministry = "総務省"
            #expect(try await store.save([StoredDocument(report: revised, sourceText: "v2")]) == [.replaced])
            try await Self.expectFiguresAgree(store, "a replacement")
            #expect(try await store.integers("SELECT COUNT(*) FROM review_count WHERE document_id = '\(citing.id)'") == [0])

            // A corpus evaluation deleted takes its counts with it.
            try await store.delete(documentID: try #require(try await store.summaries().first { $0.kind == .evaluation }).id)
            try await Self.expectFiguresAgree(store, "a deletion")
            #expect(try await store.reviewTotals(kind: .evaluation) != corpus)
        }
    }

    @Test("An empty store counts nothing", arguments: StoreKind.available)
    func emptyStore(_ kind: StoreKind) async throws {
        try await kind.withEmptyStore { store async throws in
            #expect(try await store.reviewTotals(kind: .evaluation) == ReviewTotals())
            #expect(try await store.documentCount() == 0)
            #expect(try await store.documentCounts().isEmpty)
            #expect(try await store.summaries(offset: 0, limit: 100).isEmpty)
            #expect(try await store.storedReviewsWithBreakdowns(kind: .evaluation, limit: 20).isEmpty)
        }
    }

    @Test("A SQLite store written before review counts existed has them written when it is opened")
    func sqliteMigrationFills() async throws {
        try await StoredReviewTests.withDatabaseFile { path in
            try await SQLiteStore(path: path).save(Corpus.documents() + [StoredDocument(report: Self.bluebook2031, sourceText: "外交青書")])
            let written = TestStore.sqlite(try SQLiteStore(path: path))
            let rows = try await written.integers("SELECT COUNT(*) FROM review_count")
            let totals = try await written.reviewTotals(kind: .evaluation)
            // As the previous version of Hyoka left it: no table, no indexes, no migration recorded.
            try SQLiteStore(path: path).write { db in
                try db.execute(sql: "DROP TABLE review_count")
                try db.execute(sql: "DROP INDEX document_by_ministry")
                try db.execute(sql: "DROP INDEX document_by_kind")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v9: review counts%'")
            }
            let reopened = TestStore.sqlite(try SQLiteStore(path: path))
            #expect(try await reopened.integers("SELECT COUNT(*) FROM review_count") == rows)
            #expect(rows != [0])
            #expect(try await reopened.reviewTotals(kind: .evaluation) == totals)
            try await Self.expectFiguresAgree(reopened, "migrated")
        }
    }

    @Test("A PostgreSQL store written before review counts existed has them written when it is opened", StoreKind.postgresEnabled)
    func postgresMigrationFills() async throws {
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let url = try StoreKind.postgresURL(schema: schema)
        var rows: [Int] = []
        var totals = ReviewTotals()
        try await PostgresStore.withStore(url: url) { store in
            try await store.save(Corpus.documents() + [StoredDocument(report: Self.bluebook2031, sourceText: "外交青書")])
            rows = try await TestStore.postgres(store).integers("SELECT COUNT(*) FROM review_count")
            totals = try await store.reviewTotals(kind: .evaluation)
            try await store.execute("DROP TABLE review_count")
            try await store.execute("DROP INDEX document_by_ministry")
            try await store.execute("DROP INDEX document_by_kind")
            try await store.execute("DELETE FROM hyoka_migrations WHERE identifier LIKE 'v10: review counts%'")
        }
        try await PostgresStore.withStore(url: url) { store in
            let reopened = TestStore.postgres(store)
            #expect(try await reopened.integers("SELECT COUNT(*) FROM review_count") == rows)
            #expect(rows != [0])
            #expect(try await reopened.reviewTotals(kind: .evaluation) == totals)
            try await Self.expectFiguresAgree(reopened, "migrated")
            try await store.execute("DROP SCHEMA \(schema) CASCADE")
        }
    }
}
