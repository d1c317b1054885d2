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
        var sources: [(name: String, data: Data)] = []
        for url in try Self.expand(urls) {
            if url.pathExtension.lowercased() == "zip" {
                sources += try Self.entries(ofZip: url)
            } else {
                sources.append((url.lastPathComponent, try Self.contents(of: url)))
            }
        }
        if sources.isEmpty { throw ReviewSheetError.noTable(source: urls.map(\.path).joined(separator: ", ")) }
        return try read(sources: sources)
    }

    /// Reads named CSV texts (name for messages and provenance, bytes as in the file).
    public func read(sources: [(name: String, data: Data)]) throws -> ReviewSheetExport {
        var assembler = ProjectAssembler()
        var files: [ReviewTableFile] = []
        var warnings: [String] = []
        for source in sources {
            var records = try CSVRecords(data: source.data, file: source.name)
            let columns = ColumnIndex(records.header)
            for key in TableRecognizer.keyColumns where !columns.contains(key) {
                throw ReviewSheetError.missingKeyColumn(file: source.name, column: key)
            }
            let table = TableRecognizer.table(for: columns)
            if table == .unknown {
                warnings.append("\(source.name): a table this version does not know; its \(columns.names.count) columns are kept raw in every record")
            }
            var count = 0
            var unknownColumns: [String] = []
            while let record = try records.next() {
                var cells = RecordCells(cells: record.cells, columns: columns)
                try assembler.add(&cells, table: table, file: source.name, line: record.line, endLine: record.endLine)
                if count == 0 { unknownColumns = cells.untakenColumns }
                count += 1
            }
            if !unknownColumns.isEmpty {
                warnings.append("\(source.name): columns this version does not know, kept raw in every record: \(unknownColumns.joined(separator: ", "))")
            }
            files.append(ReviewTableFile(file: source.name, table: table, columns: columns.names, recordCount: count, unknownColumns: unknownColumns))
        }
        for (file, count) in assembler.disagreements.sorted(by: { $0.key < $1.key }) {
            warnings.append("\(file): \(count) records name their project or organisation differently from its first record; their cells are kept raw")
        }
        return ReviewSheetExport(projects: assembler.sortedProjects, files: files, warnings: warnings)
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
