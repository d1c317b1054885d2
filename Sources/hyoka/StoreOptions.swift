import ArgumentParser
import HyokaModel
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

    /// Runs `body` with the store at `databasePath()` open (created when
    /// needed), and closes it when `body` returns or throws.
    func withStore<T>(_ body: (any EvaluationStore) async throws -> T) async throws -> T {
        try await body(Self.openStore(at: databasePath()))
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

extension EvaluationStore {
    /// The document `reference` names (see `report(matching:)`).
    /// - Throws: `CLIError.noDocument` when none matches.
    func requireReport(_ reference: String) async throws -> EvaluationReport {
        guard let report = try await report(matching: reference) else { throw CLIError.noDocument(reference: reference) }
        return report
    }
}
