import HyokaAccounts

/// Where drafts are kept: every version with its state and comments.
///
/// Implemented by both stores. Each write takes the audit events of the
/// change and appends them to the audit log in the same transaction, so that
/// no change to a draft goes unrecorded and none is recorded that did not happen.
public protocol DraftStore: Sendable {
    /// Adds a new version (a new draft, or the next version of a published one).
    /// - Throws: `DraftError` (`.state`) when that id and version exist.
    func insertDraft(_ draft: Draft, audit: [AuditEvent]) async throws
    /// Replaces a version; refuses to change one that is stored as published.
    func updateDraft(_ draft: Draft, audit: [AuditEvent]) async throws
    /// One version, or the latest when `version` is nil.
    func draft(id: String, version: Int?) async throws -> Draft?
    /// Every version of a draft, oldest first.
    func draftVersions(id: String) async throws -> [Draft]
    /// The latest version of each draft, of one ministry or (nil) of all, newest first.
    func drafts(ministry: String?) async throws -> [Draft]
    /// The published versions, for the public pages.
    func publishedDrafts() async throws -> [Draft]
}

extension DraftError {
    /// A stored published version was to be overwritten.
    public static func immutable(_ draft: Draft) -> DraftError {
        DraftError(.state, ja: "公表済の版（\(draft.id) 第\(draft.version)版）は変更できない。",
                   en: "The published version \(draft.version) of \(draft.id) cannot be changed.")
    }
}
