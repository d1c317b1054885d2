/// The part a person plays in writing, checking and publishing an evaluation.
///
/// The roles follow how a policy evaluation is made in a ministry and checked
/// across government: the evaluation officer writes it (作成者), the head of
/// the evaluating unit answers for it (作成責任者), the Ministry of Internal
/// Affairs checks it (点検), outside experts comment on it (外部有識者), the
/// ministry publishes it, and an administrator keeps the accounts. Everyone
/// but the 点検 reviewer and the administrator works inside one ministry.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    /// 作成者: writes drafts of the ministry's evaluations.
    case author
    /// 作成責任者: approves (or returns) the ministry's submitted drafts.
    case approver
    /// 点検: the cross-government check, for every ministry.
    case reviewer
    /// 外部有識者: comments on the evaluations assigned to them.
    case expert
    /// Publishes the ministry's approved evaluations.
    case publisher
    /// Keeps the accounts and reads the audit log; writes no evaluation.
    case admin

    /// Whether an account with this role must name the ministry it works for.
    public var isMinistryScoped: Bool {
        switch self {
        case .reviewer, .admin: false
        case .author, .approver, .expert, .publisher: true
        }
    }

    /// The Japanese name used in the ministries' own documents.
    public var japaneseName: String {
        switch self {
        case .author: "作成者"
        case .approver: "作成責任者"
        case .reviewer: "点検"
        case .expert: "外部有識者"
        case .publisher: "公表担当"
        case .admin: "管理者"
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
