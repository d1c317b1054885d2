import Foundation
import HyokaModel
import HyokaStore
import PostgresNIO

extension PostgresStore: ReviewSheetStore {
    @discardableResult
    public func saveReviewSheets(_ export: ReviewSheetExport) async throws -> ReviewSheetSaveOutcome {
        try await saveReviewSheets(export, parallelism: ReviewSheetPassageLoad.defaultParallelism)
    }

    /// `saveReviewSheets(_:)`, its passages loaded in up to `parallelism` slices a year
    /// of at least `tokensPerSlice` tokens each (see `ReviewSheetPassageLoad`).
    @discardableResult
    func saveReviewSheets(_ export: ReviewSheetExport, parallelism: Int,
                          tokensPerSlice: Int = ReviewSheetPassageLoad.tokensPerSlice) async throws -> ReviewSheetSaveOutcome {
        let rows = try await ReviewSheetRows(export, importedAt: ISO8601DateFormatter().string(from: Date()))
        let years = export.fiscalYears
        let passages = ReviewSheetPassageLoad(rows: rows, store: self, parallelism: parallelism, tokensPerSlice: tokensPerSlice)
        // The passages are copied and indexed on connections of their own while the transaction copies the projects.
        // A task of its own, not a child: the transaction waits for it midway, inside the pool's connection closure.
        let loading = Task { try await passages.loadAll() }
        do {
            return try await withTaskCancellationHandler {
                let copies = await ReviewSheetCopies(rows)
                return try await perform("saving \(export.projects.count) review-sheet projects") {
                    try await client.withConnection { connection in
                        try await transaction(on: connection) {
                            // One writer at a time: which years were stored must stay true until COMMIT.
                            try await connection.query("LOCK TABLE rs_project IN SHARE ROW EXCLUSIVE MODE", logger: logger)
                            try await compressWithLZ4(on: connection)
                            var stored: Set<Int> = []
                            let found = try await connection.query(
                                "SELECT fiscal_year FROM rs_project UNION SELECT fiscal_year FROM rs_file", logger: logger)
                            for try await year in found.decode(Int.self) { stored.insert(year) }
                            try await passages.dropOrphans(on: connection)
                            // The old passages go with their partitions, so that deleting their projects cascades to nothing.
                            try await passages.dropPartitions(ofYears: years, on: connection)
                            try await connection.query("DELETE FROM rs_project WHERE fiscal_year = ANY(\(years))", logger: logger)
                            try await connection.query("DELETE FROM rs_file WHERE fiscal_year = ANY(\(years))", logger: logger)
                            let inserter = RowInserter(connection: connection, logger: logger)
                            for table in copies.tables {
                                try await inserter.copy(table)
                            }
                            try await passages.attach(try await loading.value, on: connection)
                            return ReviewSheetSaveOutcome(inserted: years.filter { !stored.contains($0) }, replaced: years.filter(stored.contains),
                                                          projectCount: export.projects.count)
                        }
                    }
                }
            } onCancel: {
                loading.cancel()
            }
        } catch {
            // The loads end (cancelled) before the tables they committed are dropped.
            loading.cancel()
            _ = try? await loading.value
            await passages.dropLoadedTables()
            throw error
        }
    }

    public func reviewProjectSummaries(_ filter: ReviewProjectFilter) async throws -> [ReviewProjectSummary] {
        try await perform("listing review-sheet projects") {
            // Each condition is bound; a nil parameter switches its condition off.
            try await rows("""
                SELECT fiscal_year, project_id, name, ministry, bureau, verdict, budget_year, available, execution
                FROM rs_project p
                WHERE (\(filter.ministry)::text IS NULL OR p.ministry = \(filter.ministry))
                  AND (\(filter.fiscalYear)::bigint IS NULL OR p.fiscal_year = \(filter.fiscalYear))
                  AND (\(filter.measure)::text IS NULL OR EXISTS (
                        SELECT 1 FROM rs_policy_link l WHERE l.fiscal_year = p.fiscal_year AND l.project_id = p.project_id
                        AND (strpos(l.policy, \(filter.measure)) > 0 OR strpos(l.measure, \(filter.measure)) > 0)))
                ORDER BY fiscal_year, project_id
                """).map { row in
                ReviewProjectSummary(
                    fiscalYear: try row["fiscal_year"].decode(Int.self), projectID: try row["project_id"].decode(Int.self),
                    name: try row["name"].decode(String.self), ministry: try row["ministry"].decode(String.self),
                    bureau: try row["bureau"].decode(String.self), verdict: try row["verdict"].decode(String?.self),
                    budgetYear: try row["budget_year"].decode(Int?.self), available: try row["available"].decode(Int64?.self),
                    execution: try row["execution"].decode(Int64?.self))
            }
        }
    }

    public func reviewProjects(fiscalYear: Int?) async throws -> [ReviewProject] {
        try await perform("reading review-sheet projects") {
            try await rows("""
                SELECT fiscal_year, project_id, project_json FROM rs_project
                WHERE \(fiscalYear)::bigint IS NULL OR fiscal_year = \(fiscalYear) ORDER BY fiscal_year, project_id
                """).map(Self.project)
        }
    }

    public func reviewProjects(ministry: String) async throws -> [ReviewProject] {
        try await perform("reading the review-sheet projects of \(ministry)") {
            try await rows("""
                SELECT fiscal_year, project_id, project_json FROM rs_project
                WHERE ministry = \(ministry) ORDER BY fiscal_year, project_id
                """).map(Self.project)
        }
    }

    public func reviewProject(id: Int, fiscalYear: Int?) async throws -> ReviewProject? {
        try await perform("reading review-sheet project \(id)") {
            try await rows("""
                SELECT fiscal_year, project_id, project_json FROM rs_project
                WHERE project_id = \(id) AND (\(fiscalYear)::bigint IS NULL OR fiscal_year = \(fiscalYear))
                ORDER BY fiscal_year DESC LIMIT 1
                """).first.map(Self.project)
        }
    }

    private static func project(_ row: PostgresRandomAccessRow) throws -> ReviewProject {
        try ReviewSheetRows.decodeProject(try row["project_json"].decode(String.self), fiscalYear: try row["fiscal_year"].decode(Int.self),
                                          projectID: try row["project_id"].decode(Int.self))
    }

    public func reviewSheetFiles() async throws -> [StoredReviewTableFile] {
        try await perform("listing review-sheet files") {
            try await rows("SELECT * FROM rs_file ORDER BY fiscal_year, file").map { row in
                try ReviewSheetRows.decodeFile(
                    fiscalYear: try row["fiscal_year"].decode(Int.self), file: try row["file"].decode(String.self),
                    table: try row["table_code"].decode(String.self), columns: try row["columns_json"].decode(String.self),
                    recordCount: try row["record_count"].decode(Int.self), unknown: try row["unknown_columns_json"].decode(String.self),
                    importedAt: try row["imported_at"].decode(String.self))
            }
        }
    }

    public func searchReviewSheets(_ query: SearchQuery) async throws -> [ProjectSearchHit] {
        try await perform("searching the review sheets") { try await PostgresReviewSheetSearch(store: self).search(query) }
    }

    public func decide(_ link: ReviewProjectLink, _ decision: ReviewLinkDecision.Decision) async throws {
        let json = try ReviewSheetRows.encodeLink(link)
        let decidedAt = ISO8601DateFormatter().string(from: Date())
        try await perform("recording a link decision") {
            _ = try await client.query("""
                INSERT INTO rs_link_decision (document_id, line, fiscal_year, project_id, decision, link_json, decided_at)
                VALUES (\(link.document), \(link.line), \(link.fiscalYear), \(link.projectID), \(decision.rawValue), \(json), \(decidedAt))
                ON CONFLICT (document_id, line, fiscal_year, project_id) DO UPDATE
                SET decision = EXCLUDED.decision, link_json = EXCLUDED.link_json, decided_at = EXCLUDED.decided_at
                """, logger: logger)
        }
    }

    public func linkDecisions() async throws -> [ReviewLinkDecision] {
        try await perform("listing link decisions") {
            try await rows("SELECT decision, link_json, decided_at FROM rs_link_decision ORDER BY document_id, line, fiscal_year, project_id").map { row in
                ReviewLinkDecision(link: try ReviewSheetRows.decodeLink(try row["link_json"].decode(String.self)),
                                   decision: ReviewLinkDecision.Decision(rawValue: try row["decision"].decode(String.self)) ?? .rejected,
                                   decidedAt: try row["decided_at"].decode(String.self))
            }
        }
    }
}

/// The tables a review-sheet save writes, in the binary format of
/// `COPY … FROM STDIN` (`BinaryCopy`): COPY, not INSERT, because it is tens
/// of thousands of rows, among them 100 MB of project JSON, which the
/// binary format sends as it is, neither escaped here nor unescaped by the
/// server.
///
/// The projects and their small tables are written before the transaction,
/// one table per task across the cores, so that the transaction holds its
/// lock only while their bytes are sent; they stand in the order they are
/// copied (projects before the rows that refer to them). The passages, the
/// largest text and the server's longest parse, are written by
/// `writePassages`, in COPY's binary form, as each slice's COPY sends them
/// (`ReviewSheetPassageLoad`).
struct ReviewSheetCopies: Sendable {
    var tables: [CopyTable]

    init(_ rows: ReviewSheetRows) async {
        tables = await CopyTable.write([
            .rows("rs_project", ReviewSheetRows.projectColumns) { rows.projects.lazy.map(\.binds) },
            .rows("rs_budget_year", ReviewSheetRows.budgetYearColumns) { rows.budgetYears.lazy.map(\.binds) },
            .rows("rs_policy_link", ReviewSheetRows.policyLinkColumns) { rows.policyLinks.lazy.map(\.binds) },
            .rows("rs_file", ReviewSheetRows.fileColumns) { rows.files.lazy.map(\.binds) },
        ])
    }

    /// COPY messages written in one task and sent in another.
    typealias Messages = AsyncThrowingStream<ByteBuffer, any Error>

    /// Writes `passages` for `rs_passage` in COPY's binary form
    /// (`BinaryCopy`), a message at a time, into `messages`, and finishes it.
    /// When the task is cancelled (the save failed, or its caller gave up) it
    /// stops and ends `messages` with `CancellationError` instead: a COPY
    /// that read them then fails, and its transaction with it, rather than
    /// committing only the passages sent.
    static func writePassages(_ passages: some Sequence<ReviewSheetPassageRows>, to messages: Messages.Continuation) {
        var cancelled = false
        BinaryCopy.writeMessages(passages, write: { copy, passage in PostgresReviewSheetSearch.write(passage, to: &copy) }) { message in
            cancelled = Task.isCancelled
            if !cancelled { messages.yield(message) }
            return !cancelled
        }
        messages.finish(throwing: cancelled ? CancellationError() : nil)
    }
}
