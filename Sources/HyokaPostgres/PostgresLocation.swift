import Foundation
import HyokaStore
import PostgresNIO

/// A PostgreSQL server and database, read from a URL in libpq's form:
///
///     postgres://user[:password]@host[:port]/database[?sslmode=…&schema=…&ranking=exact]
///     postgresql://user@/database?host=/path/to/socket/dir[&port=5433]
///
/// `host=` with a directory (or a percent-encoded path as the host) connects
/// through the Unix socket `DIR/.s.PGSQL.PORT`, as libpq does. TLS is off
/// for sockets and loopback addresses unless `sslmode` asks for it, and
/// `prefer` elsewhere. `schema=` keeps Hyoka's tables in that schema
/// (created when missing), so that one database can hold several stores.
/// `ranking=exact` ranks search hits by the exact BM25 in SQL, as SQLite's FTS5
/// ranks them, instead of reading the posting index (see `PostgresSearch`):
/// for comparisons with SQLite. `ranking=index`, the default, reads the index.
public struct PostgresLocation: Sendable, Equatable {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The socket file itself: `DIR/.s.PGSQL.PORT`.
        case socket(path: String)
    }

    /// libpq's `sslmode` values that Hyoka understands.
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        /// Encrypts and checks the server's certificate and name.
        case verifyFull = "verify-full"
    }

    public static let defaultPort = 5432

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// The schema Hyoka's tables live in; nil for the server's default search path.
    public var schema: String?
    /// Whether search ranks by the exact BM25 in SQL rather than reading the posting index (`ranking=exact`).
    public var exactRanking: Bool
    /// The URL as given, with any password replaced by `***`, for messages.
    public var redacted: String

    /// - Throws: `StoreError.cannotOpen` saying what is wrong with the URL.
    public init(url: String) throws {
        let redacted = Self.redact(url)
        func invalid(_ reason: String) -> StoreError { .cannotOpen(path: redacted, reason: reason) }
        guard StoreLocation(url) == .postgres(url: url), let components = URLComponents(string: url) else {
            throw invalid("it is not a valid URL; write postgres://user@host:port/database")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard let value = item.value, !value.isEmpty else { throw invalid("the parameter \(item.name) has no value") }
            query[item.name] = value
        }
        let known: Set = ["host", "port", "sslmode", "schema", "user", "password", "dbname", "ranking"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw invalid("the parameter \(unknown) is not understood (known: \(known.sorted().joined(separator: ", ")))")
        }
        let port = try Self.port(components, query, invalid)
        let host = query["host"] ?? components.percentEncodedHost.flatMap { $0.removingPercentEncoding } ?? ""
        if host.hasPrefix("/") {
            endpoint = .socket(path: (host as NSString).appendingPathComponent(".s.PGSQL.\(port)"))
        } else {
            endpoint = .tcp(host: host.isEmpty ? "localhost" : host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: port)
        }
        let user = query["user"] ?? components.user ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        guard !user.isEmpty else { throw invalid("it names no user; write postgres://user@host/database") }
        username = user
        password = query["password"] ?? components.password
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = query["dbname"] ?? (path.isEmpty ? user : path)
        guard !database.contains("/") else { throw invalid("the database name \(database) contains a slash") }
        if let mode = query["sslmode"] {
            guard let tls = TLSMode(rawValue: mode) else {
                throw invalid("sslmode=\(mode) is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.tls = tls
        } else {
            tls = Self.isLocal(endpoint) ? .disable : .prefer
        }
        if let schema = query["schema"] {
            // A schema name cannot be bound as a parameter, so only plain names are accepted.
            guard schema.range(of: #"^[a-z_][a-z0-9_]{0,62}$"#, options: .regularExpression) != nil else {
                throw invalid("schema=\(schema) must be lower-case letters, digits and underscores")
            }
        }
        schema = query["schema"]
        switch query["ranking"] {
        case nil, "index": exactRanking = false
        case "exact": exactRanking = true
        case let other?: throw invalid("ranking=\(other) must be index or exact")
        }
        self.redacted = redacted
    }

    private static func port(_ components: URLComponents, _ query: [String: String], _ invalid: (String) -> StoreError) throws -> Int {
        guard let text = query["port"] else { return components.port ?? defaultPort }
        guard let port = Int(text), (1...65535).contains(port) else { throw invalid("port=\(text) is not a port number") }
        return port
    }

    private static func isLocal(_ endpoint: Endpoint) -> Bool {
        switch endpoint {
        case .socket: true
        case .tcp(let host, _): host == "localhost" || host == "::1" || host.hasPrefix("127.")
        }
    }

    /// `url` with the password, if any, replaced by `***`.
    static func redact(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url.contains("@") ? "the given postgres:// URL" : url }
        if components.password != nil { components.password = "***" }
        if let items = components.queryItems, items.contains(where: { $0.name == "password" }) {
            components.queryItems = items.map { $0.name == "password" ? URLQueryItem(name: "password", value: "***") : $0 }
        }
        return components.string ?? url
    }

    /// Where the server is, in words for messages.
    var serverDescription: String {
        switch endpoint {
        case .tcp(let host, let port): "\(host):\(port)"
        case .socket(let path): "the socket \(path)"
        }
    }

    // MARK: - PostgresNIO configurations

    /// The connection pool's configuration.
    func clientConfiguration() throws -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            configuration = .init(host: host, port: port, username: username, password: password, database: database, tls: try clientTLS())
        case .socket(let path):
            configuration = .init(unixSocketPath: path, username: username, password: password, database: database)
        }
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// The configuration of one direct connection, used to check the server
    /// and migrate before the pool starts: its errors say what went wrong.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            configuration = .init(host: host, port: port, username: username, password: password, database: database, tls: try connectionTLS())
        case .socket(let path):
            configuration = .init(unixSocketPath: path, username: username, password: password, database: database)
        }
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// Every connection searches Hyoka's schema first, and speaks UTF-8.
    private var startupParameters: [(String, String)] {
        var parameters = [("client_encoding", "UTF8"), ("application_name", "hyoka")]
        if let schema { parameters.append(("search_path", schema)) }
        return parameters
    }

    private func tlsConfiguration() -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        // libpq's `require` encrypts without checking the certificate; `verify-full` checks it.
        if tls != .verifyFull { configuration.certificateVerification = .none }
        return configuration
    }

    private func clientTLS() throws -> PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(tlsConfiguration())
        case .require, .verifyFull: .require(tlsConfiguration())
        }
    }

    private func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: tlsConfiguration()))
        case .require, .verifyFull: .require(try NIOSSLContext(configuration: tlsConfiguration()))
        }
    }
}
