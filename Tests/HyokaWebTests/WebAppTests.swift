import Foundation
import Hummingbird
import HummingbirdTesting
import HyokaImport
import HyokaModel
import HyokaStore
import Testing
@testable import HyokaWeb

/// The corpus imported into a fresh store, plus a document with hostile text.
func corpusApp(searchCandidateLimit: Int = SearchQuery.defaultCandidateLimit) async throws -> some ApplicationProtocol {
    let store = try SQLiteStore.inMemory()
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let files = ["000_47f71a321a7ee5e2.txt", "002_3ec3fed686115a88.txt", "003_3c0173e389cd5384.txt", "004_d473122111bbb5a2.part1.txt"]
    try await Importer(store: store).importFiles(files.map { root.appendingPathComponent("corpus/\($0)").path })
    let hostile = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).txt")
    try Data("施策名：<script>alert('x')</script>\n\n分野1：\"><img src=x onerror=alert(1)>\n\n中期目標\n1 <b>目標</b>を達成する。\n".utf8).write(to: hostile)
    try await Importer(store: store).importFiles([hostile.path])
    try? FileManager.default.removeItem(at: hostile)
    var app = try await WebApp(store: store)
    app.searchCandidateLimit = searchCandidateLimit
    return Application(router: app.router())
}

@Suite("Web pages")
struct WebPageTests {
    func get(_ uri: String, _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        try await corpusApp().test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in try check(response) }
        }
    }

    @Test("Dashboard lists the documents with counts and budget, with security headers")
    func dashboard() async throws {
        try await get("/") { response in
            #expect(response.status == .ok)
            let body = String(buffer: response.body)
            #expect(body.contains("<html lang=\"ja\">"))
            #expect(body.contains("002_3ec3fed686115a88.txt"))
            #expect(body.contains("国際の平和と安定に対する取組"))
            #expect(body.contains("予算額・執行額"))
            // Budgets are never added across programmes or ministries (98,886 would be 002's two tables added):
            // each ministry links to its programmes' rows.
            #expect(!body.contains("98,886"))
            #expect(body.contains("<li><a href=\"/compare/budget?ministry=%E5%A4%96%E5%8B%99%E7%9C%81\"><span lang=\"ja\">外務省</span>: 8 行</a></li>"),
                    "002's measure and contributions, FY2021–2024 each")
            #expect(body.contains("<tr><td>進展が大きくない</td><td class=\"num\"><a href=\"/compare/evaluations?rating=limitedProgress\">1</a></td></tr>"), "004's computed rating")
            #expect(body.contains("<tr><td>評価なし</td><td class=\"num\"><a href=\"/compare/evaluations?rating=none\">"), "the evaluations not rated are counted")
            #expect(body.contains("<tr class=\"sev-error\"><td>エラー</td>"))
            #expect(body.contains("<caption><span lang=\"ja\">令和4年度政策評価実施件数: 2,355件"))
            #expect(body.contains("<th scope=\"col\" colspan=\"2\" lang=\"ja\">事前評価 1,001件</th>"))
            #expect(body.contains("<li>公共事業 <span class=\"num\">546</span></li>"))
            #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
        }
    }

    @Test("English labels on request")
    func english() async throws {
        try await get("/?lang=en") { response in
            let body = String(buffer: response.body)
            #expect(body.contains("<html lang=\"en\">"))
            #expect(body.contains("Budget and execution"))
        }
    }

    @Test("A document page: policies, fields, budget, expert opinions")
    func document() async throws {
        try await get("/documents/002") { response in
            #expect(response.status == .ok)
            let body = String(buffer: response.body)
            #expect(body.contains("中長期的かつ総合的な外交政策の企画立案と対外発信"))
            #expect(body.contains("外部有識者の所見"))
            #expect(body.contains("3,223"))
            #expect(body.contains("href=\"/documents/002_3ec3fed686115a88.txt/policy/"), "fields linked by file name and numbers")
            // Budget against execution as charts: one per group, with the rate; FY2021 measure: 2,354 / 3,223 = 73%.
            #expect(body.components(separatedBy: "<rect class=\"execution\"").count - 1 == 6)
            #expect(body.contains(">73%</text>"))
            #expect(body.contains("2021年度: 3,223 / 2,354"))
        }
    }

    @Test("A field page: two columns, assessment, indicators with an accessible SVG chart")
    func field() async throws {
        try await corpusApp().test(.router) { client in
            // The earlier address by positions moves to the numbered one (see PermalinkTests).
            let location = try #require(try await client.execute(uri: "/documents/002/policies/0/fields/5", method: .get).headers[.location])
            let response = try await client.execute(uri: location, method: .get)
            #expect(response.status == .ok)
            let body = String(buffer: response.body)
            #expect(body.contains("今後の方向性"))
            #expect(body.contains("JPO派遣者の派遣後の国際機関への定着率"))
            #expect(body.contains("<svg class=\"chart\""))
            #expect(body.contains("role=\"img\""))
            #expect(body.contains("<desc id=\"chart-"))
            #expect(body.contains("85.2%"))
        }
    }

    @Test("The source view highlights the cited lines")
    func source() async throws {
        try await get("/documents/002/source?line=1489&end=1489") { response in
            let body = String(buffer: response.body)
            #expect(body.contains("<li id=\"L1489\" value=\"1489\" class=\"hl\">85.2％ 78.6％ 72.7％ 82.7％</li>"))
            #expect(!body.contains("<li id=\"L1488\" value=\"1488\" class=\"hl\">"))
        }
    }

    @Test("Findings of a document link to their lines")
    func findings() async throws {
        try await get("/documents/004/findings") { response in
            let body = String(buffer: response.body)
            #expect(body.contains("<td>値の食い違いの解消</td>"), "values-reconciled: 1,118【2団体】 and 1,116, reconciled by the table's note")
            #expect(body.contains("/documents/004_d473122111bbb5a2.part1.txt/source?line=1445"))
            #expect(body.contains("進展が大きくない"))
        }
    }

    @Test("Search highlights matches and keeps the query in the form")
    func search() async throws {
        try await get("/search?q=%E3%83%93%E3%82%B6&kind=bluebook") { response in
            let body = String(buffer: response.body)
            #expect(body.contains("<mark>ビザ</mark>"))
            #expect(body.contains("value=\"ビザ\""))
            #expect(body.contains("<option value=\"bluebook\" selected>"))
        }
    }

    @Test("Hostile text in a document is escaped everywhere")
    func escaping() async throws {
        try await corpusApp().test(.router) { client in
            for uri in ["/", "/documents/hostile", "/documents/hostile/policies/0/fields/0", "/documents/hostile/source", "/search?q=%3Cscript%3E"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let body = String(buffer: response.body)
                    #expect(!body.contains("<script>alert"), "\(uri)")
                    #expect(!body.contains("<img src=x"), "\(uri)")
                    #expect(!body.contains("<b>目標</b>"), "\(uri)")
                }
            }
            try await client.execute(uri: "/documents/hostile", method: .get) { response in
                #expect(String(buffer: response.body).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            }
        }
    }

    @Test("Unknown documents and fields are 404; bad parameters are 400", arguments: [
        ("/documents/no-such-document", HTTPResponse.Status.notFound), ("/documents/002/policies/0/fields/99", .notFound),
        ("/documents/002/policies/7/fields/0", .notFound), ("/documents/002/source?line=0", .badRequest),
        ("/documents/002/source?line=20&end=10", .badRequest), ("/search?q=x&kind=novel", .badRequest),
        ("/search?q=x&year=abc", .badRequest), ("/documents/00", .notFound), ("/nothing-here", .notFound),
        ("/documents/002/policy/~1/field/~99", .notFound), ("/documents/002/policy/no-such-policy/field/1", .notFound),
    ])
    func errors(uri: String, status: HTTPResponse.Status) async throws {
        try await get(uri) { response in
            #expect(response.status == status, "\(uri)")
            #expect(response.headers[.contentSecurityPolicy] != nil, "error pages carry the headers too")
        }
    }
}

@Suite("JSON API")
struct APITests {
    func json(_ uri: String) async throws -> (HTTPResponse.Status, Any) {
        try await corpusApp().test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                (response.status, try JSONSerialization.jsonObject(with: Data(buffer: response.body)))
            }
        }
    }

    @Test("Documents are paginated")
    func documents() async throws {
        let (status, body) = try await json("/api/v1/documents?limit=2&offset=1")
        #expect(status == .ok)
        let page = try #require(body as? [String: Any])
        #expect((page["items"] as? [Any])?.count == 2)
        #expect(page["total"] as? Int == 5)
        #expect(page["offset"] as? Int == 1)
    }

    @Test("One document, its fields, indicators, budget, facts and findings")
    func documentRoutes() async throws {
        let (_, document) = try await json("/api/v1/documents/002")
        #expect((document as? [String: Any])?["source"] as? String == "002_3ec3fed686115a88.txt")
        let (_, fields) = try await json("/api/v1/documents/002/fields")
        #expect((fields as? [Any])?.count == 11)
        let (_, indicators) = try await json("/api/v1/documents/004/indicators")
        #expect((indicators as? [[String: Any]])?.contains { $0["title"] as? String == "地域おこし協力隊の隊員数" } == true)
        let (_, budget) = try await json("/api/v1/documents/002/budget")
        #expect((budget as? [Any])?.count == 14)
        let (_, facts) = try await json("/api/v1/documents/003/facts?limit=5")
        #expect(((facts as? [String: Any])?["items"] as? [Any])?.count == 5)
        let (_, review) = try await json("/api/v1/documents/000/findings")
        let findings = (review as? [String: Any])?["findings"] as? [[String: Any]]
        #expect(findings?.contains { $0["rule"] as? String == "sum-mismatch" } == true)
    }

    @Test("Search, with its filters")
    func search() async throws {
        let (status, body) = try await json("/api/v1/search?q=%E5%9C%B0%E6%96%B9%E8%87%AA%E6%B2%BB%E4%BD%93&kind=evaluation")
        #expect(status == .ok)
        let items = try #require((body as? [String: Any])?["items"] as? [[String: Any]])
        #expect(!items.isEmpty && items.allSatisfy { $0["kind"] as? String == "evaluation" })
    }

    @Test("Exports and the OpenAPI document")
    func exports() async throws {
        let (_, bundle) = try await json("/api/v1/export.json")
        #expect(((bundle as? [String: Any])?["documents"] as? [Any])?.count == 5)
        let (_, openapi) = try await json("/api/v1/openapi.json")
        #expect((openapi as? [String: Any])?["openapi"] as? String == "3.1.0")
    }

    @Test("Bad parameters are 400 with a JSON message", arguments: [
        "/api/v1/documents?limit=0", "/api/v1/documents?limit=501", "/api/v1/documents?offset=-1", "/api/v1/documents?limit=ten",
        "/api/v1/search", "/api/v1/search?q=x&kind=novel", "/api/v1/search?q=x&year=99999", "/api/v1/documents?limit=", "/api/v1/search?q=",
    ])
    func badRequests(uri: String) async throws {
        let (status, body) = try await json(uri)
        #expect(status == .badRequest, "\(uri)")
        #expect(((body as? [String: Any])?["error"] as? String)?.isEmpty == false)
    }

    @Test("Write methods are refused with 405: there are no write routes", arguments: [HTTPRequest.Method.post, .put, .delete, .patch])
    func readOnly(method: HTTPRequest.Method) async throws {
        try await corpusApp().test(.router) { client in
            try await client.execute(uri: "/api/v1/documents", method: method) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
        }
    }

    @Test("An unknown document is 404 with a JSON message")
    func notFound() async throws {
        let (status, body) = try await json("/api/v1/documents/nothing-like-this")
        #expect(status == .notFound)
        #expect((body as? [String: Any])?["status"] as? Int == 404)
    }
}
