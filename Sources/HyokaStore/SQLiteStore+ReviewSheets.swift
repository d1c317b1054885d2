import Foundation
import GRDB
import HyokaModel

extension SQLiteStore: ReviewSheetStore {
    @discardableResult
    public func saveReviewSheets(_ export: ReviewSheetExport) async throws -> ReviewSheetSaveOutcome {
        let files = try ReviewSheetRows.files(export, importedAt: ISO8601DateFormatter().string(from: Date()))
        let years = export.fiscalYears
        // The rows are built across the cores while the transaction writes those built before (see ReviewSheetRowSlices).
        let slices = ReviewSheetRowSlices(export.projects)
        let builder = Task { await slices.build() }
        let outcome: ReviewSheetSaveOutcome
        do {
            // A cancelled import wakes a transaction waiting for a slice; it rolls back.
            outcome = try await withTaskCancellationHandler { try await write(slices, files: files, years: years, projectCount: export.projects.count) }
                onCancel: { slices.cancel() }
        } catch {
            slices.cancel()
            await builder.value
            throw error
        }
        await builder.value
        return outcome
    }

    /// The save's transaction: the years replaced, then each slice's rows as it is built.
    private func write(_ slices: ReviewSheetRowSlices, files: [[ColumnValue]], years: [Int], projectCount: Int) async throws -> ReviewSheetSaveOutcome {
        try await writeTransaction { db in
            let stored = Set(try Int.fetchAll(db, sql: "SELECT DISTINCT fiscal_year FROM rs_project UNION SELECT DISTINCT fiscal_year FROM rs_file"))
            try ReviewSheetSearchIndex.remove(years: years, in: db)
            for year in years {
                // Projections go with their project by cascade.
                try db.execute(sql: "DELETE FROM rs_project WHERE fiscal_year = ?", arguments: [year])
                try db.execute(sql: "DELETE FROM rs_file WHERE fiscal_year = ?", arguments: [year])
            }
            var writer = SQLiteRowWriter(db)
            try ReviewSheetSearchIndex.withMergingDeferred(in: db) {
                for index in 0..<slices.count {
                    let rows = try slices.rows(index)
                    for row in rows.projects { try writer.insert(into: "rs_project", columns: ReviewSheetRows.projectColumns, row) }
                    for row in rows.budgetYears { try writer.insert(into: "rs_budget_year", columns: ReviewSheetRows.budgetYearColumns, row) }
                    for row in rows.policyLinks { try writer.insert(into: "rs_policy_link", columns: ReviewSheetRows.policyLinkColumns, row) }
                    try ReviewSheetSearchIndex.insert(rows.passages, with: &writer)
                }
            }
            for row in files { try writer.insert(into: "rs_file", columns: ReviewSheetRows.fileColumns, row) }
            return ReviewSheetSaveOutcome(inserted: years.filter { !stored.contains($0) }, replaced: years.filter(stored.contains),
                                          projectCount: projectCount)
        }
    }

    public func reviewProjectSummaries(_ filter: ReviewProjectFilter) async throws -> [ReviewProjectSummary] {
        try await database.read { db in
            var conditions: [String] = []
            var arguments: [DatabaseValueConvertible?] = []
            if let ministry = filter.ministry { conditions.append("p.ministry = ?"); arguments.append(ministry) }
            if let year = filter.fiscalYear { conditions.append("p.fiscal_year = ?"); arguments.append(year) }
            if let measure = filter.measure {
                conditions.append("""
                    EXISTS (SELECT 1 FROM rs_policy_link l WHERE l.fiscal_year = p.fiscal_year AND l.project_id = p.project_id
                            AND (instr(l.policy, ?) > 0 OR instr(l.measure, ?) > 0))
                    """)
                arguments += [measure, measure]
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: """
                SELECT fiscal_year, project_id, name, ministry, bureau, verdict, budget_year, available, execution
                FROM rs_project p \(whereClause) ORDER BY fiscal_year, project_id
                """, arguments: StatementArguments(arguments)).map { row in
                ReviewProjectSummary(fiscalYear: row["fiscal_year"], projectID: row["project_id"], name: row["name"], ministry: row["ministry"],
                                     bureau: row["bureau"], verdict: row["verdict"], budgetYear: row["budget_year"],
                                     available: row["available"], execution: row["execution"])
            }
        }
    }

    public func reviewProjects(fiscalYear: Int?) async throws -> [ReviewProject] {
        try await database.read { db in
            let sql = "SELECT fiscal_year, project_id, project_json FROM rs_project"
                + (fiscalYear == nil ? "" : " WHERE fiscal_year = ?") + " ORDER BY fiscal_year, project_id"
            return try Row.fetchAll(db, sql: sql, arguments: fiscalYear.map { [$0] } ?? []).map { row in
                try ReviewSheetRows.decodeProject(row["project_json"], fiscalYear: row["fiscal_year"], projectID: row["project_id"])
            }
        }
    }

    public func reviewProjects(ministry: String) async throws -> [ReviewProject] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT fiscal_year, project_id, project_json FROM rs_project WHERE ministry = ? ORDER BY fiscal_year, project_id",
                             arguments: [ministry]).map { row in
                try ReviewSheetRows.decodeProject(row["project_json"], fiscalYear: row["fiscal_year"], projectID: row["project_id"])
            }
        }
    }

    public func reviewProject(id: Int, fiscalYear: Int?) async throws -> ReviewProject? {
        try await database.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT fiscal_year, project_id, project_json FROM rs_project
                WHERE project_id = ? AND (? IS NULL OR fiscal_year = ?) ORDER BY fiscal_year DESC LIMIT 1
                """, arguments: [id, fiscalYear, fiscalYear])
            return try row.map { try ReviewSheetRows.decodeProject($0["project_json"], fiscalYear: $0["fiscal_year"], projectID: $0["project_id"]) }
        }
    }

    public func reviewSheetFiles() async throws -> [StoredReviewTableFile] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM rs_file ORDER BY fiscal_year, file").map { row in
                try ReviewSheetRows.decodeFile(fiscalYear: row["fiscal_year"], file: row["file"], table: row["table_code"], columns: row["columns_json"],
                                               recordCount: row["record_count"], unknown: row["unknown_columns_json"], importedAt: row["imported_at"])
            }
        }
    }

    public func searchReviewSheets(_ query: SearchQuery) async throws -> [ProjectSearchHit] {
        try await database.read { db in try ReviewSheetSearchIndex.search(query, in: db) }
    }

    public func decide(_ link: ReviewProjectLink, _ decision: ReviewLinkDecision.Decision) async throws {
        let json = try ReviewSheetRows.encodeLink(link)
        let decidedAt = ISO8601DateFormatter().string(from: Date())
        try await writeTransaction { db in
            try db.execute(sql: """
                INSERT INTO rs_link_decision (document_id, line, fiscal_year, project_id, decision, link_json, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (document_id, line, fiscal_year, project_id) DO UPDATE
                SET decision = excluded.decision, link_json = excluded.link_json, decided_at = excluded.decided_at
                """, arguments: [link.document, link.line, link.fiscalYear, link.projectID, decision.rawValue, json, decidedAt])
        }
    }

    public func linkDecisions() async throws -> [ReviewLinkDecision] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM rs_link_decision ORDER BY document_id, line, fiscal_year, project_id").map { row in
                ReviewLinkDecision(link: try ReviewSheetRows.decodeLink(row["link_json"]),
                                   decision: ReviewLinkDecision.Decision(rawValue: row["decision"]) ?? .rejected, decidedAt: row["decided_at"])
            }
        }
    }
}
