import Foundation

/// Where accounts, sessions, API tokens and the audit log are kept.
///
/// Implemented by both stores (SQLite and PostgreSQL). Every change to an
/// account is written in the same transaction as its audit entry, so that no
/// change goes unrecorded. The audit log can only grow: there is no call to
/// change or remove an entry, and each database also refuses it with a trigger.
public protocol AccountStore: Sendable {
    func account(named name: String) async throws -> Account?
    /// Every account, by name.
    func accounts() async throws -> [Account]
    /// Adds `account` and records `audit` with it.
    /// - Throws: `AccountError.duplicateAccount` when the name is taken.
    func insertAccount(_ account: Account, audit: AuditEvent) async throws
    /// Replaces the account of the same name, and records `audit` with it when given
    /// (a wrong password's count changes the account but is not an audited change).
    /// - Throws: `AccountError.noSuchAccount`.
    func updateAccount(_ account: Account, audit: AuditEvent?) async throws

    func insertSession(_ session: Session) async throws
    func session(digest: String) async throws -> Session?
    func deleteSession(digest: String) async throws
    /// Ends every session of an account (disabled, new password or new role).
    func deleteSessions(accountName: String) async throws
    /// Forgets sessions that ended before `date`.
    func deleteSessions(expiredBefore date: Date) async throws

    func insertToken(_ token: APIToken, audit: AuditEvent) async throws
    func token(digest: String) async throws -> APIToken?

    /// Appends `event` to the log, chained to the last entry, and returns the stored entry.
    @discardableResult
    func appendAudit(_ event: AuditEvent) async throws -> AuditEntry
    /// The whole log, in order.
    func auditEntries() async throws -> [AuditEntry]
}
