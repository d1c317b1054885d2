/// A review-sheet project tied to a measure, field or policy of an imported
/// evaluation: 「project 1070 funds field 3 of 000, because its 1-3 record
/// names that measure and field」.
///
/// Both ends are named by stable keys (document id and line; 事業年度 and
/// 予算事業ID) and the link carries its reason, so that a reviewer can
/// confirm or reject it, and the decision survives re-importing either side.
public struct ReviewProjectLink: Codable, Hashable, Sendable {
    /// What the project was matched to.
    public enum Target: String, Codable, Hashable, Sendable {
        /// A 政策 or 施策 as a whole.
        case policy
        /// A field (個別分野) of a measure.
        case field
    }

    /// The evaluation document, and the line of the policy or field heading.
    public var document: String
    public var documentSource: String
    public var line: Int
    public var target: Target
    /// The policy's number and title as the evaluation prints them (「2」, 「行政評価等による行政制度・運営の改善」).
    public var policyNumber: String?
    public var policyTitle: String
    /// The field's number and title, for a field link.
    public var fieldNumber: Int?
    public var fieldTitle: String?
    /// The ministry both sides name: a link never crosses ministries.
    public var ministry: String
    /// The project.
    public var fiscalYear: Int
    public var projectID: Int
    public var projectName: String
    /// The record that matched (a 1-3 record, or the 1-2 record whose 旧事業番号 an evaluation cites).
    public var recordFile: String
    public var recordLine: Int
    /// Why: 「1-3 施策 「１－３ 内外広報・文化交流・報道対策（IT 広報の実施）」 = measure 「内外広報・文化交流・報道対策」 and field 3 「IT広報の実施」」.
    public var reason: String
    /// The same reason in Japanese, for Japanese pages (nil in links stored before it was written).
    public var reasonJapanese: String?
    /// 0…1, higher is stronger: a title and number agreeing beat a title alone.
    public var score: Double

    public init(document: String, documentSource: String, line: Int, target: Target, policyNumber: String?, policyTitle: String,
                fieldNumber: Int?, fieldTitle: String?, ministry: String, fiscalYear: Int, projectID: Int, projectName: String,
                recordFile: String, recordLine: Int, reason: String, reasonJapanese: String? = nil, score: Double) {
        self.document = document
        self.documentSource = documentSource
        self.line = line
        self.target = target
        self.policyNumber = policyNumber
        self.policyTitle = policyTitle
        self.fieldNumber = fieldNumber
        self.fieldTitle = fieldTitle
        self.ministry = ministry
        self.fiscalYear = fiscalYear
        self.projectID = projectID
        self.projectName = projectName
        self.recordFile = recordFile
        self.recordLine = recordLine
        self.reason = reason
        self.reasonJapanese = reasonJapanese
        self.score = score
    }

    /// The evaluation side in words: 「000 施策 内外広報・文化交流・報道対策, 個別分野3 IT広報の実施」.
    public var targetDescription: String {
        let policy = (policyNumber.map { "\($0) " } ?? "") + policyTitle
        guard target == .field else { return "\(documentSource) \(policy)" }
        return "\(documentSource) \(policy), 個別分野\(fieldNumber.map(String.init) ?? "") \(fieldTitle ?? "")"
    }
}

/// A reviewer's decision on a suggested link, stored like a confirmed evidence link.
public struct ReviewLinkDecision: Codable, Hashable, Sendable {
    public enum Decision: String, Codable, Hashable, Sendable {
        case confirmed
        case rejected
    }

    public var link: ReviewProjectLink
    public var decision: Decision
    /// ISO 8601.
    public var decidedAt: String

    public init(link: ReviewProjectLink, decision: Decision, decidedAt: String) {
        self.link = link
        self.decision = decision
        self.decidedAt = decidedAt
    }
}

/// A stored project in brief, for listings.
public struct ReviewProjectSummary: Codable, Hashable, Sendable {
    public var fiscalYear: Int
    public var projectID: Int
    public var name: String
    public var ministry: String
    public var bureau: String
    /// 行政事業レビュー推進チームの所見.
    public var verdict: String?
    /// The latest 予算年度 with an execution figure, and its figures (円).
    public var budgetYear: Int?
    public var available: Int64?
    public var execution: Int64?

    public init(fiscalYear: Int, projectID: Int, name: String, ministry: String, bureau: String, verdict: String?,
                budgetYear: Int?, available: Int64?, execution: Int64?) {
        self.fiscalYear = fiscalYear
        self.projectID = projectID
        self.name = name
        self.ministry = ministry
        self.bureau = bureau
        self.verdict = verdict
        self.budgetYear = budgetYear
        self.available = available
        self.execution = execution
    }

    /// execution ÷ available.
    public var executionRate: Double? {
        guard let available, let execution, available > 0 else { return nil }
        return Double(execution) / Double(available)
    }
}

extension ReviewProject {
    /// The latest 予算年度 whose execution is known (the sheet's last closed year).
    public var latestExecutedYear: BudgetYear? {
        budgetYears.filter { $0.execution != nil && ($0.available ?? 0) > 0 && $0.total?.executionRate != nil }.max { $0.year < $1.year }
            ?? budgetYears.filter { $0.execution != nil }.max { $0.year < $1.year }
    }

    public var summary: ReviewProjectSummary {
        let year = latestExecutedYear
        return ReviewProjectSummary(fiscalYear: fiscalYear, projectID: projectID, name: name, ministry: ministry, bureau: organisation.bureau,
                                    verdict: assessment?.verdict, budgetYear: year?.year, available: year?.available, execution: year?.execution)
    }
}
