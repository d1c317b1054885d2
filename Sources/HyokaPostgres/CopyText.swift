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
        case .texts(let values): appendArray(values)
        }
    }

    /// A `text[]` literal: every element quoted, its quotes and backslashes
    /// escaped, so an element that is empty, `NULL` or holds a comma stays
    /// itself. Written straight into the buffer with COPY's escaping on top
    /// (a quote becomes `\\"`, a backslash four): the passages' token arrays
    /// are most of an import's COPY text, and building each literal as a
    /// `String` first, then scanning it again, was a tenth of the import.
    private mutating func appendArray(_ values: [String]) {
        buffer.writeInteger(UInt8(ascii: "{"))
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            buffer.writeInteger(UInt8(ascii: "\""))
            Self.withUTF8(value) { bytes in
                guard bytes.contains(where: Self.needsEscapeInArray) else { buffer.writeBytes(bytes); return }
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "\""): buffer.writeStaticString("\\\\\"")
                    case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\\\\\")
                    default: appendEscaped(byte)
                    }
                }
            }
            buffer.writeInteger(UInt8(ascii: "\""))
        }
        buffer.writeInteger(UInt8(ascii: "}"))
    }

    /// Most cells hold none of the four bytes: they are copied at once, after
    /// one pass over their contiguous UTF-8 (an iterator over `String.UTF8View`
    /// was slower than the copy itself).
    private mutating func appendEscaped(_ text: String) {
        Self.withUTF8(text) { bytes in
            guard bytes.contains(where: Self.needsEscape) else { buffer.writeBytes(bytes); return }
            for byte in bytes { appendEscaped(byte) }
        }
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
        case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
        case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
        case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
        default: buffer.writeInteger(byte)
        }
    }

    /// `body` over the UTF-8 of `text` in one piece: native strings hold it so; others are copied once.
    private static func withUTF8<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    private static func needsEscapeInArray(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || needsEscape(byte)
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}
