import HyokaAccounts
import HyokaModel

/// An evaluation being written: one version of it, with where it stands in
/// the workflow.
///
/// The report is the same `EvaluationReport` an import yields, so that the
/// review rules, the pages and the exports work on a draft unchanged. A draft
/// keeps its `id` across versions; a published version is never changed
/// again, and a change to it starts version `version + 1` (`Workflow.newVersion`).
public struct Draft: Codable, Sendable, Equatable {
    /// Stable across versions (「draft-…」).
    public var id: String
    /// 1 for the first version; a change to a published version starts the next.
    public var version: Int
    /// The ministry the evaluation belongs to (「外務省」): the scope every permission is checked against.
    public var ministry: String
    public var state: DraftState
    public var report: EvaluationReport
    /// The stored document this draft continues (the last cycle's evaluation), if any.
    public var continues: String?
    /// The fiscal year (年度) the new cycle reports on: its actuals are the new cells.
    public var fiscalYear: Int?
    /// Accounts invited to comment as 外部有識者.
    public var assignedExperts: Set<String>
    /// Comments and returns (差戻し), in order.
    public var comments: [DraftComment]
    /// Who started this version.
    public var createdBy: String

    public init(id: String, version: Int = 1, ministry: String, state: DraftState = .draft, report: EvaluationReport,
                continues: String? = nil, fiscalYear: Int? = nil, assignedExperts: Set<String> = [], comments: [DraftComment] = [],
                createdBy: String) {
        self.id = id
        self.version = version
        self.ministry = ministry
        self.state = state
        self.report = report
        self.continues = continues
        self.fiscalYear = fiscalYear
        self.assignedExperts = assignedExperts
        self.comments = comments
        self.createdBy = createdBy
    }

    /// What AccessPolicy needs to know about this draft.
    public var scope: DocumentScope { DocumentScope(ministry: ministry, assignedExperts: assignedExperts) }

    /// The audit log's name for this version (「draft:draft-…/v2」); an edit appends the element's key.
    public var auditElement: String { "draft:\(id)/v\(version)" }

    /// Whether the author may still change the text and values.
    public var isEditable: Bool { state == .draft || state == .returned }
}

/// Where a version stands: draft → submitted → approved → published, and
/// returned (差戻し) from submitted or approved back to the author.
public enum DraftState: String, Codable, Sendable, CaseIterable {
    /// 作成中: the author writes.
    case draft
    /// 提出済: waiting for the 作成責任者.
    case submitted
    /// 承認済: waiting for publication.
    case approved
    /// 公表済: public and immutable.
    case published
    /// 差戻し: sent back with comments; the author edits and submits again.
    case returned

    public var japaneseName: String {
        switch self {
        case .draft: "作成中"
        case .submitted: "提出済"
        case .approved: "承認済"
        case .published: "公表済"
        case .returned: "差戻し"
        }
    }
}

/// A comment on a version: a 点検 remark, a 外部有識者の所見, or the reason a draft was returned.
public struct DraftComment: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// A remark that changes nothing (点検, 外部有識者).
        case comment
        /// The reason given with a return (差戻し).
        case returned
    }

    public var kind: Kind
    public var author: String
    public var role: Role
    public var text: String
    /// The fields (個別分野 numbers) the comment cites, so that an expert's
    /// opinion is linked to them as the report's 外部有識者の所見 are.
    public var fields: [Int]
    /// Timestamp text (`Timestamp.string`).
    public var at: String

    public init(kind: Kind, author: String, role: Role, text: String, fields: [Int] = [], at: String) {
        self.kind = kind
        self.author = author
        self.role = role
        self.text = text
        self.fields = fields
        self.at = at
    }
}
