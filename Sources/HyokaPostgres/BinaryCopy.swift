import HyokaStore
import Logging
import NIOCore
import PostgresNIO

/// Rows in the binary format of `COPY … FROM STDIN` (`FORMAT binary`):
/// each row its number of fields, then each field's length and bytes in
/// its type's binary form; a header before the first row, a trailer after
/// the last.
///
/// Why for the review-sheet passages: in the text format the server parses
/// every passage's `tsvector` literal and `text[]` literal character by
/// character (the full export's passages are 122 MB of such text, 5.7
/// million tokens), which was most of the server's COPY time: the same COPY
/// with those two columns as plain text took 1.64 s against 4.60 s. In the
/// binary form a vector is its lexemes and positions as counts and bytes,
/// and an array its elements with their lengths, read without parsing. It
/// is also less for this process to write: nothing is escaped or printed
/// as decimal.
///
/// The columns' types must be the writer's: `ColumnValue.integer` is written
/// as `bigint`, `.real` as `double precision`, `.boolean` as `boolean`,
/// `.text` as `text` (the binary form names no type, and the server reads
/// each field as its column's type; a mismatch fails the COPY).
struct BinaryCopy {
    private(set) var buffer: ByteBuffer

    /// `PGCOPY\n\377\r\n\0`, then flags (none) and the length of the header extension (none).
    static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]

    /// About how many bytes go in one COPY message (the working buffer is reused).
    static let bytesPerMessage = 1 << 20

    /// The `text` type's OID, which an array's binary form names for its elements.
    private static let textOID: UInt32 = 25

    init(capacity: Int = 1 << 20) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
        buffer.writeBytes(Self.header)
    }

    /// Starts a row of `fields` fields.
    mutating func beginRow(fields: Int) {
        buffer.writeInteger(Int16(fields))
    }

    mutating func append(_ value: ColumnValue) {
        switch value {
        case .null:
            buffer.writeInteger(Int32(-1))
        case .integer(let value):
            buffer.writeInteger(Int32(8))
            buffer.writeInteger(Int64(value))
        case .real(let value):
            buffer.writeInteger(Int32(8))
            buffer.writeInteger(value.bitPattern)
        case .boolean(let value):
            buffer.writeInteger(Int32(1))
            buffer.writeInteger(UInt8(value ? 1 : 0))
        case .text(let value):
            appendText(value)
        }
    }

    /// A row of bound values: columns as `append(_:)` writes them, arrays as `text[]`.
    mutating func append(_ row: [Bind]) {
        beginRow(fields: row.count)
        for value in row {
            switch value {
            case .column(let value): append(value)
            case .texts(let values): appendTextArray(values)
            }
        }
    }

    /// A `text[]` of one dimension (none when empty), no NULL, indexed from 1.
    mutating func appendTextArray(_ values: [String]) {
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(Int32(0))  // the field's length, filled in below
        buffer.writeInteger(Int32(values.isEmpty ? 0 : 1))
        buffer.writeInteger(Int32(0))  // no NULL element
        buffer.writeInteger(Self.textOID)
        if !values.isEmpty {
            buffer.writeInteger(Int32(values.count))
            buffer.writeInteger(Int32(1))
        }
        for value in values { appendText(value) }
        buffer.setInteger(Int32(buffer.writerIndex - lengthIndex - 4), at: lengthIndex)
    }

    /// A row of a passage table (`passage`, `rs_passage`): its own columns
    /// (`values`), then the four search columns of `PostgresWriter.searchColumns`:
    /// `tokens`, `token_count`, `search_vector` and `positions_complete`.
    mutating func appendPassage(_ values: [ColumnValue], tokens: [String]) {
        beginRow(fields: values.count + PostgresWriter.searchColumns.count)
        appendPassageColumns(values, tokens: tokens, lexemes: SearchVector.Lexemes(tokens))
    }

    /// A row of `rs_passage`: `appendPassage`'s columns, then `repeated`,
    /// the `jsonb` of `SearchVector.repeatedJSON` (`PostgresReviewSheetSearch.columns`).
    mutating func appendReviewSheetPassage(_ values: [ColumnValue], tokens: [String]) {
        beginRow(fields: values.count + PostgresWriter.searchColumns.count + 1)
        let lexemes = SearchVector.Lexemes(tokens)
        appendPassageColumns(values, tokens: tokens, lexemes: lexemes)
        let json = SearchVector.repeatedJSON(tokens, lexemes: lexemes)
        // jsonb's binary form: a version byte (1), then the JSON text.
        buffer.writeInteger(Int32(json.count + 1))
        buffer.writeInteger(UInt8(1))
        buffer.writeBytes(json)
    }

    private mutating func appendPassageColumns(_ values: [ColumnValue], tokens: [String], lexemes: SearchVector.Lexemes) {
        for value in values { append(value) }
        appendTextArray(tokens)
        append(.integer(tokens.count))
        let complete = appendVector(tokens, lexemes: lexemes)
        append(.boolean(complete))
    }

    /// The `tsvector` of `tokens` (`SearchVector.appendBinary`); returns whether it holds every position.
    private mutating func appendVector(_ tokens: [String], lexemes: SearchVector.Lexemes) -> Bool {
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(Int32(0))
        let complete = SearchVector.appendBinary(tokens, lexemes: lexemes, to: &buffer)
        buffer.setInteger(Int32(buffer.writerIndex - lengthIndex - 4), at: lengthIndex)
        return complete
    }

    /// A `bytea` field: its bytes as they are.
    mutating func appendBytes(_ bytes: [UInt8]) {
        buffer.writeInteger(Int32(bytes.count))
        buffer.writeBytes(bytes)
    }

    private mutating func appendText(_ value: String) {
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(Int32(0))
        let written = buffer.writeString(value)
        buffer.setInteger(Int32(written), at: lengthIndex)
    }

    /// Writes each row with `write` into messages of about
    /// `bytesPerMessage`, header first and trailer last,
    /// handed to `deliver` as each fills. Stops early when `deliver`
    /// returns false (nobody will send the rest).
    static func writeMessages<Rows: Sequence>(_ rows: Rows, write: (inout BinaryCopy, Rows.Element) -> Void, deliver: (ByteBuffer) -> Bool) {
        var copy = BinaryCopy()
        for row in rows {
            write(&copy, row)
            if copy.buffer.readableBytes >= bytesPerMessage {
                guard deliver(ByteBuffer(bytes: copy.buffer.readableBytesView)) else { return }
                copy.buffer.clear()
            }
        }
        copy.buffer.writeInteger(Int16(-1))
        _ = deliver(ByteBuffer(bytes: copy.buffer.readableBytesView))
    }
}

extension RowInserter {
    /// Copies binary COPY messages (`BinaryCopy.writeMessages`, in another task) into `table` as they come.
    ///
    /// PostgresNIO 1.33's `copyFrom` only writes `WITH (FORMAT text)` (its
    /// `PostgresCopyFromFormat` has no binary case) and puts the table name
    /// into the statement as given, quoted but not escaped. So the name
    /// handed to it here closes the quote, names the columns and the binary
    /// format itself, and comments out the rest of the line:
    /// `COPY "t"("a","b") FROM STDIN WITH (FORMAT binary) --" FROM STDIN WITH (FORMAT text)`.
    /// Names come from the schema's fixed lists and are checked to be plain
    /// identifiers. Should PostgresNIO ever escape the name, the statement
    /// names no table and fails at once: never a COPY read in the wrong format.
    func copyBinary(into table: String, columns: [String], messages: some AsyncSequence<ByteBuffer, any Error>) async throws {
        try await connection.copyFrom(table: Self.binaryCopyTarget(table, columns), logger: logger) { writer in
            for try await message in messages { try await writer.write(message) }
        }
    }

    /// `copyBinary` of messages written ahead (`CopyTable`).
    func copyBinary(into table: String, columns: [String], messages: [ByteBuffer]) async throws {
        try await connection.copyFrom(table: Self.binaryCopyTarget(table, columns), logger: logger) { writer in
            for message in messages { try await writer.write(message) }
        }
    }

    /// What `copyFrom` is given as the table name for a binary COPY (see `copyBinary`).
    private static func binaryCopyTarget(_ table: String, _ columns: [String]) -> String {
        for name in [table] + columns {
            precondition(name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || (48...57).contains($0) || (97...122).contains($0) },
                         "\(name) is not a plain identifier")
        }
        return "\(table)\"(\(columns.map { "\"\($0)\"" }.joined(separator: ","))) FROM STDIN WITH (FORMAT binary) --"
    }
}
