import Foundation
import HTTPTypes
import Hummingbird
import HyokaAccounts
import HyokaAuthoring
import HyokaModel
import NIOCore

/// The published document's print-ready page and PDF, and the diff between
/// versions: `/documents/ID/print`, `/documents/ID/print.pdf`,
/// `/documents/ID/versions?from=1&to=2` (published versions, public) and
/// `/drafts/ID/diff?from=1&to=2` (a draft's versions, for those who may read it).
extension WebApp {
    func addPublication(to router: Router<WebContext>) {
        router.get("/static/print.css") { _, _ in try Self.staticFile("print.css", type: "text/css; charset=utf-8") }
        router.get("/documents/:id/print") { request, context in
            let report = try await self.pageReport(request, context)
            let parameters = QueryParameters(request)
            var response = try self.html("print", self.printModel(report, parameters, forPDF: false))
            response.headers[.cacheControl] = "public, max-age=60"
            return response
        }
        router.get("/documents/:id/print.pdf") { request, context in
            let report = try await self.pageReport(request, context)
            let pdf = try await self.printedPDF(report)
            var headers: HTTPFields = [.contentType: "application/pdf", .cacheControl: "public, max-age=300"]
            headers[.contentDisposition] = "inline; filename=\"\(Self.pdfName(report))\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
        }
        router.get("/documents/:id/versions") { request, context in
            let report = try await self.pageReport(request, context)
            return try self.html("diff", try await self.publishedDiffPage(report, QueryParameters(request)))
        }
        router.get("/drafts/:id/diff") { request, context in
            // The draft pages' own id check and answers to a refused read (401, 403, 404).
            let drafts = DraftRoutes(app: self)
            guard let service = drafts.service else { throw WebError.notFound("This store keeps no drafts.") }
            return try await drafts.respond(request, context) {
                try self.html("diff", try await self.draftDiffPage(try drafts.id(context), service, context, QueryParameters(request)))
            }
        }
    }

    /// The print-ready HTML of the document `reference` names, with its
    /// stylesheet inlined, as Chromium prints it (the `hyoka print` command's).
    public func printHTML(reference: String) async throws -> String {
        let report = try await report(reference: reference)
        return try printHTML(report)
    }

    public func printHTML(_ report: EvaluationReport) throws -> String {
        guard let body = templates.render(Self.withFlags(printModel(report, nil, forPDF: true)), withTemplate: "print") else {
            throw WebError(status: .internalServerError, message: "The page template print is missing.")
        }
        return body
    }

    func printModel(_ report: EvaluationReport, _ parameters: QueryParameters?, forPDF: Bool) -> [String: Any] {
        var model: [String: Any] = ["lang": "ja", "t": Language.japanese.labels]
        if let parameters { model = base(parameters, title: report.title ?? report.source) }
        model["pageTitle"] = report.title ?? report.source
        model["id"] = Permalink.segment(report.source)
        model["print"] = PrintLayout.model(report)
        model["screen"] = !forPDF
        model["pdf"] = pdfPrinter.isAvailable
        if forPDF { model["inlineStyle"] = Self.printStylesheet }
        return model
    }

    /// The print stylesheet, inlined into the page Chromium prints from a file (it fetches nothing).
    static let printStylesheet: String = {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("Static/print.css"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }()

    static func pdfName(_ report: EvaluationReport) -> String {
        let stem = (report.source as NSString).deletingPathExtension
        let safe = stem.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) ? Character($0) : "_" }
        return String(safe) + ".pdf"
    }

    /// The PDF of a document, made once per content hash (a published version never
    /// changes), one print at a time: a second request while Chromium runs is 503.
    func printedPDF(_ report: EvaluationReport) async throws -> Data {
        let key = report.contentHash.isEmpty ? report.id : report.contentHash
        if let cached = await printedPDFs.value(for: key) { return cached }
        guard pdfPrinter.isAvailable else {
            throw WebError(status: .serviceUnavailable, message: "PDF output needs Chromium, which is not installed on this server; the print page (/documents/ID/print) prints from a browser.")
        }
        guard await printSlot.take() else {
            throw WebError(status: .serviceUnavailable, message: "Another PDF is being printed; try again in a few seconds.")
        }
        do {
            let html = try printHTML(report)
            let pdf = try await pdfPrinter.pdf(html: html)
            await printedPDFs.set(pdf, for: key)
            await printSlot.release()
            return pdf
        } catch let error as PDFPrinterError {
            await printSlot.release()
            throw WebError(status: .serviceUnavailable, message: error.description)
        } catch {
            await printSlot.release()
            throw error
        }
    }

    // MARK: Diff

    /// The published versions of the draft a document is a version of, in order.
    func publishedVersions(of report: EvaluationReport) async throws -> [Draft] {
        guard let drafts else { return [] }
        let published = try await drafts.publishedDrafts()
        guard let draft = published.first(where: { Workflow.reportID(draft: $0.id, version: $0.version) == report.id }) else { return [] }
        return published.filter { $0.id == draft.id }.sorted { $0.version < $1.version }
    }

    func publishedDiffPage(_ report: EvaluationReport, _ parameters: QueryParameters) async throws -> [String: Any] {
        let versions = try await publishedVersions(of: report)
        guard !versions.isEmpty else {
            throw WebError.notFound("\(report.source) is not a published version of an evaluation written in Hyoka, so it has no other versions.")
        }
        let current = versions.first { Workflow.reportID(draft: $0.id, version: $0.version) == report.id }?.version ?? versions.last!.version
        var model = try diffModel(versions, current: current, parameters, title: report.title ?? report.source)
        model["doc"] = Self.documentHeader(report, parameters.language)
        model["action"] = "/documents/\(Permalink.segment(report.source))/versions"
        return model
    }

    func draftDiffPage(_ id: String, _ service: DraftService, _ context: WebContext, _ parameters: QueryParameters) async throws -> [String: Any] {
        let versions = try await service.versions(id: id, for: context.account)
        // Versions not yet published are the ministry's: the list keeps only those this account may read.
        let readable = versions.filter { $0.state == .published || AccessPolicy.allows(context.account, .readDraft, on: $0.scope) }
        var model = try diffModel(readable, current: readable.last?.version ?? 1, parameters, title: id)
        model["draft"] = ["id": id, "path": Permalink.segment(id)]
        model["action"] = "/drafts/\(Permalink.segment(id))/diff"
        return model
    }

    /// The page: a GET form choosing the two versions, then the goals, series,
    /// texts and budget side by side, each changed row marked in words and
    /// with a symbol, not by colour alone.
    func diffModel(_ versions: [Draft], current: Int, _ parameters: QueryParameters, title: String) throws -> [String: Any] {
        let language = parameters.language
        let labels = language.labels
        let numbers = versions.map(\.version)
        guard let last = numbers.last else { throw WebError.notFound("No versions.") }
        let range = (numbers.first ?? 1)...last
        let to = try parameters.integer("to", in: range, default: current) ?? current
        let from = try parameters.integer("from", in: range, default: numbers.last(where: { $0 < to }) ?? to) ?? to
        guard let old = versions.first(where: { $0.version == from }), let new = versions.first(where: { $0.version == to }) else {
            throw WebError.notFound("There is no version \(numbers.contains(from) ? to : from) to compare.")
        }
        var model = base(parameters, title: "\(labels["versionDiff"] ?? "") — \(title)")
        func options(_ selected: Int) -> [[String: Any]] {
            versions.map { ["value": $0.version, "label": "v\($0.version) (\(language == .japanese ? $0.state.japaneseName : $0.state.rawValue))", "selected": $0.version == selected] }
        }
        model["fromOptions"] = options(from)
        model["toOptions"] = options(to)
        model["from"] = from
        model["to"] = to
        model["title"] = title
        let diff = VersionDiff.compare(old.report, new.report)
        model["changeCount"] = diff.changeCount
        let onlyChanges = parameters.query["changes"] == "1"
        model["onlyChanges"] = onlyChanges
        model["parts"] = VersionDiff.Part.allCases.compactMap { part -> [String: Any]? in
            let rows = diff.rows(part).filter { !onlyChanges || $0.change != .same }
            guard !rows.isEmpty else { return nil }
            return [
                "heading": labels["diff.\(part.rawValue)"] ?? part.rawValue,
                "rows": rows.map { row -> [String: Any] in
                    let change = row.change
                    return ["label": row.label, "old": row.old ?? "", "new": row.new ?? "", "changed": change != .same,
                            "change": change.rawValue, "changeLabel": labels["diff.change.\(change.rawValue)"] ?? change.rawValue,
                            "symbol": Self.changeSymbol(change)]
                },
            ]
        }
        return model
    }

    static func changeSymbol(_ change: VersionDiff.Change) -> String {
        switch change {
        case .same: ""
        case .changed: "≠"
        case .added: "+"
        case .removed: "−"
        }
    }
}

/// Lets one PDF print run at a time: Chromium takes hundreds of megabytes and
/// seconds per page, and a server must not start one per request.
actor PrintSlot {
    private var busy = false

    /// True when the slot was free and is now taken.
    func take() -> Bool {
        guard !busy else { return false }
        busy = true
        return true
    }

    func release() { busy = false }
}

extension Language {
    /// The publication pages' labels (print, PDF, version diff), added to `labels`.
    static let publicationLabels: [(String, String, String)] = [
        ("printView", "印刷用の表示", "Print view"), ("backToDocument", "文書のページへ戻る", "Back to the document"),
        ("downloadPDF", "PDF をダウンロード", "Download the PDF"), ("printHint", "ブラウザーの印刷で A4 に出力できます。", "Print from the browser for A4."),
        ("versionDiff", "版の比較", "Compare versions"), ("diffFrom", "比較元の版", "From version"), ("diffTo", "比較先の版", "To version"),
        ("diffShow", "比較する", "Compare"), ("diffOnlyChanges", "変更のある行だけ表示", "Show changed rows only"),
        ("diffItem", "項目", "Item"), ("diffOld", "旧", "Old"), ("diffNew", "新", "New"), ("diffChange", "変更", "Change"),
        ("diffChanges", "件の変更", "change(s)"),
        ("diff.goals", "目標", "Goals"), ("diff.series", "指標の系列", "Series"), ("diff.texts", "本文", "Texts"), ("diff.budget", "予算額・執行額", "Budget"),
        ("diff.change.same", "同じ", "same"), ("diff.change.changed", "変更", "changed"), ("diff.change.added", "追加", "added"),
        ("diff.change.removed", "削除", "removed"), ("printPage", "印刷用（A4）", "Print (A4)"),
    ]
}
