import GRDB

/// FTS5's segment merging, deferred while a bulk of rows goes into a
/// full-text table (`passage_fts` for documents, `rs_passage_fts` for review
/// sheets).
///
/// FTS5 writes what it has gathered as a new segment every megabyte or so
/// and, by default, merges every four segments of a level at once, so that
/// a bulk of passages is merged again and again while it goes in. With
/// automatic merging off, segments wait for FTS5's `crisismerge` (16 of a
/// level, merged in one go), which writes each entry fewer times (12–16 %
/// less CPU for the FTS5 insert of the full RS export, measured with the
/// sqlite3 shell). The setting lives in the table's `_config` shadow table,
/// so it is put back in the same transaction: a failed save rolls it back
/// with everything else, and later saves merge as before.
enum FTS5Merging {
    /// FTS5's own default for `automerge`, which `deferred` puts back.
    static let defaultAutomerge = 4

    /// Runs `body` (which inserts into `table`) with automatic merging off,
    /// inside the caller's transaction. `table` is one of the schema's
    /// fixed names, never input.
    static func deferred<T>(in table: String, _ db: Database, _ body: () throws -> T) throws -> T {
        try db.execute(sql: "INSERT INTO \(table) (\(table), rank) VALUES ('automerge', 0)")
        let value = try body()
        try db.execute(sql: "INSERT INTO \(table) (\(table), rank) VALUES ('automerge', ?)", arguments: [defaultAutomerge])
        return value
    }
}
