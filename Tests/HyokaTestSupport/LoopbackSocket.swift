#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain TCP socket on 127.0.0.1, for tests that must behave like a bad
/// client (send half a request and wait) or hold a port, which an HTTP
/// client library will not do.
public final class LoopbackSocket: @unchecked Sendable {
    public let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    private static func stream() -> Int32 {
        #if canImport(Glibc)
        socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        socket(AF_INET, SOCK_STREAM, 0)
        #endif
    }

    private static func address(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// A connection to `port` on loopback, or nil when refused.
    public static func connect(port: Int) -> LoopbackSocket? {
        let descriptor = stream()
        guard descriptor >= 0 else { return nil }
        let socket = LoopbackSocket(descriptor: descriptor)
        var address = address(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0 ? socket : nil
    }

    /// A socket listening on an ephemeral loopback port, and that port.
    public static func listen() -> (socket: LoopbackSocket, port: Int)? {
        let descriptor = stream()
        guard descriptor >= 0 else { return nil }
        let socket = LoopbackSocket(descriptor: descriptor)
        var address = address(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(descriptor, 16) == 0 else { return nil }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return (socket, Int(UInt16(bigEndian: actual.sin_port)))
    }

    /// Writes `text` as UTF-8; false when the peer has gone.
    @discardableResult
    public func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == bytes.count
    }

    /// What the peer sent until it closed the connection (`closed`), or
    /// until nothing came for `patience` seconds (`closed` false).
    public func readUntilClosed(patience: Int) -> (bytes: [UInt8], closed: Bool) {
        var timeout = timeval(tv_sec: patience, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 { received += buffer[0..<count]; continue }
            if count == 0 { return (received, true) }
            return (received, errno == ECONNRESET)
        }
    }
}
