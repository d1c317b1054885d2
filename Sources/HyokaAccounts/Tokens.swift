import Crypto
import Foundation

/// A secret handed to a client once — a session cookie or an API token — and
/// kept by the server only as its SHA-256 digest.
///
/// 256 random bits cannot be guessed, so a fast hash is enough (a slow one
/// like bcrypt is for passwords, which people choose). Someone who reads the
/// database learns the digests, which open nothing.
public struct SecretToken: Sendable, Equatable {
    /// The value the client holds: base64url without padding (43 characters), after an optional prefix.
    public let value: String

    public init(value: String) {
        self.value = value
    }

    /// A new token from the system's secure random generator, with `prefix`
    /// (such as "hyoka_" for API tokens, so that a leaked one can be recognised by scanners).
    public static func generate(prefix: String = "") -> SecretToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return SecretToken(value: prefix + Base64URL.encode(bytes))
    }

    /// What the store keeps: the SHA-256 of the token, in lowercase hex.
    public var digest: String { Self.digest(of: value) }

    public static func digest(of value: String) -> String {
        SHA256.hash(data: Data(value.utf8)).hexString
    }

    /// A value derived from this token for `purpose` (HMAC-SHA256): a session's
    /// CSRF token is derived from the session id, so it needs no storage of
    /// its own and still differs for every session.
    public func derived(for purpose: String) -> String {
        let key = SymmetricKey(data: Data(value.utf8))
        return Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Data(purpose.utf8), using: key)))
    }
}

/// Compares secrets in time that does not depend on where they differ, so
/// that the response time does not tell an attacker how much of a guess was right.
public enum ConstantTime {
    public static func equals(_ lhs: String, _ rhs: String) -> Bool {
        let (left, right) = (Array(lhs.utf8), Array(rhs.utf8))
        var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= a ^ b
        }
        return difference == 0 && left.count == right.count
    }
}

enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension Sequence where Element == UInt8 {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}

/// A signed-in browser: the digest of its cookie, whose account, and until when.
public struct Session: Sendable, Equatable {
    /// SHA-256 of the cookie value (see `SecretToken.digest`).
    public var digest: String
    public var accountName: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(digest: String, accountName: String, createdAt: Date, expiresAt: Date) {
        self.digest = digest
        self.accountName = accountName
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// A machine client's credential (`Authorization: Bearer …`), acting with its account's role.
public struct APIToken: Sendable, Equatable {
    /// SHA-256 of the token.
    public var digest: String
    public var accountName: String
    public var createdAt: Date

    public init(digest: String, accountName: String, createdAt: Date) {
        self.digest = digest
        self.accountName = accountName
        self.createdAt = createdAt
    }
}
