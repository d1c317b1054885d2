import Foundation
import HyokaModel
import HyokaStore
import PostgresNIO

/// Writes a batch of documents inside the caller's transaction: decide the
/// outcomes (`SavePlan`), delete what is replaced, then insert each table's
/// rows for the whole batch with multi-row statements.
struct PostgresWriter {
    let connection: PostgresConnection
    let logger: Logger

    /// Columns of `passage` after `PassageRows.columns`.
    static let searchColumns = ["tokens", "token_count", "search_vector", "positions_complete"]

    func save(_ documents: [StoredDocument], json: [(report: String, review: String)], importedAt: String) async throws -> [SaveOutcome] {
        // One writer at a time, as in SQLite: outcomes are decided from what is stored, and must stay true until COMMIT.
        // Readers are not blocked.
        try await connection.query("LOCK TABLE document IN SHARE ROW EXCLUSIVE MODE", logger: logger)
        let batch = documents.map { (id: $0.report.id, source: $0.report.source) }
        let plan = SavePlan(stored: try await stored(matching: batch), batch: batch)
        try await delete(plan.replacedIDs)
        // A large import is written a slice of documents at a time, so that only one slice's rows are in memory.
        var start = 0
        while start < plan.survivors.count {
            let slice = plan.survivors[start..<min(plan.survivors.count, start + Self.documentsPerSlice)]
            try await insert(slice.map { DocumentRows(documents[$0], json: json[$0], importedAt: importedAt) })
            start += slice.count
        }
        return plan.outcomes
    }

    /// Indexes every stored document's passages again, from its export JSON:
    /// for a migration that changes what search indexes or how it tokenises.
    func reindexPassages() async throws {
        try await connection.query("DELETE FROM passage", logger: logger)
        try await connection.query("UPDATE passage_stats SET passages = 0, tokens = 0", logger: logger)
        var reports: [String] = []
        for try await json in try await connection.query("SELECT report_json FROM document ORDER BY source", logger: logger).decode(String.self) {
            reports.append(json)
        }
        let inserter = RowInserter(connection: connection, logger: logger)
        for json in reports {
            let report = try JSONDecoder().decode(EvaluationReport.self, from: Data(json.utf8))
            try await insert(PassageRows.of(report), with: inserter)
        }
    }

    /// Reviews every stored document that has no stored review, and stores
    /// its review: for the migration that adds stored reviews. One document
    /// is read at a time, so memory stays flat however many are stored.
    func reviewDocuments() async throws {
        var ids: [String] = []
        let unreviewed = "SELECT id FROM document WHERE id NOT IN (SELECT document_id FROM document_review) ORDER BY source"
        for try await id in try await connection.query(PostgresQuery(unsafeSQL: unreviewed), logger: logger).decode(String.self) { ids.append(id) }
        for id in ids {
            var report: EvaluationReport?
            var text = ""
            for try await (json, source) in try await connection.query("SELECT report_json, source_text FROM document WHERE id = \(id)", logger: logger)
                .decode((String, String).self) {
                report = try PostgresStore.decode(json, id: id)
                text = source
            }
            guard let report else { continue }
            var facts: [Fact] = []
            for try await row in try await connection.query("SELECT * FROM fact WHERE document_id = \(id) ORDER BY line, id", logger: logger) {
                facts.append(try PostgresStore.fact(row.makeRandomAccess()))
            }
            let review = try StoredDocument(report: report, sourceText: text, facts: facts).encoded().review
            try await connection.query("INSERT INTO document_review (document_id, review_json) VALUES (\(id), \(review))", logger: logger)
        }
    }

    /// Documents whose rows are built and inserted together.
    static let documentsPerSlice = 100

    private func insert(_ rows: [DocumentRows]) async throws {
        let inserter = RowInserter(connection: connection, logger: logger)
        try await inserter.insert(into: "document", columns: DocumentRows.documentColumns, rows: rows.map(\.document.binds))
        for (index, table) in (rows.first?.tables ?? []).enumerated() {
            try await inserter.insert(into: table.table, columns: table.columns, rows: rows.flatMap { $0.tables[index].rows.map(\.binds) })
        }
        try await insert(rows.flatMap(\.series), with: inserter)
        try await insert(rows.flatMap(\.passages), with: inserter)
    }

    /// Stored documents that share an id or a source with the batch.
    private func stored(matching batch: [(id: String, source: String)]) async throws -> [(id: String, source: String)] {
        let ids = batch.map(\.id)
        let sources = batch.map(\.source)
        var result: [(id: String, source: String)] = []
        let rows = try await connection.query("SELECT id, source FROM document WHERE id = ANY(\(ids)) OR source = ANY(\(sources))", logger: logger)
        for try await (id, source) in rows.decode((String, String).self) {
            result.append((id, source))
        }
        return result
    }

    /// Deletes documents (their projections follow by cascade) and takes
    /// their passages out of the search statistics.
    private func delete(_ ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        try await connection.query("""
            WITH gone AS (DELETE FROM passage WHERE document_id = ANY(\(ids)) RETURNING token_count)
            UPDATE passage_stats SET passages = passages - (SELECT count(*) FROM gone),
                                     tokens = tokens - (SELECT COALESCE(sum(token_count), 0) FROM gone)
            """, logger: logger)
        try await connection.query("DELETE FROM document WHERE id = ANY(\(ids))", logger: logger)
    }

    /// Series take ids from their sequence first, so that their points can
    /// name them in the same multi-row insert.
    private func insert(_ series: [SeriesRows], with inserter: RowInserter) async throws {
        guard !series.isEmpty else { return }
        var ids: [Int] = []
        let rows = try await connection.query(
            "SELECT nextval(pg_get_serial_sequence('series', 'id')) FROM generate_series(1, \(series.count))", logger: logger)
        for try await id in rows.decode(Int.self) { ids.append(id) }
        try await inserter.insert(into: "series", columns: ["id"] + SeriesRows.columns,
                                  rows: zip(ids, series).map { [.column(.integer($0))] + $1.series.binds })
        try await inserter.insert(into: "series_point", columns: ["series_id"] + SeriesRows.pointColumns,
                                  rows: zip(ids, series).flatMap { id, series in series.points.map { [.column(.integer(id))] + $0.binds } })
    }

    /// Passages with their tokens, token count and search vector, and the
    /// statistics BM25 reads (see `BM25`).
    func insert(_ passages: [PassageRows], with inserter: RowInserter) async throws {
        guard !passages.isEmpty else { return }
        let rows = passages.map { passage -> [Bind] in
            let vector = SearchVector.literal(passage.tokens)
            return passage.passage.binds + [
                .texts(passage.tokens), .column(.integer(passage.tokens.count)), .column(.text(vector.literal)), .column(.boolean(vector.complete)),
            ]
        }
        try await inserter.insert(into: "passage", columns: PassageRows.columns + Self.searchColumns, rows: rows,
                                  casts: ["search_vector": "tsvector"])
        let tokens = passages.reduce(0) { $0 + $1.tokens.count }
        try await connection.query(
            "UPDATE passage_stats SET passages = passages + \(passages.count), tokens = tokens + \(tokens)", logger: logger)
    }
}
