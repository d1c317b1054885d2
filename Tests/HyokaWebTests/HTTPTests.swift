import Foundation
import Hummingbird
import HummingbirdTesting
import HyokaImport
import HyokaModel
import HyokaStore
import HyokaTestSupport
import Testing
@testable import HyokaWeb

/// A store with `files` (name → text) imported under those names, in a scratch folder.
func namedStore(_ files: [String: String]) async throws -> (store: SQLiteStore, folder: URL) {
    let store = try SQLiteStore.inMemory()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hyoka-http-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
    try await Importer(store: store).importFiles(files.keys.sorted().map { folder.appendingPathComponent($0).path })
    return (store, folder)
}

/// The text of corpus file `name`.
func corpusText(_ name: String) throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try String(contentsOf: root.appendingPathComponent("corpus/\(name)"), encoding: .utf8)
}

@Suite("HTTP")
struct HTTPTests {
    @Test("HEAD is answered on every GET route with the GET's status and headers and no body", arguments: [
        "/", "/search?q=%E3%83%93%E3%82%B6", "/documents/002", "/documents/002/source", "/documents/002/findings",
        "/api/v1/documents", "/api/v1/documents/002", "/api/v1/openapi.json", "/static/hyoka.css", "/nothing-here", "/api/v1/nothing",
    ])
    func head(uri: String) async throws {
        try await corpusApp().test(.router) { client in
            let get = try await client.execute(uri: uri, method: .get)
            let head = try await client.execute(uri: uri, method: .head)
            #expect(head.status == get.status, "\(uri)")
            #expect(head.status != .methodNotAllowed)
            #expect(head.headers[.contentType] == get.headers[.contentType], "\(uri)")
            #expect(head.headers[.contentLength] == String(get.body.readableBytes), "\(uri): the length the GET would send")
            #expect(head.headers[.contentSecurityPolicy] != nil)
            #expect(head.body.readableBytes == 0, "\(uri)")
            #expect(get.body.readableBytes > 0, "\(uri)")
        }
    }

    @Test("A page with no route is an HTML 404 page; under /api/ it is the JSON error of the OpenAPI document")
    func notFoundBodies() async throws {
        try await corpusApp().test(.router) { client in
            let page = try await client.execute(uri: "/nothing-here", method: .get)
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(String(buffer: page.body).contains("<h1>404 見つかりません</h1>"), "Japanese by default, as every page")
            for uri in ["/api/v1/nothing", "/api/v1/documents/no-such-document", "/api/v1/search?q=x&limit=0"] {
                let api = try await client.execute(uri: uri, method: .get)
                #expect(api.headers[.contentType] == "application/json; charset=utf-8", "\(uri)")
                let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: api.body)) as? [String: Any], "\(uri)")
                #expect(json["status"] as? Int == Int(api.status.code), "\(uri)")
                #expect((json["error"] as? String)?.isEmpty == false, "\(uri)")
                #expect([404, 400].contains(api.status.code), "\(uri)")
            }
        }
    }

    @Test("A request with a body is refused: Hyoka reads none")
    func bodyRefused() async throws {
        try await corpusApp().test(.router) { client in
            let response = try await client.execute(uri: "/", method: .get, body: ByteBuffer(string: "x=1"))
            #expect(response.status == .contentTooLarge)
        }
    }

    @Test("Percent-encoded Japanese file names in paths find their document, on pages and in the API")
    func percentEncodedNames() async throws {
        let text = try corpusText("002_3ec3fed686115a88.txt")
        let (store, folder) = try await namedStore(["令和6年度 政策評価書.txt": text])
        defer { try? FileManager.default.removeItem(at: folder) }
        let encoded = Permalink.segment("令和6年度 政策評価書.txt")
        #expect(encoded == "%E4%BB%A4%E5%92%8C6%E5%B9%B4%E5%BA%A6%20%E6%94%BF%E7%AD%96%E8%A9%95%E4%BE%A1%E6%9B%B8.txt")
        try await Application(router: try await WebApp(store: store).router()).test(.router) { client in
            for uri in ["/documents/\(encoded)", "/documents/\(encoded)/source?line=3", "/api/v1/documents/\(encoded)",
                        "/documents/%E4%BB%A4%E5%92%8C6", "/api/v1/export.csv?document=\(encoded)"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok, "\(uri)")
            }
            let page = String(buffer: try await client.execute(uri: "/documents/\(encoded)", method: .get).body)
            #expect(page.contains("href=\"/documents/\(encoded)/source"), "links use the encoded file name")
        }
    }

    @Test("A prefix that fits two documents is 409 with both offered: links on the page, a list in the JSON")
    func ambiguous() async throws {
        let text = try corpusText("000_47f71a321a7ee5e2.txt")
        let (store, folder) = try await namedStore(["評価書A.txt": text, "評価書B.txt": text + "\n（再掲）\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let prefix = Permalink.segment("評価書")
        try await Application(router: try await WebApp(store: store).router()).test(.router) { client in
            let page = try await client.execute(uri: "/documents/\(prefix)", method: .get)
            #expect(page.status == .conflict)
            let html = String(buffer: page.body)
            #expect(html.contains("href=\"/documents/\(Permalink.segment("評価書A.txt"))\""))
            #expect(html.contains("href=\"/documents/\(Permalink.segment("評価書B.txt"))\""))
            let api = try await client.execute(uri: "/api/v1/documents/\(prefix)", method: .get)
            #expect(api.status == .conflict)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: api.body)) as? [String: Any])
            #expect(json["candidates"] as? [String] == ["評価書A.txt", "評価書B.txt"])
            #expect(json["status"] as? Int == 409)
        }
    }
}

@Suite("Permalinks")
struct PermalinkTests {
    @Test("Keys: the printed number when unique, else ~position; both resolve back")
    func keys() {
        #expect(Permalink.key(["2", "14"], at: 1) == "14")
        #expect(Permalink.key([nil, "3"], at: 0) == "~1")
        #expect(Permalink.key(["1", "1"], at: 1) == "~2", "a repeated number cannot name one")
        #expect(Permalink.index(of: "14", in: ["2", "14"]) == 1)
        #expect(Permalink.index(of: "~2", in: ["1", "1"]) == 1)
        #expect(Permalink.index(of: "~9", in: ["1"]) == nil)
        #expect(Permalink.index(of: "1", in: ["1", "1"]) == nil)
    }

    @Test("Old addresses (content hash, positions) move for good to the file-name and number ones, which answer")
    func redirects() async throws {
        try await corpusApp().test(.router) { client in
            let old = try await client.execute(uri: "/documents/002/policies/0/fields/5?lang=en", method: .get)
            #expect(old.status == .movedPermanently)
            let location = try #require(old.headers[.location])
            #expect(location.hasPrefix("/documents/002_3ec3fed686115a88.txt/policy/"))
            #expect(location.contains("/field/") && location.hasSuffix("?lang=en"))
            let new = try await client.execute(uri: location, method: .get)
            #expect(new.status == .ok)
            #expect(String(buffer: new.body).contains("JPO派遣者の派遣後の国際機関への定着率"))
            #expect(String(buffer: new.body).contains("id=\"indicator-1\""))

            let document = try await client.execute(uri: "/documents/002", method: .get)
            #expect(String(buffer: document.body).contains("href=\"\(location.split(separator: "?")[0])"), "the document page links to the field by its permalink")
        }
    }

    @Test("A document's content-hash address answers 301 to its file-name address, keeping the rest of the path and the query")
    func hashRedirect() async throws {
        let text = try corpusText("002_3ec3fed686115a88.txt")
        let (store, folder) = try await namedStore(["mofa.txt": text])
        defer { try? FileManager.default.removeItem(at: folder) }
        let id = try #require(try await store.summaries().first?.id)
        try await Application(router: try await WebApp(store: store).router()).test(.router) { client in
            let old = try await client.execute(uri: "/documents/\(id)/source?line=3", method: .get)
            #expect(old.status == .movedPermanently)
            #expect(old.headers[.location] == "/documents/mofa.txt/source?line=3")
        }
    }

    @Test("Re-importing the same file with changed bytes keeps its field and source addresses")
    func reimport() async throws {
        let text = try corpusText("002_3ec3fed686115a88.txt")
        let (store, folder) = try await namedStore(["mofa.txt": text])
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try #require(try await store.report(matching: "mofa.txt"))
        let fieldURL = Permalink.field(first, policy: 0, field: 5)
        let app = try await WebApp(store: store)
        let before = try await Application(router: app.router()).test(.router) { client in
            let response = try await client.execute(uri: fieldURL, method: .get)
            #expect(response.status == .ok)
            return String(buffer: response.body)
        }
        // The same report, re-extracted: a trailing line changes the bytes and so the content hash.
        try Data((text + "\n（以上）\n").utf8).write(to: folder.appendingPathComponent("mofa.txt"))
        try await Importer(store: store).importFiles([folder.appendingPathComponent("mofa.txt").path])
        let second = try #require(try await store.report(matching: "mofa.txt"))
        #expect(second.id != first.id, "a new content hash")
        #expect(try await store.summaries().count == 1, "the new version replaced the old")
        try await Application(router: try await WebApp(store: store).router()).test(.router) { client in
            let response = try await client.execute(uri: fieldURL, method: .get)
            #expect(response.status == .ok, "\(fieldURL) still answers")
            let after = String(buffer: response.body)
            #expect(after.contains(first.policies[0].fields[5].title))
            #expect(before.contains(first.policies[0].fields[5].title))
            #expect(try await client.execute(uri: "/documents/mofa.txt/source?line=3", method: .get).status == .ok)
        }
    }
}

@Suite("Server limits", .serialized)
struct ServerLimitTests {
    @Test("A client that sends half a request head is cut off by the idle timeout while another is served")
    func slowClientCutOff() async throws {
        let (store, folder) = try await namedStore(["a.txt": try corpusText("000_47f71a321a7ee5e2.txt")])
        defer { try? FileManager.default.removeItem(at: folder) }
        // 3 s, not 1: the timeout also runs from a connection's opening to its first read, and under a loaded
        // full test run the server can take over a second to read even the well-behaved client's request.
        let app = try await WebApp(store: store).application(host: "127.0.0.1", port: 0, limits: ServerLimits(idleTimeout: .seconds(3)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let slow = try #require(LoopbackSocket.connect(port: port))
            #expect(slow.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Ag"))
            let other = try #require(LoopbackSocket.connect(port: port))
            #expect(other.send("GET /static/hyoka.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
            let served = await Task.detached { other.readUntilClosed(patience: 20) }.value
            #expect(String(decoding: served.bytes, as: UTF8.self).hasPrefix("HTTP/1.1 200"), "the other client is served")
            let cut = await Task.detached { slow.readUntilClosed(patience: 20) }.value
            #expect(cut.closed, "the server closed the half-sent request's connection")
            #expect(cut.bytes.isEmpty || String(decoding: cut.bytes, as: UTF8.self).hasPrefix("HTTP/1.1 4"), "no page for half a request")
        }
    }
}
