import Foundation
import Hummingbird
import HyokaAccounts
import HyokaStore

/// GET /audit: the audit log for the accounts that may read it (the 点検
/// reviewer and the administrator): every change with who made it, when, to
/// which element, the value before and after — paged, newest first,
/// filterable by user and by element — and whether the hash chain is intact.
/// Registered by one call in `WebApp.router()`.
///
/// The chain is verified over the whole log on every request, not over the
/// page shown: a filter must never hide that an entry elsewhere was changed.
struct AuditRoutes {
    let app: WebApp

    /// Entries per page unless `limit` says otherwise.
    static let pageSize = 50

    func add(to router: Router<WebContext>) {
        guard let accounts = app.accounts else { return }
        router.get("/audit") { request, context in
            // 401 signed out, 403 for every role but reviewer and admin (`AccessPolicy`).
            try context.authorize(.readAudit)
            return try await self.page(request, accounts)
        }
    }

    private func page(_ request: Request, _ accounts: any AccountStore) async throws -> Response {
        let parameters = QueryParameters(request)
        let language = parameters.language
        let user = try parameters.string("user", maxLength: AccountRules.maximumNameLength + 10)
        let element = try parameters.string("element", maxLength: 200)
        let limit = try parameters.integer("limit", in: 1...500, default: Self.pageSize) ?? Self.pageSize
        let offset = try parameters.integer("offset", in: 0...100_000_000, default: 0) ?? 0
        let log = try await accounts.auditEntries()
        let matching = log.reversed().filter { entry in
            (user.map { entry.actor == $0 } ?? true) && (element.map { entry.element.contains($0) } ?? true)
        }
        var model = app.base(parameters, title: language.labels["auditLog"] ?? "Audit log")
        model["verification"] = AuditRows.verification(log, language)
        model["entries"] = matching.dropFirst(offset).prefix(limit).map { AuditRows.row($0, language) }
        model["filter"] = ["user": user ?? "", "element": element ?? ""]
        model["users"] = Set(log.map(\.actor)).sorted().map { ["name": $0, "selected": $0 == user] as [String: Any] }
        let shown = matching.isEmpty ? "0" : "\(offset + 1)–\(min(offset + limit, matching.count))"
        var pages: [String: Any] = ["range": shown, "total": matching.count]
        func link(_ newOffset: Int) -> String {
            var query = [("offset", String(newOffset))]
            if let user { query.append(("user", user)) }
            if let element { query.append(("element", element)) }
            if limit != Self.pageSize { query.append(("limit", String(limit))) }
            if language == .english { query.append(("lang", "en")) }
            return "/audit?" + query.map { "\(WebApp.queryEscape($0.0))=\(WebApp.queryEscape($0.1))" }.joined(separator: "&")
        }
        if offset > 0 { pages["previous"] = link(max(0, offset - limit)) }
        if offset + limit < matching.count { pages["next"] = link(offset + limit) }
        model["pages"] = pages
        var response = try app.html("audit", model)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

/// Audit entries as the pages show them: the audit page's table and the
/// draft page's change history use the same rows and the same chain state.
enum AuditRows {
    /// Values longer than this are cut on the pages (a text field holds up to
    /// 20,000 characters); `hyoka audit export` gives them whole.
    static let shownCharacters = 300

    static func row(_ entry: AuditEntry, _ language: Language) -> [String: Any] {
        var row: [String: Any] = [
            "sequence": entry.sequence, "at": entry.at, "actor": entry.actor, "action": entry.action,
            "actionLabel": language.labels["audit.\(entry.action)"] ?? entry.action, "element": entry.element,
            "old": shortened(entry.oldValue), "new": shortened(entry.newValue),
            "hasOld": entry.oldValue.map { !$0.isEmpty } ?? false, "hasNew": entry.newValue.map { !$0.isEmpty } ?? false,
        ]
        if let draft = draftID(entry.element) { row["draftPath"] = Permalink.segment(draft) }
        return row
    }

    /// The draft an element belongs to (「draft:ID/v2/p0.title」 → ID), to link to its page.
    static func draftID(_ element: String) -> String? {
        guard element.hasPrefix("draft:") else { return nil }
        let id = element.dropFirst("draft:".count).prefix { $0 != "/" }
        return id.isEmpty ? nil : String(id)
    }

    static func shortened(_ value: String?) -> String {
        guard let value else { return "" }
        return value.count > shownCharacters ? String(value.prefix(shownCharacters)) + "…" : value
    }

    /// A draft's change history for its page — every version's entries, oldest
    /// first — and the chain's state; nil for a reader who may not see it (the
    /// public reads a published version, not who wrote what: the log names
    /// the ministry's officials). The whole log is read, since the chain is
    /// verified over all of it.
    static func trail(ofDraft id: String, scope: DocumentScope, accounts: (any AccountStore)?, for account: Account?,
                      _ language: Language) async throws -> [String: Any]? {
        guard let accounts,
              AccessPolicy.allows(account, .readDraft, on: scope) || AccessPolicy.allows(account, .readAudit) else { return nil }
        let log = try await accounts.auditEntries()
        let prefix = "draft:\(id)/"
        return ["entries": log.filter { $0.element.hasPrefix(prefix) }.map { row($0, language) },
                "verification": verification(log, language)]
    }

    /// Whether the whole log's hash chain holds, in the page's language.
    static func verification(_ log: [AuditEntry], _ language: Language) -> [String: Any] {
        switch AuditVerifier.verify(log) {
        case .intact(let count, let lastHash):
            return ["intact": true, "count": count, "lastHash": lastHash ?? "—"]
        case .broken(let sequence, let reason):
            return ["intact": false, "sequence": sequence, "reason": reason]
        }
    }
}

extension Language {
    /// The audit pages' labels, added to `labels`.
    static let auditLabels: [(String, String, String)] = [
        ("auditLog", "監査ログ", "Audit log"), ("auditTrail", "変更履歴（監査ログ）", "Change history (audit log)"),
        ("auditWhen", "日時（UTC）", "When (UTC)"), ("auditWho", "実行者", "Who"), ("auditAction", "操作", "What was done"),
        ("auditElement", "対象", "Element"), ("auditOld", "変更前", "Before"), ("auditNew", "変更後", "After"),
        ("auditIntact", "ハッシュ連鎖を検証済み：改ざんは見つかりませんでした。記録数", "Hash chain verified: no tampering found. Entries"),
        ("auditLastHash", "最新のハッシュ（別の場所に控えてください）", "Latest hash (keep a copy elsewhere)"),
        ("auditBroken", "ハッシュ連鎖が壊れています。改ざん又は欠落の疑いがある最初の記録", "The hash chain is broken. First entry changed, removed or inserted"),
        ("auditUser", "実行者で絞り込む", "Filter by user"), ("auditElementFilter", "対象で絞り込む（部分一致）", "Filter by element (contains)"),
        ("auditAllUsers", "すべて", "All"), ("auditNoEntries", "該当する記録はありません。", "No entries match."),
        ("auditExport", "全件の書き出し：hyoka audit export", "Export every entry: hyoka audit export"),
        ("audit.account.create", "アカウント作成", "account created"), ("audit.account.password", "パスワード変更", "password changed"),
        ("audit.account.role", "役割変更", "role changed"), ("audit.account.disable", "アカウント無効化", "account disabled"),
        ("audit.account.lock", "アカウントロック", "account locked"), ("audit.token.create", "APIトークン発行", "API token issued"),
        ("audit.session.start", "ログイン", "signed in"), ("audit.session.end", "ログアウト", "signed out"),
        ("audit.draft.start", "下書き作成", "draft started"), ("audit.draft.edit", "編集", "edited"),
        ("audit.draft.comment", "コメント", "comment"), ("audit.draft.version", "新しい版", "new version"),
        ("audit.draft.expert", "外部有識者の招待", "expert invited"), ("audit.draft.submit", "提出", "submitted"),
        ("audit.draft.approve", "承認", "approved"), ("audit.draft.return", "差戻し", "returned"), ("audit.draft.publish", "公表", "published"),
    ]
}
