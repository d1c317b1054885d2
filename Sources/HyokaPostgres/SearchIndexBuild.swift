import Logging
import PostgresNIO

/// The search indexes of a passage table, dropped by a save that loads
/// into the table empty and built again after the save's COPY, in the
/// same transaction.
///
/// Why: kept up row by row, an index is most of the server's time in a
/// bulk load. Half of the server's samples in an import of documents were
/// in `rum.so`, updating the RUM index of that time page by page (migration
/// v14 dropped it), and GIN costs the same in kind: COPY into the
/// GIN-indexed `rs_passage` took 7.2 s against 2.5–2.9 s without the index
/// and 2.7–2.8 s for one build after it. (The review sheets now load each
/// slice into a table of its own and index it there, `ReviewSheetPassageLoad`.)
///
/// Why only into an empty table, and inside the save's transaction:
/// PostgreSQL's DDL is transactional, so every commit leaves the table with
/// its indexes, and a save that fails gets them back with everything else
/// by its ROLLBACK; nothing needs to run after a failure or a crash. A build
/// over a table that already holds passages would index them all again, so
/// an import in batches builds after its first batch only (into an empty
/// store) and updates the indexes for the others. The cost: DROP INDEX holds
/// the table's ACCESS EXCLUSIVE lock until COMMIT, so a search waits for the
/// save instead of reading the passages being replaced.
///
/// Each index is built again from its own definition (`pg_get_indexdef`),
/// read before it is dropped, so it comes back as its migration made it;
/// an index that does not exist is neither dropped nor built.
struct SearchIndexBuild {
    /// The passage table, from the schema's fixed names.
    let table: String
    /// Its search indexes, from the schema's fixed names.
    let indexes: [String]

    /// `passage`'s GIN index (migration v2), which the exact ranking (`ranking=exact`) reads.
    static let documents = SearchIndexBuild(table: "passage", indexes: ["passage_search"])

    /// The definitions of the indexes dropped, to be built again by `create`.
    struct Dropped {
        /// The indexes' names, in the order of `definitions`.
        var names: [String]
        var definitions: [String]

        /// Builds the dropped indexes again (nothing when none was dropped).
        func create(on connection: PostgresConnection, logger: Logger) async throws {
            // The definitions come from the server's catalog, never from input.
            for definition in definitions { try await connection.query(PostgresQuery(unsafeSQL: definition), logger: logger) }
        }
    }

    /// Drops the indexes when `table` holds no row this transaction can see
    /// (a first load, or the rows being replaced were deleted before), and
    /// returns their definitions; none when rows remain.
    func dropIfNoPassageRemains(on connection: PostgresConnection, logger: Logger) async throws -> Dropped {
        let empty = try await connection.query(PostgresQuery(unsafeSQL: "SELECT NOT EXISTS (SELECT 1 FROM \(table)) AS empty"), logger: logger)
        var isEmpty = false
        for try await value in empty.decode(Bool.self) { isEmpty = value }
        guard isEmpty else { return Dropped(names: [], definitions: []) }
        var found: [(name: String, definition: String)] = []
        let rows = try await connection.query("""
            SELECT n.name, pg_get_indexdef(i.oid) FROM unnest(\(indexes)::text[]) WITH ORDINALITY AS n(name, ordinal)
            JOIN pg_class i ON i.oid = to_regclass(n.name) ORDER BY n.ordinal
            """, logger: logger)
        for try await (name, definition) in rows.decode((String, String).self) { found.append((name, definition)) }
        // Names from `indexes`, the schema's fixed names.
        for index in found { try await connection.query(PostgresQuery(unsafeSQL: "DROP INDEX \(index.name)"), logger: logger) }
        return Dropped(names: found.map(\.name), definitions: found.map(\.definition))
    }
}
