import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HyokaWeb

/// The ministry view, review-sheet search and exports, on the bundled evaluations and review sheets.
@Suite("Review-sheet views: ministry view, search, exports")
struct ProjectViewsTests {
    /// Every `href` in `body` whose path starts with `prefix`, unescaped.
    static func links(_ body: String, prefix: String) -> [String] {
        body.matches(of: try! Regex("href=\"(\(prefix)[^\"]*)\"")).compactMap { $0[1].substring.map { String($0).replacingOccurrences(of: "&amp;", with: "&") } }
    }

    /// The project ids of the list's rows.
    static func listedIDs(_ body: String) -> [Int] {
        body.matches(of: #/<tr><td><a href="/projects/(\d+)\?year=\d+[^"]*">\d+</a></td>/#).compactMap { Int($0.1) }
    }

    @Test("the ministry view counts projects by verdict and execution rate; every count links to a list of exactly that many")
    func matrix() async throws {
        try await reviewSheetApp().test(.router) { client in
            let page = try await client.execute(uri: "/projects?ministry=%E5%A4%96%E5%8B%99%E7%9C%81", method: .get) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(page.contains("<caption><span lang=\"ja\">外務省</span>: 推進チームの所見別・直近の執行率別の事業数</caption>"))
            #expect(page.contains("<th scope=\"row\" lang=\"ja\">現状通り</th>"))
            #expect(page.contains("aria-sort=\"ascending\""))
            #expect(!page.contains("<script"))
            #expect(!page.contains("<a href=\"\">"), "a zero count is no link")
            #expect(page.contains("<td class=\"num\">0</td>"))
            // Each count of the matrix, and the list it links to.
            let cells = page.matches(of: #/<td class="num"><a href="(/projects\?[^"]+)">(\d+)</a></td>/#)
            #expect(cells.count >= 4)
            for cell in cells {
                let uri = String(cell.1).replacingOccurrences(of: "&amp;", with: "&")
                let count = Int(cell.2) ?? -1
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    let body = String(buffer: response.body)
                    #expect(body.contains(": \(count) 事業数</caption>"), "\(uri)")
                    #expect(Self.listedIDs(body).count == min(count, WebApp.projectsPerPage), "\(uri)")
                }
            }
            // The 外務省 total is the number of 外務省 projects in the bundled subset.
            let all = try await client.execute(uri: "/api/v1/projects?ministry=%E5%A4%96%E5%8B%99%E7%9C%81&limit=500", method: .get) { response in
                try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])["total"] as? Int
            }
            #expect(page.contains("<td class=\"num\"><a href=\"/projects?year=2024&amp;ministry=%E5%A4%96%E5%8B%99%E7%9C%81\">\(all ?? -1)</a></td></tr></tfoot>"))
        }
    }

    @Test("the list sorts by execution rate through a GET link, unknown rates last, and refuses unknown parameters")
    func sorting() async throws {
        try await reviewSheetApp().test(.router) { client in
            let rates = try await client.execute(uri: "/projects?sort=rate&order=desc", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("aria-sort=\"descending\""))
                return body.matches(of: #/<td class="num">(\d+\.\d)%</td>/#).compactMap { Double($0.1) }
            }
            #expect(rates.count > 10)
            #expect(rates == rates.sorted(by: >))
            try await client.execute(uri: "/projects?rate=high", method: .get) { response in #expect(response.status == .badRequest) }
            try await client.execute(uri: "/projects?sort=cost", method: .get) { response in #expect(response.status == .badRequest) }
            try await client.execute(uri: "/projects?lang=en", method: .get) { response in
                #expect(String(buffer: response.body).contains("Verdicts and execution rates"))
            }
        }
    }

    @Test("review sheets join the search: a hit names its project, heading and RS line, and links to the project page")
    func search() async throws {
        try await reviewSheetApp().test(.router) { client in
            try await client.execute(uri: "/search?q=%E5%BA%83%E5%A0%B1%E5%9F%BA%E7%9B%A4", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("<h2>行政事業レビューシート</h2>"))
                #expect(body.contains("<a href=\"/projects/1070?year=2024\">1070 <span lang=\"ja\">ITを利用した広報基盤整備</span></a>"))
                #expect(body.contains("<mark>広報基盤</mark>"))
            }
            try await client.execute(uri: "/api/v1/search/projects?q=%E5%BA%83%E5%A0%B1%E5%9F%BA%E7%9B%A4", method: .get) { response in
                #expect(response.status == .ok)
                let page = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let items = (page["items"] as? [[String: Any]]) ?? []
                #expect(items.first?["projectID"] as? Int == 1070)
                #expect((items.first?["file"] as? String)?.hasPrefix("1-2_RS_2024") == true)
            }
            // A search for one kind of document is a search of documents only.
            try await client.execute(uri: "/search?q=%E5%BA%83%E5%A0%B1%E5%9F%BA%E7%9B%A4&kind=bluebook", method: .get) { response in
                #expect(!String(buffer: response.body).contains("/projects/1070"))
            }
            try await client.execute(uri: "/api/v1/search/projects", method: .get) { response in #expect(response.status == .badRequest) }
        }
    }

    @Test("the projects CSV: BOM, a row per project and 予算年度, amounts in 円 and 百万円")
    func csv() async throws {
        try await reviewSheetApp().test(.router) { client in
            try await client.execute(uri: "/api/v1/projects.csv?measure=%E5%8E%9F%E5%AD%90%E5%8A%9B", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                let bytes = Array(Data(buffer: response.body))
                #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
                let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
                let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
                #expect(lines.first?.hasPrefix("fiscal_year,project_id,name,") == true)
                // Project 1031, FY2023: 当初 59,000,000 + 補正 2,348,000,000 = 2,407,000,000, all executed.
                let row = try #require(lines.first { $0.hasPrefix("2024,1031,") && $0.contains(",2023,") })
                #expect(row.contains(",2023,59000000,2348000000,2407000000,2407000000,1.0,"))
                #expect(row.contains(",59,2348,2407,2407,"))
                #expect(Set(lines.dropFirst().compactMap { Int($0.split(separator: ",")[1]) }) == [1031, 1130, 1152, 1194, 5643])
            }
            try await client.execute(uri: "/api/v1/projects.csv?year=1999", method: .get) { response in #expect(response.status == .badRequest) }
        }
    }
}
