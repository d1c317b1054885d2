import Foundation

/// A person (or a machine client acting for one) who may sign in.
///
/// The password is kept only as its hash (`passwordHash`, bcrypt); the
/// counters `failedAttempts` and `lockedUntil` carry the lockout state
/// (`LockoutPolicy`) across processes, so that several web servers on one
/// PostgreSQL database lock an account together.
public struct Account: Sendable, Equatable, Codable {
    /// The sign-in name: unique, compared exactly.
    public var name: String
    /// The name shown on pages, such as 「外務省 評価担当 山田」.
    public var displayName: String
    public var role: Role
    /// The ministry a scoped role works for (see `Role.isMinistryScoped`), as the
    /// documents name it (「外務省」); nil for the 点検 reviewer and the administrator.
    public var ministry: String?
    /// A disabled account cannot sign in, and its sessions and tokens no longer authenticate.
    public var disabled: Bool
    /// Wrong passwords since the last successful sign-in or lock.
    public var failedAttempts: Int
    /// Until when sign-in is refused after too many wrong passwords.
    public var lockedUntil: Date?
    /// The bcrypt hash of the password ("$2b$…"), never the password.
    public var passwordHash: String

    public init(name: String, displayName: String, role: Role, ministry: String?, disabled: Bool = false,
                failedAttempts: Int = 0, lockedUntil: Date? = nil, passwordHash: String) {
        self.name = name
        self.displayName = displayName
        self.role = role
        self.ministry = ministry
        self.disabled = disabled
        self.failedAttempts = failedAttempts
        self.lockedUntil = lockedUntil
        self.passwordHash = passwordHash
    }
}

/// Checks on what people type for an account, each failure with a message that says what to change.
public enum AccountRules {
    /// Names longer than this are refused: they would only serve to fill logs and pages.
    public static let maximumNameLength = 64
    public static let maximumDisplayNameLength = 100
    /// bcrypt reads only the first 72 bytes of a password: a longer one would
    /// silently match any password with the same start, so it is refused.
    public static let maximumPasswordBytes = 72
    public static let minimumPasswordLength = 10

    /// A sign-in name: any visible characters, no spaces or control characters.
    /// Names are not limited to ASCII (「yamada.外務省」 is fine), so every place
    /// that shows one escapes it.
    public static func checkName(_ name: String) throws(AccountError) {
        guard !name.isEmpty, name.count <= maximumNameLength else {
            throw .invalid("A user name has 1 to \(maximumNameLength) characters.")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) else {
            throw .invalid("A user name has no spaces or control characters.")
        }
    }

    public static func checkDisplayName(_ name: String) throws(AccountError) {
        guard !name.isEmpty, name.count <= maximumDisplayNameLength else {
            throw .invalid("A display name has 1 to \(maximumDisplayNameLength) characters.")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalid("A display name has no control characters.")
        }
    }

    public static func checkPassword(_ password: String) throws(AccountError) {
        guard password.count >= minimumPasswordLength else {
            throw .invalid("A password has at least \(minimumPasswordLength) characters.")
        }
        guard password.utf8.count <= maximumPasswordBytes else {
            throw .invalid("A password has at most \(maximumPasswordBytes) bytes (bcrypt ignores the rest).")
        }
    }

    /// A scoped role needs a ministry and the others take none: a 点検 reviewer
    /// limited to one ministry, or an author of every ministry, would be a mistake.
    public static func checkScope(role: Role, ministry: String?) throws(AccountError) {
        if role.isMinistryScoped {
            guard let ministry, !ministry.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .invalid("The role \(role.rawValue) (\(role.japaneseName)) works for one ministry: give --ministry, such as 外務省.")
            }
            guard ministry.count <= 40, !ministry.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw .invalid("A ministry name has at most 40 characters and no control characters.")
            }
        } else if ministry != nil {
            throw .invalid("The role \(role.rawValue) (\(role.japaneseName)) covers every ministry: give no --ministry.")
        }
    }
}

/// Why an account operation was refused.
public enum AccountError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String)
    case noSuchAccount(String)
    case duplicateAccount(String)
    /// The acting account may not do this.
    case forbidden(String)

    public var description: String {
        switch self {
        case .invalid(let message), .forbidden(let message): message
        case .noSuchAccount(let name): "No user is named “\(name)”."
        case .duplicateAccount(let name): "A user named “\(name)” already exists."
        }
    }
}
