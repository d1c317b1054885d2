import Foundation
import HyokaAccounts
import HyokaModel

/// A move of a version from one state to the next.
public enum Transition: String, Sendable, CaseIterable {
    /// 作成者 → 作成責任者.
    case submit
    /// 作成責任者 approves.
    case approve
    /// 差戻し: back to the author, with comments.
    case returnWithComments = "return"
    /// The ministry publishes.
    case publish

    /// The states it leaves from, the state it leads to, and the permission it needs.
    public var rule: (from: Set<DraftState>, to: DraftState, action: Action) {
        switch self {
        case .submit: ([.draft, .returned], .submitted, .submit)
        case .approve: ([.submitted], .approved, .approve)
        case .returnWithComments: ([.submitted, .approved], .returned, .returnWithComments)
        case .publish: ([.approved], .published, .publish)
        }
    }

    /// The audit log's action name (「draft.submit」).
    public var auditAction: String { "draft.\(rawValue)" }
}

/// The audit actions of drafting, beside the accounts' (`AuditAction`).
public enum DraftAuditAction {
    public static let start = "draft.start"
    public static let edit = "draft.edit"
    public static let comment = "draft.comment"
    public static let newVersion = "draft.version"
    public static let assignExpert = "draft.expert"
}

/// The drafting workflow: who may do what to a version in which state, and
/// the audit entry each step leaves. Every rule is decided here and asked of
/// `AccessPolicy` (role and ministry), so that the web and the command line
/// only translate requests.
///
/// Returns are per step: the 作成責任者 returns what was submitted to them, the
/// publisher what was approved, and the 点検 reviewer either. A published
/// version changes no more: a change starts the next version.
public enum Workflow {
    /// Whether `account` may take `transition` on `draft` now; throws why not.
    public static func check(_ transition: Transition, on draft: Draft, by account: Account?) throws(DraftError) {
        let rule = transition.rule
        try permit(rule.action, on: draft, by: account, what: transition.rawValue)
        guard rule.from.contains(draft.state) else {
            throw DraftError(.state, ja: "\(draft.state.japaneseName)の版には「\(transition.rawValue)」はできない。",
                             en: "A version that is \(draft.state.rawValue) cannot be \(transition == .returnWithComments ? "returned" : transition.rawValue + "ed").")
        }
        if transition == .returnWithComments, let account {
            let returner: Set<Role> = draft.state == .submitted ? [.approver, .reviewer] : [.publisher, .reviewer]
            guard returner.contains(account.role) else {
                throw DraftError(.forbidden, ja: "\(account.role.japaneseName)はこの段階の差戻しを行えない。",
                                 en: "The \(account.role.rawValue) role cannot return a version at this step.")
            }
        }
    }

    /// Takes `transition`; a return needs a comment saying why.
    public static func perform(_ transition: Transition, on draft: Draft, by account: Account?, comment: String? = nil,
                               at date: Date) throws(DraftError) -> (Draft, [AuditEvent]) {
        try check(transition, on: draft, by: account)
        guard let account else { throw forbidden(transition.rawValue) }
        var next = draft
        next.state = transition.rule.to
        if transition == .publish { Publication.prepare(&next.report, at: date) }
        var events = [AuditEvent(actor: account.name, action: transition.auditAction, element: draft.auditElement,
                                 oldValue: draft.state.rawValue, newValue: next.state.rawValue, at: date)]
        let text = comment?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if transition == .returnWithComments && text.isEmpty {
            throw DraftError(.invalid, key: "comment", ja: "差戻しには理由（コメント）が必要です。", en: "A return needs a comment saying why.")
        }
        if !text.isEmpty {
            try DraftEditor.checkText(text, key: "comment")
            next.comments.append(DraftComment(kind: transition == .returnWithComments ? .returned : .comment, author: account.name,
                                              role: account.role, text: text, at: Timestamp.string(date)))
            events.append(AuditEvent(actor: account.name, action: DraftAuditAction.comment, element: draft.auditElement + "/comment",
                                     newValue: text, at: date))
        }
        return (next, events)
    }

    /// Applies an author's edit to a version that may still change.
    public static func edit(_ edit: DraftEdit, on draft: Draft, by account: Account?, at date: Date) throws(DraftError) -> (Draft, AuditEvent) {
        try permit(.editDraft, on: draft, by: account, what: "edit")
        guard draft.isEditable, let account else {
            throw DraftError(.state, ja: "\(draft.state.japaneseName)の版は編集できない。" + (draft.state == .published ? "新しい版を作成してください。" : ""),
                             en: "A version that is \(draft.state.rawValue) cannot be edited." + (draft.state == .published ? " Start a new version." : ""))
        }
        var next = draft
        let applied = try DraftEditor.apply(edit, to: &next.report)
        return (next, AuditEvent(actor: account.name, action: DraftAuditAction.edit, element: "\(draft.auditElement)/\(applied.key)",
                                 oldValue: applied.oldValue, newValue: applied.newValue, at: date))
    }

    /// A comment by the 点検 reviewer or an invited 外部有識者. An expert's
    /// comment becomes one of the report's 外部有識者の所見, linked to the
    /// first field (個別分野) it cites, as the printed reports link them.
    public static func comment(_ text: String, citing fields: [Int] = [], on draft: Draft, by account: Account?,
                               at date: Date) throws(DraftError) -> (Draft, AuditEvent) {
        try permit(.comment, on: draft, by: account, what: "comment")
        guard let account else { throw forbidden("comment") }
        guard draft.state != .published else {
            throw DraftError(.state, ja: "公表済の版にはコメントできない。", en: "A published version takes no more comments.")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw DraftError(.invalid, key: "comment", ja: "コメントが空です。", en: "The comment is empty.") }
        try DraftEditor.checkText(trimmed, key: "comment")
        let known = Set(draft.report.policies.flatMap(\.fields).compactMap(\.number))
        if let unknown = fields.first(where: { !known.contains($0) }) {
            throw DraftError(.invalid, key: "fields", ja: "個別分野\(unknown)はこの評価書にない。", en: "The evaluation has no field \(unknown).")
        }
        var next = draft
        next.comments.append(DraftComment(kind: .comment, author: account.name, role: account.role, text: trimmed, fields: fields, at: Timestamp.string(date)))
        if account.role == .expert, !next.report.policies.isEmpty {
            let policy = fields.first.flatMap { number in next.report.policies.firstIndex { $0.fields.contains { $0.number == number } } } ?? 0
            next.report.policies[policy].expertComments.append(ExpertOpinion(text: trimmed, field: fields.first, line: 1, endLine: 1))
            DraftNumbering.renumber(&next.report)
        }
        return (next, AuditEvent(actor: account.name, action: DraftAuditAction.comment, element: draft.auditElement + "/comment",
                                 newValue: trimmed, at: date))
    }

    /// Invites an outside expert to comment (the 作成者 or 作成責任者 of the ministry).
    public static func assignExpert(_ expert: Account, to draft: Draft, by account: Account?, at date: Date) throws(DraftError) -> (Draft, AuditEvent) {
        try permit(.readDraft, on: draft, by: account, what: "invite")
        guard let account, [.author, .approver].contains(account.role) else { throw forbidden("invite") }
        guard expert.role == .expert, expert.ministry == draft.ministry else {
            throw DraftError(.invalid, key: "expert", ja: "\(expert.name)はこの府省の外部有識者ではない。", en: "\(expert.name) is not an outside expert of this ministry.")
        }
        var next = draft
        next.assignedExperts.insert(expert.name)
        return (next, AuditEvent(actor: account.name, action: DraftAuditAction.assignExpert, element: draft.auditElement + "/experts",
                                 newValue: expert.name, at: date))
    }

    /// The next version of a published one, to change it: the same report, comments cleared, state draft.
    public static func newVersion(of published: Draft, by account: Account?, at date: Date) throws(DraftError) -> (Draft, AuditEvent) {
        try permit(.editDraft, on: published, by: account, what: "new version")
        guard published.state == .published, let account else {
            throw DraftError(.state, ja: "新しい版は公表済の版からのみ作成できる。", en: "Only a published version starts a new version.")
        }
        var next = published
        next.version += 1
        next.state = .draft
        next.comments = []
        next.createdBy = account.name
        next.report.id = Self.reportID(draft: published.id, version: next.version)
        next.report.source = "\(next.report.id).draft"
        return (next, AuditEvent(actor: account.name, action: DraftAuditAction.newVersion, element: next.auditElement,
                                 oldValue: "v\(published.version)", newValue: "v\(next.version)", at: date))
    }

    /// Starts the next cycle of `last` (an evaluation from the store) for the author's ministry.
    public static func startNextCycle(of last: EvaluationReport, id: String, fiscalYear: Int? = nil, by account: Account?,
                                      at date: Date) throws(DraftError) -> (Draft, AuditEvent) {
        guard let ministry = last.ministry else {
            throw DraftError(.invalid, ja: "この文書は府省が分からないため、次期の下書きを作成できない。", en: "The document names no ministry, so no next cycle can start from it.")
        }
        let scope = DocumentScope(ministry: ministry)
        guard AccessPolicy.allows(account, .editDraft, on: scope), let account else { throw forbidden("start") }
        let (report, year) = NextCycle.report(from: last, id: reportID(draft: id, version: 1), fiscalYear: fiscalYear)
        let draft = Draft(id: id, ministry: ministry, report: report, continues: last.id, fiscalYear: year, createdBy: account.name)
        return (draft, AuditEvent(actor: account.name, action: DraftAuditAction.start, element: draft.auditElement,
                                  oldValue: last.id, newValue: year.map { "FY\($0)" }, at: date))
    }

    /// Starts a blank draft of the standard format (標準様式) for the author's ministry.
    public static func startBlank(id: String, fiscalYear: Int, by account: Account?, at date: Date) throws(DraftError) -> (Draft, AuditEvent) {
        guard let account, let ministry = account.ministry, AccessPolicy.allows(account, .editDraft, on: DocumentScope(ministry: ministry)) else {
            throw forbidden("start")
        }
        guard DraftEditor.fiscalYears.contains(fiscalYear) else {
            throw DraftError(.invalid, key: "fiscalYear", ja: "\(fiscalYear)は年度として扱えない。", en: "\(fiscalYear) is not a fiscal year.")
        }
        let report = StandardTemplate.report(id: reportID(draft: id, version: 1), ministry: ministry, fiscalYear: fiscalYear)
        let draft = Draft(id: id, ministry: ministry, report: report, fiscalYear: fiscalYear, createdBy: account.name)
        return (draft, AuditEvent(actor: account.name, action: DraftAuditAction.start, element: draft.auditElement,
                                  newValue: "標準様式 FY\(fiscalYear)", at: date))
    }

    /// The report id of a version: what the public pages and exports know it by once published.
    public static func reportID(draft: String, version: Int) -> String { "\(draft)-v\(version)" }

    static func permit(_ action: Action, on draft: Draft, by account: Account?, what: String) throws(DraftError) {
        guard AccessPolicy.allows(account, action, on: draft.scope) else { throw forbidden(what) }
    }

    static func forbidden(_ what: String) -> DraftError {
        DraftError(.forbidden, ja: "この操作（\(what)）を行う権限がない。", en: "You may not do this (\(what)).")
    }
}
