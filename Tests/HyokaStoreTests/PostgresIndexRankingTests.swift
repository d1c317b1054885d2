import Foundation
import HyokaModel
import HyokaRecognition
import HyokaText
import Testing
@testable import HyokaPostgres
@testable import HyokaStore

/// Search on PostgreSQL as a store ranks by default, from the posting index (`PostgresSearch`): the scores
/// of several phrases are estimated (see `PostingSearch`), so the order may differ from the exact BM25's,
/// but what is found may not. Each query's hits are the exact ranking's hits, field for field but the score;
/// counts are the same; pages follow one order. The only search index left in SQL is GIN's, which the exact
/// ranking reads: the RUM index that ranked before is gone (migration v14).
@Suite("PostgreSQL ranked by the posting index", StoreKind.postgresEnabled)
struct PostgresIndexRankingTests {
    static let queries: [SearchQuery] = [
        SearchQuery("ビザ", limit: 500),
        SearchQuery("地方自治体", limit: 500),
        SearchQuery("外交", limit: 500),
        SearchQuery("ビザ 中国", limit: 500),
        SearchQuery("外交", kind: .bluebook, limit: 500),
        SearchQuery("地域", ministry: "総務省", limit: 500),
        SearchQuery("外交", year: 2013, limit: 500),
        SearchQuery("の", limit: 500),
        SearchQuery("存在しない語句ですよ"),
        SearchQuery("６，４４７人", limit: 500),
        SearchQuery("ビザ発給件数の推移", limit: 500),
    ]

    @Test("A store opens without the RUM index; one that had it, and a bulk load's record of it, loses both at v14")
    func rankIndexDropped() async throws {
        try await StoreKind.withPostgresSchema { url in
            try await PostgresStore.withStore(url: url) { postgres async throws in
                let store = TestStore.postgres(postgres)
                #expect(try await store.searchIndexes() == ["CREATE INDEX passage_search ON passage USING gin (search_vector)"])
                // A store of v13 that had the index, and whose bulk load dropped it and recorded it for later.
                // Any index of that name stands for it: the server may lack RUM.
                try await postgres.execute("CREATE INDEX passage_rank ON passage (id)")
                try await postgres.execute("INSERT INTO search_index_deferred (name, definition) VALUES ('passage_rank', 'CREATE INDEX passage_rank ON passage (id)')")
                try await postgres.execute("DELETE FROM hyoka_migrations WHERE identifier LIKE 'v14:%'")
            }
            try await PostgresStore.withStore(url: url) { postgres async throws in
                let store = TestStore.postgres(postgres)
                // The record would have built it again (`SearchIndexDeferral.buildAbandoned`) had it been left.
                #expect(try await store.integers("SELECT count(*)::bigint FROM pg_class WHERE oid = to_regclass('passage_rank')") == [0])
                #expect(try await store.integers("SELECT count(*)::bigint FROM search_index_deferred") == [0])
                #expect(try await store.integers("SELECT count(*)::bigint FROM hyoka_migrations WHERE identifier LIKE 'v14:%'") == [1])
                #expect(try await store.searchIndexes() == ["CREATE INDEX passage_search ON passage USING gin (search_vector)"])
            }
        }
    }

    @Test("The same hits as the exact ranking, best first by the posting index's BM25", arguments: queries)
    func sameHits(query: SearchQuery) async throws {
        try await StoreKind.postgres.withCorpusStore { ranked async throws in
            try await StoreKind.postgres.withCorpusStore("ranking=exact") { exact async throws in
                let hits = try await ranked.search(query)
                let reference = try await exact.search(query)
                #expect(hits.count == reference.count, "\(query.text)")
                #expect(try await ranked.searchCount(query) == (try await exact.searchCount(query)), "\(query.text): counting stays exact")
                #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score }, "\(query.text): best first")
                #expect(hits.allSatisfy { $0.score > 0 }, "\(query.text): every hit has a rank")
                let byPlace = Dictionary(reference.map { ("\($0.source):\($0.line):\($0.role)", $0) }, uniquingKeysWith: { first, _ in first })
                for hit in hits {
                    guard var same = byPlace["\(hit.source):\(hit.line):\(hit.role)"] else {
                        Issue.record("\(query.text): \(hit.source) L\(hit.line) is not an exact hit"); continue
                    }
                    same.score = hit.score
                    #expect(same == hit, "everything but the score is the exact ranking's, snippets included")
                }
            }
        }
    }

    @Test("Pages follow one order: two pages are the first fourteen")
    func pages() async throws {
        try await StoreKind.postgres.withCorpusStore { store async throws in
            let whole = try await store.search(SearchQuery("外交", limit: 14))
            let first = try await store.search(SearchQuery("外交", limit: 7, offset: 0))
            let second = try await store.search(SearchQuery("外交", limit: 7, offset: 7))
            #expect(whole.count == 14)
            #expect((first + second).map(\.line) == whole.map(\.line))
            #expect((first + second).map(\.source) == whole.map(\.source))
        }
    }

    /// A passage with more than 256 places of one lexeme loses its positions in its vector (see `SearchVector`):
    /// GIN cannot match a phrase in it, so the exact ranking checks its tokens, and the posting index keeps
    /// positions of its own (`PostingList`). Both must find it.
    @Test("A passage whose vector lost its positions is still found, as the exact ranking finds it")
    func passageWithoutPositions() async throws {
        let text = "（1）査証\n\n" + String(repeating: "査証の発給と外交。", count: 300) + "\n"
        let report = ReportRecognizer().recognize(SourceText(text), id: "0090000000000000", sourceName: "009.txt", contentHash: "z")
        for parameters in [[], ["ranking=exact"]] {
            try await StoreKind.postgres.withEmptyStore(parameters: parameters) { store async throws in
                try await store.save([StoredDocument(report: report, sourceText: text)])
                #expect(try await store.integers("SELECT count(*)::bigint FROM passage WHERE NOT positions_complete") == [1],
                        "the fixture holds a passage past PostgreSQL's positions")
                let hits = try await store.search(SearchQuery("査証の発給", limit: 50))
                #expect(hits.count == (try await store.searchCount(SearchQuery("査証の発給"))).passages)
                #expect(hits.contains { $0.text.count > 2_000 }, "\(parameters): the long passage is a hit")
                #expect(try await store.search(SearchQuery("発給の査証")).isEmpty, "its tokens in another order are no phrase of it")
            }
        }
    }

    @Test("A save into an empty store builds the search indexes after its load: they are the ones the store opened with, and search finds the same")
    func indexesBuiltAfterTheFirstLoad() async throws {
        try await StoreKind.postgres.withEmptyStore { store async throws in
            let opened = try await store.searchIndexes()
            #expect(opened == ["CREATE INDEX passage_search ON passage USING gin (search_vector)"])
            try await store.save(Corpus.documents())
            #expect(try await store.searchIndexes() == opened, "dropped for the load, built again the same")
            try await StoreKind.postgres.withEmptyStore("ranking=exact") { exact async throws in
                // Indexes kept up row by row: each document saved alone after the first.
                let documents = try Corpus.documents()
                for document in documents { try await exact.save([document]) }
                for query in Self.queries {
                    let count = try await store.searchCount(query)
                    #expect(count == (try await exact.searchCount(query)), "\(query.text)")
                    // Whole result lists (the two rank differently) are the same passages.
                    if count.passages < query.limit, !count.isLowerBound {
                        #expect(Set(try await store.search(query).map { "\($0.source):\($0.line):\($0.role)" })
                                == Set(try await exact.search(query).map { "\($0.source):\($0.line):\($0.role)" }), "\(query.text)")
                    }
                }
            }
            // Built whole, not left half-made (a failed CREATE INDEX CONCURRENTLY would leave it invalid).
            #expect(try await store.integers("""
                SELECT count(*) FROM pg_index WHERE indisvalid AND indexrelid = to_regclass('passage_search')
                """) == [1])
        }
    }

    @Test("A first save that fails in the database leaves an empty store with its search indexes, and the next save is found")
    func failedFirstLoadKeepsIndexes() async throws {
        try await StoreKind.postgres.withEmptyStore { store async throws in
            let opened = try await store.searchIndexes()
            let documents = try Corpus.documents()
            let refused = try #require(documents.last?.report.id)
            try await store.refusePassages(ofDocument: refused)
            await #expect(throws: (any Error).self) { try await store.save(documents) }
            #expect(try await store.summaries().isEmpty)
            #expect(try await store.searchIndexes() == opened, "the rollback brought back the dropped indexes")
            try await store.save(Array(documents.dropLast()))
            #expect(try await store.searchIndexes() == opened)
            #expect(try await !store.search(SearchQuery("外交")).isEmpty)
        }
    }
}
