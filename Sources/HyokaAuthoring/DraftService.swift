import Foundation
import HyokaAccounts
import HyokaModel

/// The use cases of drafting, between a `DraftStore` and the adapters (the
/// web's forms, later the command line): reads a version, asks `Workflow`
/// whether the account may change it and how, and stores the change with its
/// audit entries in one write.
public struct DraftService: Sendable {
    public let store: any DraftStore
    /// The clock, passed in so that tests can hold it still.
    public let now: @Sendable () -> Date
    /// New draft ids; passed in so that tests can name them.
    public let newID: @Sendable () -> String

    public init(store: any DraftStore, now: @escaping @Sendable () -> Date = Date.init,
                newID: @escaping @Sendable () -> String = { "draft-" + UUID().uuidString.prefix(8).lowercased() }) {
        self.store = store
        self.now = now
        self.newID = newID
    }

    /// What one form submission did: the version after it, and the edits refused, each with its message.
    public struct EditOutcome: Sendable {
        public var draft: Draft
        public var refused: [DraftError]
    }

    // MARK: Reading

    /// A version the account may read: a published one for everyone, others
    /// for the roles that read drafts of that ministry (and invited experts).
    public func draft(id: String, version: Int? = nil, for account: Account?) async throws -> Draft {
        guard let draft = try await store.draft(id: id, version: version) else {
            throw DraftError(.notFound, ja: "下書き \(id) はない。", en: "There is no draft \(id).")
        }
        let action: Action = draft.state == .published ? .readPublished : .readDraft
        guard AccessPolicy.allows(account, action, on: draft.scope) else { throw Workflow.forbidden("read") }
        return draft
    }

    /// The drafts an account works on: its ministry's (the 点検 reviewer: every ministry's), newest first.
    public func drafts(for account: Account?) async throws -> [Draft] {
        guard let account, AccessPolicy.actions(of: account.role).contains(.readDraft) else { return [] }
        let drafts = try await store.drafts(ministry: account.role.isMinistryScoped ? account.ministry : nil)
        return drafts.filter { AccessPolicy.allows(account, .readDraft, on: $0.scope) }
    }

    public func versions(id: String, for account: Account?) async throws -> [Draft] {
        _ = try await draft(id: id, for: account)
        return try await store.draftVersions(id: id)
    }

    // MARK: Changing

    public func startNextCycle(of report: EvaluationReport, fiscalYear: Int? = nil, by account: Account?) async throws -> Draft {
        let (draft, event) = try Workflow.startNextCycle(of: report, id: newID(), fiscalYear: fiscalYear, by: account, at: now())
        try await store.insertDraft(draft, audit: [event])
        return draft
    }

    public func startBlank(fiscalYear: Int, by account: Account?) async throws -> Draft {
        let (draft, event) = try Workflow.startBlank(id: newID(), fiscalYear: fiscalYear, by: account, at: now())
        try await store.insertDraft(draft, audit: [event])
        return draft
    }

    /// Applies the edits of one form: each valid one is applied and logged,
    /// each invalid one is returned with its message, so that the form shows
    /// what was refused beside its field and keeps what was accepted.
    public func edit(id: String, version: Int, _ edits: [DraftEdit], by account: Account?) async throws -> EditOutcome {
        var draft = try await self.draft(id: id, version: version, for: account)
        var events: [AuditEvent] = []
        var refused: [DraftError] = []
        let date = now()
        for edit in edits {
            switch Result(catching: { () throws(DraftError) in try Workflow.edit(edit, on: draft, by: account, at: date) }) {
            case .success(let (next, event)):
                // An edit that changes nothing is not a change.
                guard event.oldValue != event.newValue else { continue }
                draft = next
                events.append(event)
            case .failure(let error):
                // A refused permission or state refuses the whole form; a refused value only itself.
                guard error.kind == .invalid || error.kind == .notFound else { throw error }
                refused.append(error)
            }
        }
        if !events.isEmpty { try await store.updateDraft(draft, audit: events) }
        return EditOutcome(draft: draft, refused: refused)
    }

    public func perform(_ transition: Transition, id: String, version: Int, comment: String? = nil, by account: Account?) async throws -> Draft {
        let draft = try await self.draft(id: id, version: version, for: account)
        let (next, events) = try Workflow.perform(transition, on: draft, by: account, comment: comment, at: now())
        try await store.updateDraft(next, audit: events)
        return next
    }

    public func comment(_ text: String, citing fields: [Int] = [], id: String, version: Int, by account: Account?) async throws -> Draft {
        let draft = try await self.draft(id: id, version: version, for: account)
        let (next, event) = try Workflow.comment(text, citing: fields, on: draft, by: account, at: now())
        try await store.updateDraft(next, audit: [event])
        return next
    }

    public func assignExpert(_ expert: Account, id: String, version: Int, by account: Account?) async throws -> Draft {
        let draft = try await self.draft(id: id, version: version, for: account)
        let (next, event) = try Workflow.assignExpert(expert, to: draft, by: account, at: now())
        try await store.updateDraft(next, audit: [event])
        return next
    }

    /// Starts the next version of a published one.
    public func newVersion(id: String, by account: Account?) async throws -> Draft {
        let published = try await draft(id: id, for: account)
        let (next, event) = try Workflow.newVersion(of: published, by: account, at: now())
        try await store.insertDraft(next, audit: [event])
        return next
    }
}

extension DraftService {
    // MARK: The server's operator

    /// Every draft's latest version (of one ministry, or of all), newest first,
    /// for the command line. It asks no account: whoever runs `hyoka` on the
    /// server reaches the database anyway, as `hyoka audit export` does.
    public func operatorDrafts(ministry: String? = nil) async throws -> [Draft] {
        try await store.drafts(ministry: ministry)
    }

    /// One version (the latest when `version` is nil) and every version's
    /// number and state, for the command line (no account asked, as `operatorDrafts`).
    public func operatorDraft(id: String, version: Int? = nil) async throws -> (draft: Draft, versions: [Draft]) {
        guard let draft = try await store.draft(id: id, version: version) else {
            throw DraftError(.notFound, ja: "下書き \(id)\(version.map { " 第\($0)版" } ?? "") はない。",
                             en: "There is no draft \(id)\(version.map { " version \($0)" } ?? "").")
        }
        return (draft, try await store.draftVersions(id: id))
    }
}
