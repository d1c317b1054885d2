import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HyokaAccounts
import HyokaAssessment
import HyokaAuthoring
import HyokaExport
import HyokaModel
import HyokaStore
import HyokaText
import Mustache
import NIOCore

/// The web application and JSON API over a store.
///
/// Read-only for the public: it reads the store through an
/// `EvaluationReader`, and the only routes that write are signing in and
/// out (`SignInRoutes`, through an `AccountStore`) and the drafts
/// (`DraftRoutes`, through a `DraftStore`), each given only the narrow
/// protocol it needs. Every response carries a
/// content security policy and the usual security headers; all text is
/// escaped by the templates; query parameters are validated with clear 400s.
public struct WebApp: Sendable {
    /// What every public page reads: a reader, which cannot write.
    let store: any EvaluationReader
    /// Where drafts are kept, when the store keeps them (nil: no draft pages).
    let drafts: (any DraftStore)?
    /// Accounts, sessions and tokens, when the store keeps them (nil: nobody signs in).
    let accounts: (any AccountStore)?
    /// Cookies, password hashing, lockout and rate limit of signing in.
    public var signIn = SignInSettings()
    let templates: MustacheLibrary
    /// Decoded documents by the reference a request used, for a few seconds.
    let documents = BoundedCache<EvaluationReport>(capacity: 256, lifetime: .seconds(5))
    /// How many matching passages a search ranks at most (`SearchQuery.candidateLimit`): past it, the
    /// hits are the best of the newest that many, and the page and the API say so. Tests lower it.
    public var searchCandidateLimit = SearchQuery.defaultCandidateLimit
    /// Search results by query, for a few seconds: ranking a word found in
    /// hundreds of thousands of passages costs far more than rendering the page.
    let searches = BoundedCache<SearchResults>(capacity: 1_024, lifetime: .seconds(5))
    /// Whether `searches` and `projectSearches` keep results at all: on for readers; off to measure what the
    /// store itself serves (`hyoka serve --no-search-cache`), since a benchmark asking one query again and
    /// again would otherwise measure the cache.
    public var cachesSearchResults = true
    /// The review-sheet projects linked to a document, by content hash, for a few seconds: a document
    /// page and its field pages decode every project of the ministry (hundreds) to link them.
    let linked = BoundedCache<LinkedProjects?>(capacity: 64, lifetime: .seconds(5))
    /// Review-sheet hits by query, as `searches` keeps the documents' hits.
    let projectSearches = BoundedCache<[ProjectSearchHit]>(capacity: 1_024, lifetime: .seconds(5))
    /// The comparison's records of every evaluation (/compare), kept while the stored documents stay the same.
    let dashboardTotals = DashboardTotalsCache()
    /// Prints the published PDFs (`/documents/ID/print.pdf`), when Chromium is installed.
    public var pdfPrinter = PDFPrinter()
    /// Printed PDFs by content hash: a published version never changes.
    let printedPDFs = BoundedCache<Data>(capacity: 32)
    /// One Chromium print at a time.
    let printSlot = PrintSlot()

    /// The application over `reader`, with drafts and signing in where
    /// `drafts` and `accounts` are given. Loads the templates bundled with the module.
    public init(reader: any EvaluationReader, drafts: (any DraftStore)? = nil, accounts: (any AccountStore)? = nil) async throws {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw WebError(status: .internalServerError, message: "The page templates are missing from the installation.")
        }
        self.store = reader
        self.drafts = drafts
        self.accounts = accounts
        self.templates = try await MustacheLibrary(directory: directory)
    }

    /// The application over one store that does everything: the pages read
    /// it as a reader only; drafts and signing in use it where it keeps them.
    public init(store: any EvaluationStore) async throws {
        try await self.init(reader: store, drafts: store as? any DraftStore, accounts: store as? any AccountStore)
    }

    /// The router with every page and API route.
    ///
    /// HEAD is answered on every GET route (Hummingbird runs the GET handler
    /// and drops the body, so the headers are the same).
    public func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: SecurityHeadersMiddleware())
        SignInRoutes(app: self).add(to: router)
        DraftRoutes(app: self).add(to: router)
        AuditRoutes(app: self).add(to: router)
        router.add(middleware: ReadOnlyMiddleware())
        router.get("/") { request, _ in try self.html("dashboard", try await self.dashboard(QueryParameters(request))) }
        router.get("/search") { request, _ in try self.html("search", try await self.searchPage(QueryParameters(request))) }
        router.get("/documents/:id") { request, context in
            try self.html("document", try await self.documentPage(try await self.pageReport(request, context), QueryParameters(request)))
        }
        router.get("/documents/:id/policy/:policy/field/:field") { request, context in
            try self.html("field", try await self.fieldPage(try await self.pageReport(request, context), context, QueryParameters(request)))
        }
        // The earlier field address, by 0-based positions: moved for good to the numbered one.
        router.get("/documents/:id/policies/:policy/fields/:field") { request, context in
            let report = try await self.report(context)
            let (policy, field) = try Self.positions(report, context)
            return try PermanentRedirect(Permalink.field(report, policy: policy, field: field), query: request.uri.query)
                .response(from: request, context: context)
        }
        router.get("/documents/:id/source") { request, context in
            try self.html("source", try await self.sourcePage(try await self.pageReport(request, context), QueryParameters(request)))
        }
        router.get("/documents/:id/findings") { request, context in
            try self.html("findings", try await self.findingsPage(try await self.pageReport(request, context), QueryParameters(request)))
        }
        router.get("/projects") { request, _ in try self.html("projects", try await self.projectListPage(QueryParameters(request))) }
        router.get("/projects/:id") { request, context in
            try self.html("project", try await self.projectPage(try await self.reviewProject(context, QueryParameters(request)), QueryParameters(request)))
        }
        router.get("/static/hyoka.css") { _, _ in try Self.staticFile("hyoka.css", type: "text/css; charset=utf-8") }
        API(app: self).add(to: router)
        addComparison(to: router)
        addPublication(to: router)
        return router
    }

    /// The application, bound to loopback unless told otherwise, with `limits`
    /// on slow and idle connections. `onListening` is called with the port
    /// once the socket is bound (so a caller can announce the server only
    /// when it is really there, and a test can ask for port 0).
    public func application(host: String = "127.0.0.1", port: Int = 8080, limits: ServerLimits = ServerLimits(),
                            onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(), server: limits.server,
            configuration: .init(address: .hostname(host, port: port), serverName: "Hyoka",
                                 availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections)),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) }
        )
    }

    // MARK: Helpers

    /// The document the `id` path parameter names, percent-decoded (a
    /// browser sends 「第1章.pdf」 as `%E7%AC%AC1%E7%AB%A0.pdf`).
    func report(_ context: WebContext) async throws -> EvaluationReport {
        guard let raw = context.parameters.get("id") else { throw WebError.badRequest("A document id is required.") }
        return try await report(reference: raw.removingPercentEncoding ?? raw)
    }

    /// The document `reference` names: id, file name, or a prefix of either.
    /// A prefix that fits several documents is 409 with the candidates: the
    /// request names no one document, and the reader must choose.
    func report(reference id: String) async throws -> EvaluationReport {
        guard !id.isEmpty, id.count <= 200 else { throw WebError.badRequest("A document id is required (at most 200 characters).") }
        do {
            return try await documents.value(for: id) { [store] in
                guard let report = try await store.report(matching: id) else { throw WebError.notFound("No document matches “\(id)”.") }
                return report
            }
        } catch StoreError.ambiguousReference(let reference, let candidates) {
            throw WebError.ambiguous(reference, candidates: candidates)
        } catch let error as StoreError {
            throw WebError.badRequest(error.description)
        }
    }

    /// The document of a page. Addressed by its content hash (the earlier
    /// permalink), it answers 301 with the address by file name, which
    /// survives a re-import; a prefix typed by hand is answered in place.
    func pageReport(_ request: Request, _ context: WebContext) async throws -> EvaluationReport {
        let report = try await report(context)
        let raw = context.parameters.get("id") ?? ""
        if (raw.removingPercentEncoding ?? raw) == report.id, report.id != report.source {
            let path = request.uri.path
            let rest = path.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: true).dropFirst(2).first.map { "/" + $0 } ?? ""
            throw PermanentRedirect(Permalink.document(report.source) + rest, query: request.uri.query)
        }
        return report
    }

    /// The policy and field a field page's path names (`/policy/2/field/3`, or `~1` for a position).
    static func fieldIndices(_ report: EvaluationReport, _ context: WebContext) throws -> (policy: Int, field: Int) {
        guard let policyKey = context.parameters.get("policy").map({ $0.removingPercentEncoding ?? $0 }),
              let policy = Permalink.index(of: policyKey, in: report.policies.map(\.number)),
              let fieldKey = context.parameters.get("field").map({ $0.removingPercentEncoding ?? $0 }),
              let field = Permalink.index(of: fieldKey, in: report.policies[policy].fields.map { $0.number.map(String.init) }) else {
            throw WebError.notFound("No such field in \(report.source).")
        }
        return (policy, field)
    }

    /// The policy and field an earlier address names by 0-based positions.
    static func positions(_ report: EvaluationReport, _ context: WebContext) throws -> (policy: Int, field: Int) {
        guard let policy = context.parameters.get("policy").flatMap(Int.init), report.policies.indices.contains(policy),
              let field = context.parameters.get("field").flatMap(Int.init), report.policies[policy].fields.indices.contains(field) else {
            throw WebError.notFound("No such field in \(report.source).")
        }
        return (policy, field)
    }

    func html(_ template: String, _ model: [String: Any]) throws -> Response {
        guard let body = templates.render(Self.withFlags(model), withTemplate: template) else {
            throw WebError(status: .internalServerError, message: "The page template \(template) is missing.")
        }
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// Adds `hasItems` = true beside every non-empty list `items`, so that a
    /// template can print a heading once above a list.
    ///
    /// Only values whose type is exactly `[String: Any]` or `[[String: Any]]`
    /// are walked: a cast such as `as? [String: Any]` would also succeed on
    /// the labels (`[String: String]`) by copying every one of them, on every
    /// request, and a label table holds no lists.
    static func withFlags(_ value: Any) -> Any {
        if type(of: value) == [String: Any].self, let dictionary = value as? [String: Any] {
            var result: [String: Any] = [:]
            result.reserveCapacity(dictionary.count)
            for (key, item) in dictionary {
                result[key] = withFlags(item)
                // Any array, without copying it to `[Any]` first as `as? [Any]` would.
                if let list = item as? any RandomAccessCollection, let first = key.first {
                    result["has" + first.uppercased() + key.dropFirst()] = !list.isEmpty
                }
            }
            return result
        }
        if type(of: value) == [[String: Any]].self, let list = value as? [[String: Any]] { return list.map(withFlags) }
        return value
    }

    static func staticFile(_ name: String, type: String) throws -> Response {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("Static/\(name)"), let data = try? Data(contentsOf: url) else {
            throw WebError.notFound("No such file.")
        }
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The store's hits for `query` and their count, served from `searches` when asked again within seconds.
    func searchResults(_ query: SearchQuery) async throws -> SearchResults {
        let key = Self.cacheKey(query)
        guard cachesSearchResults else { return try await store.searchResults(query) }
        return try await searches.value(for: key) { [store] in try await store.searchResults(query) }
    }

    /// The key `searches` and `projectSearches` keep a query's hits under: every field that changes them.
    private static func cacheKey(_ query: SearchQuery) -> String {
        [query.text, query.kind?.rawValue ?? "", query.ministry ?? "", query.year.map(String.init) ?? "",
         String(query.limit), String(query.offset), query.candidateLimit.map(String.init) ?? ""].joined(separator: "\u{1F}")
    }

    /// The review sheets' hits for `query` (none when the store holds no sheets).
    func searchReviewSheets(_ query: SearchQuery) async throws -> [ProjectSearchHit] {
        guard let sheets else { return [] }
        let key = Self.cacheKey(query)
        guard cachesSearchResults else { return try await sheets.searchReviewSheets(query) }
        return try await projectSearches.value(for: key) { try await sheets.searchReviewSheets(query) }
    }

    /// The review of a document: the one stored with it (computed when it was
    /// saved), completed by the Bluebook editions the library holds now.
    func review(_ report: EvaluationReport) async throws -> Review {
        guard let review = try await store.review(documentID: report.id) else {
            throw WebError.notFound("No document matches “\(report.id)”.")
        }
        return review
    }
}

/// There are no write routes yet: any method other than GET and HEAD is 405,
/// and a request with a body is 413 (nothing reads it, and a client
/// trickling one would hold the connection).
struct ReadOnlyMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            var response = try WebError(status: .methodNotAllowed, message: "Hyoka is read-only: use GET.").response(from: request, context: context)
            response.headers[.allow] = "GET, HEAD"
            return response
        }
        let declaredLength = request.headers[.contentLength].flatMap(Int.init) ?? 0
        if declaredLength > 0 || request.headers[.transferEncoding] != nil {
            var response = try WebError(status: .contentTooLarge, message: "Hyoka's requests have no body.").response(from: request, context: context)
            response.headers[.connection] = "close"
            return response
        }
        return try await next(request, context)
    }
}

/// Security headers on every response.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            // Hummingbird's own errors (no route: 404) have no body: give them
            // the same HTML page or JSON error as Hyoka's.
            response = try WebError(status: error.status, message: error.body ?? WebError.explanation(error.status)).response(from: request, context: context)
        } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        if request.method == .head { response = response.createHeadResponse() }
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        return response
    }
}
