import ArgumentParser
import Hummingbird
import HyokaStore
import HyokaWeb

/// Where to listen: loopback unless told otherwise.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on. The default, 127.0.0.1, is reachable from this machine only.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (1–65535).")
    var port = 8080

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535.") }
        guard !host.isEmpty, host.count <= 255 else { throw ValidationError("--host must be an address such as 127.0.0.1.") }
    }

    func serve(_ store: any EvaluationStore) async throws {
        let app = try await WebApp(store: store).application(host: host, port: port)
        print("Serving Hyoka on http://\(host):\(port)/ (Ctrl-C to stop)")
        try await app.runService()
    }
}

extension Hyoka {
    /// `hyoka serve`
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the web application and the JSON API (/api/v1) over the database.",
            discussion: "Read-only. Binds to 127.0.0.1 unless --host is given."
        )

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var server: ServerOptions

        func run() async throws {
            try await reportingErrors {
                try await storeOptions.withStore { store in
                    try await server.serve(store)
                }
            }
        }
    }
}
