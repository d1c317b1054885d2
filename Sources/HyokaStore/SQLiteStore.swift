import Foundation
import GRDB
import HyokaAssessment
import HyokaModel

/// The embedded store: one SQLite file, through GRDB.
///
/// Each document is kept whole as its export JSON (the faithful copy that
/// `show` and `export` read), together with its source text (for the source
/// view) and projections into tables — policies, fields, goals, series
/// points, budget lines, expert opinions, references, unparsed blocks — so
/// that questions across documents can be asked in SQL. Projections are
/// written from the same report in the same transaction, so they never
/// disagree with the copy.
public final class SQLiteStore: EvaluationStore {
    /// A pool on disk (WAL: readers run in parallel with each other and with a writer,
    /// so that concurrent web requests do not queue behind one slow search); a queue in memory.
    let database: any DatabaseWriter

    /// Opens (or creates) the database at `path` and brings its schema up to date.
    /// - Throws: `StoreError.cannotOpen` when the file cannot be opened or
    ///   created, or is not a Hyoka database.
    public init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw StoreError.cannotOpen(path: path, reason: "it is a folder, not a file")
        }
        let folder = url.deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            throw StoreError.cannotOpen(path: path, reason: "the folder \(folder) does not exist")
        }
        if !isDirectory.boolValue {
            throw StoreError.cannotOpen(path: path, reason: "\(folder) is a file, not a folder")
        }
        do {
            database = try DatabasePool(path: path, configuration: Self.configuration)
            // A schema this version does not know would be misread, and migrating it could damage it.
            if try database.read(Self.migrator.hasBeenSuperseded) {
                throw StoreError.cannotOpen(path: path, reason: "it was written by a newer version of Hyoka; upgrade Hyoka to open it")
            }
            try Self.migrator.migrate(database)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: Self.explain(error))
        }
    }

    private init(database: any DatabaseWriter) throws {
        self.database = database
        try Self.migrator.migrate(database)
    }

    private init(readOnly database: any DatabaseWriter) {
        self.database = database
    }

    /// The same database opened a second time, read-only: SQLite itself then
    /// refuses any write, whatever the caller tries. For the public web
    /// application, which is handed a reader (`EvaluationReader`). A store in
    /// memory has no file to open again, and returns itself.
    /// - Throws: `StoreError.cannotOpen` when the file cannot be opened, or its
    ///   schema is not brought up to date (this store, opened to write, does that).
    public func readOnly() throws -> SQLiteStore {
        let path = database.path
        guard database is DatabasePool else { return self }
        var configuration = Self.configuration
        configuration.readonly = true
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            guard try pool.read(Self.migrator.hasCompletedMigrations) else {
                throw StoreError.cannotOpen(path: path, reason: "its schema is not up to date; open it to write once first")
            }
            return SQLiteStore(readOnly: pool)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: Self.explain(error))
        }
    }

    /// A store in memory, for tests.
    public static func inMemory() throws -> SQLiteStore {
        try SQLiteStore(database: DatabaseQueue(configuration: configuration))
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.label = "hyoka"
        // Every connection, readers included, ranks a bounded search with these (Library.results).
        configuration.prepareDatabase { db in
            try PassageRanking.register(in: db)
            // A new database gets 16 KiB pages (an existing one keeps its own: WAL fixes the size once written).
            // A year's import writes 880 MB through the WAL and again at checkpoints, page by page: with 4 KiB
            // pages the system calls were a tenth of its CPU. Measured: a year 20.9 → 20.0 s, search p99 unchanged
            // (BENCHMARKS.md, "A year on SQLite").
            try db.execute(sql: "PRAGMA page_size = 16384")
        }
        return configuration
    }

    private static func explain(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_NOTADB: "the file exists but is not an SQLite database"
        case .SQLITE_CANTOPEN: "the file cannot be opened or created"
        case .SQLITE_READONLY: "the file is read-only"
        case .SQLITE_BUSY, .SQLITE_LOCKED: "another process holds it locked (an import writing it, perhaps); try again when that has finished"
        case .SQLITE_PERM, .SQLITE_AUTH: "permission denied"
        case .SQLITE_CORRUPT: "the database file is damaged"
        default: error.message ?? "\(error.resultCode)"
        }
    }

    // MARK: - Writing

    @discardableResult
    public func save(_ documents: [StoredDocument]) async throws -> [SaveOutcome] {
        // Encoded and built before the transaction: a document that cannot be encoded stops the batch before anything is written.
        let importedAt = ISO8601DateFormatter().string(from: Date())
        return try await save(prepared: documents.map { try PreparedDocument($0, importedAt: importedAt) })
    }

    /// Writes rows built in advance: the transaction only deletes what is
    /// replaced and inserts, with FTS5's merging deferred to the end of the
    /// batch (`FTS5Merging`), so that a batch of a thousand documents' passages
    /// is merged once rather than every few segments.
    @discardableResult
    public func save(prepared documents: [PreparedDocument]) async throws -> [SaveOutcome] {
        try await database.write { db in
            try FTS5Merging.deferred(in: "passage_fts", db) {
                var writer = SQLiteRowWriter(db)
                return try documents.map { try Self.save($0, with: &writer, in: db) }
            }
        }
    }

    /// Writes each document as the feed gives it, in one transaction on the
    /// writer's own thread, which waits for the next document
    /// (`PreparedDocumentFeed.nextWaiting`): the store's write lock is held
    /// while the feed's documents are still being recognised, and nothing is
    /// committed before the feed ends. Measured on a year of files: BENCHMARKS.md,
    /// "Documents written as they are recognised". When no other connection
    /// has the file open, the feed is written with a rollback journal
    /// (`RollbackJournalWrite`), and other processes that open the file
    /// meanwhile are told it is locked.
    @discardableResult
    public func save(feed: any PreparedDocumentFeed) async throws -> [SaveOutcome] {
        let database = database
        @Sendable func write() async throws -> [SaveOutcome] {
            try await database.write { db in
                try FTS5Merging.deferred(in: "passage_fts", db) {
                    var writer = SQLiteRowWriter(db)
                    var outcomes: [SaveOutcome] = []
                    while let document = try feed.nextWaiting() { outcomes.append(try Self.save(document, with: &writer, in: db)) }
                    return outcomes
                }
            }
        }
        // A feed is an import's batch: a file nobody else has open is written without the WAL.
        guard let pool = database as? DatabasePool else { return try await write() }
        return try await RollbackJournalWrite.run(on: pool, write)
    }

    public var writesAsDocumentsArrive: Bool { true }

    static func save(_ prepared: PreparedDocument, with writer: inout SQLiteRowWriter, in db: Database) throws -> SaveOutcome {
        let report = prepared.document.report
        let sameID = try Bool.fetchOne(db, sql: "SELECT 1 FROM document WHERE id = ?", arguments: [report.id]) ?? false
        let sameSource = try Bool.fetchOne(db, sql: "SELECT 1 FROM document WHERE source = ? AND id <> ?", arguments: [report.source, report.id]) ?? false
        if sameID || sameSource {
            // The full-text index is a virtual table, outside foreign keys: clear it first.
            try db.execute(sql: """
                DELETE FROM passage_fts WHERE rowid IN
                  (SELECT p.id FROM passage p JOIN document d ON d.id = p.document_id WHERE d.id = ? OR d.source = ?)
                """, arguments: [report.id, report.source])
            try db.execute(sql: "DELETE FROM document WHERE id = ? OR source = ?", arguments: [report.id, report.source])
        }
        let rows = prepared.rows
        try writer.insert(into: "document", columns: DocumentRows.documentColumns, rows.document)
        for table in rows.tables {
            for row in table.rows { try writer.insert(into: table.table, columns: table.columns, row) }
        }
        for series in rows.series {
            let seriesID = try writer.insert(into: "series", columns: SeriesRows.columns, series.series)
            for point in series.points {
                try writer.insert(into: "series_point", columns: Self.seriesPointColumns, [.integer(Int(seriesID))] + point)
            }
        }
        try insert(rows.passages, with: &writer)
        return sameID ? .unchanged : sameSource ? .replaced : .inserted
    }

    private static let seriesPointColumns = ["series_id"] + SeriesRows.pointColumns

    /// Passages and their tokens, into the table and the full-text index.
    static func insert(_ passages: [PassageRows], with writer: inout SQLiteRowWriter) throws {
        for passage in passages {
            let id = try writer.insert(into: "passage", columns: PassageRows.columns, passage.passage)
            try writer.insertTokens(into: "passage_fts", rowid: id, passage.tokens)
        }
    }

    // MARK: - Reading

    public func summaries() async throws -> [DocumentSummary] {
        try await database.read { db in try Self.summaries(in: db) }
    }

    public func summaries(offset: Int, limit: Int) async throws -> [DocumentSummary] {
        try await database.read { db in try Self.summaries(in: db, page: (offset, limit)) }
    }

    /// Every summary, or one page of them (by the index on `source`, so a page reads only its own documents).
    private static func summaries(in db: Database, page: (offset: Int, limit: Int)? = nil) throws -> [DocumentSummary] {
        try Row.fetchAll(db, sql: """
            SELECT d.id, d.source, d.kind, d.layout, d.ministry, d.title, d.published, d.line_count,
                   (SELECT COUNT(*) FROM policy p WHERE p.document_id = d.id) AS policies,
                   (SELECT COUNT(*) FROM field f WHERE f.document_id = d.id) AS fields,
                   (SELECT COUNT(*) FROM series s WHERE s.document_id = d.id) AS series,
                   (SELECT COALESCE(SUM(u.end_line - u.line + 1), 0) FROM unparsed_block u WHERE u.document_id = d.id) AS unparsed,
                   d.warning_count
            FROM document d ORDER BY d.source LIMIT ? OFFSET ?
            """, arguments: [page?.limit ?? -1, page?.offset ?? 0]).map { row in
            DocumentSummary(
                id: row["id"], source: row["source"],
                kind: DocumentKind(rawValue: row["kind"]) ?? .unknown,
                layout: ReportLayout(rawValue: row["layout"]) ?? .generic,
                ministry: row["ministry"], title: row["title"],
                published: (row["published"] as String?).flatMap(CalendarDate.init(iso8601:)),
                policyCount: row["policies"], fieldCount: row["fields"], seriesCount: row["series"],
                unparsedLineCount: row["unparsed"], warningCount: row["warning_count"], lineCount: row["line_count"]
            )
        }
    }

    public func documentCount() async throws -> Int {
        try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document") ?? 0 }
    }

    public func documentCounts() async throws -> [DocumentCount] {
        try await database.read { db in
            DocumentCount.merged(try Row.fetchAll(db, sql: "SELECT ministry, published, COUNT(*) AS documents FROM document GROUP BY ministry, published")
                .map { row -> (ministry: String?, published: String?, documents: Int) in (row["ministry"], row["published"], row["documents"]) })
        }
    }

    public func reviewTotals(kind: DocumentKind) async throws -> ReviewTotals {
        // One snapshot: the counts and the editions they are completed with.
        try await database.read { db in
            let groups = try Row.fetchAll(db, sql: """
                SELECT measure, value, edition, ministry, SUM(count) AS count FROM review_count
                WHERE kind = ? GROUP BY measure, value, edition, ministry
                """, arguments: [kind.rawValue]).map { row in
                ReviewTotals.Group(measure: row["measure"], value: row["value"], edition: row["edition"], ministry: row["ministry"], count: row["count"])
            }
            return ReviewTotals(groups: groups, libraryEditions: try Self.bluebookEditions(in: db))
        }
    }

    public func storedReviewsWithBreakdowns(kind: DocumentKind, limit: Int) async throws -> [SourcedReview] {
        let rows = try await database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.document_id, c.source, r.review_json FROM review_count c JOIN document_review r ON r.document_id = c.document_id
                WHERE c.measure = 'breakdown' AND c.kind = ? ORDER BY c.source LIMIT ?
                """, arguments: [kind.rawValue, limit]).map { (id: $0["document_id"] as String, source: $0["source"] as String, json: $0["review_json"] as String) }
        }
        return try rows.map { SourcedReview(documentID: $0.id, source: $0.source, review: try StoredReview.decoded($0.json, documentID: $0.id)) }
    }

    public func report(matching reference: String) async throws -> EvaluationReport? {
        let json: (id: String, json: String)? = try await database.read { db -> (id: String, json: String)? in
            if let row = try Row.fetchOne(db, sql: "SELECT id, report_json FROM document WHERE id = ? OR source = ?", arguments: [reference, reference]) {
                return (row["id"], row["report_json"])
            }
            guard reference.count >= 3 else { return nil }
            // An id prefix (4 characters or more), else a file-name prefix such as 「003」.
            // Column names come from this fixed list; the reference itself is always a bound parameter.
            for (column, minimum) in [("id", 4), ("source", 3)] where reference.count >= minimum {
                let rows = try Row.fetchAll(db, sql: "SELECT id, source, report_json FROM document WHERE \(column) LIKE ? ESCAPE '\\' ORDER BY \(column)",
                                            arguments: [Self.likePrefix(reference)])
                if rows.count > 1 { throw StoreError.ambiguousReference(reference, candidates: rows.map { $0[column] }) }
                if let row = rows.first { return (row["id"], row["report_json"]) }
            }
            return nil
        }
        return try json.map { try Self.decode($0.json, id: $0.id) }
    }

    public func allReports() async throws -> [EvaluationReport] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, report_json FROM document ORDER BY source").map { row in
                try Self.decode(row["report_json"], id: row["id"])
            }
        }
    }

    public func sourceText(documentID: String) async throws -> String? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT source_text FROM document WHERE id = ?", arguments: [documentID])
        }
    }

    public func search(_ query: SearchQuery) async throws -> [SearchHit] {
        try await database.read { db in try Library.search(query, in: db) }
    }

    public func searchCount(_ query: SearchQuery) async throws -> SearchCount {
        try await database.read { db in try Library.count(query, in: db) }
    }

    public func searchResults(_ query: SearchQuery) async throws -> SearchResults {
        try await database.read { db in try Library.results(query, in: db) }
    }

    public func facts(documentID: String?) async throws -> [Fact] {
        try await database.read { db in try Library.facts(documentID: documentID, in: db) }
    }

    public func confirm(_ link: EvidenceLink) async throws {
        try await database.write { db in try Library.confirm(link, in: db) }
    }

    public func confirmedLinks(documentID: String?) async throws -> [EvidenceLink] {
        try await database.read { db in try Library.confirmedLinks(documentID: documentID, in: db) }
    }

    public func storedReview(documentID: String) async throws -> StoredReview? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT review_json FROM document_review WHERE document_id = ?", arguments: [documentID])
                .map { try StoredReview.decoded($0, documentID: documentID) }
        }
    }

    public func storedReviews(kind: DocumentKind) async throws -> [String: StoredReview] {
        // Read in one snapshot, decoded outside it: the JSON is small, the decoding is the work.
        let rows = try await database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.document_id, r.review_json FROM document_review r JOIN document d ON d.id = r.document_id WHERE d.kind = ?
                """, arguments: [kind.rawValue]).map { (id: $0["document_id"] as String, json: $0["review_json"] as String) }
        }
        return try Dictionary(uniqueKeysWithValues: rows.map { ($0.id, try StoredReview.decoded($0.json, documentID: $0.id)) })
    }

    public func bluebookEditions() async throws -> Set<Int> {
        try await database.read { db in try Self.bluebookEditions(in: db) }
    }

    /// The editions' years, from the index on `kind` and `published`.
    static func bluebookEditions(in db: Database) throws -> Set<Int> {
        Set(try String.fetchAll(db, sql: "SELECT published FROM document WHERE kind = ? AND published IS NOT NULL",
                                arguments: [DocumentKind.bluebook.rawValue]).compactMap { CalendarDate(iso8601: $0)?.year })
    }

    /// Runs `body` in one write transaction, off the caller's thread.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await database.write(body)
    }

    /// Runs statements in a write transaction: for tests that need to damage or constrain the database.
    package func write<T>(_ body: (Database) throws -> T) throws -> T {
        try database.write(body)
    }

    /// Runs a read-only query: for tests and for features that ask across documents.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try database.read(body)
    }

    private static func decode(_ json: String, id: String) throws -> EvaluationReport {
        do {
            return try JSONDecoder().decode(EvaluationReport.self, from: Data(json.utf8))
        } catch {
            throw StoreError.corruptDocument(id: id, reason: "\(error)")
        }
    }

    /// A LIKE pattern matching values that start with `prefix` literally.
    private static func likePrefix(_ prefix: String) -> String {
        prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
