/// Why the RS export could not be imported. Every case names the file, and
/// the line where a line is to blame, so the user can open it there.
public enum ReviewSheetError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A file or zip that cannot be opened or read.
    case unreadable(file: String, reason: String)
    /// Bytes that are not UTF-8: the site serves UTF-8 with a BOM; a file saved by a spreadsheet may be Shift_JIS.
    case notUTF8(file: String, line: Int, likelyEncoding: String?)
    /// A record with fewer (or more) cells than the header: a file cut short, or a stray delimiter or quote.
    case malformedRecord(file: String, line: Int, expected: Int, found: Int)
    /// The header lacks a column every RS table has (予算事業ID, 事業年度).
    case missingKeyColumn(file: String, column: String)
    /// A key cell that is empty or not a number.
    case badKey(file: String, line: Int, column: String, value: String)
    /// A file with no header line.
    case empty(file: String)
    /// A zip or folder without any RS table in it.
    case noTable(source: String)

    public var file: String {
        switch self {
        case .unreadable(let file, _), .notUTF8(let file, _, _), .malformedRecord(let file, _, _, _),
             .missingKeyColumn(let file, _), .badKey(let file, _, _, _), .empty(let file): file
        case .noTable(let source): source
        }
    }

    public var line: Int? {
        switch self {
        case .notUTF8(_, let line, _), .malformedRecord(_, let line, _, _), .badKey(_, let line, _, _): line
        case .missingKeyColumn: 1
        case .unreadable, .empty, .noTable: nil
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): cannot be read: \(reason)"
        case .notUTF8(let file, let line, let likely):
            "\(file):\(line): not UTF-8\(likely.map { " (it reads as \($0))" } ?? ""); the RS export is UTF-8, save the file as UTF-8"
        case .malformedRecord(let file, let line, let expected, let found):
            found < expected
                ? "\(file):\(line): truncated record: \(found) of the header's \(expected) cells"
                : "\(file):\(line): record has \(found) cells, the header \(expected): a stray delimiter or quote"
        case .missingKeyColumn(let file, let column):
            "\(file):1: the header has no \(column) column, which every RS table has"
        case .badKey(let file, let line, let column, let value):
            "\(file):\(line): \(column) is \(value.isEmpty ? "empty" : "「\(value)」, not a number")"
        case .empty(let file):
            "\(file): empty file, no header line"
        case .noTable(let source):
            "\(source): holds no RS table (no CSV whose header has 予算事業ID)"
        }
    }
}
