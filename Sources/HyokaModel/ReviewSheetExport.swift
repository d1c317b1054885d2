/// What one read of the RS export produced: the projects of each 事業年度 and
/// an account of every file read, so that a reader can check that every
/// record of every file was kept.
public struct ReviewSheetExport: Sendable {
    public var projects: [ReviewProject]
    public var files: [ReviewTableFile]
    /// Problems that did not stop the import: an unknown table or column, a record whose organisation disagrees with its project's.
    public var warnings: [String]

    public init(projects: [ReviewProject], files: [ReviewTableFile], warnings: [String]) {
        self.projects = projects
        self.files = files
        self.warnings = warnings
    }

    /// The 事業年度 the export covers, ascending.
    public var fiscalYears: [Int] { Array(Set(projects.map(\.fiscalYear))).sorted() }

    /// Records kept per table, counted from the projects (not from the files): equal to `recordCount` of each file when nothing was lost.
    public var storedRecordCounts: [ReviewTable: Int] { ReviewProject.recordCounts(projects) }
}

extension ReviewProject {
    /// Records per table over `projects`, each total and each account row of 2-1 counted once.
    public static func recordCounts(_ projects: [ReviewProject]) -> [ReviewTable: Int] {
        var counts: [ReviewTable: Int] = [:]
        for project in projects {
            for record in project.records { counts[record.table, default: 0] += 1 }
        }
        return counts
    }
}

/// One CSV file as read: which table its header named, its columns, and how many records it held.
public struct ReviewTableFile: Codable, Hashable, Sendable {
    /// The file name (「2-1_RS_2024_予算・執行_サマリ.csv」, or 「rs.zip/2-1_…csv」 inside a zip).
    public var file: String
    public var table: ReviewTable
    public var columns: [String]
    /// Data records in the file (lines after the header, one record each in this export).
    public var recordCount: Int
    /// Columns the reader does not know: their cells are kept raw in each record's `source.raw`.
    public var unknownColumns: [String]

    public init(file: String, table: ReviewTable, columns: [String], recordCount: Int, unknownColumns: [String]) {
        self.file = file
        self.table = table
        self.columns = columns
        self.recordCount = recordCount
        self.unknownColumns = unknownColumns
    }
}
