import Foundation
import HyokaModel
import ZIPFoundation

/// Reads the RS system's open data (行政事業レビュー): CSV files, folders of
/// them, or the zips the site serves, into `ReviewProject`s.
///
/// Every table is recognised by its header row (`TableRecognizer`), never by
/// its file name. A table or column the reader does not know is kept raw with
/// a warning. Everything is read before anything is returned: one bad file
/// fails the whole read, so a caller stores all or nothing.
public struct ReviewSheetReader: Sendable {
    public init() {}

    /// Whether `url` is input for this reader: a .csv or .zip file (by name; its header is checked when read).
    public static func accepts(_ url: URL) -> Bool {
        ["csv", "zip"].contains(url.pathExtension.lowercased())
    }

    /// Reads CSV files, zips, and folders of them (their .csv and .zip files, not sub-folders).
    public func read(_ urls: [URL]) throws -> ReviewSheetExport {
        try read(sources: try Self.sources(urls))
    }

    /// `read(_:)`, with the files parsed at once across the cores (`read(concurrently:)`).
    public func read(concurrently urls: [URL]) async throws -> ReviewSheetExport {
        try await read(concurrently: try Self.sources(urls))
    }

    /// Reads named CSV texts (name for messages and provenance, bytes as in the file).
    public func read(sources: [(name: String, data: Data)]) throws -> ReviewSheetExport {
        var assembly = ExportAssembly()
        for source in sources { try assembly.add(ParsedTable(name: source.name, data: source.data)) }
        return assembly.export
    }

    /// How many files are parsed ahead of the one being assembled.
    static let filesAhead = 2

    /// `read(sources:)`, the same export and the same first error, in less
    /// time: parsing a file's CSV needs nothing from the other files, so up
    /// to `filesAhead` files are parsed in child tasks while the records of
    /// the file before are assembled into projects, which must go in order.
    /// A file parsed early keeps its error until its turn, so a bad file is
    /// reported only once every file before it was assembled, as a read in
    /// order reports it. At most `filesAhead` + 1 files' records are held.
    public func read(concurrently sources: [(name: String, data: Data)]) async throws -> ReviewSheetExport {
        var assembly = ExportAssembly()
        try await withThrowingTaskGroup(of: (Int, ParsedTable).self) { group in
            var started = 0
            var parsed: [Int: ParsedTable] = [:]
            for index in sources.indices {
                while started < sources.count, started <= index + Self.filesAhead {
                    let position = started
                    let source = sources[position]
                    group.addTask { (position, await ParsedTable.parse(name: source.name, data: source.data)) }
                    started += 1
                }
                while parsed[index] == nil, let next = try await group.next() { parsed[next.0] = next.1 }
                if let table = parsed.removeValue(forKey: index) { try assembly.add(table) }
            }
        }
        return assembly.export
    }

    /// The named bytes of every CSV file `urls` stand for, in order: files, the .csv entries of zips, folders' files.
    static func sources(_ urls: [URL]) throws -> [(name: String, data: Data)] {
        var sources: [(name: String, data: Data)] = []
        for url in try Self.expand(urls) {
            if url.pathExtension.lowercased() == "zip" {
                sources += try Self.entries(ofZip: url)
            } else {
                sources.append((url.lastPathComponent, try Self.contents(of: url)))
            }
        }
        if sources.isEmpty { throw ReviewSheetError.noTable(source: urls.map(\.path).joined(separator: ", ")) }
        return sources
    }

    /// Files and the .csv/.zip files of folders, in name order within a folder.
    static func expand(_ urls: [URL]) throws -> [URL] {
        try urls.flatMap { url -> [URL] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw ReviewSheetError.unreadable(file: url.path, reason: "no such file or folder")
            }
            guard isDirectory.boolValue else { return [url] }
            let names = try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
            let found = names.map { url.appendingPathComponent($0) }.filter(accepts)
            if found.isEmpty { throw ReviewSheetError.noTable(source: url.path) }
            return found
        }
    }

    private static func contents(of url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw ReviewSheetError.unreadable(file: url.path, reason: error.localizedDescription)
        }
    }

    /// The .csv entries of a zip, named 「zip/entry」.
    static func entries(ofZip url: URL) throws -> [(name: String, data: Data)] {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw ReviewSheetError.unreadable(file: url.path, reason: "not a zip file (\(error))")
        }
        var entries: [(name: String, data: Data)] = []
        for entry in archive where entry.type == .file {
            let path = entry.path
            guard path.lowercased().hasSuffix(".csv"), !path.hasPrefix("__MACOSX/") else { continue }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            } catch {
                throw ReviewSheetError.unreadable(file: "\(url.lastPathComponent)/\(path)", reason: "\(error)")
            }
            entries.append(("\(url.lastPathComponent)/\(path)", data))
        }
        // A zip may carry other CSVs beside the tables; one with no table at all is not the RS export.
        if !entries.contains(where: { hasKeyColumn($0.data) }) { throw ReviewSheetError.noTable(source: url.path) }
        return entries
    }

    /// Whether the first line of a CSV names 予算事業ID: a look at the header only, before the file is read.
    static func hasKeyColumn(_ data: Data) -> Bool {
        let end = data.firstIndex(of: 0x0A) ?? data.endIndex
        guard let line = String(data: data[data.startIndex..<end], encoding: .utf8) else { return false }
        return line.split(separator: ",").contains { ColumnName.fold(String($0)).contains(ColumnName.fold(TableRecognizer.keyColumns[0])) }
    }
}

/// One CSV file parsed into its records, before they are assembled: the
/// part of a read that needs nothing from the other files. A file that
/// fails part-way keeps the records before the failure and the failure, so
/// that they are assembled, and the error thrown, in the file's turn.
struct ParsedTable: Sendable {
    let name: String
    let header: [String]
    let records: [(cells: [String], line: Int, endLine: Int)]
    let failure: (any Error)?

    /// How many bytes of a file one task parses, at most: a piece of a few
    /// megabytes is a few hundred milliseconds of CSV.swift's parsing, enough
    /// to keep every core busy on the export's largest tables (12–20 MB).
    static let pieceSize = 4 << 20

    private init(name: String, header: [String], records: [(cells: [String], line: Int, endLine: Int)], failure: (any Error)?) {
        self.name = name
        self.header = header
        self.records = records
        self.failure = failure
    }

    /// The file parsed in pieces at once (`CSVPieces`): the same header,
    /// records and first failure as `init(name:data:)`, which reads it in
    /// turn. A file that is not UTF-8 fails as a whole before any record,
    /// as it does read in turn.
    static func parse(name: String, data: Data, pieceSize: Int = pieceSize) async -> ParsedTable {
        let cuts = CSVPieces.cuts(data, pieceSize: pieceSize)
        guard cuts.count > 1 else { return ParsedTable(name: name, data: data) }
        let headerTable = ParsedTable(name: name, data: data[data.startIndex..<data.startIndex + cuts[0].offset])
        guard headerTable.failure == nil else { return ParsedTable(name: name, data: data) }
        let header = headerTable.header
        let pieces = await withTaskGroup(of: (Int, ParsedTable).self) { group in
            for (index, cut) in cuts.enumerated() {
                let end = index + 1 < cuts.count ? cuts[index + 1].offset : data.count
                let piece = data[(data.startIndex + cut.offset)..<(data.startIndex + end)]
                group.addTask { (index, ParsedTable(name: name, piece: piece, header: header, firstLine: cut.line)) }
            }
            var pieces: [ParsedTable?] = Array(repeating: nil, count: cuts.count)
            for await (index, piece) in group { pieces[index] = piece }
            return pieces.compactMap { $0 }
        }
        // Read in turn, a file that is not UTF-8 is refused before its first record, naming the line of its first bad byte.
        if pieces.contains(where: { if case .notUTF8 = $0.failure as? ReviewSheetError { true } else { false } }) {
            return ParsedTable(name: name, data: data)
        }
        var records: [(cells: [String], line: Int, endLine: Int)] = []
        records.reserveCapacity(pieces.reduce(0) { $0 + $1.records.count })
        for piece in pieces {
            records += piece.records
            if let failure = piece.failure { return ParsedTable(name: name, header: header, records: records, failure: failure) }
        }
        return ParsedTable(name: name, header: header, records: records, failure: nil)
    }

    /// The records of one piece of a file, whose header has been read.
    private init(name: String, piece: Data, header: [String], firstLine: Int) {
        var records: [(cells: [String], line: Int, endLine: Int)] = []
        var failure: (any Error)?
        do {
            var reader = try CSVRecords(piece: piece, of: name, header: header, firstLine: firstLine)
            while let record = try reader.next() { records.append(record) }
        } catch {
            failure = error
        }
        self.init(name: name, header: header, records: records, failure: failure)
    }

    init(name: String, data: Data) {
        self.name = name
        var header: [String] = []
        var records: [(cells: [String], line: Int, endLine: Int)] = []
        var failure: (any Error)?
        do {
            var reader = try CSVRecords(data: data, file: name)
            header = reader.header
            while let record = try reader.next() { records.append(record) }
        } catch {
            failure = error
        }
        self.header = header
        self.records = records
        self.failure = failure
    }
}

/// The projects, files and warnings of the tables read so far, added in
/// the order of the files.
struct ExportAssembly {
    private var assembler = ProjectAssembler()
    private var files: [ReviewTableFile] = []
    private var warnings: [String] = []

    /// Adds the records of `table`, recognised by its header.
    /// - Throws: the table's parse failure after its good records, or the first record that cannot be assembled.
    mutating func add(_ table: ParsedTable) throws {
        // No header read: the file is empty or not UTF-8.
        if table.header.isEmpty, let failure = table.failure { throw failure }
        let columns = ColumnIndex(table.header)
        for key in TableRecognizer.keyColumns where !columns.contains(key) {
            throw ReviewSheetError.missingKeyColumn(file: table.name, column: key)
        }
        let kind = TableRecognizer.table(for: columns)
        if kind == .unknown {
            warnings.append("\(table.name): a table this version does not know; its \(columns.names.count) columns are kept raw in every record")
        }
        var unknownColumns: [String] = []
        for (count, record) in table.records.enumerated() {
            var cells = RecordCells(cells: record.cells, columns: columns)
            try assembler.add(&cells, table: kind, file: table.name, line: record.line, endLine: record.endLine)
            if count == 0 { unknownColumns = cells.untakenColumns }
        }
        if let failure = table.failure { throw failure }
        if !unknownColumns.isEmpty {
            warnings.append("\(table.name): columns this version does not know, kept raw in every record: \(unknownColumns.joined(separator: ", "))")
        }
        files.append(ReviewTableFile(file: table.name, table: kind, columns: columns.names, recordCount: table.records.count,
                                     unknownColumns: unknownColumns))
    }

    var export: ReviewSheetExport {
        var warnings = warnings
        for (file, count) in assembler.disagreements.sorted(by: { $0.key < $1.key }) {
            warnings.append("\(file): \(count) records name their project or organisation differently from its first record; their cells are kept raw")
        }
        return ReviewSheetExport(projects: assembler.sortedProjects, files: files, warnings: warnings)
    }
}
