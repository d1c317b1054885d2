import Foundation
import HyokaModel
import HyokaTestSupport
import PostgresNIO
import Synchronization
import Testing
@testable import HyokaPostgres
@testable import HyokaStore

/// The posting index of PostgreSQL (`SearchPostings`) kept with the passages: every save indexes its
/// passages, a replaced or deleted document stops matching, small runs are merged, and an index rebuilt
/// from the stored passages finds what the saves' index found. Its matches are the exact search's.
@Suite("PostgreSQL posting index", StoreKind.postgresEnabled)
struct PostgresPostingIndexTests {
    static let queries = [
        SearchQuery("外交", limit: 500), SearchQuery("ビザ 中国", limit: 500), SearchQuery("地方自治体", limit: 500),
        SearchQuery("外交 政策", kind: .bluebook, limit: 500), SearchQuery("地域", ministry: "総務省", limit: 500),
        SearchQuery("予算 執行", limit: 500), SearchQuery("存在しない語句", limit: 500),
    ]

    static func place(_ hit: SearchHit) -> String { "\(hit.source):\(hit.line):\(hit.role)" }

    /// Each query's hits, as places with their scores rounded, and its count.
    static func results(_ store: TestStore) async throws -> [[String]] {
        var results: [[String]] = []
        for query in queries {
            let hits = try await store.search(query)
            let count = try await store.searchCount(query)
            results.append(hits.map { "\(place($0)) \(String(format: "%.9f", $0.score))" } + ["count \(count.passages) \(count.isLowerBound)"])
        }
        return results
    }

    /// Runs `body` on one connection of `store`, inside a transaction.
    static func inTransaction(_ store: TestStore, _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> Void) async throws {
        guard case .postgres(let postgres) = store else { throw StoreError.databaseError(reason: "not PostgreSQL") }
        try await postgres.client.withConnection { connection in
            try await postgres.transaction(on: connection) { try await body(connection, postgres.logger) }
        }
    }

    @Test("Chunks of documents: each ends at the document that reaches the limit, all in order")
    func chunkCuts() {
        #expect(DocumentCopies.chunks(passages: [3, 3, 3, 3, 3], limit: 6) == [0..<2, 2..<4, 4..<5])
        #expect(DocumentCopies.chunks(passages: [10, 0, 1], limit: 4) == [0..<1, 1..<3], "a large document alone")
        #expect(DocumentCopies.chunks(passages: [], limit: 4) == [])
        #expect(DocumentCopies.chunks(passages: [0, 0], limit: 4) == [0..<2])
    }

    @Test("A batch copied in many chunks stores and finds what it stores and finds in one")
    func copiedInChunks() async throws {
        let documents = try Corpus.documents().map { try PreparedDocument($0, importedAt: "2026-12-05T00:00:00Z") }
        // A chunk a document: every document is copied after the chunk before it is sent.
        let copies = await DocumentCopies(documents, survivors: Array(documents.indices), passagesPerChunk: 1)
        #expect(copies.chunks.count == documents.count && documents.count > 3)
        try await StoreKind.postgres.withEmptyStore { chunked async throws in
            try await Self.inTransaction(chunked) { connection, logger in
                _ = try await PostgresWriter(connection: connection, logger: logger).save(documents, copies: copies)
            }
            try await StoreKind.postgres.withEmptyStore { whole async throws in
                let one = await DocumentCopies(documents, survivors: Array(documents.indices), passagesPerChunk: .max)
                #expect(one.chunks.count == 1)
                try await Self.inTransaction(whole) { connection, logger in
                    _ = try await PostgresWriter(connection: connection, logger: logger).save(documents, copies: one)
                }
                // The same rows in the same order of ids, and the same answers from the posting index.
                let passages = "SELECT document_id || ' ' || line || ' ' || role || ' ' || md5(text) FROM passage ORDER BY id"
                #expect(try await chunked.strings(passages) == whole.strings(passages))
                #expect(try await chunked.strings("SELECT id || ' ' || source || ' ' || md5(report_json) FROM document ORDER BY source")
                        == whole.strings("SELECT id || ' ' || source || ' ' || md5(report_json) FROM document ORDER BY source"))
                #expect(try await Self.results(chunked) == Self.results(whole))
                #expect(try await chunked.integers("SELECT count(*) FROM passage").first ?? 0 > 1_000)
            }
        }
    }

    @Test("Documents saved from a feed, in chunks of a few documents, store and find what one batch stores and finds")
    func savedFromAFeed() async throws {
        let documents = try Corpus.documents().map { try PreparedDocument($0, importedAt: "2026-12-05T00:00:00Z") }
        #expect(documents.count > 3)
        try await StoreKind.postgres.withEmptyStore { fed async throws in
            // The first two documents are stored before: the feed replaces one and leaves the other unchanged.
            var report = documents[1].document.report
            report.id = "feedfeedfeedfeed"
            let changed = StoredDocument(report: report, sourceText: documents[1].document.sourceText)
            try await fed.save(prepared: [documents[0], try PreparedDocument(changed, importedAt: "2026-12-05T00:00:00Z")])
            let feed = ArrayFeed(documents)
            nonisolated(unsafe) var outcomes: [SaveOutcome] = []
            try await Self.inTransaction(fed) { connection, logger in
                outcomes = try await PostgresWriter(connection: connection, logger: logger).save(feed: feed, passagesPerChunk: 200)
            }
            #expect(outcomes == [.unchanged, .replaced] + Array(repeating: .inserted, count: documents.count - 2))
            try await StoreKind.postgres.withEmptyStore { whole async throws in
                try await whole.save(prepared: documents)
                let passages = "SELECT document_id || ' ' || line || ' ' || role || ' ' || md5(text) FROM passage ORDER BY document_id, line, role, md5(text)"
                #expect(try await fed.strings(passages) == whole.strings(passages))
                #expect(try await Self.results(fed) == Self.results(whole))
                let statistics = "SELECT passages || ' ' || tokens FROM passage_stats"
                #expect(try await fed.strings(statistics) == whole.strings(statistics))
                // The feed's passages make one run, as the batch's do, beside the run of the two saved before.
                let runs = "SELECT passages FROM search_run ORDER BY id"
                #expect(try await fed.integers(runs).count == 2)
                #expect(try await fed.integers(runs).last == whole.integers(runs).first)
                #expect(try await whole.integers(runs).count == 1)
            }
        }
    }

    @Test("A feed holding one document twice is refused, and nothing of it is stored")
    func feedWithADocumentTwice() async throws {
        let documents = try Corpus.documents().prefix(2).map { try PreparedDocument($0, importedAt: "2026-12-05T00:00:00Z") }
        try await StoreKind.postgres.withEmptyStore { store async throws in
            guard case .postgres(let postgres) = store else { return }
            await #expect(throws: (any Error).self) { try await postgres.save(feed: ArrayFeed(documents + [documents[0]])) }
            #expect(try await store.integers("SELECT count(*)::bigint FROM document") == [0])
        }
    }

    @Test("A bounded search finds the passages the exact search finds, with its filters, and counts them alike")
    func sameMatchesAsExact() async throws {
        try await StoreKind.postgres.withCorpusStore { store async throws in
            try await StoreKind.postgres.withCorpusStore("ranking=exact") { exact async throws in
                for query in Self.queries {
                    let found = try await store.search(query)
                    let expected = try await exact.search(query)
                    #expect(Set(found.map(Self.place)) == Set(expected.map(Self.place)), "\(query.text)")
                    #expect(try await store.searchCount(query) == exact.searchCount(query), "\(query.text)")
                    #expect(zip(found, found.dropFirst()).allSatisfy { $0.score >= $1.score }, "best first: \(query.text)")
                }
                #expect(try await store.search(Self.queries[0]).count > 50, "the corpus has many matches of 外交")
            }
        }
    }

    @Test("A phrase of one token is scored exactly as BM25 scores it over the whole store")
    func oneTokenScoredExactly() async throws {
        try await StoreKind.postgres.withCorpusStore { store async throws in
            try await StoreKind.postgres.withCorpusStore("ranking=exact") { exact async throws in
                for text in ["外交", "ビザ"] {
                    let expected = Dictionary(try await exact.search(SearchQuery(text, limit: 500)).map { (Self.place($0), $0.score) }, uniquingKeysWith: { a, _ in a })
                    for hit in try await store.search(SearchQuery(text, limit: 500)) {
                        let score = try #require(expected[Self.place(hit)])
                        #expect(abs(hit.score - score) <= 1e-9 * abs(score), "\(Self.place(hit))")
                    }
                }
            }
        }
    }

    @Test("Saving a document again takes its old passages out of the index: nothing is found twice")
    func replacedDocumentsStopMatching() async throws {
        let documents = try Corpus.documents()
        try await StoreKind.postgres.withEmptyStore { store async throws in
            try await store.save(documents)
            // The first search keeps the runs' maps (`RunMapCache`): the maps the saves change must be read again.
            let once = try await Self.results(store)
            try await store.save([documents[2]])
            try await store.save(documents)
            #expect(try await Self.results(store) == once)
            #expect(try await store.integers("SELECT count(*)::bigint FROM search_deleted") == [0], "the save marked them in the runs")
        }
    }

    @Test("A document deleted outside a save stops matching at once")
    func deletedDocumentsStopMatching() async throws {
        let documents = try Corpus.documents()
        try await StoreKind.postgres.withEmptyStore { store async throws in
            try await store.save(documents)
            let bluebook = SearchQuery("外交", kind: .bluebook, limit: 500)
            let before = try await store.search(SearchQuery("外交", limit: 500))
            #expect(!(try await store.search(bluebook)).isEmpty)
            let deleted = try #require(before.first { $0.kind == .bluebook })
            let id = try #require(try await store.strings("SELECT id FROM document WHERE source = '\(deleted.source)'").first)
            try await store.delete(documentID: id)
            let after = try await store.search(SearchQuery("外交", limit: 500))
            #expect(!after.contains { $0.source == deleted.source })
            #expect(after.count == before.filter { $0.source != deleted.source }.count)
            #expect(try await store.searchCount(SearchQuery("外交")).passages == after.count)
        }
    }

    @Test("Saves of one document at a time leave few runs: small runs are merged, and find the same")
    func smallRunsMerge() async throws {
        let documents = try Corpus.documents()
        try await StoreKind.postgres.withEmptyStore { reference async throws in
            try await reference.save(documents)
            let expected = try await Self.results(reference)
            try await StoreKind.postgres.withEmptyStore { store async throws in
                for round in 0..<5 {
                    for document in documents { try await store.save([document]) }
                    let runs = try await store.integers("SELECT count(*)::bigint FROM search_run").first ?? 0
                    #expect(runs < SearchPostings.mergeWidth, "after \((round + 1) * documents.count) saves")
                }
                let results = try await Self.results(store)
                // The same passages and counts; the order of a query of several phrases may differ where an IDF is
                // estimated from counts that still hold the postings of replaced documents in runs not yet merged.
                let places = { (results: [[String]]) in results.map { Set($0.map { $0.split(separator: " ").first ?? "" }) } }
                #expect(places(results) == places(expected))
                #expect(results.map(\.last) == expected.map(\.last), "the same counts")
            }
        }
    }

    @Test("An index rebuilt from the stored passages finds what the saves' index found")
    func rebuildFindsTheSame() async throws {
        try await StoreKind.postgres.withCorpusStore { store async throws in
            let expected = try await Self.results(store)
            let runs = try await store.integers("SELECT count(*)::bigint FROM search_run")
            try await Self.inTransaction(store) { connection, logger in
                try await PostingIndex(connection: connection, logger: logger).rebuild()
            }
            #expect(try await Self.results(store) == expected)
            #expect(try await store.integers("SELECT count(*)::bigint FROM search_run") == runs, "the corpus fits in one run either way")
        }
    }

    @Test("A store written before the posting index gets it when it opens, built from its passages")
    func builtByTheMigration() async throws {
        let schema = TestPostgres.newSchemaName()
        let url = try StoreKind.postgresURL(schema: schema)
        func check() async throws {
            var expected: [[String]] = []
            try await PostgresStore.withStore(url: url) { postgres async throws in
                let store = TestStore.postgres(postgres)
                try await store.save(try Corpus.documents())
                expected = try await Self.results(store)
                // Back to v12: no posting index.
                for statement in ["DROP TRIGGER passage_deleted ON passage", "DROP FUNCTION search_deleted_record()", "DROP TABLE search_deleted",
                                  "DROP TABLE search_posting", "DROP TABLE search_run", "DELETE FROM hyoka_migrations WHERE identifier LIKE 'v13:%'"] {
                    try await postgres.execute(statement)
                }
            }
            try await PostgresStore.withStore(url: url) { postgres async throws in
                let store = TestStore.postgres(postgres)
                #expect(try await store.integers("SELECT count(*)::bigint FROM search_run") == [1])
                #expect(try await Self.results(store) == expected)
            }
        }
        do {
            try await check()
        } catch {
            try? await PostgresStore.withStore(url: url) { try await $0.execute("DROP SCHEMA \(schema) CASCADE") }
            throw error
        }
        try await PostgresStore.withStore(url: url) { try await $0.execute("DROP SCHEMA \(schema) CASCADE") }
    }

    @Test("A damaged run is reported as damaged, not read")
    func damagedRun() async throws {
        try await StoreKind.postgres.withCorpusStore { store async throws in
            guard case .postgres(let postgres) = store else { return }
            try await postgres.execute("UPDATE search_posting SET data = '\\x80'::bytea WHERE token = '外交'")
            await #expect(throws: StoreError.self) { try await store.search(SearchQuery("外交")) }
            #expect(try await store.search(SearchQuery("ビザ")).count > 0, "other words are still found")
        }
    }
}

/// A feed of documents already prepared, for saving them as an import would.
final class ArrayFeed: PreparedDocumentFeed {
    private let documents: [PreparedDocument]
    private let next = Mutex(0)
    /// Runs on the store's thread before the feed gives the document at an
    /// index (or, at `documents.count`, says it has ended); what it throws,
    /// the feed throws, as an import's bad file does.
    private let before: @Sendable (Int) throws -> Void

    init(_ documents: [PreparedDocument], before: @escaping @Sendable (Int) throws -> Void = { _ in }) {
        self.documents = documents
        self.before = before
    }

    func nextWaiting() throws -> PreparedDocument? {
        let index = next.withLock { index in
            defer { index += 1 }
            return index
        }
        guard index <= documents.count else { return nil }
        try before(index)
        return index < documents.count ? documents[index] : nil
    }

    func next() async throws -> PreparedDocument? { try nextWaiting() }
}
