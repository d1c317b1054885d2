import GRDB

/// An import's write into a database file that no other connection has
/// open, made with a rollback journal instead of the write-ahead log.
///
/// Why: in WAL mode every page a transaction writes goes first to the
/// `-wal` file, and is copied again into the database by a checkpoint. An
/// import is one transaction (or a few large ones), so its checkpoint copies
/// every page it wrote, after it commits, on one core, while nothing else is
/// left to do: a year of files (900 MB of pages) spent 3–4 s of its 21–23 s
/// there, and the system calls writing each page twice were an eighth of
/// its CPU. A rollback journal writes a page once, into the database file; it
/// copies into the journal only the pages that held data before the
/// transaction began, and the pages a new file grows by hold none
/// (BENCHMARKS.md, "An import without the write-ahead log").
///
/// SQLite changes a file's journal mode only when no other connection has it
/// open; otherwise it answers "database is locked", and the write goes
/// through the WAL as before, so that a running `hyoka serve` reads on while
/// an import writes. When the mode does change, the connection keeps the
/// file locked (`locking_mode = EXCLUSIVE`) until the write ends: a process
/// that opens the file meanwhile is told the database is locked, rather than
/// holding a read lock that would make the import fail when it needs to
/// write its pages. Afterwards the file is put back in WAL mode, as
/// `DatabasePool` expects it. A crash during the write leaves a hot journal,
/// from which SQLite restores the file as it was when it is next opened.
enum RollbackJournalWrite {
    /// Runs `write` (one or more transactions on `pool`'s writer) with a
    /// rollback journal when `pool` is the only connection to its file, and
    /// through the WAL otherwise. The pool's idle readers are closed first,
    /// since they count as other connections; a read running meanwhile is
    /// waited for.
    static func run<T>(on pool: DatabasePool, _ write: () async throws -> T) async throws -> T {
        pool.releaseMemory()
        guard try await pool.writeWithoutTransaction(leaveWriteAheadLog) else { return try await write() }
        // What is reported is the write's own outcome: once it has committed, an import that then said it failed
        // would be run again for nothing. Should the mode not come back, the next pool to open the file sets WAL.
        defer { try? pool.writeWithoutTransaction(returnToWriteAheadLog) }
        return try await write()
    }

    /// Whether the file left WAL mode: false when another connection has it open.
    private static func leaveWriteAheadLog(_ db: Database) throws -> Bool {
        let mode: String?
        do {
            mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return false
        }
        guard mode == "delete" else { return false }
        // An exclusive locking mode takes the exclusive lock only when pages are first written to the file, and a
        // reader's lock taken before would then fail the import: it is taken now, by an exclusive transaction, and
        // kept. Should another connection have come in between, the write goes through the WAL after all.
        do {
            try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
            try db.execute(sql: "BEGIN EXCLUSIVE")
            try db.execute(sql: "COMMIT")
            return true
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            try returnToWriteAheadLog(db)
            return false
        }
    }

    private static func returnToWriteAheadLog(_ db: Database) throws {
        // NORMAL releases the lock at the next access of the file, which is the change of mode itself.
        try db.execute(sql: "PRAGMA locking_mode = NORMAL")
        try db.execute(sql: "PRAGMA journal_mode = WAL")
    }
}
