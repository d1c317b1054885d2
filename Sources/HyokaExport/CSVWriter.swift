/// A CSV table as spreadsheets on Japanese Windows read it safely: every
/// export (evaluations, facts, findings, review-sheet projects) writes its
/// rows through this one type.
///
/// - A UTF-8 byte order mark (U+FEFF) first: without it Excel on Japanese
///   Windows reads the file as Shift_JIS (CP932) and shows 文字化け.
/// - Fields quoted per RFC 4180, lines ending with CRLF.
/// - Cells made inert: imported text is untrusted, and a cell that begins
///   with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel,
///   LibreOffice and Google Sheets as a formula (CSV/formula injection,
///   OWASP). Such a cell gets a leading apostrophe, which spreadsheets
///   show as text. Numbers written by the exporter (`number:`) are never
///   prefixed, so a negative amount stays a number.
public struct CSVWriter: Sendable {
    /// U+FEFF encoded in UTF-8 is EF BB BF.
    public static let byteOrderMark = "\u{FEFF}"

    private var lines: [String]

    /// A table with `columns` as its header row.
    public init(columns: [String]) {
        lines = [Self.row(columns.map(Cell.text))]
    }

    /// One value of a row: text from a document (made inert) or a number the exporter wrote.
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(String)
    }

    /// Appends a row of text cells.
    public mutating func append(_ cells: [String]) {
        lines.append(Self.row(cells.map(Cell.text)))
    }

    /// Appends a row of typed cells.
    public mutating func append(cells: [Cell]) {
        lines.append(Self.row(cells))
    }

    /// The table with the byte order mark first and CRLF after every row.
    public var text: String {
        Self.byteOrderMark + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func row(_ cells: [Cell]) -> String {
        cells.map { cell in
            switch cell {
            case .text(let text): quote(inert(text))
            case .number(let text): quote(text)
            }
        }.joined(separator: ",")
    }

    /// The characters that make a spreadsheet read a cell as a formula when they come first.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\r\n"]

    /// `text` with an apostrophe before it when it would start a formula.
    public static func inert(_ text: String) -> String {
        guard let first = text.first, formulaStarts.contains(first) else { return text }
        return "'" + text
    }

    /// RFC 4180: quote a field holding a comma, quote, CR or LF; double inner quotes.
    public static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
