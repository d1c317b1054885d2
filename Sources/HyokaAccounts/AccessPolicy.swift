/// What someone may do to an evaluation or to the system.
///
/// The drafting workflow (draft → submitted → approved → published, with
/// 「差戻し」 at each step) is built on these: each transition asks the policy
/// for its action, so that who may do what is decided in one place.
public enum Action: String, CaseIterable, Sendable {
    /// Read what has been published: everyone, signed in or not.
    case readPublished
    /// Read drafts and submitted versions that are not yet public.
    case readDraft
    /// Start a draft or change one (作成者).
    case editDraft
    /// Hand a draft to the approver.
    case submit
    /// Approve a submitted draft (作成責任者).
    case approve
    /// Send a draft back with comments (差戻し): the approver, the 点検 reviewer, the publisher.
    case returnWithComments
    /// Comment on a draft: the 点検 reviewer, and an outside expert on the evaluations assigned to them.
    case comment
    /// Publish an approved evaluation.
    case publish
    /// Create, change and disable accounts and issue API tokens.
    case manageAccounts
    /// Read and export the audit log.
    case readAudit
}

/// The document an action concerns, as far as permissions care: its
/// ministry, and the outside experts invited to comment on it.
public struct DocumentScope: Sendable, Equatable {
    /// The ministry the evaluation belongs to (「外務省」); nil for actions on no document.
    public var ministry: String?
    /// Names of the accounts invited to comment (外部有識者).
    public var assignedExperts: Set<String>

    public init(ministry: String?, assignedExperts: Set<String> = []) {
        self.ministry = ministry
        self.assignedExperts = assignedExperts
    }

    /// Actions on the system itself, not on one document.
    public static let system = DocumentScope(ministry: nil)
}

/// Answers "may this account do this to a document of this ministry?" — the
/// one place where roles become permissions.
///
/// A ministry-scoped role acts only on its own ministry's documents, so that
/// changing an id in an address reaches nothing of another ministry. Roles
/// are kept apart (an author cannot approve, an administrator writes no
/// evaluation): the separation the 作成者/作成責任者 distinction exists for.
public enum AccessPolicy {
    /// What each role may do, before the ministry is compared.
    public static func actions(of role: Role) -> Set<Action> {
        switch role {
        case .author: [.readPublished, .readDraft, .editDraft, .submit]
        case .approver: [.readPublished, .readDraft, .approve, .returnWithComments]
        case .reviewer: [.readPublished, .readDraft, .comment, .returnWithComments, .readAudit]
        case .expert: [.readPublished, .readDraft, .comment]
        case .publisher: [.readPublished, .readDraft, .publish, .returnWithComments]
        case .admin: [.readPublished, .manageAccounts, .readAudit]
        }
    }

    /// Whether `account` (nil: nobody signed in) may do `action` to `scope`.
    public static func allows(_ account: Account?, _ action: Action, on scope: DocumentScope = .system) -> Bool {
        guard let account else { return action == .readPublished }
        guard !account.disabled else { return action == .readPublished }
        guard actions(of: account.role).contains(action) else { return false }
        if action == .readPublished { return true }
        if account.role.isMinistryScoped {
            // No document, or another ministry's: a scoped role reaches only its own ministry's documents.
            guard let ministry = scope.ministry, let own = account.ministry, ministry == own else { return false }
        }
        if account.role == .expert {
            return scope.assignedExperts.contains(account.name)
        }
        return true
    }
}
