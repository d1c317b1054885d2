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

/// One table's rows in COPY's binary format (`BinaryCopy`), written before
/// the transaction that sends them, so that the transaction, which holds
/// the writer's lock, only sends bytes.
struct CopyTable: Sendable {
    var name: String
    var columns: [String]
    var messages: [ByteBuffer]

    /// How one table's messages are written.
    struct Plan: Sendable {
        var name: String
        var columns: [String]
        var write: @Sendable () -> [ByteBuffer]

        /// Rows of bound values (`BinaryCopy.append(_:)`), each made as it is
        /// written (`rows` returns them lazily), never held whole beside the messages.
        static func rows<Rows: Sequence<[Bind]>>(_ name: String, _ columns: [String], _ rows: @escaping @Sendable () -> Rows) -> Plan {
            binary(name, columns, rows) { row, copy in
                precondition(row.count == columns.count, "a row of \(name) has \(columns.count) columns")
                copy.append(row)
            }
        }

        /// Items written by `write`, one row each.
        static func binary<Items: Sequence>(_ name: String, _ columns: [String], _ items: @escaping @Sendable () -> Items,
                                            write: @escaping @Sendable (Items.Element, inout BinaryCopy) -> Void) -> Plan {
            Plan(name: name, columns: columns) {
                var messages: [ByteBuffer] = []
                BinaryCopy.writeMessages(items(), write: { copy, item in write(item, &copy) }) { messages.append($0); return true }
                return messages
            }
        }
    }

    /// Writes each table of `plan` in a task of its own, across the cores, and
    /// returns them in `plan`'s order, the order they are copied in (rows after
    /// the rows they refer to).
    static func write(_ plan: [Plan]) async -> [CopyTable] {
        await withTaskGroup(of: (Int, CopyTable).self) { group in
            for (index, table) in plan.enumerated() {
                group.addTask { (index, CopyTable(name: table.name, columns: table.columns, messages: table.write())) }
            }
            var written: [(Int, CopyTable)] = []
            for await table in group { written.append(table) }
            return written.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}

extension RowInserter {
    /// Copies `table`'s messages, written ahead.
    func copy(_ table: CopyTable) async throws {
        try await copyBinary(into: table.name, columns: table.columns, messages: table.messages)
    }
}
