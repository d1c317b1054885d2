import Foundation

/// The use cases of accounts, between the stores and the adapters (the
/// `hyoka user …` commands and the web's sign-in): checks what is typed,
/// hashes passwords, applies the lockout, issues sessions and tokens, and
/// writes every change to the audit log.
public struct AccountService: Sendable {
    public let store: any AccountStore
    public let hasher: any PasswordHasher
    public let lockout: LockoutPolicy
    /// How long a session lasts after sign-in.
    public let sessionLifetime: TimeInterval
    /// The clock, passed in so that tests can move time on.
    public let now: @Sendable () -> Date

    public init(store: any AccountStore, hasher: any PasswordHasher = BcryptHasher(), lockout: LockoutPolicy = LockoutPolicy(),
                sessionLifetime: TimeInterval = 8 * 60 * 60, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.hasher = hasher
        self.lockout = lockout
        self.sessionLifetime = sessionLifetime
        self.now = now
    }

    // MARK: Keeping accounts

    @discardableResult
    public func addAccount(name: String, displayName: String? = nil, role: Role, ministry: String?, password: String,
                           by actor: String) async throws -> Account {
        try AccountRules.checkName(name)
        let displayName = displayName ?? name
        try AccountRules.checkDisplayName(displayName)
        try AccountRules.checkScope(role: role, ministry: ministry)
        try AccountRules.checkPassword(password)
        if try await store.account(named: name) != nil { throw AccountError.duplicateAccount(name) }
        let account = Account(name: name, displayName: displayName, role: role, ministry: ministry, passwordHash: hasher.hash(password))
        try await store.insertAccount(account, audit: AuditEvent(
            actor: actor, action: AuditAction.createAccount, element: Self.element(name), newValue: Self.describe(account), at: now()))
        return account
    }

    /// Sets a new password; the account's sessions end and a lock is lifted.
    public func setPassword(name: String, password: String, by actor: String) async throws {
        try AccountRules.checkPassword(password)
        var account = try await require(name)
        account.passwordHash = hasher.hash(password)
        account = lockout.afterSuccess(account)
        // The hash is not the audit log's business: the entry says that it changed.
        try await store.updateAccount(account, audit: AuditEvent(
            actor: actor, action: AuditAction.changePassword, element: Self.element(name), oldValue: nil, newValue: "(changed)", at: now()))
        try await store.deleteSessions(accountName: name)
    }

    /// Gives the account another role (and ministry); its sessions end, so that no page keeps the old rights.
    public func setRole(name: String, role: Role, ministry: String?, by actor: String) async throws {
        try AccountRules.checkScope(role: role, ministry: ministry)
        var account = try await require(name)
        let before = Self.scope(account)
        account.role = role
        account.ministry = ministry
        try await store.updateAccount(account, audit: AuditEvent(
            actor: actor, action: AuditAction.changeRole, element: Self.element(name), oldValue: before, newValue: Self.scope(account), at: now()))
        try await store.deleteSessions(accountName: name)
    }

    /// Disables the account: it can no longer sign in, and its sessions and tokens stop working.
    public func disable(name: String, by actor: String) async throws {
        var account = try await require(name)
        guard !account.disabled else { return }
        account.disabled = true
        try await store.updateAccount(account, audit: AuditEvent(
            actor: actor, action: AuditAction.disableAccount, element: Self.element(name), oldValue: "enabled", newValue: "disabled", at: now()))
        try await store.deleteSessions(accountName: name)
    }

    public func accounts() async throws -> [Account] {
        try await store.accounts()
    }

    /// A new API token for `name`, returned once: only its digest is stored.
    public func issueToken(for name: String, by actor: String) async throws -> SecretToken {
        let account = try await require(name)
        guard !account.disabled else { throw AccountError.invalid("The user “\(name)” is disabled.") }
        let token = SecretToken.generate(prefix: "hyoka_")
        try await store.insertToken(APIToken(digest: token.digest, accountName: name, createdAt: now()), audit: AuditEvent(
            actor: actor, action: AuditAction.createToken, element: Self.element(name), newValue: String(token.digest.prefix(12)), at: now()))
        return token
    }

    // MARK: Signing in

    public enum SignIn: Sendable, Equatable {
        /// The new session's cookie value, to send once.
        case signedIn(Account, session: SecretToken)
        /// Wrong name or password, or a disabled account: the caller says no more than that.
        case refused
        /// Too many wrong passwords: refused whatever the password until `until`.
        case locked(until: Date)
    }

    /// Checks a password and, when it is right, starts a new session. A
    /// session the browser held before (`previousSession`) is ended: a
    /// session id planted before sign-in never becomes a signed-in one.
    public func signIn(name: String, password: String, previousSession: String? = nil) async throws -> SignIn {
        let time = now()
        if let previousSession { try await store.deleteSession(digest: SecretToken.digest(of: previousSession)) }
        guard let account = try await store.account(named: name) else {
            // Hashing costs what checking costs: the answer takes as long as for a real name,
            // so that timing does not tell which names exist.
            _ = hasher.hash(password)
            return .refused
        }
        if lockout.isLocked(account, at: time), let until = account.lockedUntil { return .locked(until: until) }
        guard hasher.verify(password, against: account.passwordHash), !account.disabled else {
            if account.disabled { return .refused }
            let counted = lockout.afterFailure(account, at: time)
            if let until = counted.lockedUntil, lockout.isLocked(counted, at: time) {
                try await store.updateAccount(counted, audit: AuditEvent(
                    actor: name, action: AuditAction.lockAccount, element: Self.element(name),
                    newValue: "locked until \(Timestamp.string(until)) after \(lockout.maximumFailures) wrong passwords", at: time))
                return .locked(until: until)
            }
            try await store.updateAccount(counted, audit: nil)
            return .refused
        }
        let signedIn = lockout.afterSuccess(account)
        if signedIn != account { try await store.updateAccount(signedIn, audit: nil) }
        try await store.deleteSessions(expiredBefore: time)
        let token = SecretToken.generate()
        try await store.insertSession(Session(digest: token.digest, accountName: name, createdAt: time, expiresAt: time.addingTimeInterval(sessionLifetime)))
        try await store.appendAudit(AuditEvent(actor: name, action: AuditAction.signIn, element: Self.element(name), at: time))
        return .signedIn(signedIn, session: token)
    }

    /// The account a session cookie belongs to, if the session is current and the account may still act.
    public func account(forSession value: String) async throws -> Account? {
        guard let session = try await store.session(digest: SecretToken.digest(of: value)) else { return nil }
        guard now() < session.expiresAt else {
            try await store.deleteSession(digest: session.digest)
            return nil
        }
        return try await active(session.accountName)
    }

    /// The account an API token (`Authorization: Bearer …`) belongs to.
    public func account(forToken value: String) async throws -> Account? {
        guard let token = try await store.token(digest: SecretToken.digest(of: value)) else { return nil }
        return try await active(token.accountName)
    }

    /// Ends a session (sign-out).
    public func signOut(session value: String) async throws {
        let digest = SecretToken.digest(of: value)
        guard let session = try await store.session(digest: digest) else { return }
        try await store.deleteSession(digest: digest)
        try await store.appendAudit(AuditEvent(actor: session.accountName, action: AuditAction.signOut, element: Self.element(session.accountName), at: now()))
    }

    // MARK: The audit log

    public func verifyAudit() async throws -> AuditVerification {
        AuditVerifier.verify(try await store.auditEntries())
    }

    // MARK: Helpers

    private func require(_ name: String) async throws -> Account {
        guard let account = try await store.account(named: name) else { throw AccountError.noSuchAccount(name) }
        return account
    }

    private func active(_ name: String) async throws -> Account? {
        guard let account = try await store.account(named: name), !account.disabled else { return nil }
        return account
    }

    static func element(_ name: String) -> String { "account:\(name)" }

    static func scope(_ account: Account) -> String {
        account.ministry.map { "\(account.role.rawValue) (\($0))" } ?? account.role.rawValue
    }

    static func describe(_ account: Account) -> String {
        "\(scope(account)), display name “\(account.displayName)”"
    }
}
