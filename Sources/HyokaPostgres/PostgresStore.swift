import Foundation
import Logging
import HyokaAssessment
import HyokaModel
import HyokaStore
import PostgresNIO

/// The store on a PostgreSQL server, for deployments where several
/// processes share one database. It keeps what the SQLite store keeps, in
/// the same tables, and behaves the same: the shared test suite
/// (Tests/HyokaStoreTests) runs against both.
///
/// A store lives inside `withStore(url:_:)`, which runs PostgresNIO's
/// connection pool for as long as the body runs: the pool needs a task of
/// its own, and ending it closes every connection (`PoolShutdown`).
public struct PostgresStore: EvaluationStore {
    let client: PostgresClient
    let location: PostgresLocation
    let logger: Logger
    /// The posting index's run maps decoded by earlier searches (`PostingSearch`).
    let runMaps = RunMapCache()
    /// BM25's statistics of the review sheets' passages, as of the stored export (`PostgresReviewSheetSearch`).
    let reviewSheetStatistics = ReviewSheetStatisticsCache()

    /// Opens the store at `url`, brings its schema up to date, runs `body`
    /// with it, and closes it when `body` returns or throws.
    ///
    /// The server is first reached with one direct connection, which also
    /// migrates the schema: a wrong URL, an unreachable server or a refused
    /// password fail at once with a `StoreError.cannotOpen` that says which,
    /// where the pool would only retry.
    @discardableResult
    public static func withStore<T>(url: String, _ body: (PostgresStore) async throws -> T) async throws -> T {
        let location = try PostgresLocation(url: url)
        let logger = Logger(label: "hyoka.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        try await prepare(location, logger: logger)
        let client: PostgresClient
        do {
            client = PostgresClient(configuration: try location.clientConfiguration(), backgroundLogger: logger)
        } catch {
            throw PostgresFailure.cannotOpen(error, location)
        }
        let pool = PoolShutdown(running: Task { await client.run() })
        do {
            let result = try await withTaskCancellationHandler {
                try await body(PostgresStore(client: client, location: location, logger: logger))
            } onCancel: {
                pool.running.cancel()
            }
            await pool.stop()
            return result
        } catch {
            await pool.stop()
            throw error
        }
    }

    /// Connects once, then creates the schema or migrates it.
    private static func prepare(_ location: PostgresLocation, logger: Logger) async throws {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: try location.connectionConfiguration(), id: 0, logger: logger)
        } catch {
            throw PostgresFailure.cannotOpen(error, location)
        }
        do {
            try await PostgresSchema.migrate(connection, schema: location.schema, redactedURL: location.redacted, logger: logger)
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw PostgresFailure.cannotOpen(error, location)
        }
    }

    /// Runs `body`, turning the driver's errors into `StoreError`s that say what was being done.
    func perform<T>(_ doing: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw PostgresFailure.failed(error, doing: doing)
        }
    }

    // MARK: - Writing

    @discardableResult
    public func save(_ documents: [StoredDocument]) async throws -> [SaveOutcome] {
        // Encoded and built before the transaction: a document that cannot be encoded stops the batch before anything is written.
        let importedAt = ISO8601DateFormatter().string(from: Date())
        return try await save(prepared: documents.map { try PreparedDocument($0, importedAt: importedAt) })
    }

    /// Writes rows built in advance. Their first chunk of COPY messages is
    /// written before the transaction (`DocumentCopies`), for the documents
    /// the batch keeps whatever is stored (a document replaced by a later one
    /// of the same batch is never written), so that the transaction starts by
    /// sending; each next chunk is written while the one before is sent.
    @discardableResult
    public func save(prepared documents: [PreparedDocument]) async throws -> [SaveOutcome] {
        guard !documents.isEmpty else { return [] }
        let batch = documents.map { (id: $0.document.report.id, source: $0.document.report.source) }
        let copies = await DocumentCopies(documents, survivors: SavePlan(stored: [], batch: batch).survivors)
        return try await perform("saving \(documents.count) documents") {
            try await client.withConnection { connection in
                try await transaction(on: connection) {
                    try await compressWithLZ4(on: connection)
                    return try await PostgresWriter(connection: connection, logger: logger).save(documents, copies: copies)
                }
            }
        }
    }

    /// Writes each chunk of documents as the feed gives them (`PostgresWriter.save(feed:)`), inside one
    /// transaction that holds the writer's lock until the feed ends. Measured against gathering the batch
    /// first: BENCHMARKS.md, "Documents written as they are recognised".
    @discardableResult
    public func save(feed: any PreparedDocumentFeed) async throws -> [SaveOutcome] {
        try await perform("saving documents") {
            try await client.withConnection { connection in
                try await transaction(on: connection) {
                    try await compressWithLZ4(on: connection)
                    return try await PostgresWriter(connection: connection, logger: logger).save(feed: feed)
                }
            }
        }
    }

    public var writesAsDocumentsArrive: Bool { true }

    /// Runs `load` with the search indexes of an empty store left unbuilt, and
    /// builds them once at the end (`SearchIndexDeferral`); into a store that
    /// holds passages, or while another bulk load runs, it only runs `load`.
    /// The lock that marks the load as running is held on a connection of its
    /// own, so the saves inside take others from the pool.
    public func bulkLoad<T>(_ load: () async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let deferred = try await perform("preparing a bulk load") { try await SearchIndexDeferral.begin(on: connection, logger: logger) }
            guard deferred else { return try await load() }
            let result: T
            do {
                result = try await load()
            } catch {
                // The batches saved before the failure stay, and must be found: build, then report the load's own error.
                do {
                    try await SearchIndexDeferral.finish(on: connection, logger: logger)
                } catch let failure {
                    SearchIndexDeferral.operatorLog.error("search indexes not built after a failed bulk load; the next store to open builds them: \(failure)")
                }
                throw error
            }
            try await perform("building the search indexes after a bulk load") { try await SearchIndexDeferral.finish(on: connection, logger: logger) }
            return result
        }
    }

    public func confirm(_ link: EvidenceLink) async throws {
        let confirmedAt = ISO8601DateFormatter().string(from: Date())
        try await perform("confirming an evidence link") {
            _ = try await client.query("""
                INSERT INTO evidence_link (document_id, line, quantity_text, evidence_document_id, evidence_line, evidence_text,
                                           reason, score, confirmed_at)
                VALUES (\(link.document), \(link.line), \(link.quantityText), \(link.evidenceDocument), \(link.evidenceLine),
                        \(link.evidenceText), \(link.reason), \(link.score), \(confirmedAt))
                ON CONFLICT (document_id, line, quantity_text, evidence_document_id, evidence_line) DO UPDATE
                SET evidence_text = EXCLUDED.evidence_text, reason = EXCLUDED.reason, score = EXCLUDED.score,
                    confirmed_at = EXCLUDED.confirmed_at
                """, logger: logger)
        }
    }

    /// Runs `body` between BEGIN and COMMIT on one connection, and rolls
    /// back when it throws, so that a batch is stored whole or not at all.
    /// The body's own error is rethrown, not wrapped.
    func transaction<T>(on connection: PostgresConnection, _ body: () async throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN", on: connection, body)
    }

    /// Runs `body` in a read-only transaction that sees one snapshot throughout.
    func readOnly<T>(on connection: PostgresConnection, _ body: () async throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", on: connection, body)
    }

    /// Has the rest of the current transaction compress the large values it
    /// writes (TOAST: a project's JSON, a passage's tokens and vector) with
    /// LZ4 instead of PostgreSQL's default pglz, where the server was built
    /// with LZ4 (PostgreSQL 14 and later; elsewhere the statement selects no
    /// row and changes nothing). pglz was a third of the server's time in an
    /// import of the full RS export (`perf`), LZ4 compresses several times
    /// faster, and the tables come out about the same size. A setting of the
    /// transaction (`set_config(…, true)`), not of the column or the
    /// database: it ends at COMMIT or ROLLBACK, and a value is read back by the
    /// method it was written with, so rows of either method sit side by side.
    func compressWithLZ4(on connection: PostgresConnection) async throws {
        try await connection.query("""
            SELECT set_config('default_toast_compression', 'lz4', true) FROM pg_settings
            WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)
            """, logger: logger)
    }

    private func transaction<T>(begin: PostgresQuery, on connection: PostgresConnection, _ body: () async throws -> T) async throws -> T {
        try await connection.query(begin, logger: logger)
        do {
            let value = try await body()
            try await connection.query("COMMIT", logger: logger)
            return value
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    // MARK: - Reading

    public func summaries() async throws -> [DocumentSummary] {
        try await perform("listing documents") { try await summaries(limit: nil, offset: 0) }
    }

    public func summaries(offset: Int, limit: Int) async throws -> [DocumentSummary] {
        try await perform("listing documents") { try await summaries(limit: limit, offset: offset) }
    }

    /// Every summary (`limit` nil: `LIMIT ALL`), or one page of them, by the index on `source`.
    private func summaries(limit: Int?, offset: Int) async throws -> [DocumentSummary] {
        try await rows("""
            SELECT d.id, d.source, d.kind, d.layout, d.ministry, d.title, d.published, d.line_count,
                   (SELECT COUNT(*) FROM policy p WHERE p.document_id = d.id) AS policies,
                   (SELECT COUNT(*) FROM field f WHERE f.document_id = d.id) AS fields,
                   (SELECT COUNT(*) FROM series s WHERE s.document_id = d.id) AS series,
                   (SELECT COALESCE(SUM(u.end_line - u.line + 1), 0)::bigint FROM unparsed_block u WHERE u.document_id = d.id) AS unparsed,
                   d.warning_count
            FROM document d ORDER BY d.source LIMIT \(limit) OFFSET \(offset)
            """).map { row in
            DocumentSummary(
                id: try row["id"].decode(String.self), source: try row["source"].decode(String.self),
                kind: DocumentKind(rawValue: try row["kind"].decode(String.self)) ?? .unknown,
                layout: ReportLayout(rawValue: try row["layout"].decode(String.self)) ?? .generic,
                ministry: try row["ministry"].decode(String?.self), title: try row["title"].decode(String?.self),
                published: try row["published"].decode(String?.self).flatMap(CalendarDate.init(iso8601:)),
                policyCount: try row["policies"].decode(Int.self), fieldCount: try row["fields"].decode(Int.self),
                seriesCount: try row["series"].decode(Int.self), unparsedLineCount: try row["unparsed"].decode(Int.self),
                warningCount: try row["warning_count"].decode(Int.self), lineCount: try row["line_count"].decode(Int.self)
            )
        }
    }

    public func documentCount() async throws -> Int {
        try await perform("counting documents") {
            try await rows("SELECT COUNT(*) FROM document").first?[0].decode(Int.self) ?? 0
        }
    }

    public func documentCounts() async throws -> [DocumentCount] {
        try await perform("counting documents by ministry and year") {
            DocumentCount.merged(try await rows("SELECT ministry, published, COUNT(*) AS documents FROM document GROUP BY ministry, published").map { row -> (ministry: String?, published: String?, documents: Int) in
                (try row["ministry"].decode(String?.self), try row["published"].decode(String?.self), try row["documents"].decode(Int.self))
            })
        }
    }

    public func reviewTotals(kind: DocumentKind) async throws -> ReviewTotals {
        try await perform("adding up the reviews") {
            // One snapshot: the counts and the editions they are completed with.
            try await client.withConnection { connection in
                try await readOnly(on: connection) {
                    let groups = try await rows("""
                        SELECT measure, value, edition, ministry, SUM(count)::bigint AS count FROM review_count
                        WHERE kind = \(kind.rawValue) GROUP BY measure, value, edition, ministry
                        """, on: connection).map { row in
                        ReviewTotals.Group(measure: try row["measure"].decode(String.self), value: try row["value"].decode(String?.self),
                                           edition: try row["edition"].decode(Int?.self), ministry: try row["ministry"].decode(String?.self),
                                           count: try row["count"].decode(Int.self))
                    }
                    return ReviewTotals(groups: groups, libraryEditions: try await bluebookEditions(on: connection))
                }
            }
        }
    }

    public func storedReviewsWithBreakdowns(kind: DocumentKind, limit: Int) async throws -> [SourcedReview] {
        try await perform("reading the first breakdowns") {
            try await rows("""
                SELECT c.document_id, c.source, r.review_json FROM review_count c JOIN document_review r ON r.document_id = c.document_id
                WHERE c.measure = 'breakdown' AND c.kind = \(kind.rawValue) ORDER BY c.source LIMIT \(limit)
                """).map { row in
                let id = try row["document_id"].decode(String.self)
                return SourcedReview(documentID: id, source: try row["source"].decode(String.self),
                                     review: try StoredReview.decoded(try row["review_json"].decode(String.self), documentID: id))
            }
        }
    }

    public func report(matching reference: String) async throws -> EvaluationReport? {
        let found: (id: String, json: String)? = try await perform("finding the document \(reference)") {
            if let row = try await rows("SELECT id, report_json FROM document WHERE id = \(reference) OR source = \(reference)").first {
                return (try row["id"].decode(String.self), try row["report_json"].decode(String.self))
            }
            // An id prefix (4 characters or more), else a file-name prefix such as 「003」, ASCII letters in
            // either case as SQLite's LIKE compares them. Column names come from this fixed list; the reference is bound.
            for (column, minimum) in [("id", 4), ("source", 3)] where reference.count >= minimum {
                let matches = try await rows(PostgresQuery(unsafeSQL: """
                    SELECT id, source, report_json FROM document
                    WHERE starts_with(translate(\(column), $2, $3), translate($1, $2, $3)) ORDER BY \(column)
                    """, binds: Self.prefixBindings(reference)))
                if matches.count > 1 {
                    throw StoreError.ambiguousReference(reference, candidates: try matches.map { try $0[column].decode(String.self) })
                }
                if let row = matches.first { return (try row["id"].decode(String.self), try row["report_json"].decode(String.self)) }
            }
            return nil
        }
        return try found.map { try Self.decode($0.json, id: $0.id) }
    }

    private static func prefixBindings(_ reference: String) -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(reference)
        bindings.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        bindings.append("abcdefghijklmnopqrstuvwxyz")
        return bindings
    }

    public func allReports() async throws -> [EvaluationReport] {
        try await perform("reading documents") {
            try await rows("SELECT id, report_json FROM document ORDER BY source").map { row in
                try Self.decode(try row["report_json"].decode(String.self), id: try row["id"].decode(String.self))
            }
        }
    }

    public func sourceText(documentID: String) async throws -> String? {
        try await perform("reading the source of \(documentID)") {
            try await rows("SELECT source_text FROM document WHERE id = \(documentID)").first?["source_text"].decode(String.self)
        }
    }

    public func search(_ query: SearchQuery) async throws -> [SearchHit] {
        try await perform("searching for \(query.text)") {
            try await PostgresSearch(store: self).search(query)
        }
    }

    public func searchCount(_ query: SearchQuery) async throws -> SearchCount {
        try await perform("counting hits for \(query.text)") {
            try await PostgresSearch(store: self).count(query)
        }
    }

    public func searchResults(_ query: SearchQuery) async throws -> SearchResults {
        try await perform("searching for \(query.text)") {
            try await PostgresSearch(store: self).results(query)
        }
    }

    public func facts(documentID: String?) async throws -> [Fact] {
        try await perform("reading facts") {
            let query: PostgresQuery = if let documentID {
                "SELECT * FROM fact WHERE document_id = \(documentID) ORDER BY document_id, line, id"
            } else {
                "SELECT * FROM fact ORDER BY document_id, line, id"
            }
            return try await rows(query).map(Self.fact)
        }
    }

    /// A row of `fact`.
    static func fact(_ row: PostgresRandomAccessRow) throws -> Fact {
        Fact(document: try row["document_id"].decode(String.self), value: try row["value"].decode(Double.self),
             unit: try row["unit"].decode(String?.self), approximate: try row["approximate"].decode(Bool.self),
             subject: try row["subject"].decode(String.self),
             period: DocumentRows.period(kind: try row["period_kind"].decode(String?.self), value: try row["period"].decode(String?.self)),
             text: try row["text"].decode(String.self), quantityText: try row["quantity_text"].decode(String.self),
             section: try row["section"].decode(String?.self), line: try row["line"].decode(Int.self),
             endLine: try row["end_line"].decode(Int.self))
    }

    public func storedReview(documentID: String) async throws -> StoredReview? {
        try await perform("reading the review of \(documentID)") {
            try await rows("SELECT review_json FROM document_review WHERE document_id = \(documentID)").first
                .map { try StoredReview.decoded(try $0["review_json"].decode(String.self), documentID: documentID) }
        }
    }

    public func storedReviews(kind: DocumentKind) async throws -> [String: StoredReview] {
        try await perform("reading the stored reviews") {
            let rows = try await rows("""
                SELECT r.document_id, r.review_json FROM document_review r JOIN document d ON d.id = r.document_id WHERE d.kind = \(kind.rawValue)
                """)
            return try Dictionary(uniqueKeysWithValues: rows.map { row in
                let id = try row["document_id"].decode(String.self)
                return (id, try StoredReview.decoded(try row["review_json"].decode(String.self), documentID: id))
            })
        }
    }

    public func bluebookEditions() async throws -> Set<Int> {
        try await perform("reading the Bluebook editions") {
            try await client.withConnection { connection in try await bluebookEditions(on: connection) }
        }
    }

    /// The editions' years, by the index on `kind` and `published`.
    private func bluebookEditions(on connection: PostgresConnection) async throws -> Set<Int> {
        Set(try await rows("SELECT published FROM document WHERE kind = \(DocumentKind.bluebook.rawValue) AND published IS NOT NULL", on: connection)
            .compactMap { CalendarDate(iso8601: try $0["published"].decode(String.self))?.year })
    }

    public func confirmedLinks(documentID: String?) async throws -> [EvidenceLink] {
        try await perform("reading confirmed links") {
            let order = "ORDER BY document_id, line, quantity_text, evidence_document_id, evidence_line"
            let query: PostgresQuery = if let documentID {
                "SELECT * FROM evidence_link WHERE document_id = \(documentID) \(unescaped: order)"
            } else {
                "SELECT * FROM evidence_link \(unescaped: order)"
            }
            return try await rows(query).map { row in
                EvidenceLink(document: try row["document_id"].decode(String.self), line: try row["line"].decode(Int.self),
                             quantityText: try row["quantity_text"].decode(String.self),
                             evidenceDocument: try row["evidence_document_id"].decode(String.self),
                             evidenceLine: try row["evidence_line"].decode(Int.self),
                             evidenceText: try row["evidence_text"].decode(String.self), reason: try row["reason"].decode(String.self),
                             score: try row["score"].decode(Double.self))
            }
        }
    }


    // MARK: - Helpers

    /// All rows of `query`, each addressable by column name.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await collect(try await client.query(query, logger: logger))
    }

    /// All rows of `query` run on `connection`.
    func rows(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [PostgresRandomAccessRow] {
        try await collect(try await connection.query(query, logger: logger))
    }

    private func collect(_ sequence: PostgresRowSequence) async throws -> [PostgresRandomAccessRow] {
        var result: [PostgresRandomAccessRow] = []
        for try await row in sequence {
            result.append(row.makeRandomAccess())
        }
        return result
    }

    /// Runs statements as they are: for tests that need to damage or constrain the database.
    package func execute(_ sql: String) async throws {
        try await perform("running \(sql.prefix(60))") { _ = try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
    }

    /// The first column of every row of `sql`: for tests that look at the tables.
    package func column<T: PostgresDecodable>(_ sql: String, as type: T.Type) async throws -> [T] {
        try await perform("reading \(sql.prefix(60))") { try await rows(PostgresQuery(unsafeSQL: sql)).map { try $0[0].decode(T.self) } }
    }

    static func decode(_ json: String, id: String) throws -> EvaluationReport {
        do {
            return try JSONDecoder().decode(EvaluationReport.self, from: Data(json.utf8))
        } catch {
            throw StoreError.corruptDocument(id: id, reason: "\(error)")
        }
    }
}
