import Crypto
import Foundation

/// One change to record: who did what to which element, and the values before and after.
public struct AuditEvent: Sendable, Equatable {
    /// The account name, or "cli:USER" for a command run on the server.
    public var actor: String
    /// What was done, such as "account.create" (see `AuditAction`).
    public var action: String
    /// What it was done to, such as "account:yamada" or, later, "draft:…/goal:2".
    public var element: String
    public var oldValue: String?
    public var newValue: String?
    public var at: Date

    public init(actor: String, action: String, element: String, oldValue: String? = nil, newValue: String? = nil, at: Date) {
        self.actor = actor
        self.action = action
        self.element = element
        self.oldValue = oldValue
        self.newValue = newValue
        self.at = at
    }
}

/// The actions this module records. The log takes any action name, so that
/// drafts and the workflow can add theirs ("draft.edit", "draft.submit", …).
public enum AuditAction {
    public static let createAccount = "account.create"
    public static let changePassword = "account.password"
    public static let changeRole = "account.role"
    public static let disableAccount = "account.disable"
    public static let lockAccount = "account.lock"
    public static let createToken = "token.create"
    public static let signIn = "session.start"
    public static let signOut = "session.end"
}

/// A stored entry: the event, its place in the log, and the hashes that chain it to the one before.
public struct AuditEntry: Sendable, Equatable, Codable {
    /// 1, 2, 3, … with no gap: a missing number is a deleted entry.
    public var sequence: Int
    /// When, as `Timestamp` text: the hash covers this text exactly.
    public var at: String
    public var actor: String
    public var action: String
    public var element: String
    public var oldValue: String?
    public var newValue: String?
    /// The hash of the entry before (`AuditChain.genesis` for the first).
    public var previousHash: String
    /// SHA-256 over `previousHash` and this entry's canonical encoding.
    public var hash: String

    public init(sequence: Int, at: String, actor: String, action: String, element: String, oldValue: String?, newValue: String?,
                previousHash: String, hash: String) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.action = action
        self.element = element
        self.oldValue = oldValue
        self.newValue = newValue
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The hash this entry should have, from its own fields and `previousHash`.
    public var expectedHash: String {
        AuditChain.hash(previous: previousHash, canonical: AuditChain.canonical(self))
    }
}

/// The hash chain: each entry's hash covers the previous entry's hash, so
/// changing, removing or inserting an entry anywhere breaks every hash after
/// it unless all of them are recomputed — which the exported last hash (kept
/// elsewhere) then shows.
public enum AuditChain {
    /// The "previous hash" of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// The entry that follows `last` (nil: the log is empty) for `event`.
    public static func entry(following last: AuditEntry?, _ event: AuditEvent) -> AuditEntry {
        var entry = AuditEntry(
            sequence: (last?.sequence ?? 0) + 1, at: Timestamp.string(event.at), actor: event.actor, action: event.action,
            element: event.element, oldValue: event.oldValue, newValue: event.newValue,
            previousHash: last?.hash ?? genesis, hash: "")
        entry.hash = entry.expectedHash
        return entry
    }

    /// The entry's fields as bytes with one meaning only: each field is
    /// written as its length in UTF-8 bytes, a colon and the bytes, and an
    /// absent value as "-". Without the lengths, 「a|b」+「c」 and 「a」+「b|c」
    /// would hash alike.
    public static func canonical(_ entry: AuditEntry) -> Data {
        var data = Data("hyoka-audit-v1\n".utf8)
        for field in [String(entry.sequence), entry.at, entry.actor, entry.action, entry.element, entry.oldValue, entry.newValue] {
            if let field {
                data.append(contentsOf: Array("\(field.utf8.count):".utf8))
                data.append(contentsOf: Array(field.utf8))
            } else {
                data.append(contentsOf: Array("-".utf8))
            }
            data.append(0x0A)
        }
        return data
    }

    static func hash(previous: String, canonical: Data) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(previous.utf8))
        hasher.update(data: Data([0x0A]))
        hasher.update(data: canonical)
        return hasher.finalize().hexString
    }
}

/// What checking the log found.
public enum AuditVerification: Sendable, Equatable {
    /// Every entry is where it should be; `lastHash` (nil for an empty log) is
    /// what to keep elsewhere, so that a log rewritten from the start can be told.
    case intact(count: Int, lastHash: String?)
    /// The first entry that does not fit, and why.
    case broken(sequence: Int, reason: String)
}

/// Checks a log from its first entry, and names the first entry that was changed, removed or inserted.
public enum AuditVerifier {
    public static func verify(_ entries: [AuditEntry]) -> AuditVerification {
        var previous = AuditChain.genesis
        for (index, entry) in entries.enumerated() {
            let expected = index + 1
            if entry.sequence != expected {
                return .broken(sequence: expected, reason: "entry \(expected) is missing (the next is \(entry.sequence))")
            }
            if entry.previousHash != previous {
                return .broken(sequence: entry.sequence, reason: "entry \(entry.sequence) does not follow the entry before it (previous hash differs)")
            }
            if entry.hash != entry.expectedHash {
                return .broken(sequence: entry.sequence, reason: "entry \(entry.sequence) was changed after it was written (its hash does not match its contents)")
            }
            previous = entry.hash
        }
        return .intact(count: entries.count, lastHash: entries.last?.hash)
    }
}
