import Foundation
import HyokaAccounts
import HyokaStore
import PostgresNIO

extension PostgresSchema {
    /// v6, as SQLite's migration of the same name. The audit table refuses
    /// UPDATE, DELETE and TRUNCATE with triggers; the hash chain catches
    /// whoever drops them.
    static let accountsMigration = Migration(identifier: "v6: accounts, sessions, API tokens and the hash-chained audit log", statements: [
        """
        CREATE TABLE account (
            name text COLLATE "C" PRIMARY KEY,
            display_name text NOT NULL, role text NOT NULL, ministry text,
            disabled boolean NOT NULL DEFAULT false, failed_attempts bigint NOT NULL DEFAULT 0, locked_until text,
            password_hash text NOT NULL
        )
        """,
        """
        CREATE TABLE account_session (
            digest text COLLATE "C" PRIMARY KEY,
            account_name text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            created_at text NOT NULL, expires_at text NOT NULL
        )
        """,
        "CREATE INDEX account_session_by_account ON account_session (account_name)",
        """
        CREATE TABLE api_token (
            digest text COLLATE "C" PRIMARY KEY,
            account_name text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            created_at text NOT NULL
        )
        """,
        "CREATE INDEX api_token_by_account ON api_token (account_name)",
        """
        CREATE TABLE audit_log (
            sequence bigint PRIMARY KEY,
            at text NOT NULL, actor text NOT NULL, action text NOT NULL, element text NOT NULL,
            old_value text, new_value text, previous_hash text NOT NULL, hash text NOT NULL
        )
        """,
        """
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$
        """,
        "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
    ])
}

extension PostgresStore: AccountStore {
    public func account(named name: String) async throws -> Account? {
        try await accountsPerform("reading the user \(name)") {
            try await rows("SELECT * FROM account WHERE name = \(name)").first.map(Self.account)
        }
    }

    public func accounts() async throws -> [Account] {
        try await accountsPerform("listing users") {
            try await rows("SELECT * FROM account ORDER BY name").map(Self.account)
        }
    }

    public func insertAccount(_ account: Account, audit: AuditEvent) async throws {
        try await writing("adding the user \(account.name)") { connection in
            if try await !rows("SELECT 1 FROM account WHERE name = \(account.name)", on: connection).isEmpty {
                throw AccountError.duplicateAccount(account.name)
            }
            let lockedUntil = account.lockedUntil.map(Timestamp.string)
            try await connection.query("""
                INSERT INTO account (name, display_name, role, ministry, disabled, failed_attempts, locked_until, password_hash)
                VALUES (\(account.name), \(account.displayName), \(account.role.rawValue), \(account.ministry), \(account.disabled),
                        \(account.failedAttempts), \(lockedUntil), \(account.passwordHash))
                """, logger: logger)
            try await append(audit, on: connection)
        }
    }

    public func updateAccount(_ account: Account, audit: AuditEvent?) async throws {
        try await writing("changing the user \(account.name)") { connection in
            let lockedUntil = account.lockedUntil.map(Timestamp.string)
            let updated = try await rows("""
                UPDATE account SET display_name = \(account.displayName), role = \(account.role.rawValue), ministry = \(account.ministry),
                                   disabled = \(account.disabled), failed_attempts = \(account.failedAttempts),
                                   locked_until = \(lockedUntil), password_hash = \(account.passwordHash)
                WHERE name = \(account.name) RETURNING name
                """, on: connection)
            guard !updated.isEmpty else { throw AccountError.noSuchAccount(account.name) }
            if let audit { try await append(audit, on: connection) }
        }
    }

    public func insertSession(_ session: Session) async throws {
        let (created, expires) = (Timestamp.string(session.createdAt), Timestamp.string(session.expiresAt))
        try await accountsPerform("starting a session") {
            _ = try await client.query("""
                INSERT INTO account_session (digest, account_name, created_at, expires_at)
                VALUES (\(session.digest), \(session.accountName), \(created), \(expires))
                """, logger: logger)
        }
    }

    public func session(digest: String) async throws -> Session? {
        try await accountsPerform("reading a session") {
            try await rows("SELECT * FROM account_session WHERE digest = \(digest)").first.map { row in
                Session(digest: try row["digest"].decode(String.self), accountName: try row["account_name"].decode(String.self),
                        createdAt: Timestamp.date(try row["created_at"].decode(String.self)) ?? .distantPast,
                        expiresAt: Timestamp.date(try row["expires_at"].decode(String.self)) ?? .distantPast)
            }
        }
    }

    public func deleteSession(digest: String) async throws {
        try await accountsPerform("ending a session") {
            _ = try await client.query("DELETE FROM account_session WHERE digest = \(digest)", logger: logger)
        }
    }

    public func deleteSessions(accountName: String) async throws {
        try await accountsPerform("ending the sessions of \(accountName)") {
            _ = try await client.query("DELETE FROM account_session WHERE account_name = \(accountName)", logger: logger)
        }
    }

    public func deleteSessions(expiredBefore date: Date) async throws {
        let before = Timestamp.string(date)
        try await accountsPerform("forgetting ended sessions") {
            _ = try await client.query("DELETE FROM account_session WHERE expires_at < \(before)", logger: logger)
        }
    }

    public func insertToken(_ token: APIToken, audit: AuditEvent) async throws {
        let created = Timestamp.string(token.createdAt)
        try await writing("issuing a token for \(token.accountName)") { connection in
            try await connection.query("INSERT INTO api_token (digest, account_name, created_at) VALUES (\(token.digest), \(token.accountName), \(created))",
                                       logger: logger)
            try await append(audit, on: connection)
        }
    }

    public func token(digest: String) async throws -> APIToken? {
        try await accountsPerform("reading a token") {
            try await rows("SELECT * FROM api_token WHERE digest = \(digest)").first.map { row in
                APIToken(digest: try row["digest"].decode(String.self), accountName: try row["account_name"].decode(String.self),
                         createdAt: Timestamp.date(try row["created_at"].decode(String.self)) ?? .distantPast)
            }
        }
    }

    @discardableResult
    public func appendAudit(_ event: AuditEvent) async throws -> AuditEntry {
        try await writing("writing the audit log") { connection in try await append(event, on: connection) }
    }

    public func auditEntries() async throws -> [AuditEntry] {
        try await accountsPerform("reading the audit log") {
            try await rows("SELECT * FROM audit_log ORDER BY sequence").map(Self.auditEntry)
        }
    }

    // MARK: Helpers

    /// Appends inside the caller's transaction. The advisory lock makes
    /// writers of the log take turns across every process on the schema,
    /// so that two entries never claim the same place in the chain.
    @discardableResult
    func append(_ event: AuditEvent, on connection: PostgresConnection) async throws -> AuditEntry {
        try await connection.query("SELECT pg_advisory_xact_lock(\(Self.auditLockClass), hashtext(current_schema()))", logger: logger)
        let last = try await rows("SELECT * FROM audit_log ORDER BY sequence DESC LIMIT 1", on: connection).first.map(Self.auditEntry)
        let entry = AuditChain.entry(following: last, event)
        try await connection.query("""
            INSERT INTO audit_log (sequence, at, actor, action, element, old_value, new_value, previous_hash, hash)
            VALUES (\(entry.sequence), \(entry.at), \(entry.actor), \(entry.action), \(entry.element), \(entry.oldValue), \(entry.newValue),
                    \(entry.previousHash), \(entry.hash))
            """, logger: logger)
        return entry
    }

    /// The audit log's advisory lock, per schema ("audi" in ASCII and the schema's hash): each schema keeps its own chain.
    private static let auditLockClass: Int32 = 0x6175_6469

    /// Runs `body` in a transaction on one connection.
    private func writing<T: Sendable>(_ doing: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await writing(passing: AccountError.self, doing, body)
    }

    private func accountsPerform<T>(_ doing: String, _ body: () async throws -> T) async throws -> T {
        try await perform(passing: AccountError.self, doing, body)
    }

    /// Runs `body` in a transaction on one connection, as `perform(passing:)` reports its errors.
    func writing<Passed: Error, T: Sendable>(passing: Passed.Type, _ doing: String,
                                             _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await perform(passing: passing, doing) {
            try await client.withConnection { connection in
                try await transaction(on: connection) { try await body(connection) }
            }
        }
    }

    /// As `perform`, letting errors of type `Passed` (`AccountError`, `DraftError`) through as they are: they say
    /// what the person asked wrong, not what the database did.
    func perform<Passed: Error, T>(passing: Passed.Type, _ doing: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as Passed {
            throw error
        } catch {
            throw PostgresFailure.failed(error, doing: doing)
        }
    }

    static func account(_ row: PostgresRandomAccessRow) throws -> Account {
        // A role this version does not know grants nothing: the account reads as disabled.
        let role = Role(rawValue: try row["role"].decode(String.self))
        return Account(
            name: try row["name"].decode(String.self), displayName: try row["display_name"].decode(String.self), role: role ?? .author,
            ministry: try row["ministry"].decode(String?.self), disabled: try row["disabled"].decode(Bool.self) || role == nil,
            failedAttempts: try row["failed_attempts"].decode(Int.self),
            lockedUntil: try row["locked_until"].decode(String?.self).flatMap(Timestamp.date), passwordHash: try row["password_hash"].decode(String.self))
    }

    static func auditEntry(_ row: PostgresRandomAccessRow) throws -> AuditEntry {
        AuditEntry(
            sequence: try row["sequence"].decode(Int.self), at: try row["at"].decode(String.self), actor: try row["actor"].decode(String.self),
            action: try row["action"].decode(String.self), element: try row["element"].decode(String.self),
            oldValue: try row["old_value"].decode(String?.self), newValue: try row["new_value"].decode(String?.self),
            previousHash: try row["previous_hash"].decode(String.self), hash: try row["hash"].decode(String.self))
    }
}
