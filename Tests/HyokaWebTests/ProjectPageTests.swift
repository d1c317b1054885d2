import Foundation
import Hummingbird
import HummingbirdTesting
import HyokaImport
import HyokaModel
import HyokaReviewSheets
import HyokaStore
import Testing
@testable import HyokaWeb

/// The evaluations and the bundled review sheets in a fresh store.
func reviewSheetApp() async throws -> some ApplicationProtocol {
    let store = try SQLiteStore.inMemory()
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let files = ["000_47f71a321a7ee5e2.txt", "002_3ec3fed686115a88.txt", "004_d473122111bbb5a2.part1.txt"]
    try await Importer(store: store).importFiles(files.map { root.appendingPathComponent("corpus/\($0)").path })
    try await store.saveReviewSheets(try ReviewSheetReader().read([root.appendingPathComponent("corpus/rs2024")]))
    return Application(router: try await WebApp(store: store).router())
}

@Suite("Review-sheet project page and API")
struct ProjectPageTests {
    @Test("project 1070's page: the budget chart and table, the verdict, the link to 000 with its reason, the low execution")
    func page() async throws {
        try await reviewSheetApp().test(.router) { client in
            try await client.execute(uri: "/projects/1070", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("<svg class=\"chart\"") && body.contains("role=\"img\""))
                #expect(body.contains("ITを利用した広報基盤整備"))
                #expect(body.contains("<td>54</td><td>28</td><td>51.7%</td>"))
                #expect(body.contains("000_47f71a321a7ee5e2.txt"))
                #expect(body.contains("事業の低い執行率"), "project-low-execution, by its name")
                #expect(!body.contains("<script>"))
                // The link's reason is Japanese on the Japanese page, English (with its quotations marked) on the English one.
                #expect(body.contains("を指す"), "the reason in Japanese")
                #expect(!body.contains("names measure"))
            }
            try await client.execute(uri: "/projects/1070?lang=en", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("names measure <span lang=\"ja\">") && !body.contains("を指す"))
            }
            try await client.execute(uri: "/projects/999999", method: .get) { response in #expect(response.status == .notFound) }
            try await client.execute(uri: "/projects/abc", method: .get) { response in #expect(response.status == .badRequest) }
        }
    }

    @Test("the API lists projects by measure and gives one with its links")
    func api() async throws {
        try await reviewSheetApp().test(.router) { client in
            try await client.execute(uri: "/api/v1/projects?measure=%E5%8E%9F%E5%AD%90%E5%8A%9B", method: .get) { response in
                #expect(response.status == .ok)
                let page = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let ids = Set(((page["items"] as? [[String: Any]]) ?? []).compactMap { $0["projectID"] as? Int })
                #expect(ids == [1031, 1130, 1152, 1194, 5643])
            }
            try await client.execute(uri: "/api/v1/projects/1031", method: .get) { response in
                #expect(response.status == .ok)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let links = (body["links"] as? [[String: Any]]) ?? []
                #expect(links.contains { $0["fieldNumber"] as? Int == 10 && ($0["reason"] as? String)?.isEmpty == false })
            }
        }
    }
}
