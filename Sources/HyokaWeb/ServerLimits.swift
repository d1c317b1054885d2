import Hummingbird
import HummingbirdCore
import Foundation
import NIOCore

/// What the server allows a connection before it hangs up.
///
/// Without limits, a client that opens a connection and never finishes its
/// request keeps a file descriptor forever: a few hundred such connections
/// exhaust the process's descriptors and the server stops answering anyone
/// (slowloris). Hummingbird 2 offers three controls, all used here:
///
/// - `idleTimeout` (HTTP1Channel's idle timeout): a connection that has not
///   sent a complete request head, or has sent nothing since its last
///   response, or pauses longer than this inside a request body, is closed.
///   This is the header timeout, the keep-alive idle timeout and the
///   request-body timeout in one: Hummingbird restarts the clock at every
///   HTTP part it reads (head, body chunk, end) and at every response.
/// - `maxConnections` (`MaximumAvailableConnections`): beyond it the server
///   stops accepting; new connections wait in the listen backlog, so one
///   client cannot take every descriptor.
/// - `maxHeaderBytes` (the HTTP/1 decoder's header limits): a larger head is
///   refused before it is buffered.
///
/// Hyoka is read-only, so request bodies are refused outright (413, see
/// `ReadOnlyMiddleware`); a client trickling a body is cut off by the idle
/// timeout like one trickling a header.
public struct ServerLimits: Sendable, Equatable {
    public var idleTimeout: Duration
    public var maxConnections: Int
    public var maxHeaderBytes: Int

    /// Defaults for a server on a small machine: 30 s, 256 connections, 32 KiB of headers.
    public init(idleTimeout: Duration = .seconds(30), maxConnections: Int = 256, maxHeaderBytes: Int = 32 * 1024) {
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.maxHeaderBytes = maxHeaderBytes
    }

    /// The HTTP/1 server with these limits.
    var server: HTTPServerBuilder {
        let configuration = HTTP1Channel.Configuration(
            idleTimeout: TimeAmount(idleTimeout),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: maxHeaderBytes, maxHeaderListSize: maxHeaderBytes, maxHeaderFieldCount: 100)
        )
        return .http1(configuration: configuration)
    }
}

/// Why the server could not start, told apart for a clear message.
public enum ServerStartFailure {
    /// True when `error` is the socket's "address already in use" (EADDRINUSE):
    /// another process listens on the port.
    public static func isAddressInUse(_ error: any Error) -> Bool {
        if let error = error as? IOError { return error.errnoCode == EADDRINUSE }
        // The service group may wrap the bind error; its description still carries errno's text.
        return String(describing: error).contains("Address already in use")
    }
}
