import HyokaStore
import PostgresNIO

/// A value bound to a statement parameter.
enum Bind: Sendable {
    case column(ColumnValue)
    case texts([String])

    func append(to bindings: inout PostgresBindings) {
        switch self {
        case .column(.null): bindings.appendNull()
        case .column(.integer(let value)): bindings.append(value)
        case .column(.real(let value)): bindings.append(value)
        case .column(.text(let value)): bindings.append(value)
        case .column(.boolean(let value)): bindings.append(value)
        case .texts(let values): bindings.append(values)
        }
    }
}

/// Writes many rows with few statements: multi-row `INSERT … VALUES`, each
/// value a bound parameter, as many rows per statement as the protocol's
/// parameter limit allows. A round trip per row would make importing tens
/// of thousands of documents take minutes.
struct RowInserter {
    /// PostgreSQL accepts at most 65,535 parameters in one statement; fewer keeps statements quick to plan.
    static let parametersPerStatement = 20_000

    let connection: PostgresConnection
    let logger: Logger

    /// Inserts `rows` into `table`. Table and column names come from the
    /// schema's fixed lists, never from input. `casts` gives a column's SQL
    /// type where the bound value's type is not the column's (a `tsvector`
    /// is bound as its text literal).
    func insert(into table: String, columns: [String], rows: [[Bind]], casts: [String: String] = [:]) async throws {
        guard !rows.isEmpty else { return }
        let rowsPerStatement = max(1, Self.parametersPerStatement / columns.count)
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + rowsPerStatement)]
            try await connection.query(statement(table, columns, chunk, casts), logger: logger)
            start += chunk.count
        }
    }

    static let bytesPerCopyMessage = 1 << 20

    /// `rows` as COPY text, in messages of about `bytesPerCopyMessage`:
    /// built before a transaction, so that the transaction only sends them.
    /// A lazy sequence of rows is written row by row, never held whole.
    static func copyMessages<Rows: Sequence<[Bind]>>(columns: [String], rows: Rows, table: String) -> [ByteBuffer] {
        var messages: [ByteBuffer] = []
        writeCopyMessages(columns: columns, rows: rows, table: table) { messages.append($0); return true }
        return messages
    }

    /// `rows` as COPY text, handed to `deliver` a message at a time as each
    /// fills, so that a message can be sent while the next is written.
    /// Stops early when `deliver` returns false (nobody will send the rest).
    static func writeCopyMessages<Rows: Sequence<[Bind]>>(columns: [String], rows: Rows, table: String,
                                                          deliver: (ByteBuffer) -> Bool) {
        var text = CopyText()
        for row in rows {
            precondition(row.count == columns.count, "a row of \(table) has \(columns.count) columns")
            text.append(row)
            if text.buffer.readableBytes >= bytesPerCopyMessage {
                // Copied out at its size, the working buffer reused: kept messages hold no spare capacity.
                guard deliver(ByteBuffer(bytes: text.buffer.readableBytesView)) else { return }
                text.clear()
            }
        }
        if text.buffer.readableBytes > 0 { _ = deliver(ByteBuffer(bytes: text.buffer.readableBytesView)) }
    }

    /// Copies rows already written as COPY text (`copyMessages`) into
    /// `table` with `COPY … FROM STDIN`: for tens of thousands of rows, the
    /// server parses one stream instead of statements with tens of thousands
    /// of parameters, and the client writes text instead of binding each
    /// value. Inside the caller's transaction, so a failed import still
    /// leaves nothing behind. Names are the schema's fixed lists.
    func copy(into table: String, columns: [String], messages: [ByteBuffer]) async throws {
        guard !messages.isEmpty else { return }
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            for message in messages { try await writer.write(message) }
        }
    }

    /// Copies COPY text that is still being written (`writeCopyMessages` in
    /// another task): each message is sent as it comes, so the server reads
    /// the first rows while the client writes the last.
    /// An error that ends `messages` fails the COPY (PostgresNIO sends CopyFail).
    func copy(into table: String, columns: [String], messages: some AsyncSequence<ByteBuffer, any Error>) async throws {
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            for try await message in messages { try await writer.write(message) }
        }
    }

    private func statement(_ table: String, _ columns: [String], _ rows: ArraySlice<[Bind]>, _ casts: [String: String]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: rows.count * columns.count)
        var tuples: [String] = []
        tuples.reserveCapacity(rows.count)
        for row in rows {
            precondition(row.count == columns.count, "a row of \(table) has \(columns.count) columns")
            let first = bindings.count
            row.forEach { $0.append(to: &bindings) }
            let placeholders = columns.indices.map { index in
                "$\(first + index + 1)" + (casts[columns[index]].map { "::" + $0 } ?? "")
            }
            tuples.append("(" + placeholders.joined(separator: ", ") + ")")
        }
        let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES " + tuples.joined(separator: ", ")
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}

extension Array where Element == ColumnValue {
    var binds: [Bind] { map(Bind.column) }
}

/// One table's rows as COPY messages (`RowInserter.copyMessages`, or
/// `BinaryCopy` in the binary format), written before the transaction that
/// sends it, so that the transaction, which holds the writer's lock, only
/// sends bytes.
struct CopyTable: Sendable {
    var name: String
    var columns: [String]
    var format: Format
    var messages: [ByteBuffer]

    /// COPY's text format, or its binary format (`BinaryCopy`), for tables
    /// whose columns are the types `BinaryCopy` writes.
    enum Format: Sendable {
        case text
        case binary
    }

    /// Writes each table of `plan` in a task of its own, across the cores, and
    /// returns them in `plan`'s order, the order they are copied in (rows after
    /// the rows they refer to). Each table's rows are made as its text is
    /// written (`rows` returns them lazily), never held whole beside it.
    static func write(_ plan: [(name: String, columns: [String], rows: @Sendable () -> any Sequence<[Bind]>)], format: Format = .text) async -> [CopyTable] {
        await withTaskGroup(of: (Int, CopyTable).self) { group in
            for (index, table) in plan.enumerated() {
                group.addTask {
                    var messages: [ByteBuffer] = []
                    switch format {
                    case .text:
                        messages = RowInserter.copyMessages(columns: table.columns, rows: table.rows(), table: table.name)
                    case .binary:
                        BinaryCopy.writeMessages(table.rows(), write: { copy, row in
                            precondition(row.count == table.columns.count, "a row of \(table.name) has \(table.columns.count) columns")
                            copy.append(row)
                        }) { messages.append($0); return true }
                    }
                    return (index, CopyTable(name: table.name, columns: table.columns, format: format, messages: messages))
                }
            }
            var written: [(Int, CopyTable)] = []
            for await table in group { written.append(table) }
            return written.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}

extension RowInserter {
    /// Copies `table`'s messages, written ahead, in its format.
    func copy(_ table: CopyTable) async throws {
        switch table.format {
        case .text: try await copy(into: table.name, columns: table.columns, messages: table.messages)
        case .binary: try await copyBinary(into: table.name, columns: table.columns, messages: table.messages)
        }
    }
}
