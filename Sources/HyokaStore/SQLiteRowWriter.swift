import GRDB
import GRDBSQLite

/// Inserts rows built in advance (`ColumnValue`s) into SQLite, one statement
/// prepared per table and each value bound with SQLite's own functions.
///
/// Every save of documents and review sheets writes its rows through one
/// writer, made inside the save's transaction and dropped with it. Why not
/// GRDB's `Statement.execute(arguments:)`: a year of government output is
/// about 1.2 million rows, and for each of them that path built the SQL
/// text again to find the cached statement, converted every value to a
/// `DatabaseValue`, wrapped them in `StatementArguments` and joined the
/// passage's tokens into a new string. That was about half of the store's
/// own time for a year's rows (BENCHMARKS.md, "Rows bound without
/// `StatementArguments`").
///
/// The statements are GRDB's (`Database.makeStatement`), so GRDB finalizes
/// them; they are stepped here directly, which bypasses GRDB's per-statement
/// bookkeeping (transaction observers and statement authorizers). That is
/// sound for these inserts only because they run inside a transaction the
/// caller opened, and no store of Hyoka observes its own writes.
struct SQLiteRowWriter {
    private let db: Database
    /// One statement per table; the columns of a table's rows are fixed by
    /// `DocumentRows`, `SeriesRows`, `PassageRows` and the review-sheet rows.
    private var statements: [String: Statement] = [:]
    /// The bytes of a passage's tokens joined by spaces, reused row after row.
    private var joined: [UInt8] = []

    init(_ db: Database) {
        self.db = db
    }

    /// Inserts one row and returns its rowid. `table` and `columns` are the
    /// schema's fixed names, never input; the values are bound.
    @discardableResult
    mutating func insert(into table: String, columns: [String], _ values: [ColumnValue]) throws -> Int64 {
        let statement = try statement(for: table, columns: columns)
        let handle = statement.sqliteStatement
        // Fewer values would leave the previous row's in the remaining parameters.
        precondition(values.count == Int(sqlite3_bind_parameter_count(handle)), "a row of \(table) has \(columns.count) columns")
        for (offset, value) in values.enumerated() {
            try check(Self.bind(value, at: CInt(offset + 1), to: handle), statement)
        }
        return try step(statement)
    }

    /// Inserts a full-text row: `rowid` and the tokens joined by single
    /// spaces, the form FTS5's `unicode61` tokenizer splits back into exactly
    /// these tokens (`SearchTokenizer` emits no spaces inside a token).
    mutating func insertTokens(into table: String, rowid: Int64, _ tokens: [String]) throws {
        let statement = try statement(for: table, columns: ["rowid", "tokens"])
        let handle = statement.sqliteStatement
        joined.removeAll(keepingCapacity: true)
        for token in tokens {
            if !joined.isEmpty { joined.append(0x20) }
            joined.append(contentsOf: token.utf8)
        }
        try check(sqlite3_bind_int64(handle, 1, rowid), statement)
        try check(joined.withUnsafeBufferPointer { Self.bindText($0, at: 2, to: handle) }, statement)
        try step(statement)
    }

    private mutating func statement(for table: String, columns: [String]) throws -> Statement {
        if let statement = statements[table] { return statement }
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let statement = try db.makeStatement(sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))")
        statements[table] = statement
        return statement
    }

    private static func bind(_ value: ColumnValue, at index: CInt, to handle: SQLiteStatement) -> CInt {
        switch value {
        case .null: return sqlite3_bind_null(handle, index)
        case .integer(let value): return sqlite3_bind_int64(handle, index, Int64(value))
        case .real(let value): return sqlite3_bind_double(handle, index, value)
        case .boolean(let value): return sqlite3_bind_int64(handle, index, value ? 1 : 0)
        case .text(var value): return value.withUTF8 { bindText($0, at: index, to: handle) }
        }
    }

    /// Binds UTF-8 `bytes` as text, copied by SQLite before it returns.
    private static func bindText(_ bytes: UnsafeBufferPointer<UInt8>, at index: CInt, to handle: SQLiteStatement) -> CInt {
        // An empty buffer has no address, and a null pointer would bind NULL rather than ''.
        bytes.baseAddress.map { sqlite3_bind_text(handle, index, UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), CInt(bytes.count), transient) }
            ?? sqlite3_bind_text(handle, index, "", 0, transient)
    }

    /// Runs the bound statement, resets it for the next row, and returns the rowid it inserted.
    @discardableResult
    private func step(_ statement: Statement) throws -> Int64 {
        let handle = statement.sqliteStatement
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let error = self.error(code, statement)
            sqlite3_reset(handle)
            throw error
        }
        sqlite3_reset(handle)
        return sqlite3_last_insert_rowid(db.sqliteConnection)
    }

    private func check(_ code: CInt, _ statement: Statement) throws {
        guard code != SQLITE_OK else { return }
        sqlite3_reset(statement.sqliteStatement)
        throw error(code, statement)
    }

    /// SQLite copies a value bound with this destructor before the bind returns, so the
    /// Swift buffer it came from may go (GRDB's own `SQLITE_TRANSIENT` is internal).
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    private func error(_ code: CInt, _ statement: Statement) -> DatabaseError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
}
