import Foundation
import HyokaAssessment
import HyokaModel
import HyokaPostgres
import HyokaText
import Testing
@testable import HyokaStore

/// Reviews stored with their documents (issue 13 part 6, issue 14 part 4), on both stores.
@Suite("Stored reviews")
struct StoredReviewTests {
    /// A review as JSON with sorted keys: two reviews are the same when their JSON is.
    static func json(_ review: Review) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(review), as: UTF8.self)
    }

    /// What the reviewer says of a stored document today, computed afresh from what the store holds.
    static func recomputed(_ id: String, in store: TestStore) async throws -> Review {
        let report = try #require(try await store.report(matching: id))
        let text = try #require(try await store.sourceText(documentID: id))
        let editions = Set(try await store.summaries().filter { $0.kind == .bluebook }.compactMap { $0.published?.year })
        return Reviewer(libraryEditions: editions).review(report, source: SourceText(text), facts: try await store.facts(documentID: id))
    }

    @Test("Saving a document stores its review: what the reviewer computes afresh, Bluebook citations included", arguments: StoreKind.available)
    func savingStoresTheReview(_ kind: StoreKind) async throws {
        try await kind.withCorpusStore { store async throws in
            let evaluations = try await store.summaries().filter { $0.kind == .evaluation }
            #expect(evaluations.count >= 3)
            for summary in evaluations {
                let stored = try #require(try await store.storedReview(documentID: summary.id), "\(summary.source) has a stored review")
                #expect(stored.own.document == summary.id)
                let read = try #require(try await store.review(documentID: summary.id))
                #expect(try Self.json(read) == (try Self.json(try await Self.recomputed(summary.id, in: store))), "\(summary.source)")
            }
            let all = try await store.storedReviews(kind: .evaluation)
            #expect(Set(all.keys) == Set(evaluations.map(\.id)), "one stored review per evaluation, none of another kind")
            #expect(try await store.storedReview(documentID: "no-such-document") == nil)
        }
    }

    @Test("A cited Bluebook edition the library lacks is a finding, and stops being one when the edition is stored, without re-saving the citing document",
          arguments: StoreKind.available)
    func citationsFollowTheLibrary(_ kind: StoreKind) async throws {
        try await kind.withEmptyStore { store async throws in
            var citing = sampleReport()
            citing.policies[0].references = [Reference(kind: .bluebook, text: "外交青書2031年版", page: "12", number: "2031", line: 5, endLine: 5)]
            try await store.save([StoredDocument(report: citing, sourceText: "x")])
            let before = try #require(try await store.review(documentID: citing.id))
            #expect(before.findings.contains { $0.rule == "evidence-not-found" && $0.line == 5 })
            let bluebook = EvaluationReport(id: "b100000000000031", source: "bluebook2031.txt", contentHash: "b1", kind: .bluebook, layout: .generic,
                                            ministry: "外務省", title: "外交青書2031", published: CalendarDate(year: 2031), lineCount: 1)
            try await store.save([StoredDocument(report: bluebook, sourceText: "外交青書")])
            #expect(try await store.bluebookEditions() == [2031])
            let after = try #require(try await store.review(documentID: citing.id))
            #expect(!after.findings.contains { $0.rule == "evidence-not-found" })
            #expect(try Self.json(after) == (try Self.json(try await Self.recomputed(citing.id, in: store))))
        }
    }

    @Test("Replacing a document replaces its review; the earlier version's review goes with it", arguments: StoreKind.available)
    func replacingReplacesTheReview(_ kind: StoreKind) async throws {
        try await kind.withEmptyStore { store async throws in
            let first = sampleReport(id: "1111111111111111", source: "a.txt", title: "初版")
            try await store.save([StoredDocument(report: first, sourceText: "v1")])
            #expect(try await store.storedReview(documentID: first.id) != nil)
            var second = sampleReport(id: "2222222222222222", source: "a.txt", title: "改訂版")
            second.policies[0].fields[0].goals = []
            #expect(try await store.save([StoredDocument(report: second, sourceText: "v2")]) == [.replaced])
            #expect(try await store.storedReview(documentID: first.id) == nil)
            let stored = try #require(try await store.storedReview(documentID: second.id))
            #expect(stored.own.document == second.id)
            #expect(stored.policies.map(\.title) == second.policies.map(\.title))
            #expect(try await store.integers("SELECT COUNT(*) FROM document_review") == [1])
            #expect(try Self.json(try #require(try await store.review(documentID: second.id))) == (try Self.json(try await Self.recomputed(second.id, in: store))))
        }
    }

    @Test("A store written before stored reviews existed reviews every document when it is opened")
    func sqliteMigrationFills() async throws {
        try await Self.withDatabaseFile { path in
            let documents = try Corpus.documents()
            try await SQLiteStore(path: path).save(documents)
            // As the previous version of Hyoka left it: no table, no migration recorded.
            try SQLiteStore(path: path).write { db in
                try db.execute(sql: "DROP TABLE document_review")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v8: reviews%'")
            }
            let reopened = TestStore.sqlite(try SQLiteStore(path: path))
            #expect(try await reopened.integers("SELECT COUNT(*) FROM document_review") == [documents.count])
            for document in documents {
                let review = try #require(try await reopened.review(documentID: document.report.id))
                #expect(try Self.json(review) == (try Self.json(try await Self.recomputed(document.report.id, in: reopened))), "\(document.report.source)")
            }
        }
    }

    @Test("A PostgreSQL store written before stored reviews existed reviews every document when it is opened", StoreKind.postgresEnabled)
    func postgresMigrationFills() async throws {
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let url = try StoreKind.postgresURL(schema: schema)
        let documents = try Corpus.documents()
        try await PostgresStore.withStore(url: url) { store in
            try await store.save(documents)
            try await store.execute("DROP TABLE document_review")
            try await store.execute("DELETE FROM hyoka_migrations WHERE identifier LIKE 'v9: reviews%'")
        }
        try await PostgresStore.withStore(url: url) { store in
            let reopened = TestStore.postgres(store)
            #expect(try await reopened.integers("SELECT COUNT(*) FROM document_review") == [documents.count])
            for document in documents {
                let review = try #require(try await reopened.review(documentID: document.report.id))
                #expect(try Self.json(review) == (try Self.json(try await Self.recomputed(document.report.id, in: reopened))), "\(document.report.source)")
            }
            try await store.execute("DROP SCHEMA \(schema) CASCADE")
        }
    }

    @Test("A read-only SQLite store reads what the writer stored, and SQLite refuses its writes")
    func readOnlyReader() async throws {
        try await Self.withDatabaseFile { path in
            let writer = try SQLiteStore(path: path)
            try await writer.save([StoredDocument(report: sampleReport(), sourceText: "x")])
            let reader = try writer.readOnly()
            #expect(try await reader.summaries().map(\.source) == ["sample.txt"])
            #expect(try await reader.storedReview(documentID: sampleReport().id) != nil)
            await #expect(throws: (any Error).self) {
                try await reader.save([StoredDocument(report: sampleReport(id: "fedcba9876543210", source: "other.txt"), sourceText: "y")])
            }
            #expect(try await writer.summaries().count == 1)
        }
    }

    /// Runs `body` with the path of a database file in a folder of its own, removed afterwards.
    static func withDatabaseFile(_ body: (String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await body(folder.appendingPathComponent("hyoka.sqlite").path)
    }
}
