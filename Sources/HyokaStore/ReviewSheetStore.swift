import Foundation
import HyokaModel

/// A store of review-sheet projects (行政事業レビュー, the RS export), beside the evaluations.
///
/// Both stores implement it alike and pass the same tests. A project is kept
/// whole as JSON (the faithful copy `hyoka project` reads), with projections
/// for listing and totals: one row per project, per 予算年度 (total rows
/// only, so sums never count the per-account rows twice) and per 政策・施策.
public protocol ReviewSheetStore: Sendable {
    /// Stores the projects of `export`. Every 事業年度 it holds replaces the
    /// stored projects of that year in one transaction; other years stay.
    @discardableResult
    func saveReviewSheets(_ export: ReviewSheetExport) async throws -> ReviewSheetSaveOutcome

    /// Projects in brief, by 事業年度 and 予算事業ID.
    func reviewProjectSummaries(_ filter: ReviewProjectFilter) async throws -> [ReviewProjectSummary]

    /// Projects whole; all years unless `fiscalYear` is given.
    func reviewProjects(fiscalYear: Int?) async throws -> [ReviewProject]

    /// Projects whole of one ministry (政策所管府省庁), every 事業年度: what the
    /// linker needs for one evaluation, since a link never crosses ministries.
    func reviewProjects(ministry: String) async throws -> [ReviewProject]

    /// One project, of `fiscalYear` or, when nil, of the latest 事業年度 stored.
    func reviewProject(id: Int, fiscalYear: Int?) async throws -> ReviewProject?

    /// The files read for the stored years, with their record counts.
    func reviewSheetFiles() async throws -> [StoredReviewTableFile]

    /// Passages of the stored sheets that match `query`, best first (see
    /// `ProjectSearchHit`). `query.ministry` is the 政策所管府省庁 and
    /// `query.year` the sheet's 事業年度; a query for one `kind` of document finds no sheet.
    func searchReviewSheets(_ query: SearchQuery) async throws -> [ProjectSearchHit]

    /// Records a reviewer's decision on a link; a later decision on the same link replaces it.
    func decide(_ link: ReviewProjectLink, _ decision: ReviewLinkDecision.Decision) async throws

    /// Every decision, by document, line and project.
    func linkDecisions() async throws -> [ReviewLinkDecision]
}

/// What saving an export did, per 事業年度.
public struct ReviewSheetSaveOutcome: Sendable, Equatable {
    /// Years that were not stored before.
    public var inserted: [Int]
    /// Years whose stored projects were replaced.
    public var replaced: [Int]
    public var projectCount: Int

    public init(inserted: [Int], replaced: [Int], projectCount: Int) {
        self.inserted = inserted
        self.replaced = replaced
        self.projectCount = projectCount
    }
}

/// Which projects a listing shows.
public struct ReviewProjectFilter: Sendable, Equatable {
    /// 政策所管府省庁, exactly.
    public var ministry: String?
    /// Text inside a 政策 or 施策 the project serves.
    public var measure: String?
    public var fiscalYear: Int?

    public init(ministry: String? = nil, measure: String? = nil, fiscalYear: Int? = nil) {
        self.ministry = ministry
        self.measure = measure
        self.fiscalYear = fiscalYear
    }
}

/// A file read for a stored 事業年度.
public struct StoredReviewTableFile: Sendable, Equatable, Codable {
    public var fiscalYear: Int
    public var file: ReviewTableFile
    public var importedAt: String

    public init(fiscalYear: Int, file: ReviewTableFile, importedAt: String) {
        self.fiscalYear = fiscalYear
        self.file = file
        self.importedAt = importedAt
    }
}

/// The rows an export becomes, the same for both stores.
public struct ReviewSheetRows: Sendable {
    public static let projectColumns = [
        "fiscal_year", "project_id", "name", "ministry", "bureau", "verdict", "budget_year", "available", "execution", "project_json",
    ]
    public static let budgetYearColumns = [
        "fiscal_year", "project_id", "budget_year", "initial", "supplementary", "carried_in", "reserve", "available", "execution",
        "execution_rate", "carried_forward", "next_year_request", "summed_from_accounts", "file", "line",
    ]
    public static let policyLinkColumns = ["fiscal_year", "project_id", "ordinal", "ministry", "policy", "measure", "url", "file", "line"]
    public static let fileColumns = ["fiscal_year", "file", "table_code", "columns_json", "record_count", "unknown_columns_json", "imported_at"]

    public var projects: [[ColumnValue]] = []
    public var budgetYears: [[ColumnValue]] = []
    public var policyLinks: [[ColumnValue]] = []
    public var files: [[ColumnValue]] = []
    /// The sheets' passages for search, tokenised: built with the JSON, before
    /// the transaction, so a save holds its lock only while it writes.
    public var passages: [ReviewSheetPassageRows] = []

    /// Every row an export becomes, its files' rows stamped `importedAt`:
    /// what the PostgreSQL store copies in its save. The two costly parts,
    /// JSON and tokenised passages, are made slice by slice across the cores.
    /// (The SQLite store builds the same rows in slices while it writes them:
    /// `ReviewSheetRowSlices`.)
    public init(_ export: ReviewSheetExport, importedAt: String) async throws {
        let parts = try await Self.concurrently(export.projects) { try ReviewSheetRows(building: $0) }
        projects = parts.flatMap(\.projects)
        budgetYears = parts.flatMap(\.budgetYears)
        policyLinks = parts.flatMap(\.policyLinks)
        passages = parts.flatMap(\.passages)
        files = try Self.files(export, importedAt: importedAt)
    }

    /// The rows of `projects`, JSON and tokenised passages included, built on
    /// the caller's core: one slice of an export (no files' rows).
    public init(building projects: [ReviewProject]) throws {
        self.init(projects: projects, json: try Self.encode(projects))
        passages = ReviewSheetPassageRows.rows(projects)
    }

    /// The rows of `projects` (already encoded as `json`, one per project).
    public init(projects: [ReviewProject], json: [String]) {
        for (project, json) in zip(projects, json) {
            let summary = project.summary
            appendProject(summary, json: json)
            for year in project.budgetYears {
                let total = year.total
                budgetYears.append([
                    .integer(project.fiscalYear), .integer(project.projectID), .integer(year.year), Self.amount(year.initial),
                    Self.amount(year.supplementary), Self.amount(total?.carriedIn), Self.amount(total?.reserve), Self.amount(year.available),
                    Self.amount(year.execution), year.executionRate.map(ColumnValue.real) ?? .null, Self.amount(total?.carriedForward),
                    Self.amount(total?.nextYearRequest), .boolean(year.summedFromAccounts),
                    .text(total?.source.file ?? year.accounts.first?.source.file ?? ""),
                    .integer(total?.source.line ?? year.accounts.first?.source.line ?? 0),
                ])
            }
            for (ordinal, link) in project.policyLinks.enumerated() where link.policy != nil || link.measure != nil {
                policyLinks.append([
                    .integer(project.fiscalYear), .integer(project.projectID), .integer(ordinal), link.ministry.columnValue,
                    link.policy.columnValue, link.measure.columnValue, link.url.columnValue, .text(link.source.file), .integer(link.source.line),
                ])
            }
        }
    }

    /// The rows of the files read, once per 事業年度 of the export.
    public static func files(_ export: ReviewSheetExport, importedAt: String) throws -> [[ColumnValue]] {
        let encoder = JSONEncoder()
        return try export.fiscalYears.flatMap { year in
            try export.files.map { file in
                [
                    .integer(year), .text(file.file), .text(file.table.rawValue), .text(String(decoding: try encoder.encode(file.columns), as: UTF8.self)),
                    .integer(file.recordCount), .text(String(decoding: try encoder.encode(file.unknownColumns), as: UTF8.self)), .text(importedAt),
                ]
            }
        }
    }

    private mutating func appendProject(_ summary: ReviewProjectSummary, json: String) {
        projects.append([
            .integer(summary.fiscalYear), .integer(summary.projectID), .text(summary.name), .text(summary.ministry), .text(summary.bureau),
            summary.verdict.columnValue, summary.budgetYear.columnValue, Self.amount(summary.available), Self.amount(summary.execution), .text(json),
        ])
    }

    static func amount(_ value: Int64?) -> ColumnValue { value.map { .integer(Int($0)) } ?? .null }

    /// Projects as JSON, encoded before any transaction: one that cannot be encoded stops the import before anything is written.
    /// Written by `StoredJSON` (compact, streamed), which `decodeProject`'s `JSONDecoder` reads back as it read `JSONEncoder`'s.
    public static func encode(_ projects: [ReviewProject]) throws -> [String] {
        try projects.map { try StoredJSON.encode($0) }
    }

    /// `encode`, split across the cores (see `concurrently`).
    public static func encodeConcurrently(_ projects: [ReviewProject], slices: Int? = nil) async throws -> [String] {
        try await concurrently(projects, slices: slices) { try encode($0) }.flatMap { $0 }
    }

    /// `work` over contiguous slices of `projects` at once, the results in
    /// the slices' order. Each project's rows depend on it alone, so slices
    /// need no coordination; encoding and tokenising are most of a save's
    /// work before its transaction (the full RS export is some 5,700
    /// projects holding 240,000 records).
    /// - Parameter slices: how many parts at once; by default one per core,
    ///   none smaller than 64 projects (a task per handful would cost more than it saves).
    static func concurrently<Part: Sendable>(_ projects: [ReviewProject], slices: Int? = nil,
                                             _ work: @escaping @Sendable ([ReviewProject]) throws -> Part) async throws -> [Part] {
        let sliceCount = max(1, min(slices ?? min(ProcessInfo.processInfo.activeProcessorCount, projects.count / 64), projects.count))
        guard sliceCount > 1 else { return [try work(projects)] }
        let sliceSize = (projects.count + sliceCount - 1) / sliceCount
        return try await withThrowingTaskGroup(of: (Int, Part).self) { group in
            for start in stride(from: 0, to: projects.count, by: sliceSize) {
                let slice = Array(projects[start..<min(projects.count, start + sliceSize)])
                group.addTask { (start, try work(slice)) }
            }
            var parts: [Int: Part] = [:]
            for try await (start, part) in group { parts[start] = part }
            return parts.keys.sorted().map { parts[$0]! }
        }
    }

    public static func decodeProject(_ json: String, fiscalYear: Int, projectID: Int) throws -> ReviewProject {
        do {
            return try JSONDecoder().decode(ReviewProject.self, from: Data(json.utf8))
        } catch {
            throw StoreError.corruptDocument(id: "review project \(fiscalYear)/\(projectID)", reason: "\(error)")
        }
    }

    public static func decodeFile(fiscalYear: Int, file: String, table: String, columns: String, recordCount: Int, unknown: String,
                                  importedAt: String) throws -> StoredReviewTableFile {
        let decoder = JSONDecoder()
        return StoredReviewTableFile(fiscalYear: fiscalYear, file: ReviewTableFile(
            file: file, table: ReviewTable(rawValue: table) ?? .unknown, columns: try decoder.decode([String].self, from: Data(columns.utf8)),
            recordCount: recordCount, unknownColumns: try decoder.decode([String].self, from: Data(unknown.utf8))), importedAt: importedAt)
    }

    public static func encodeLink(_ link: ReviewProjectLink) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(link), as: UTF8.self)
    }

    public static func decodeLink(_ json: String) throws -> ReviewProjectLink {
        do {
            return try JSONDecoder().decode(ReviewProjectLink.self, from: Data(json.utf8))
        } catch {
            throw StoreError.corruptDocument(id: "review link", reason: "\(error)")
        }
    }
}
