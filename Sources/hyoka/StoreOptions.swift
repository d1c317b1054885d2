import ArgumentParser
import Foundation
import HyokaStore

/// The `--db` option every subcommand shares.
struct StoreOptions: ParsableArguments {
    static let environmentVariable = "HYOKA_DB"
    static let defaultPath = "hyoka.sqlite"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "SQLite database file. Default: $\(environmentVariable), else ./\(defaultPath) (demo: ./hyoka-demo.sqlite).",
            valueName: "path"
        )
    )
    var db: String?

    /// The database path: `--db`, else `HYOKA_DB`, else `./hyoka.sqlite`.
    func databasePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let db { return db }
        if let fromEnvironment = environment[Self.environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return Self.defaultPath
    }

    /// Opens (creating when needed) the database at `databasePath()`.
    func openStore() throws -> SQLiteStore {
        try Self.openStore(at: databasePath())
    }

    /// Opens the store at `path`, so that every failure to open reads as
    /// "cannot open the database" whatever layer reported it.
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
