import ArgumentParser
import HyokaModel
import Foundation
import HyokaPostgres
import HyokaStore

/// The `--db` option every subcommand shares.
struct StoreOptions: ParsableArguments {
    static let environmentVariable = "HYOKA_DB"
    static let defaultPath = "hyoka.sqlite"

    @Option(
        name: .long,
        help: ArgumentHelp(
            """
            SQLite database file, or a PostgreSQL server as postgres://user[:password]@host[:port]/database \
            (?host=/socket/dir for a Unix socket, ?sslmode=disable|prefer|require|verify-full, ?schema=name). \
            Default: $\(environmentVariable), else ./\(defaultPath) (demo: ./hyoka-demo.sqlite, SQLite only).
            """,
            valueName: "path-or-url"
        )
    )
    var db: String?

    /// The database: `--db`, else `HYOKA_DB`, else `./hyoka.sqlite`.
    func databasePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let db { return db }
        if let fromEnvironment = environment[Self.environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return Self.defaultPath
    }

    /// The database in words for messages: a PostgreSQL URL without its password.
    func databaseDescription() -> String {
        let path = databasePath()
        switch StoreLocation(path) {
        case .sqlite: return path
        case .postgres: return (try? PostgresLocation(url: path).redacted) ?? "the PostgreSQL database"
        }
    }

    /// Runs `body` with the store `databasePath()` names open (a SQLite
    /// file is created when needed), and closes it when `body` returns or
    /// throws. A PostgreSQL store's connections live only that long.
    func withStore<T>(_ body: (any EvaluationStore) async throws -> T) async throws -> T {
        switch StoreLocation(databasePath()) {
        case .sqlite(let path):
            return try await body(Self.openStore(at: path))
        case .postgres(let url):
            return try await PostgresStore.withStore(url: url) { store in try await body(store) }
        }
    }

    /// Opens the SQLite store at `path`, so that every failure to open reads
    /// as "cannot open the database" whatever layer reported it.
    static func openStore(at path: String) throws -> SQLiteStore {
        do {
            return try SQLiteStore(path: path)
        } catch let error as StoreError {
            throw error
        } catch {
            throw CLIError.cannotOpenDatabase(path: path, reason: "\(error)")
        }
    }
}

extension EvaluationStore {
    /// The document `reference` names (see `report(matching:)`).
    /// - Throws: `CLIError.noDocument` when none matches.
    func requireReport(_ reference: String) async throws -> EvaluationReport {
        guard let report = try await report(matching: reference) else { throw CLIError.noDocument(reference: reference) }
        return report
    }
}
