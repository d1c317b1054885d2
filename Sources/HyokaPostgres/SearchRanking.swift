import Logging
import PostgresNIO

/// How a PostgreSQL store orders document search hits (順位付け).
///
/// The exact BM25 (`PostgresSearch`'s exact path) scores every passage that
/// matches before the best page can be chosen: at government scale a common
/// word such as 外交 matches hundreds of thousands of passages, and a search
/// takes seconds. The RUM access method keeps each lexeme's positions in the
/// index and returns rows already ordered by `search_vector <=> query`: it
/// scores the matches from the index alone, and a search with `LIMIT k` reads
/// k rows of the table. RUM is an extension
/// (Debian: `postgresql-15-rum`) that a server may lack; the store then keeps
/// the exact ranking, and says so once when it opens.
///
/// The two orders differ: RUM's distance is the reciprocal of its own rank
/// (how often and how close together the query's lexemes occur in the
/// passage, much like `ts_rank`), which has no inverse document frequency.
/// The same passages match either way, and `searchCount` is exact in both.
enum SearchRanking: Sendable, Equatable {
    /// The RUM index `passage_rank` orders hits. `extensionSchema` is where the
    /// extension's operator `<=>` and operator class live: a store's
    /// `search_path` may name only its own schema, so both are qualified.
    case index(extensionSchema: String)
    /// BM25 over every match, as SQLite ranks; `reason` says why not the index.
    case exact(reason: String)

    /// `OPERATOR("schema".<=>)`, RUM's distance between a vector and a query.
    var distanceOperator: String? {
        guard case .index(let schema) = self else { return nil }
        return "OPERATOR(\(RankIndex.identifier(schema)).<=>)"
    }
}

/// The RUM index on `passage.search_vector`: found, or created where the
/// extension is installed in the database.
///
/// The index is not a migration's statement: RUM is per server and per
/// database, and may be installed after the store was made. Each open checks
/// (inside the migration lock) and builds the index when RUM has become
/// available; a server without it keeps the GIN index of v2 and exact ranking.
enum RankIndex {
    static let name = "passage_rank"

    /// Finds or builds the index on `connection`, inside the migration's transaction.
    ///
    /// Least privilege: the extension is best created by a superuser
    /// (`CREATE EXTENSION rum`, as scripts/postgres-test-cluster.sh does); the
    /// store only tries it itself when the server offers RUM, inside a
    /// savepoint, so that a role without the privilege falls back instead of failing.
    static func prepare(_ connection: PostgresConnection, logger: Logger) async throws -> SearchRanking {
        var schema = try await extensionSchema(connection, logger: logger)
        if schema == nil {
            guard try await isAvailable(connection, logger: logger) else {
                return .exact(reason: "the server has no RUM extension (Debian: apt-get install postgresql-15-rum)")
            }
            try await connection.query("SAVEPOINT hyoka_rum", logger: logger)
            do {
                // In public: a store's own schema may be dropped with the store, and the extension with it.
                try await connection.query("CREATE EXTENSION IF NOT EXISTS rum SCHEMA public", logger: logger)
                try await connection.query("RELEASE SAVEPOINT hyoka_rum", logger: logger)
            } catch {
                try await connection.query("ROLLBACK TO SAVEPOINT hyoka_rum", logger: logger)
                return .exact(reason: "the server offers RUM but this role may not create it; a superuser runs CREATE EXTENSION rum in this database")
            }
            schema = try await extensionSchema(connection, logger: logger)
        }
        guard let schema else { return .exact(reason: "the RUM extension could not be found after it was created") }
        // A bulk load running elsewhere dropped it, and builds it at its end (`SearchIndexDeferral`).
        let exists = try await connection.query(
            "SELECT to_regclass(\(name)) IS NOT NULL OR EXISTS (SELECT 1 FROM search_index_deferred WHERE name = \(name)) AS found", logger: logger)
        for try await found in exists.decode(Bool.self) where !found {
            try await connection.query(PostgresQuery(unsafeSQL:
                "CREATE INDEX \(name) ON passage USING rum (search_vector \(identifier(schema)).rum_tsvector_ops)"), logger: logger)
        }
        return .index(extensionSchema: schema)
    }

    /// The schema the `rum` extension is installed in, in this database; nil when it is not installed.
    private static func extensionSchema(_ connection: PostgresConnection, logger: Logger) async throws -> String? {
        let rows = try await connection.query("""
            SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'rum'
            """, logger: logger)
        for try await schema in rows.decode(String.self) { return schema }
        return nil
    }

    private static func isAvailable(_ connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("SELECT count(*) FROM pg_available_extensions WHERE name = 'rum'", logger: logger)
        for try await count in rows.decode(Int.self) { return count > 0 }
        return false
    }

    /// A quoted SQL identifier: inside double quotes, a double quote is doubled.
    static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
