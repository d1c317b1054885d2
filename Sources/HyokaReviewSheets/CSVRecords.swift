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

    /// The records of one piece of a file, cut where a record ends (`CSVPieces`) and parsed
    /// alone: `header` is the file's, `firstLine` the line the piece starts on in the file.
    /// - Throws: `notUTF8` with a line counted in the piece (the caller names the file's).
    init(piece: Data, of file: String, header: [String], firstLine: Int) throws {
        self.file = file
        self.header = header
        do {
            reader = try CSVReader(string: try Self.decodeUTF8(piece, file: file), hasHeaderRow: false)
        } catch let error as ReviewSheetError {
            throw error
        } catch {
            throw ReviewSheetError.unreadable(file: file, reason: "\(error)")
        }
        nextLine = firstLine
    }

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

/// Where a CSV file can be cut into pieces that CSV.swift parses alone, so
/// that one large table is parsed on every core.
///
/// A cut is made only where a record ends, found by one pass over the bytes
/// that follows the states of CSV.swift's `CSVReader` (comma-separated,
/// fields not trimmed): a field that starts with a double quote is quoted
/// until a quote followed by a comma, a line break or the end; two quotes
/// inside it are one; a quote followed by anything else stays inside the
/// field (CSV.swift keeps it); a quote that does not start a field is an
/// ordinary character. A line break ends a record only outside quotes, CR
/// LF counting as one. So a piece starts where the reader, reading the whole
/// file, would start a record, and parses to the same records. The bytes it
/// looks for are ASCII and never part of a multi-byte UTF-8 character.
///
/// Each cut carries the line its piece starts on, counted as `CSVRecords`
/// counts them: one per record ended, plus the line feeds inside quoted fields.
enum CSVPieces {
    struct Cut: Equatable {
        /// The byte offset, from the start of the data, of the piece's first byte.
        var offset: Int
        /// The line of the file the piece starts on (the header is line 1).
        var line: Int
    }

    /// The end of the header record (the first cut), then cuts at the first
    /// record end after every `pieceSize` bytes; none at the end of the data.
    /// Data with a single record (or none) gives no cut.
    static func cuts(_ data: Data, pieceSize: Int) -> [Cut] {
        data.withUnsafeBytes { cuts(UnsafeRawBufferPointer($0), pieceSize: max(1, pieceSize)) }
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private static func cuts(_ bytes: UnsafeRawBufferPointer, pieceSize: Int) -> [Cut] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var cuts: [Cut] = []
        var state = State.fieldStart
        var line = 1
        var nextTarget = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            index += 1
            var recordEnds = false
            switch state {
            case .fieldStart, .unquoted:
                if byte == cr || byte == lf {
                    recordEnds = true
                } else if byte == comma {
                    state = .fieldStart
                } else if byte == quote, state == .fieldStart {
                    state = .quoted
                } else {
                    state = .unquoted
                }
            case .quoted:
                if byte == quote { state = .quoteInQuoted } else if byte == lf { line += 1 }
            case .quoteInQuoted:
                if byte == cr || byte == lf {
                    recordEnds = true
                } else if byte == comma {
                    state = .fieldStart
                } else {
                    // Two quotes are one; a quote before anything else stays in the field. Either way the
                    // byte after it is not read as a field's character: a line feed there was excluded above.
                    state = .quoted
                }
            }
            guard recordEnds else { continue }
            if byte == cr, index < count, bytes[index] == lf { index += 1 }
            line += 1
            state = .fieldStart
            if index >= nextTarget, index < count {
                cuts.append(Cut(offset: index, line: line))
                nextTarget = index + pieceSize
            }
        }
        return cuts
    }
}
