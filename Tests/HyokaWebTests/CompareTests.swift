import Foundation
import Hummingbird
import HummingbirdTesting
import HyokaImport
import HyokaModel
import HyokaStore
import Testing
@testable import HyokaWeb

/// The bundled corpus, every text file and (when pdftotext is installed) every PDF, with its store.
func compareCorpus() async throws -> (app: some ApplicationProtocol, store: SQLiteStore) {
    let store = try SQLiteStore.inMemory()
    let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpus")
    let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted().filter { name in
        name.hasSuffix(".txt") || (name.hasSuffix(".pdf") && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext"))
    }
    try await Importer(store: store).importFiles(names.map { corpus.appendingPathComponent($0).path })
    return (Application(router: try await WebApp(store: store).router()), store)
}

@Suite("The reviewer's comparison view")
struct CompareTests {
    static func json(_ client: some TestClientProtocol, _ uri: String) async throws -> CompareResponse {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .ok, "\(uri): \(String(buffer: response.body).prefix(200))")
        return try JSONDecoder().decode(CompareResponse.self, from: Data(String(buffer: response.body).utf8))
    }

    static func page(_ client: some TestClientProtocol, _ uri: String) async throws -> String {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .ok, "\(uri)")
        return String(buffer: response.body)
    }

    static func escaped(_ text: String) -> String { WebApp.queryEscape(text) }

    @Test("Each ministry of the corpus appears, each year with the documents and evaluations the store holds for it")
    func everyMinistry() async throws {
        let (app, store) = try await compareCorpus()
        let summaries = try await store.summaries()
        try await app.test(.router) { client in
            let compared = try await Self.json(client, "/api/v1/compare")
            #expect(compared.complete)
            let ministries = Set(summaries.map { $0.ministry ?? Comparison.unknown })
            #expect(ministries.isSuperset(of: ["外務省", "総務省"]))
            #expect(Set(compared.rows.map(\.ministry)) == ministries)
            for row in compared.rows {
                // The year is the fiscal year of publication; a date with only a year counts as that year.
                let ofRow = summaries.filter { ($0.ministry ?? Comparison.unknown) == row.ministry && $0.published.map { $0.fiscalYear ?? $0.year } == row.fiscalYear }
                #expect(row.documents == ofRow.count, "\(row.ministry) \(row.fiscalYear ?? 0)")
                #expect(row.evaluations == ofRow.filter { $0.kind == .evaluation }.reduce(0) { $0 + $1.policyCount }, "\(row.ministry) \(row.fiscalYear ?? 0)")
            }
            // 総務省's report, published in September 2023, is 2023年度 with its six policies (two in part 1, four in part 2).
            let mic = try #require(compared.rows.first { $0.ministry == "総務省" })
            #expect(mic.fiscalYear == 2023 && mic.evaluations == 6)
            let html = try await Self.page(client, "/compare")
            for ministry in ministries where ministry != Comparison.unknown {
                #expect(html.contains("<th scope=\"row\" lang=\"ja\">\(ministry)</th>"), "\(ministry)")
            }
            #expect(html.contains("<a href=\"/compare\">府省別の比較</a>"), "in the site's navigation")
        }
    }

    @Test("Not rated is the evaluations without a computed rating: evaluations minus the rated, never dropped")
    func notRated() async throws {
        let (app, _) = try await compareCorpus()
        try await app.test(.router) { client in
            let compared = try await Self.json(client, "/api/v1/compare")
            #expect(compared.rows.contains { $0.evaluations > 0 })
            for row in compared.rows {
                #expect(row.notRated == row.evaluations - row.computedRatings.values.reduce(0, +), "\(row.ministry)")
                #expect(row.notStated == row.evaluations - row.statedRatings.values.reduce(0, +), "\(row.ministry)")
            }
            let notRated = try await Self.json(client, "/api/v1/compare?rating=none")
            #expect(notRated.rows.allSatisfy { $0.computedRatings.values.allSatisfy { $0 == 0 } && $0.notRated == $0.evaluations })
            #expect(notRated.rows.map(\.notRated).reduce(0, +) == compared.rows.map(\.notRated).reduce(0, +))
        }
    }

    @Test("A filter narrows the rows; an unknown filter value is a 400 in the page's form")
    func filters() async throws {
        let (app, _) = try await compareCorpus()
        try await app.test(.router) { client in
            let all = try await Self.json(client, "/api/v1/compare")
            let mic = try await Self.json(client, "/api/v1/compare?ministry=\(Self.escaped("総務省"))")
            #expect(!mic.rows.isEmpty && mic.rows.count < all.rows.count)
            #expect(mic.rows.allSatisfy { $0.ministry == "総務省" })
            let bluebooks = try await Self.json(client, "/api/v1/compare?kind=bluebook")
            #expect(!bluebooks.rows.isEmpty && bluebooks.rows.allSatisfy { $0.evaluations == 0 && $0.findingsTotal == 0 })
            let errors = try await Self.json(client, "/api/v1/compare?severity=error")
            #expect(errors.rows.allSatisfy { $0.findingsTotal > 0 && $0.findingsTotal == $0.findings["error"] })
            let html = try await Self.page(client, "/compare?ministry=\(Self.escaped("総務省"))&lang=en")
            #expect(!html.contains("<th scope=\"row\" lang=\"ja\">外務省</th>"))
            #expect(html.contains("<th scope=\"row\" lang=\"ja\">総務省</th>"))
            for bad in ["rating=great", "severity=fatal", "rule=no-such-rule", "year=20x4", "sort=colour", "order=up", "kind=novel", "stated=yes"] {
                let page = try await client.execute(uri: "/compare?\(bad)", method: .get)
                #expect(page.status == .badRequest, "\(bad)")
                #expect(String(buffer: page.body).contains("<html lang=\"ja\">"), "\(bad)")
                let api = try await client.execute(uri: "/api/v1/compare?\(bad)", method: .get)
                #expect(api.status == .badRequest, "\(bad)")
                #expect(String(buffer: api.body).hasPrefix("{\"error\":"), "\(bad)")
                let list = try await client.execute(uri: "/compare/findings?\(bad)", method: .get)
                #expect(list.status == .badRequest || bad.hasPrefix("sort") || bad.hasPrefix("order"), "\(bad)")
            }
            let escapedPage = try await Self.page(client, "/compare/findings?ministry=%3Cscript%3E")
            #expect(!escapedPage.contains("<script>") && escapedPage.contains("&lt;script&gt;"))
        }
    }

    @Test("Sorting by any column holds, in either order")
    func sorting() async throws {
        let (app, _) = try await compareCorpus()
        try await app.test(.router) { client in
            for column in ["findings", "evaluations", "documents", "notRated", "budget"] {
                let descending = try await Self.json(client, "/api/v1/compare?sort=\(column)&order=desc")
                let ascending = try await Self.json(client, "/api/v1/compare?sort=\(column)")
                let value: (CompareResponse.Row) -> Int = switch column {
                case "findings": { $0.findingsTotal }
                case "evaluations": { $0.evaluations }
                case "documents": { $0.documents }
                case "notRated": { $0.notRated }
                default: { $0.budgetRows }
                }
                #expect(zip(descending.rows, descending.rows.dropFirst()).allSatisfy { value($0) >= value($1) }, "\(column) desc")
                #expect(zip(ascending.rows, ascending.rows.dropFirst()).allSatisfy { value($0) <= value($1) }, "\(column) asc")
            }
            let byMinistry = try await Self.json(client, "/api/v1/compare?sort=ministry&order=desc").rows.map(\.ministry)
            #expect(byMinistry == byMinistry.sorted(by: >))
            // The page's header links sort, and the active one flips the order.
            let html = try await Self.page(client, "/compare?sort=findings")
            #expect(html.contains("aria-sort=\"ascending\"><a href=\"/compare?sort=findings&amp;order=desc\">"))
        }
    }

    @Test("Every count is a link, and the list it opens has exactly that many rows")
    func countsLinkToTheirLists() async throws {
        let (app, _) = try await compareCorpus()
        try await app.test(.router) { client in
            for language in ["", "?lang=en"] {
                let page = try await Self.page(client, "/compare" + language)
                // The counts: every table but the budget's, whose amounts are figures, not counts.
                let html = String(page[..<(page.range(of: "id=\"budget-h\"")?.lowerBound ?? page.endIndex)])
                let numbers = html.matches(of: /<td class="num">(.*?)<\/td>/).map { String($0.output.1) }
                #expect(numbers.count > 50)
                #expect(numbers.allSatisfy { $0 == "0" || $0.hasPrefix("<a href=\"/compare/") }, "\(numbers.filter { !$0.hasPrefix("<a") && $0 != "0" }.prefix(5))")
                var followed = 0
                for link in Set(html.matches(of: /<td class="num"><a href="([^"]+)">(\d+)<\/a><\/td>/).map { "\($0.output.1)\t\($0.output.2)" }) {
                    let parts = link.split(separator: "\t").map(String.init)
                    let uri = parts[0].replacingOccurrences(of: "&amp;", with: "&")
                    let expected = Int(parts[1])!
                    let list = try await Self.page(client, uri)
                    let rows = list.matches(of: /<tbody>(.*?)<\/tbody>/.dotMatchesNewlines()).first.map { String($0.output.1).matches(of: /<tr>/).count } ?? 0
                    let total = list.firstMatch(of: /<nav aria-label="[^"]*" class="pages"><p>[^<]* \/ (\d+)/).map { Int($0.output.1)! }
                    #expect(total == expected, "\(uri): \(total ?? -1) rows in all, the count said \(expected)")
                    #expect(rows == min(expected, WebApp.compareRowsPerPage), "\(uri): \(rows) rows on the page")
                    followed += 1
                }
                #expect(followed > 20)
            }
        }
    }

    @Test("A list pages through its rows: an offset shows the rest, with a link back, and the total stays")
    func listPaging() async throws {
        let (app, _) = try await compareCorpus()
        try await app.test(.router) { client in
            func rows(_ html: String) -> Int {
                html.firstMatch(of: /<tbody>(.*?)<\/tbody>/.dotMatchesNewlines()).map { String($0.output.1).matches(of: /<tr>/).count } ?? 0
            }
            let first = try await Self.page(client, "/compare/findings?severity=info")
            let total = rows(first)
            #expect(total > 5 && total < WebApp.compareRowsPerPage)
            let rest = try await Self.page(client, "/compare/findings?severity=info&offset=\(total - 5)")
            #expect(rows(rest) == 5)
            #expect(rest.contains("\(total - 4)–\(total) / \(total)"))
            #expect(rest.contains("<a href=\"/compare/findings?severity=info&amp;offset=0\" rel=\"prev\">"))
            #expect(!rest.contains("rel=\"next\""))
            #expect(rows(try await Self.page(client, "/compare/findings?severity=info&offset=\(total)")) == 0)
            let bad = try await client.execute(uri: "/compare/findings?offset=-1", method: .get)
            #expect(bad.status == .badRequest)
        }
    }

    @Test("The distributions are SVG charts that explain themselves: a title, a scale with its unit, a legend, and their numbers as a table")
    func charts() async throws {
        let (app, _) = try await compareCorpus()
        try await app.test(.router) { client in
            for (language, legend) in [("", "評価なし"), ("?lang=en", "Not rated")] {
                let html = try await Self.page(client, "/compare" + language)
                let charts = html.matches(of: /<svg class="chart bars"[^>]*role="img" aria-label="([^"]+)"[^>]*>(.*?)<\/svg>/)
                #expect(charts.count == 2, "ratings per ministry, findings per severity")
                for chart in charts {
                    let body = String(chart.output.2)
                    #expect(body.contains("<title>\(chart.output.1)</title>"))
                    #expect(body.contains("<text class=\"unit\""))
                    #expect(body.matches(of: /<text class="tick"/).count >= 3, "a scale")
                    #expect(body.contains("text-anchor=\"end\" lang=\"ja\">総務省</text>"), "each ministry named, marked Japanese")
                }
                #expect(String(charts[0].output.2).contains(">\(legend)</text>"), "the legend names 評価なし too")
                #expect(html.matches(of: /<figure class="chart-figure">.*?<table>/.dotMatchesNewlines()).count == 2, "each chart's numbers as a table")
            }
        }
    }

    @Test("Findings by rule: a row per rule with its name, a column per ministry, the totals those of the API")
    func findingsByRule() async throws {
        let (app, _) = try await compareCorpus()
        try await app.test(.router) { client in
            let rules = try await Self.json(client, "/api/v1/compare").rules
            #expect(Set(rules.map(\.rule)).count >= 3)
            let html = try await Self.page(client, "/compare")
            for rule in Set(rules.map(\.rule)) {
                let total = rules.filter { $0.rule == rule }.reduce(0) { $0 + $1.count }
                let row = try #require(html.firstMatch(of: try Regex("<tr><th scope=\"row\">\(Language.japanese.ruleName(rule))</th>(.*?)</tr>")), "\(rule)")
                let counts = String(row.output[1].substring ?? "").matches(of: /<a href="[^"]+">(\d+)<\/a>/).map { Int($0.output.1)! }
                #expect(counts.last == total, "\(rule): the row's total")
                #expect(counts.dropLast().reduce(0, +) == total, "\(rule): the ministries add up to the total")
            }
        }
    }

    @Test("Budget rows are never added together, and each rate is the row's execution over its budget")
    func budgetRates() async throws {
        let (app, _) = try await compareCorpus()
        try await app.test(.router) { client in
            let compared = try await Self.json(client, "/api/v1/compare")
            #expect(!compared.budget.isEmpty)
            for row in compared.budget {
                if let budget = row.budgetMillionYen, let execution = row.executionMillionYen, budget > 0 {
                    #expect(row.executionRate == execution / budget)
                } else {
                    #expect(row.executionRate == nil)
                }
            }
            // 002 (外務省) prints the measure's budget and its contributions apart: FY2023 5,262 against 4,958, and 114,862 against 114,680.
            let mofa2023 = compared.budget.filter { $0.ministry == "外務省" && $0.budgetYear == 2023 && $0.executionMillionYen != nil }
            #expect(Set(mofa2023.map(\.programme)) == ["measure", "contributions"])
            #expect(!compared.budget.contains { $0.budgetMillionYen == 5_262 + 114_862 })
            // 総務省 part 1 restates a programme's budget on another slide (8.0億円 twice; 208百万円 as 2.1億円): one row, counted once.
            let restated = compared.budget.filter { $0.budgetYear == 2023 && ($0.programme == "過疎地域持続的発展支援交付金" || $0.programme == "地域おこし協力隊について") }
            #expect(restated.map(\.budgetMillionYen) == [208, 800])
            let list = try await Self.page(client, "/compare/budget?ministry=\(Self.escaped("外務省"))")
            let cells = list.matches(of: /<td class="num">([0-9,.—]+)<\/td><td lang="ja">[^<]*<\/td><td class="num">([0-9,.—]+)<\/td><td class="num">([0-9.]+%|—)<\/td>/)
            #expect(!cells.isEmpty)
            for cell in cells {
                let budget = Double(cell.output.1.replacingOccurrences(of: ",", with: "")), execution = Double(cell.output.2.replacingOccurrences(of: ",", with: ""))
                if let budget, let execution {
                    #expect(String(cell.output.3) == String(format: "%.1f%%", execution / budget * 100), "\(cell.output.0)")
                } else {
                    #expect(cell.output.3 == "—")
                }
            }
            #expect(list.contains(">94.2%<") && list.contains(">99.8%<"), "FY2023: 4,958 / 5,262 and 114,680 / 114,862")
        }
    }
}

@Suite("Comparison records")
struct ComparisonRecordTests {
    static let document = Comparison.Document(id: "d", source: "d.txt", title: nil, ministry: "総務省", published: CalendarDate(year: 2024, month: 3), kind: .evaluation)
    static let evaluation = Comparison.Evaluation(document: document, ordinal: 0, number: "2", title: "施策", computed: nil, stated: nil, line: 1, endLine: 100)

    @Test("A document's year is the fiscal year of its date: March 2024 is 2023年度; no date, no year")
    func fiscalYear() {
        #expect(Self.document.fiscalYear == 2023 && Self.document.yearKey == "2023")
        let undated = Comparison.Document(id: "u", source: "u.txt", title: nil, ministry: nil, published: nil, kind: .bluebook)
        #expect(undated.yearKey == Comparison.unknown && undated.ministry == Comparison.unknown)
    }

    @Test("One row per programme and budget year: a restated amount counts once, 当初 and 補正 add up, a multi-year total stands apart")
    func budgetRows() {
        let lines = [
            Budget(group: "地域おこし協力隊", label: "R5予算額", kind: .budget, fiscalYear: 2023, amount: 208, text: "R5予算額 208百万円", unit: "百万円", line: 10, endLine: 10),
            Budget(group: "地域おこし協力隊", label: "令和5年度予算", kind: .budget, fiscalYear: 2023, amount: 2.1, text: "令和5年度予算 2.1億円", unit: "億円", line: 20, endLine: 20),
            Budget(group: "Beyond 5G", label: "補正", kind: .budget, fiscalYear: 2022, stage: .supplementary, amount: 662, text: "R4補正 662億円", unit: "億円", line: 30, endLine: 30),
            Budget(group: "Beyond 5G", label: "当初", kind: .budget, fiscalYear: 2022, stage: .initial, amount: 150, text: "R4予算 150億円", unit: "億円", line: 31, endLine: 31),
            Budget(group: "measure", label: "予算額", kind: .budget, fiscalYear: 2021, amount: 3_223, text: "3,223", unit: "百万円", line: 40, endLine: 40),
            Budget(group: "measure", label: "執行額", kind: .execution, fiscalYear: 2021, amount: 2_354, text: "2,354", unit: "百万円", line: 42, endLine: 42),
            Budget(group: "measure", label: "予算総額", kind: .budget, fiscalYear: 2019, lastFiscalYear: 2021, stage: .total, amount: 53, text: "予算総額 約53億円", unit: "億円", line: 50, endLine: 50),
        ]
        let rows = Comparison.budgetRecords(lines, evaluation: Self.evaluation)
        #expect(rows.map { "\($0.group) \($0.budgetYear)" } == ["地域おこし協力隊 2023", "Beyond 5G 2022", "measure 2021", "measure 2019"])
        #expect(rows[0].budget == 208 && rows[0].budgetTexts == ["R5予算額 208百万円"])
        #expect(rows[1].budget == 81_200 && rows[1].rate == nil)
        #expect(rows[2].budget == 3_223 && rows[2].execution == 2_354 && rows[2].rate == 2_354.0 / 3_223.0)
        #expect(rows[2].line == 40 && rows[2].endLine == 42)
        #expect(rows[3].budget == 5_300 && rows[3].execution == nil)
    }

    @Test("A rating filter keeps the findings of the evaluations it names; a finding outside every policy has no rating")
    func ratingFilter() {
        var rated = Self.evaluation
        rated.computed = .achieved
        let inside = Comparison.FindingRecord(document: Self.document, evaluation: rated,
                                              finding: Finding(rule: "sum-mismatch", severity: .error, message: LocalizedText(ja: "", en: ""), document: "d", line: 5, endLine: 5))
        let outside = Comparison.FindingRecord(document: Self.document, evaluation: nil,
                                               finding: Finding(rule: "sum-mismatch", severity: .error, message: LocalizedText(ja: "", en: ""), document: "d", line: 500, endLine: 500))
        #expect(ComparisonFilter(rating: .rating(.achieved)).matches(inside))
        #expect(!ComparisonFilter(rating: .rating(.achieved)).matches(outside))
        #expect(!ComparisonFilter(rating: RatingChoice.none).matches(inside))
        #expect(ComparisonFilter().matches(outside))
        #expect(!ComparisonFilter(severity: .warning).matches(inside))
    }
}
