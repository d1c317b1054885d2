import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HyokaWeb

@Suite("Linked projects on evaluation pages")
struct LinkedProjectsPageTests {
    /// The path of the field page numbered `number` in a document page's list of fields.
    static func fieldPath(_ body: String, number: Int) throws -> String {
        let pattern = try Regex("href=\"(/documents/[^\"/]+/policy/[^\"/]+/field/[^\"/]+)\">分野\(number)：")
        return String(try #require(body.firstMatch(of: pattern))[1].substring ?? "")
    }

    @Test("002's field 10 lists its five projects with reasons and links, and their totals per 予算年度 in 百万円")
    func field() async throws {
        try await reviewSheetApp().test(.router) { client in
            let document = try await client.execute(uri: "/documents/002", method: .get) { String(buffer: $0.body) }
            let path = try Self.fieldPath(document, number: 10)
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                for id in [1031, 1130, 1152, 1194, 5643] {
                    #expect(body.contains("<td><a href=\"/projects/\(id)?year=2024\">\(id)</a></td>"), "project \(id)")
                }
                #expect(body.contains("<caption>行政事業レビューの事業 (5)</caption>"))
                #expect(body.contains("は施策「国際の平和と安定に対する取組」とその個別分野「"), "the reason, in Japanese on a Japanese page")
                // FY2023 from the five total rows of 2-1: 当初 59 + 1,060 + 41.089 + 38.311 + 126 = 1,324.4; 補正 2,348 (project 1031);
                // executed 3,566.005 of 3,672.4 → 97.1%. The per-account rows are not added to them.
                #expect(body.contains("<tr><th scope=\"row\">2023</th><td class=\"num\">5</td><td class=\"num\">1,324</td><td class=\"num\">2,348</td><td class=\"num\">3,672</td><td class=\"num\">3,672</td><td class=\"num\">3,566</td><td class=\"num\">97.1%</td></tr>"))
                // FY2024 is not closed: the sheets write execution 0 with no rate, so no rate is shown.
                #expect(body.contains("<tr><th scope=\"row\">2024</th><td class=\"num\">5</td><td class=\"num\">1,110</td><td class=\"num\">2,082</td><td class=\"num\">3,191</td><td class=\"num\">3,191</td><td class=\"num\">-</td><td class=\"num\">-</td></tr>"))
            }
        }
    }

    @Test("000's measure lists project 1070 with its reason; the page of another field lists none of it")
    func measure() async throws {
        try await reviewSheetApp().test(.router) { client in
            try await client.execute(uri: "/documents/000", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("<a href=\"/projects/1070?year=2024\">ITを利用した広報基盤整備</a>"))
                #expect(body.contains("IT広報"))
                #expect(body.contains("<caption>行政事業レビューの事業 (1)</caption>"))
            }
            try await client.execute(uri: "/documents/002?lang=en", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("Review-sheet projects (administrative project reviews)"))
                #expect(body.contains("/projects/1031?year=2024&amp;lang=en"))
                #expect(!body.contains("/projects/1070"), "1070 serves 000's measure, not 002's")
            }
        }
    }
}
