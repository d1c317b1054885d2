import HyokaStore
import NIOCore

/// Rows in the text format of `COPY … FROM STDIN`: one line per row, columns
/// split by tabs, `\N` for NULL. PostgreSQL reads each column with its type's
/// own input function, so a `tsvector` literal goes in as it is written and
/// an array as its `{…}` literal. Only backslash, tab, newline and carriage
/// return are escaped (with a backslash): any other byte is data, so Japanese
/// text is copied byte for byte.
struct CopyText {
    private(set) var buffer: ByteBuffer

    init(capacity: Int = 1 << 20) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    mutating func append(_ row: [Bind]) {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            append(value)
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// Empties the buffer once its rows have been sent.
    mutating func clear() { buffer.clear() }

    private mutating func append(_ value: Bind) {
        switch value {
        case .column(.null): buffer.writeStaticString("\\N")
        case .column(.integer(let value)): buffer.writeString(String(value))
        // Swift prints the shortest text that reads back as the same Double; PostgreSQL reads `inf` and `nan` too.
        case .column(.real(let value)): buffer.writeString(value.description)
        case .column(.text(let value)): appendEscaped(value)
        case .column(.boolean(let value)): buffer.writeInteger(UInt8(ascii: value ? "t" : "f"))
        case .texts(let values): appendEscaped(Self.arrayLiteral(values))
        }
    }

    /// A `text[]` literal: every element quoted, its quotes and backslashes
    /// escaped, so an element that is empty, `NULL` or holds a comma stays itself.
    static func arrayLiteral(_ values: [String]) -> String {
        var literal = "{"
        for (index, value) in values.enumerated() {
            if index > 0 { literal += "," }
            literal += "\""
            if value.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                for scalar in value.unicodeScalars {
                    if scalar == "\"" || scalar == "\\" { literal += "\\" }
                    literal.unicodeScalars.append(scalar)
                }
            } else {
                literal += value
            }
            literal += "\""
        }
        return literal + "}"
    }

    private mutating func appendEscaped(_ text: String) {
        let utf8 = text.utf8
        // Most cells hold none of the four bytes: they are copied at once.
        guard utf8.contains(where: Self.needsEscape) else { buffer.writeString(text); return }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}
