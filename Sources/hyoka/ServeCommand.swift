import ArgumentParser
import Foundation
import Hummingbird
import HyokaAccounts
import HyokaAuthoring
import HyokaStore
import HyokaWeb

/// Where to listen: loopback unless told otherwise.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on. The default, 127.0.0.1, is reachable from this machine only.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (1–65535).")
    var port = 8080

    @Option(help: "Seconds a connection may stay silent: before its request head is complete, between body parts, or idle between requests (1–3600).")
    var idleTimeout = 30

    @Option(help: "Connections served at once; more wait in the listen backlog (1–100000).")
    var maxConnections = 256

    @Flag(inversion: .prefixedNo, help: "Keep each search's results for 5 seconds, for readers asking again. --no-search-cache measures what the store itself serves.")
    var searchCache = true

    @Flag(help: "Readers reach the server through HTTPS (directly or behind a proxy): the session cookie is marked Secure.")
    var behindTLS = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535.") }
        guard !host.isEmpty, host.count <= 255 else { throw ValidationError("--host must be an address such as 127.0.0.1.") }
        guard (1...3600).contains(idleTimeout) else { throw ValidationError("--idle-timeout must be between 1 and 3600 seconds.") }
        guard (1...100_000).contains(maxConnections) else { throw ValidationError("--max-connections must be between 1 and 100000.") }
    }

    var limits: ServerLimits { ServerLimits(idleTimeout: .seconds(idleTimeout), maxConnections: maxConnections) }

    /// Serves until stopped. "Serving…" is printed once the port is bound,
    /// so a port already in use is reported first and alone.
    func serve(_ store: any EvaluationStore) async throws {
        let (host, port) = (self.host, self.port)
        // The pages get a reader only; on SQLite a second, read-only pool, so that the database itself refuses
        // any write from them. Drafts and signing in get the store's narrow protocols.
        let reader: any EvaluationReader
        if let sqlite = store as? SQLiteStore { reader = try sqlite.readOnly() } else { reader = store }
        var web = try await WebApp(reader: reader, drafts: store as? any DraftStore, accounts: store as? any AccountStore)
        web.signIn.secureCookies = behindTLS
        web.cachesSearchResults = searchCache
        let app = web.application(host: host, port: port, limits: limits) { bound in
            // Written at once, not buffered: a script that starts the server reads this line to know it is up.
            FileHandle.standardOutput.write(Data("Serving Hyoka on http://\(host):\(bound)/ (Ctrl-C to stop)\n".utf8))
        }
        do {
            try await app.runService()
        } catch let failure where ServerStartFailure.isAddressInUse(failure) {
            throw CLIError.portInUse(host: host, port: port)
        }
    }
}

extension Hyoka {
    /// `hyoka serve`
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the web application and the JSON API (/api/v1) over the database.",
            discussion: """
                Read-only for the public; accounts (see `hyoka user`) sign in at /login. Binds to 127.0.0.1 unless --host is given. A SQLite database must exist \
                (import documents first), unless --create is given.
                """
        )

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var server: ServerOptions

        @Flag(help: "Create the SQLite database when it does not exist, and serve it empty.")
        var create = false

        func run() async throws {
            try await reportingErrors {
                if case .sqlite(let path) = StoreLocation(storeOptions.databasePath()), !create, !FileManager.default.fileExists(atPath: path) {
                    throw CLIError.noDatabase(path: path)
                }
                try await storeOptions.withStore { store in
                    try await server.serve(store)
                }
            }
        }
    }
}
