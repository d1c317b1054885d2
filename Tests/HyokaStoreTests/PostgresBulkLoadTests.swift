import Foundation
import HyokaModel
import HyokaTestSupport
import PostgresNIO
import Testing
@testable import HyokaPostgres
@testable import HyokaStore

/// A bulk load into an empty PostgreSQL store (issue 14): the search indexes
/// are dropped for the load's saves and built once at its end, and a load
/// that cannot build them leaves them to the next store that opens.
@Suite("PostgreSQL bulk load", StoreKind.postgresEnabled)
struct PostgresBulkLoadTests {
    static let queries = [SearchQuery("外交", limit: 500), SearchQuery("ビザ 中国", limit: 500), SearchQuery("地方自治体", limit: 500)]

    /// Where each query's hits are, as a set: the same passages whatever the order of ranking.
    private static func found(_ store: TestStore) async throws -> [Set<String>] {
        var found: [Set<String>] = []
        for query in queries { found.append(Set(try await store.search(query).map { "\($0.source):\($0.line):\($0.role)" })) }
        return found
    }

    @Test("Into an empty store, the saves run without the search indexes, which are built once at the end: the same indexes, the same hits")
    func buildsOnceAtTheEnd() async throws {
        let documents = try Corpus.documents()
        try await StoreKind.postgres.withEmptyStore { reference async throws in
            try await reference.save(documents)
            let expected = try await Self.found(reference)
            #expect(expected.contains { !$0.isEmpty }, "the queries find something")
            try await StoreKind.postgres.withEmptyStore { store async throws in
                let opened = try await store.searchIndexes()
                #expect(!opened.isEmpty)
                try await store.bulkLoad {
                    for document in documents {
                        try await store.save([document])
                        #expect(try await store.searchIndexes().isEmpty, "no index kept up during the load")
                    }
                    #expect(try await store.strings("SELECT name FROM search_index_deferred ORDER BY name").count == opened.count)
                }
                #expect(try await store.searchIndexes() == opened, "built again from their own definitions")
                #expect(try await store.integers("SELECT reltuples::bigint FROM pg_class WHERE oid = 'document'::regclass") == [documents.count],
                        "analyzed at the end: the planner knows how many documents there are")
                #expect(try await store.integers("SELECT count(*)::bigint FROM search_index_deferred") == [0])
                #expect(try await Self.found(store) == expected)
            }
        }
    }

    @Test("Into a store that already holds passages, the indexes are kept up as before")
    func keepsIndexesOfAStoreInUse() async throws {
        let documents = try Corpus.documents()
        try await StoreKind.postgres.withEmptyStore { store async throws in
            let opened = try await store.searchIndexes()
            try await store.save([documents[0]])
            try await store.bulkLoad {
                try await store.save(Array(documents.dropFirst()))
                #expect(try await store.searchIndexes() == opened)
            }
            #expect(try await store.integers("SELECT count(*)::bigint FROM search_index_deferred") == [0])
        }
    }

    struct Stop: Error {}

    @Test("A load that fails still builds the indexes for what it saved, and its own error comes out")
    func failedLoadBuilds() async throws {
        let documents = try Corpus.documents()
        try await StoreKind.postgres.withEmptyStore { store async throws in
            let opened = try await store.searchIndexes()
            await #expect(throws: Stop.self) {
                try await store.bulkLoad {
                    try await store.save(Array(documents.prefix(2)))
                    throw Stop()
                }
            }
            #expect(try await store.searchIndexes() == opened)
            #expect(try await store.summaries().count == 2)
            try await StoreKind.postgres.withEmptyStore { reference async throws in
                try await reference.save(Array(documents.prefix(2)))
                #expect(try await Self.found(store) == (try await Self.found(reference)), "what was saved is found")
            }
        }
    }

    @Test("A load whose process died is finished by the next store that opens; one that still runs is left alone")
    func abandonedLoad() async throws {
        let documents = try Corpus.documents()
        try await StoreKind.withPostgresSchema { url in
            var opened: [String] = []
            try await PostgresStore.withStore(url: url) { store async throws in opened = try await TestStore.postgres(store).searchIndexes() }
            // A loader on a connection of its own, as a process of its own would hold it.
            let location = try PostgresLocation(url: url)
            let loader = try await PostgresConnection.connect(configuration: try location.connectionConfiguration(), id: 1, logger: Logger(label: "test"))
            #expect(try await SearchIndexDeferral.begin(on: loader, logger: Logger(label: "test")))
            try await PostgresStore.withStore(url: url) { store async throws in
                try await store.save(documents)
                #expect(try await TestStore.postgres(store).searchIndexes().isEmpty, "opened while the load runs: nothing built")
            }
            try await PostgresStore.withStore(url: url) { store async throws in
                #expect(try await TestStore.postgres(store).searchIndexes().isEmpty, "still running")
            }
            try await loader.close()  // the loader's process dies before it builds them
            try await PostgresStore.withStore(url: url) { store async throws in
                #expect(try await TestStore.postgres(store).searchIndexes() == opened, "the next store to open built them")
                #expect(try await TestStore.postgres(store).integers("SELECT count(*)::bigint FROM search_index_deferred") == [0])
                #expect(try await store.search(SearchQuery("外交", limit: 500)).count == (try await store.searchCount(SearchQuery("外交"))).passages)
            }
        }
    }
}
