import Foundation
import GRDB
import HyokaAccounts

extension SQLiteStore {
    /// v6: accounts, sessions, API tokens and the audit log. The audit table
    /// refuses UPDATE and DELETE with triggers, so that even a program that
    /// writes SQL of its own cannot quietly rewrite history; someone who
    /// drops the triggers is caught by the hash chain instead.
    static func registerAccountMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6: accounts, sessions, API tokens and the hash-chained audit log") { db in
            try db.create(table: "account") { table in
                table.primaryKey("name", .text)
                table.column("display_name", .text).notNull()
                table.column("role", .text).notNull()
                table.column("ministry", .text)
                table.column("disabled", .boolean).notNull().defaults(to: false)
                table.column("failed_attempts", .integer).notNull().defaults(to: 0)
                table.column("locked_until", .text)
                table.column("password_hash", .text).notNull()
            }
            try db.create(table: "account_session") { table in
                table.primaryKey("digest", .text)
                table.column("account_name", .text).notNull().indexed().references("account", onDelete: .cascade)
                table.column("created_at", .text).notNull()
                table.column("expires_at", .text).notNull()
            }
            try db.create(table: "api_token") { table in
                table.primaryKey("digest", .text)
                table.column("account_name", .text).notNull().indexed().references("account", onDelete: .cascade)
                table.column("created_at", .text).notNull()
            }
            try db.create(table: "audit_log") { table in
                table.primaryKey("sequence", .integer)
                table.column("at", .text).notNull()
                table.column("actor", .text).notNull()
                table.column("action", .text).notNull()
                table.column("element", .text).notNull()
                table.column("old_value", .text)
                table.column("new_value", .text)
                table.column("previous_hash", .text).notNull()
                table.column("hash", .text).notNull()
            }
            try db.execute(sql: """
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
                """)
            try db.execute(sql: """
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
                """)
        }
    }
}

extension SQLiteStore: AccountStore {
    public func account(named name: String) async throws -> Account? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [name]).map(Self.account)
        }
    }

    public func accounts() async throws -> [Account] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY name").map(Self.account)
        }
    }

    public func insertAccount(_ account: Account, audit: AuditEvent) async throws {
        try await database.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE name = ?", arguments: [account.name]) != nil {
                throw AccountError.duplicateAccount(account.name)
            }
            try db.execute(sql: """
                INSERT INTO account (name, display_name, role, ministry, disabled, failed_attempts, locked_until, password_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: Self.arguments(account))
            _ = try Self.append(audit, in: db)
        }
    }

    public func updateAccount(_ account: Account, audit: AuditEvent?) async throws {
        try await database.write { db in
            try db.execute(sql: """
                UPDATE account SET display_name = ?, role = ?, ministry = ?, disabled = ?, failed_attempts = ?, locked_until = ?,
                                   password_hash = ?
                WHERE name = ?
                """, arguments: StatementArguments(Array(Self.values(account).dropFirst())) + [account.name])
            guard db.changesCount > 0 else { throw AccountError.noSuchAccount(account.name) }
            if let audit { _ = try Self.append(audit, in: db) }
        }
    }

    public func insertSession(_ session: Session) async throws {
        try await database.write { db in
            try db.execute(sql: "INSERT INTO account_session (digest, account_name, created_at, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [session.digest, session.accountName, Timestamp.string(session.createdAt), Timestamp.string(session.expiresAt)])
        }
    }

    public func session(digest: String) async throws -> Session? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account_session WHERE digest = ?", arguments: [digest]).map { row in
                Session(digest: row["digest"], accountName: row["account_name"],
                        createdAt: Timestamp.date(row["created_at"]) ?? .distantPast, expiresAt: Timestamp.date(row["expires_at"]) ?? .distantPast)
            }
        }
    }

    public func deleteSession(digest: String) async throws {
        try await database.write { db in try db.execute(sql: "DELETE FROM account_session WHERE digest = ?", arguments: [digest]) }
    }

    public func deleteSessions(accountName: String) async throws {
        try await database.write { db in try db.execute(sql: "DELETE FROM account_session WHERE account_name = ?", arguments: [accountName]) }
    }

    public func deleteSessions(expiredBefore date: Date) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM account_session WHERE expires_at < ?", arguments: [Timestamp.string(date)])
        }
    }

    public func insertToken(_ token: APIToken, audit: AuditEvent) async throws {
        try await database.write { db in
            try db.execute(sql: "INSERT INTO api_token (digest, account_name, created_at) VALUES (?, ?, ?)",
                           arguments: [token.digest, token.accountName, Timestamp.string(token.createdAt)])
            _ = try Self.append(audit, in: db)
        }
    }

    public func token(digest: String) async throws -> APIToken? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_token WHERE digest = ?", arguments: [digest]).map { row in
                APIToken(digest: row["digest"], accountName: row["account_name"], createdAt: Timestamp.date(row["created_at"]) ?? .distantPast)
            }
        }
    }

    @discardableResult
    public func appendAudit(_ event: AuditEvent) async throws -> AuditEntry {
        try await database.write { db in try Self.append(event, in: db) }
    }

    public func auditEntries() async throws -> [AuditEntry] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY sequence").map(Self.auditEntry)
        }
    }

    // MARK: Rows

    /// Appends inside the caller's write transaction: GRDB runs one writer at
    /// a time, so no other entry can take the same place in the chain.
    static func append(_ event: AuditEvent, in db: Database) throws -> AuditEntry {
        let last = try Row.fetchOne(db, sql: "SELECT * FROM audit_log ORDER BY sequence DESC LIMIT 1").map(auditEntry)
        let entry = AuditChain.entry(following: last, event)
        try db.execute(sql: """
            INSERT INTO audit_log (sequence, at, actor, action, element, old_value, new_value, previous_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [entry.sequence, entry.at, entry.actor, entry.action, entry.element, entry.oldValue, entry.newValue,
                             entry.previousHash, entry.hash])
        return entry
    }

    static func auditEntry(_ row: Row) -> AuditEntry {
        AuditEntry(sequence: row["sequence"], at: row["at"], actor: row["actor"], action: row["action"], element: row["element"],
                   oldValue: row["old_value"], newValue: row["new_value"], previousHash: row["previous_hash"], hash: row["hash"])
    }

    static func account(_ row: Row) -> Account {
        // A role this version does not know (written by a newer one) grants nothing: the account reads as disabled.
        let role = Role(rawValue: row["role"])
        return Account(
            name: row["name"], displayName: row["display_name"], role: role ?? .author, ministry: row["ministry"],
            disabled: row["disabled"] || role == nil, failedAttempts: row["failed_attempts"],
            lockedUntil: (row["locked_until"] as String?).flatMap(Timestamp.date), passwordHash: row["password_hash"])
    }

    private static func values(_ account: Account) -> [(any DatabaseValueConvertible)?] {
        [account.name, account.displayName, account.role.rawValue, account.ministry, account.disabled, account.failedAttempts,
         account.lockedUntil.map(Timestamp.string), account.passwordHash]
    }

    private static func arguments(_ account: Account) -> StatementArguments {
        StatementArguments(values(account))
    }
}
