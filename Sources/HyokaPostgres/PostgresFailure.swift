import Foundation
import HyokaStore
import PostgresNIO

/// Turns PostgresNIO's errors into sentences a user can act on.
///
/// `PSQLError`'s own description is deliberately vague (it might otherwise
/// leak a query's values), so the server's message, its SQLSTATE and the
/// network error are read out here.
enum PostgresFailure {
    /// Why the store at `location` cannot be opened.
    static func cannotOpen(_ error: any Error, _ location: PostgresLocation) -> StoreError {
        if let error = error as? StoreError { return error }
        return .cannotOpen(path: location.redacted, reason: reason(error, location))
    }

    /// What went wrong while `doing` something with an open store.
    static func failed(_ error: any Error, doing: String) -> any Error {
        switch error {
        case is StoreError, is CancellationError, is EncodingError: error
        case let error as PostgresTransactionError: failed(error.closureError ?? error.commitError ?? error.beginError ?? error, doing: doing)
        default: StoreError.databaseError(reason: "\(doing): \(serverMessage(error) ?? describe(error))")
        }
    }

    static func reason(_ error: any Error, _ location: PostgresLocation) -> String {
        guard let error = error as? PSQLError else { return describe(error) }
        if let state = error.serverInfo?[.sqlState] {
            switch state {
            case "28P01", "28000":
                return "the server refused user \(location.username): \(error.serverInfo?[.message] ?? "authentication failed"); check the user and password in the URL"
            case "3D000":
                return "the database \(location.database) does not exist on \(location.serverDescription); create it with `createdb \(location.database)`"
            case "42501":
                return "user \(location.username) may not create Hyoka's tables there: \(error.serverInfo?[.message] ?? "permission denied")"
            default:
                return serverMessage(error) ?? describe(error)
            }
        }
        switch error.code {
        case .connectionError:
            return "no PostgreSQL server answers at \(location.serverDescription) (\(error.underlying.map(network) ?? "connection failed")); start the server or correct the host and port"
        case .sslUnsupported:
            return "the server does not accept TLS; use sslmode=disable in the URL"
        case .authMechanismRequiresPassword:
            return "the server asks user \(location.username) for a password; put it in the URL (postgres://user:password@host/db)"
        case .unsupportedAuthMechanism, .saslError:
            return "the server asks for an authentication method PostgresNIO cannot do (\(error.code))"
        case .serverClosedConnection, .uncleanShutdown:
            return "the server at \(location.serverDescription) closed the connection; is it a PostgreSQL server?"
        default:
            return "\(error.code) at \(location.serverDescription)" + (error.underlying.map { ": \(describe($0))" } ?? "")
        }
    }

    /// A failure to connect in a few words: NIO's errors name every address tried, with errno.
    static func network(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError: error.connectionErrors.last.map { network($0.error) } ?? "no address to connect to"
        case let error as IOError: String(cString: strerror(error.errnoCode)).lowercased()
        case ChannelError.connectTimeout(let timeout): "no answer within \(timeout.nanoseconds / 1_000_000_000) seconds"
        default: describe(error)
        }
    }

    /// The server's own words: message, detail and SQLSTATE.
    static func serverMessage(_ error: any Error) -> String? {
        guard let error = error as? PSQLError, let info = error.serverInfo, let message = info[.message] else { return nil }
        let detail = info[.detail].map { " (\($0))" } ?? ""
        return "\(message)\(detail) [SQLSTATE \(info[.sqlState] ?? "?")]"
    }

    /// A network or other error in words; `IOError` and friends describe themselves.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            return serverMessage(error) ?? "\(error.code)" + (error.underlying.map { ": \(describe($0))" } ?? "")
        }
        return String(describing: error)
    }
}
