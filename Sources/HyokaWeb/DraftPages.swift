import Foundation
import HTTPTypes
import Hummingbird
import HyokaAccounts
import HyokaAssessment
import HyokaAuthoring
import HyokaModel
import HyokaStore

/// The drafting pages: the list of a ministry's drafts, a draft's edit form
/// with the live review beside it, and the workflow's buttons. Registered by
/// one call in `WebApp.router()`, before the public site turns read-only.
///
/// Everything is a server-rendered form that works without script. Every
/// POST carries the session's CSRF token (`CSRFMiddleware`), and every
/// decision — who may edit, submit, approve, return, publish, comment, and in
/// which ministry — is `Workflow`'s, through `DraftService`: a refused request
/// is 403 whichever id was typed into the address.
struct DraftRoutes {
    let app: WebApp

    var service: DraftService? {
        guard let store = app.drafts else { return nil }
        let now = app.signIn.now
        return DraftService(store: store, now: now)
    }

    func add(to router: Router<WebContext>) {
        guard let service else { return }
        router.get("/drafts") { request, context in
            try await self.respond(request, context) { try await self.listPage(request, context, service) }
        }
        router.get("/drafts/:id") { request, context in
            try await self.respond(request, context) { try await self.draftPage(request, context, service) }
        }
        let forms = router.group().add(middleware: CSRFMiddleware())
        forms.post("/drafts") { request, context in
            try await self.respond(request, context) { try await self.start(request, context, service) }
        }
        forms.post("/drafts/:id/edit") { request, context in
            try await self.respond(request, context) { try await self.edit(request, context, service) }
        }
        forms.post("/drafts/:id/transition") { request, context in
            try await self.respond(request, context) {
                let draft = try await self.addressed(context, service)
                guard let transition = context.form["transition"].flatMap(Transition.init(rawValue:)) else {
                    throw WebError.badRequest("Unknown transition.")
                }
                _ = try await service.perform(transition, id: draft.id, version: draft.version, comment: context.form["comment"], by: context.account)
                return self.redirect(draft.id, request)
            }
        }
        forms.post("/drafts/:id/comment") { request, context in
            try await self.respond(request, context) {
                let draft = try await self.addressed(context, service)
                let fields = (context.form["fields"] ?? "").split(whereSeparator: { ", 、,".contains($0) }).compactMap { Int($0) }
                _ = try await service.comment(context.form["comment"] ?? "", citing: fields, id: draft.id, version: draft.version, by: context.account)
                return self.redirect(draft.id, request)
            }
        }
        forms.post("/drafts/:id/experts") { request, context in
            try await self.respond(request, context) {
                let draft = try await self.addressed(context, service)
                let name = String((context.form["expert"] ?? "").prefix(AccountRules.maximumNameLength))
                // An unknown name is answered as a wrong one: the form does not reveal which accounts exist.
                guard let accounts = app.accounts, let expert = try await accounts.account(named: name) else {
                    throw DraftError(.invalid, key: "expert", ja: "\(name)はこの府省の外部有識者ではない。", en: "\(name) is not an outside expert of this ministry.")
                }
                _ = try await service.assignExpert(expert, id: draft.id, version: draft.version, by: context.account)
                return self.redirect(draft.id, request)
            }
        }
        forms.post("/drafts/:id/version") { request, context in
            try await self.respond(request, context) {
                let draft = try await service.newVersion(id: try self.id(context), by: context.account)
                return self.redirect(draft.id, request)
            }
        }
    }

    // MARK: Requests

    /// Runs a handler, and answers a refused `DraftError` with its status and message
    /// in the page's language: 401 when nobody is signed in and 403 for a role or
    /// ministry that may not (as `WebContext.authorize`), 404, 409 for a wrong state.
    func respond(_ request: Request, _ context: WebContext, _ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as DraftError {
            let language = QueryParameters(request).language
            let message = language == .japanese ? error.message.ja : error.message.en
            switch error.kind {
            case .forbidden where context.account == nil: throw WebError(status: .unauthorized, message: message)
            case .forbidden: throw WebError(status: .forbidden, message: message)
            case .notFound: throw WebError(status: .notFound, message: message)
            case .state: throw WebError(status: .conflict, message: message)
            case .invalid: throw WebError(status: .unprocessableContent, message: message)
            }
        }
    }

    /// The draft id in the path, validated.
    func id(_ context: WebContext) throws -> String {
        guard let raw = context.parameters.get("id"), let id = raw.removingPercentEncoding, !id.isEmpty, id.count <= 100 else {
            throw WebError.badRequest("A draft id is required.")
        }
        return id
    }

    /// The version a form was filled in on (its `version` field; the latest when absent).
    private func addressed(_ context: WebContext, _ service: DraftService) async throws -> Draft {
        let version = context.form["version"].flatMap(Int.init)
        return try await service.draft(id: try id(context), version: version, for: context.account)
    }

    private func redirect(_ id: String, _ request: Request, version: Int? = nil) -> Response {
        let language = QueryParameters(request).language
        var query: [String] = []
        if let version { query.append("version=\(version)") }
        if language == .english { query.append("lang=en") }
        let location = "/drafts/\(Permalink.segment(id))" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        return Response(status: .seeOther, headers: [.location: location])
    }

    private func signInFirst(_ request: Request) -> Response {
        Response(status: .seeOther, headers: [.location: QueryParameters(request).language == .english ? "/login?lang=en" : "/login"])
    }

    private func start(_ request: Request, _ context: WebContext, _ service: DraftService) async throws -> Response {
        if let reference = context.form["document"], !reference.isEmpty {
            let report = try await app.report(reference: reference)
            var year: Int?
            if let text = context.form["fiscalYear"], !text.isEmpty { year = try DraftEditor.fiscalYear(text, key: "fiscalYear") }
            let draft = try await service.startNextCycle(of: report, fiscalYear: year, by: context.account)
            return redirect(draft.id, request)
        }
        let year = try DraftEditor.fiscalYear(context.form["fiscalYear"] ?? "", key: "fiscalYear")
        let draft = try await service.startBlank(fiscalYear: year, by: context.account)
        return redirect(draft.id, request)
    }

    private func edit(_ request: Request, _ context: WebContext, _ service: DraftService) async throws -> Response {
        let draft = try await addressed(context, service)
        let edits = DraftKeys.edits(from: context.form, current: DraftKeys.values(of: draft.report))
        let outcome = try await service.edit(id: draft.id, version: draft.version, edits, by: context.account)
        guard outcome.refused.isEmpty else {
            // The form again, with what was typed kept and each message beside its field.
            var response = try await render(outcome.draft, request, context, service, typed: context.form, refused: outcome.refused)
            response.status = .unprocessableContent
            return response
        }
        return redirect(draft.id, request)
    }

    // MARK: Pages

    private func listPage(_ request: Request, _ context: WebContext, _ service: DraftService) async throws -> Response {
        guard let account = context.account else { return signInFirst(request) }
        let parameters = QueryParameters(request)
        let language = parameters.language
        var model = app.base(parameters, title: language.labels["drafts"] ?? "Drafts")
        let drafts = try await service.drafts(for: account)
        model["drafts"] = drafts.map { draft -> [String: Any] in
            ["id": draft.id, "path": Permalink.segment(draft.id), "version": draft.version, "title": draft.report.policies.first?.title ?? draft.report.title ?? "",
             "ministry": draft.ministry, "state": stateLabel(draft.state, language), "fiscalYear": draft.fiscalYear.map(String.init) ?? "",
             "continues": draft.continues ?? ""]
        }
        model["account"] = ["name": account.name, "role": language == .japanese ? account.role.japaneseName : account.role.rawValue,
                            "ministry": account.ministry ?? ""]
        if AccessPolicy.actions(of: account.role).contains(.editDraft), let ministry = account.ministry {
            let summaries = try await app.store.summaries().filter { $0.ministry == ministry && $0.kind == .evaluation }
            // A document page's link (「次期の評価書を作成」) names its document: it is the one chosen.
            let chosen = parameters.query["document"].map { $0.removingPercentEncoding ?? $0 }
            model["start"] = ["documents": summaries.map { summary -> [String: Any] in
                ["id": summary.id, "label": (summary.title ?? summary.source) + " (\(summary.source))", "selected": summary.source == chosen || summary.id == chosen]
            }] as [String: Any]
        }
        model["csrf"] = context.sessionCookie.map(SessionCookie.csrfToken(for:)) ?? ""
        var response = try app.html("drafts", model)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func draftPage(_ request: Request, _ context: WebContext, _ service: DraftService) async throws -> Response {
        let version = try QueryParameters(request).integer("version", in: 1...100_000, default: nil)
        let draft = try await service.draft(id: try id(context), version: version, for: context.account)
        return try await render(draft, request, context, service, typed: [:], refused: [])
    }

    /// The edit form (or, for a version that may not change, the same page read-only).
    private func render(_ draft: Draft, _ request: Request, _ context: WebContext, _ service: DraftService,
                        typed: [String: String], refused: [DraftError]) async throws -> Response {
        let parameters = QueryParameters(request)
        let language = parameters.language
        let account = context.account
        var model = app.base(parameters, title: (language.labels["draft"] ?? "Draft") + " " + draft.id)
        let canEdit = draft.isEditable && AccessPolicy.allows(account, .editDraft, on: draft.scope)
        let values = DraftKeys.values(of: draft.report).merging(typed) { _, typed in typed }
        let errors = Dictionary(refused.compactMap { error in error.key.map { ($0, language == .japanese ? error.message.ja : error.message.en) } }) { first, _ in first }
        let review = DraftReview(draft.report)
        func input(_ key: String, _ label: String = "") -> [String: Any] {
            var item: [String: Any] = ["key": key, "value": values[key] ?? "", "label": label]
            if let error = errors[key] { item["error"] = error }
            return item
        }
        /// The findings about `element`, less those shown beside the parts within it (`shownApart`).
        func findings<Element: SourceLocated>(_ element: Element, shownApart: [any SourceLocated] = []) -> [[String: Any]] {
            review.findings(for: element).filter { finding in !shownApart.contains { $0.lineRange.contains(finding.line) } }.map { finding in
                ["severity": finding.severity.rawValue, "rule": finding.rule, "message": language == .japanese ? finding.message.ja : finding.message.en]
            }
        }
        /// A select of the five levels (and none), with the stated one selected.
        func rating(_ key: String) -> [String: Any] {
            let selected = values[key] ?? ""
            let options: [[String: Any]] = [["value": "", "label": "—", "selected": selected.isEmpty]] + Rating.allCases.map { rating -> [String: Any] in
                ["value": rating.rawValue, "label": rating.label, "selected": selected == rating.rawValue]
            }
            var item: [String: Any] = ["key": key, "options": options]
            if let error = errors[key] { item["error"] = error }
            return item
        }
        func series(_ indicator: Indicator, _ ref: SeriesRef) -> [String: Any] {
            [
                "title": input(TextElement.indicatorTitle(ref).key, language.labels["indicatorName"] ?? ""),
                "unit": input(DraftEdit.setUnit(ref, text: "").key, language.labels["unit"] ?? ""),
                "targetYear": input(DraftEdit.setTargetYear(ref, text: "").key, language.labels["targetYear"] ?? ""),
                "points": indicator.points.map { point -> [String: Any] in
                    let key = DraftEdit.setPoint(ref, kind: point.kind, fiscalYear: point.period.flatMap(Self.year), text: "").key
                    var item = input(key, pointLabel(point, language))
                    item["editable"] = DraftKeys.editable(point)
                    if !DraftKeys.editable(point) { item["value"] = point.text }
                    return item
                },
                "findings": findings(indicator),
            ]
        }
        model["draft"] = ["id": draft.id, "path": Permalink.segment(draft.id), "version": draft.version, "ministry": draft.ministry,
                          "state": stateLabel(draft.state, language), "fiscalYear": draft.fiscalYear.map(String.init) ?? "",
                          "continues": draft.continues ?? "", "continuesPath": draft.continues.map(Permalink.segment) ?? "",
                          "printPath": draft.state == .published ? Permalink.document(draft.report.source) + "/print" : ""] as [String: Any]
        model["csrf"] = context.sessionCookie.map(SessionCookie.csrfToken(for:)) ?? ""
        model["canEdit"] = canEdit
        model["readOnly"] = !canEdit
        model["errorCount"] = refused.isEmpty ? "" : String(refused.count)
        model["generalErrors"] = refused.filter { $0.key == nil || values[$0.key!] == nil }.map { language == .japanese ? $0.message.ja : $0.message.en }
        var policies: [[String: Any]] = []
        for (p, policy) in draft.report.policies.enumerated() {
            var item: [String: Any] = [:]
            item["index"] = p
            item["title"] = input(TextElement.measureName(policy: p).key, StandardTemplate.measureName)
            item["overview"] = input(TextElement.overview(policy: p).key, StandardTemplate.overview)
            item["objectives"] = policy.objectives.indices.map { input(TextElement.objective(policy: p, index: $0).key, "\(StandardTemplate.objectives) \($0 + 1)") }
            item["rating"] = rating(DraftEdit.setStatedRating(policy: p, field: nil, nil).key)
            item["result"] = input(TextElement.result(policy: p).key, StandardTemplate.result)
            item["expertKnowledge"] = input(TextElement.expertKnowledge(policy: p).key, StandardTemplate.expertKnowledge)
            let judgement = review.judgements.first { $0.policy == p }
            if let computed = judgement?.computed {
                item["hasComputed"] = true
                item["computed"] = ["label": computed.rating.label, "reason": language == .japanese ? computed.reason.ja : computed.reason.en]
            }
            item["stated"] = judgement?.stated?.label ?? "—"
            // Findings of a field or a series are shown beside it; the measure's box keeps the rest.
            item["findings"] = findings(policy, shownApart: policy.fields.map { $0 as any SourceLocated } + policy.series.map { $0 as any SourceLocated })
            var fields: [[String: Any]] = []
            for (f, field) in policy.fields.enumerated() {
                var fieldItem: [String: Any] = [:]
                fieldItem["number"] = field.number.map(String.init) ?? ""
                fieldItem["title"] = input(TextElement.fieldTitle(policy: p, field: f).key, language.labels["field"] ?? "")
                let goalCount = field.goals.filter { $0.cycle == .current }.count
                fieldItem["goals"] = (0..<goalCount).map { input(TextElement.goal(policy: p, field: f, index: $0).key, "\(language.labels["goals"] ?? "") \($0 + 1)") }
                fieldItem["assessment"] = input(TextElement.fieldAssessment(policy: p, field: f).key, language.labels["assessment"] ?? "")
                fieldItem["rating"] = rating(DraftEdit.setStatedRating(policy: p, field: f, nil).key)
                fieldItem["series"] = field.series.enumerated().map { series($1, SeriesRef(policy: p, field: f, index: $0)) }
                fieldItem["findings"] = findings(field, shownApart: field.series.map { $0 as any SourceLocated })
                fieldItem["experts"] = field.number.map { number in policy.expertComments.filter { $0.field == number }.map(\.text) } ?? []
                fields.append(fieldItem)
            }
            item["fields"] = fields
            item["series"] = policy.series.enumerated().map { series($1, SeriesRef(policy: p, index: $0)) }
            item["budget"] = policy.budget.filter { $0.stage != .total }.map { row -> [String: Any] in
                let key = DraftEdit.setBudget(policy: p, group: row.group, kind: row.kind, fiscalYear: row.fiscalYear, text: "").key
                return input(key, "\(row.label) \(row.fiscalYear)\(language == .japanese ? "年度" : "") (\(row.unit ?? ""))")
            }
            item["experts"] = policy.expertComments.map { opinion -> [String: Any] in ["text": opinion.text, "field": opinion.field.map(String.init) ?? ""] }
            policies.append(item)
        }
        model["policies"] = policies
        model["transitions"] = Transition.allCases.compactMap { transition -> [String: Any]? in
            guard (try? Workflow.check(transition, on: draft, by: account)) != nil else { return nil }
            return ["name": transition.rawValue, "label": language.labels["transition.\(transition.rawValue)"] ?? transition.rawValue,
                    "needsComment": transition == .returnWithComments]
        }
        model["canComment"] = draft.state != .published && AccessPolicy.allows(account, .comment, on: draft.scope)
        let inviter = account.map { [Role.author, .approver].contains($0.role) } ?? false
        model["canInvite"] = draft.state != .published && inviter && AccessPolicy.allows(account, .readDraft, on: draft.scope)
        model["invited"] = draft.assignedExperts.sorted()
        model["canStartVersion"] = draft.state == .published && AccessPolicy.allows(account, .editDraft, on: draft.scope)
        model["comments"] = draft.comments.map { comment -> [String: Any] in
            ["author": comment.author, "role": language == .japanese ? comment.role.japaneseName : comment.role.rawValue, "text": comment.text,
             "returned": comment.kind == .returned, "fields": comment.fields.map(String.init).joined(separator: ", "), "at": comment.at]
        }
        model["versions"] = try await service.versions(id: draft.id, for: account).map { version -> [String: Any] in
            ["version": version.version, "state": stateLabel(version.state, language), "current": version.version == draft.version]
        }
        model["auditTrail"] = try await AuditRows.trail(ofDraft: draft.id, scope: draft.scope, accounts: app.accounts, for: account, language)
        var response = try app.html("draft", model)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    static func year(_ period: Period) -> Int? {
        switch period {
        case .fiscalYear(let year), .year(let year): year
        case .asOf: nil
        }
    }

    func stateLabel(_ state: DraftState, _ language: Language) -> String {
        language == .japanese ? state.japaneseName : state.rawValue
    }

    func pointLabel(_ point: SeriesPoint, _ language: Language) -> String {
        let kind = language.labels["point.\(point.kind.rawValue)"] ?? point.kind.rawValue
        switch point.period {
        case .fiscalYear(let year): return "\(kind) \(year)" + (language == .japanese ? "年度" : "")
        case .year(let year): return "\(kind) \(year)" + (language == .japanese ? "年" : "")
        case .asOf(let date): return "\(kind) \(date.iso8601)"
        case nil: return kind
        }
    }
}

extension Language {
    /// The drafting pages' labels, added to `labels`.
    static let draftLabels: [(String, String, String)] = [
        ("drafts", "下書き", "Drafts"), ("draft", "下書き", "Draft"), ("version", "版", "Version"), ("state", "状態", "State"),
        ("startNextCycle", "次期の評価書を作成", "Start the next cycle"), ("startBlank", "標準様式で新規作成", "Start from the standard format"),
        ("fromDocument", "元の評価書", "From the evaluation"), ("newFiscalYear", "対象年度（空欄なら自動）", "Fiscal year (empty: the next one)"),
        ("save", "保存", "Save"), ("comment", "コメント", "Comment"), ("commentFields", "言及する個別分野（番号、カンマ区切り）", "Fields cited (numbers, comma-separated)"),
        ("sendComment", "コメントを送る", "Send comment"), ("liveReview", "点検（自動）", "Live review"),
        // computedRating and statedRating come from the comparison's labels: one catalogue, one key each.
        ("indicatorName", "指標名", "Indicator"), ("continues", "前回の評価書", "Continues"),
        ("transition.submit", "提出する", "Submit"), ("transition.approve", "承認する", "Approve"),
        ("transition.return", "差し戻す", "Return with comments"), ("transition.publish", "公表する", "Publish"),
        ("newVersion", "新しい版を作成", "Start a new version"), ("comments", "コメント・差戻し", "Comments and returns"),
        ("returned", "差戻し", "Returned"), ("readOnlyDraft", "この版は編集できません。", "This version cannot be edited."),
        ("validationErrors", "件の入力を受け付けませんでした。各欄の説明をご覧ください。", "value(s) were not accepted; see the message beside each field."),
        ("point.actual", "実績値", "Actual"), ("point.target", "目標値", "Target"), ("point.baseline", "基準値", "Baseline"),
        ("point.plan", "計画", "Plan"), ("point.forecast", "見込み", "Forecast"), ("point.achievement", "達成度", "Achievement"),
        ("versions", "版の履歴", "Versions"), ("noDrafts", "下書きはありません。", "No drafts."),
        ("invitedExperts", "意見を求める外部有識者", "Outside experts invited"), ("inviteExpert", "外部有識者を招く（ユーザー名）", "Invite an outside expert (user name)"),
        ("invite", "招く", "Invite"),
    ]
}
