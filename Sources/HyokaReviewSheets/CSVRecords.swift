import CSV
import Foundation

/// The records of one CSV file, streamed through CSV.swift, each with the
/// lines it spans.
///
/// The RS export writes one record per line, but a CSV field may hold a line
/// break inside quotes; counting the breaks inside each record keeps every
/// line number true either way. The file is checked to be UTF-8 before it is
/// parsed, so that a Shift_JIS copy is named as such with the line of its
/// first bad byte, instead of being read as noise.
struct CSVRecords {
    let file: String
    let header: [String]
    private let reader: CSVReader
    private var nextLine = 2

    init(data: Data, file: String) throws {
        self.file = file
        // CSV.swift is given the whole file as one String: its `InputStream`
        // reader decodes byte by byte through a buffered stream and is about
        // twice as slow on the export. The byte order mark that reader skips
        // is dropped here, so the first column is named as before.
        var text = try Self.decodeUTF8(data, file: file)
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            throw ReviewSheetError.empty(file: file)
        }
        guard let header = reader.headerRow, header.contains(where: { !$0.isEmpty }) else { throw ReviewSheetError.empty(file: file) }
        self.header = header
        nextLine = 2 + header.reduce(0) { $0 + Self.lineBreaks(in: $1) }
    }

    /// The next record with its first and last line, nil at the end of the file.
    /// - Throws: `ReviewSheetError.malformedRecord` when its cell count is not the header's.
    mutating func next() throws -> (cells: [String], line: Int, endLine: Int)? {
        while let cells = reader.next() {
            let line = nextLine
            let breaks = cells.reduce(0) { $0 + Self.lineBreaks(in: $1) }
            nextLine += 1 + breaks
            // A blank line (a final newline twice) is no record.
            if cells.count == 1, cells[0].isEmpty { continue }
            guard cells.count == header.count else {
                throw ReviewSheetError.malformedRecord(file: file, line: line, expected: header.count, found: cells.count)
            }
            return (cells, line, line + breaks)
        }
        if let error = reader.error {
            throw ReviewSheetError.unreadable(file: file, reason: "\(error)")
        }
        return nil
    }

    private static func lineBreaks(in cell: String) -> Int {
        // Over the contiguous bytes a native string has, the loop is a plain scan: through
        // the UTF-8 view's iterator it was 2 % of an import of the full export (perf).
        if let count = cell.utf8.withContiguousStorageIfAvailable({ bytes in
            bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }) {
            return count
        }
        var count = 0
        for byte in cell.utf8 where byte == 0x0A { count += 1 }
        return count
    }

    /// The file's text; throws `notUTF8` naming the line of the first byte that is not UTF-8.
    static func decodeUTF8(_ data: Data, file: String) throws -> String {
        if let text = String(data: data, encoding: .utf8) { return text }
        var line = 1
        var start = data.startIndex
        var end = data.endIndex
        for index in data.indices where data[index] == 0x0A {
            if String(data: data[start..<index], encoding: .utf8) == nil {
                end = index
                break
            }
            line += 1
            start = data.index(after: index)
        }
        let likely = isShiftJIS(data[start..<end]) ? "Shift_JIS" : nil
        throw ReviewSheetError.notUTF8(file: file, line: line, likelyEncoding: likely)
    }

    /// Whether every byte of `data` fits Shift_JIS (CP932), and at least one
    /// double-byte character is there: ASCII, half-width katakana, and lead
    /// bytes 0x81–0x9F / 0xE0–0xFC each followed by a trail byte 0x40–0xFC
    /// but 0x7F. The check is done by hand so that it means the same on every
    /// platform, whatever encodings Foundation knows there.
    static func isShiftJIS(_ data: Data) -> Bool {
        var doubleBytes = 0
        var iterator = data.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case 0x00...0x7F, 0xA1...0xDF: continue
            case 0x81...0x9F, 0xE0...0xFC:
                guard let trail = iterator.next(), (0x40...0xFC).contains(trail), trail != 0x7F else { return false }
                doubleBytes += 1
            default: return false
            }
        }
        return doubleBytes > 0
    }
}
