import Foundation
import GRDB
import HyokaEvidence
import HyokaAssessment
import HyokaModel
import HyokaPostgres
import HyokaRecognition
import HyokaTestSupport
import HyokaText
import Testing
@testable import HyokaStore

/// The stores the shared tests run against. The SQLite store always; the
/// PostgreSQL store when `HYOKA_TEST_POSTGRES_URL` names a server
/// (`scripts/postgres-test-cluster.sh start` makes one). Tests that only
/// PostgreSQL has are in suites enabled by `StoreKind.postgresEnabled`, so
/// that a run without a server says why they were skipped.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static let postgresURL = TestPostgres.url
    static let postgresEnabled = ConditionTrait.enabled(if: postgresURL != nil, Comment(rawValue: TestPostgres.skipReason))

    /// The kinds this run can test.
    static var available: [StoreKind] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { self == .sqlite ? "SQLite" : "PostgreSQL" }

    /// Runs `body` with an empty store of this kind, its own: an in-memory
    /// SQLite database, or a fresh PostgreSQL schema dropped afterwards.
    /// `parameters` are added to a PostgreSQL URL (`ranking=exact`).
    func withEmptyStore(_ parameters: String..., body: (TestStore) async throws -> Void) async throws {
        try await withEmptyStore(parameters: parameters, body)
    }

    func withEmptyStore(parameters: [String], _ body: (TestStore) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            try await body(.sqlite(SQLiteStore.inMemory()))
        case .postgres:
            let schema = TestPostgres.newSchemaName()
            try await PostgresStore.withStore(url: try Self.postgresURL(schema: schema, parameters: parameters)) { store in
                do {
                    try await body(.postgres(store))
                    try await store.execute("DROP SCHEMA \(schema) CASCADE")
                } catch {
                    try? await store.execute("DROP SCHEMA \(schema) CASCADE")
                    throw error
                }
            }
        }
    }

    /// Runs `body` with a store holding the four corpus documents.
    func withCorpusStore(_ parameters: String..., body: (TestStore) async throws -> Void) async throws {
        try await withCorpusStore(parameters: parameters, body)
    }

    func withCorpusStore(parameters: [String], _ body: (TestStore) async throws -> Void) async throws {
        try await withEmptyStore(parameters: parameters) { store async throws in
            try await store.save(Corpus.documents())
            try await body(store)
        }
    }

    /// The test server's URL with `schema` (and any other parameters) added.
    static func postgresURL(schema: String? = nil, _ parameters: String...) throws -> String {
        try postgresURL(schema: schema, parameters: parameters)
    }

    static func postgresURL(schema: String?, parameters: [String]) throws -> String {
        let base = try #require(postgresURL, "HYOKA_TEST_POSTGRES_URL is not set")
        return TestPostgres.parameterized(base, adding: (schema.map { ["schema=\($0)"] } ?? []) + parameters)
    }

    /// Runs `body` with the URL of a PostgreSQL schema of its own, dropped afterwards, for tests that open
    /// the same store more than once.
    static func withPostgresSchema(_ body: (String) async throws -> Void) async throws {
        let schema = TestPostgres.newSchemaName()
        let url = try postgresURL(schema: schema)
        do {
            try await body(url)
        } catch {
            try? await PostgresStore.withStore(url: url) { try await $0.execute("DROP SCHEMA \(schema) CASCADE") }
            throw error
        }
        try await PostgresStore.withStore(url: url) { try await $0.execute("DROP SCHEMA \(schema) CASCADE") }
    }
}

/// A store under test, with what the tests need beyond the protocol: a
/// look at the tables, and a way to make writes fail.
enum TestStore: EvaluationStore {
    case sqlite(SQLiteStore)
    case postgres(PostgresStore)

    var store: any EvaluationStore {
        switch self {
        case .sqlite(let store): store
        case .postgres(let store): store
        }
    }

    /// The integers of the first column of `sql`, in the same SQL for both stores.
    func integers(_ sql: String) async throws -> [Int] {
        switch self {
        case .sqlite(let store): try store.read { db in try Int.fetchAll(db, sql: sql) }
        case .postgres(let store): try await store.column(sql, as: Int.self)
        }
    }

    func strings(_ sql: String) async throws -> [String] {
        switch self {
        case .sqlite(let store): try store.read { db in try String.fetchAll(db, sql: sql) }
        case .postgres(let store): try await store.column(sql, as: String.self)
        }
    }

    func doubles(_ sql: String) async throws -> [Double] {
        switch self {
        case .sqlite(let store): try store.read { db in try Double.fetchAll(db, sql: sql) }
        case .postgres(let store): try await store.column(sql, as: Double.self)
        }
    }

    /// A PostgreSQL store's indexes on `passage.search_vector`, by name, the schema's name taken out: every one,
    /// whatever made it, so that an index built where none should be (the RUM index of old) shows too.
    ///
    /// This schema's indexes are chosen first, and only theirs are described: `pg_indexes` may describe every
    /// index of the server before its filter, and one that a test in another schema drops meanwhile fails the
    /// whole read ("could not open relation with OID …").
    func searchIndexes() async throws -> [String] {
        try await strings("""
            WITH mine AS MATERIALIZED (
                SELECT i.indexrelid, c.relname FROM pg_index i
                JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
                WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = 'passage'
            ), described AS MATERIALIZED (SELECT relname, pg_get_indexdef(indexrelid) AS indexdef FROM mine)
            SELECT indexdef FROM described WHERE indexdef LIKE '%(search_vector%' ORDER BY relname
            """).map { $0.replacingOccurrences(of: #"ON \S+\.passage "#, with: "ON passage ", options: .regularExpression) }
    }

    /// Makes every insert of a passage of document `id` fail inside the
    /// database, as a full disk or a constraint would: the store has then
    /// written other rows of the same transaction, which must all go.
    func refusePassages(ofDocument id: String) async throws {
        switch self {
        case .sqlite(let store):
            try store.write { db in
                try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON passage WHEN NEW.document_id = '\(id)' BEGIN SELECT RAISE(ABORT, 'refused'); END")
            }
        case .postgres(let store):
            try await store.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$")
            try await store.execute("CREATE TRIGGER refuse BEFORE INSERT ON passage FOR EACH ROW WHEN (NEW.document_id = '\(id)') EXECUTE FUNCTION refuse()")
        }
    }

    @discardableResult
    func save(_ documents: [StoredDocument]) async throws -> [SaveOutcome] { try await store.save(documents) }
    func bulkLoad<T>(_ load: () async throws -> T) async throws -> T { try await store.bulkLoad(load) }
    func summaries() async throws -> [DocumentSummary] { try await store.summaries() }
    func searchCount(_ query: SearchQuery) async throws -> SearchCount { try await store.searchCount(query) }
    func report(matching reference: String) async throws -> EvaluationReport? { try await store.report(matching: reference) }
    func allReports() async throws -> [EvaluationReport] { try await store.allReports() }
    func sourceText(documentID: String) async throws -> String? { try await store.sourceText(documentID: documentID) }
    func search(_ query: SearchQuery) async throws -> [SearchHit] { try await store.search(query) }
    func facts(documentID: String?) async throws -> [Fact] { try await store.facts(documentID: documentID) }
    func confirm(_ link: EvidenceLink) async throws { try await store.confirm(link) }
    func confirmedLinks(documentID: String?) async throws -> [EvidenceLink] { try await store.confirmedLinks(documentID: documentID) }
    func storedReview(documentID: String) async throws -> StoredReview? { try await store.storedReview(documentID: documentID) }
    func storedReviews(kind: DocumentKind) async throws -> [String: StoredReview] { try await store.storedReviews(kind: kind) }
    func bluebookEditions() async throws -> Set<Int> { try await store.bluebookEditions() }
    func documentCount() async throws -> Int { try await store.documentCount() }
    func summaries(offset: Int, limit: Int) async throws -> [DocumentSummary] { try await store.summaries(offset: offset, limit: limit) }
    func documentCounts() async throws -> [DocumentCount] { try await store.documentCounts() }
    func reviewTotals(kind: DocumentKind) async throws -> ReviewTotals { try await store.reviewTotals(kind: kind) }
    func storedReviewsWithBreakdowns(kind: DocumentKind, limit: Int) async throws -> [SourcedReview] {
        try await store.storedReviewsWithBreakdowns(kind: kind, limit: limit)
    }

    /// Deletes a document as any deletion does: its rows follow by cascade (the stores delete only to replace).
    func delete(documentID id: String) async throws {
        switch self {
        case .sqlite(let store):
            try store.write { db in
                try db.execute(sql: "DELETE FROM passage_fts WHERE rowid IN (SELECT id FROM passage WHERE document_id = ?)", arguments: [id])
                try db.execute(sql: "DELETE FROM document WHERE id = ?", arguments: [id])
            }
        case .postgres(let store):
            try await store.execute("DELETE FROM document WHERE id = '\(id)'")
        }
    }
}

/// The bundled corpus, recognised once for all tests.
enum Corpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let names = ["000_47f71a321a7ee5e2.txt", "002_3ec3fed686115a88.txt", "003_3c0173e389cd5384.txt", "004_d473122111bbb5a2.part1.txt"]

    /// The four corpus documents as the import pipeline stores them, with ids 0000…, 0020…, 0030…, 0040….
    static func documents() throws -> [StoredDocument] { try loaded.get() }

    private static let loaded = Result<[StoredDocument], any Error> {
        try names.map { name in
            let text = try String(contentsOf: root.appendingPathComponent("corpus/\(name)"), encoding: .utf8)
            let source = SourceText(text)
            let report = ReportRecognizer().recognize(source, id: String(name.prefix(3)) + "0000000000000", sourceName: name, contentHash: name)
            return StoredDocument(report: report, sourceText: text, facts: FactExtractor().facts(in: report, source: source))
        }
    }
}
