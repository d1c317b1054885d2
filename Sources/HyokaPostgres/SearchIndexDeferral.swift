import Logging
import PostgresNIO

/// The search indexes of `passage`, left unbuilt through a bulk load into an
/// empty store (`PostgresStore.bulkLoad`) and built once at its end.
///
/// Why: a save into an empty passage table already builds the indexes after
/// its COPY (`SearchIndexBuild`), but an import in batches gains only for its
/// first batch; every later batch kept the indexes up row by row, which was
/// most of the server's time (a year of documents took 14.5 minutes into
/// PostgreSQL, against 2 minutes for the same files saved as one batch, when
/// the RUM index that migration v14 dropped was among them).
/// Building once at the end makes every batch a first one.
///
/// Why a table and a lock, not a transaction: the batches commit one by one
/// (an import of ten years cannot be one transaction), so the indexes are
/// missing between commits. The table `search_index_deferred` (migration v12)
/// records each dropped index's definition in the same transaction that drops
/// it, and the loader holds a session advisory lock for the whole load. Whoever
/// finds records and can take the lock knows their loader is gone — it failed
/// to build them, or its process died — and builds them: the next store to open
/// does (`buildAbandoned`, in the migration's transaction). A store opened while
/// a load runs leaves them alone and searches without them, correctly but
/// slowly, as any query on a table without its index.
///
/// Only into an empty store: building over passages already stored would index
/// them again, which costs more than keeping the index up for the new ones.
enum SearchIndexDeferral {
    /// "hyob": the bulk load's advisory lock, per schema (as the migrations' lock is).
    private static let lockClass: Int32 = 0x6879_6F62

    /// Where an operator reads what a bulk load could not finish: the store's own logger is silent
    /// (PostgresNIO is chatty).
    static let operatorLog = Logger(label: "hyoka.postgres.bulk-load")

    /// Drops the search indexes and records them when the passage table is empty and no
    /// other bulk load holds the lock; returns whether it did. When it did, the caller
    /// holds the lock on `connection` until `finish`.
    static func begin(on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        guard try await lock(connection, logger: logger) else { return false }
        do {
            try await connection.query("BEGIN", logger: logger)
            let dropped = try await SearchIndexBuild.documents.dropIfNoPassageRemains(on: connection, logger: logger)
            for (name, definition) in zip(dropped.names, dropped.definitions) {
                try await connection.query("INSERT INTO search_index_deferred (name, definition) VALUES (\(name), \(definition))", logger: logger)
            }
            try await connection.query("COMMIT", logger: logger)
            if dropped.names.isEmpty { try await unlock(connection, logger: logger) }
            return !dropped.names.isEmpty
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            _ = try? await unlock(connection, logger: logger)
            throw error
        }
    }

    /// Builds the indexes `begin` dropped, in one transaction, and lets the lock go.
    /// A build that fails leaves the records for the next store that opens.
    static func finish(on connection: PostgresConnection, logger: Logger) async throws {
        do {
            try await connection.query("BEGIN", logger: logger)
            try await build(on: connection, logger: logger)
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            _ = try? await unlock(connection, logger: logger)
            throw error
        }
        try await unlock(connection, logger: logger)
        // A first load leaves the planner without statistics and the visibility map empty until autovacuum
        // comes: the dashboard's index-only counts visited the heap for every row (ten years: 131–211 ms for
        // its first request; 110–129 ms once `document` and `review_count` were vacuumed, 1 s).
        // The passages are only analyzed: vacuuming them at ten years takes minutes, autovacuum's job.
        // The load is whole without this, so a failure is told, not thrown.
        do {
            try await connection.query("VACUUM (ANALYZE) document, review_count", logger: logger)
            try await connection.query("ANALYZE passage", logger: logger)
        } catch {
            operatorLog.warning("the store was not vacuumed and analyzed after a bulk load; autovacuum will: \(error)")
        }
    }

    /// Inside the migration's transaction: builds the recorded indexes when no
    /// bulk load holds the lock (their loader failed or died); leaves them while
    /// one does. The lock taken here lasts until that transaction ends, so a
    /// load cannot begin while they are built.
    static func buildAbandoned(on connection: PostgresConnection, logger: Logger) async throws {
        guard try await !recorded(on: connection, logger: logger).isEmpty else { return }
        var isFree = false
        let free = try await connection.query("SELECT pg_try_advisory_xact_lock(\(lockClass), hashtext(current_schema())) AS free", logger: logger)
        for try await value in free.decode(Bool.self) { isFree = value }
        guard isFree else { return }
        operatorLog.notice("building the search indexes a bulk load left unbuilt")
        try await build(on: connection, logger: logger)
    }

    /// The names of the indexes a bulk load has dropped and not yet built.
    static func recorded(on connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        var names: Set<String> = []
        for try await name in try await connection.query("SELECT name FROM search_index_deferred", logger: logger).decode(String.self) {
            names.insert(name)
        }
        return names
    }

    /// Builds every recorded index and deletes the records, in the caller's transaction.
    /// The definitions are the server's own (`pg_get_indexdef`, read by `SearchIndexBuild`
    /// before the drop), written only by `begin`: never input.
    private static func build(on connection: PostgresConnection, logger: Logger) async throws {
        var definitions: [String] = []
        let rows = try await connection.query("SELECT definition FROM search_index_deferred ORDER BY name", logger: logger)
        for try await definition in rows.decode(String.self) { definitions.append(definition) }
        try await SearchIndexBuild.Dropped(names: [], definitions: definitions).create(on: connection, logger: logger)
        try await connection.query("DELETE FROM search_index_deferred", logger: logger)
    }

    private static func lock(_ connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("SELECT pg_try_advisory_lock(\(lockClass), hashtext(current_schema())) AS locked", logger: logger)
        var locked = false
        for try await value in rows.decode(Bool.self) { locked = value }
        return locked
    }

    private static func unlock(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_unlock(\(lockClass), hashtext(current_schema()))", logger: logger)
    }
}
