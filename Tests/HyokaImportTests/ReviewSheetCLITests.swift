import Foundation
import HyokaModel
import HyokaStore
import Testing

@Suite("hyoka import, projects and project: review sheets")
struct ReviewSheetCLITests {
    let directory: TemporaryDirectory
    var db: String { directory.path("rs.sqlite") }
    static let sheets = Corpus.packageRoot.appendingPathComponent("corpus/rs2024").path

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test("the bundled export and the evaluations import; project 1070 shows its links, budget years and its low FY2022 execution")
    func importAndShow() throws {
        let imported = try HyokaBinary.run(["import", Self.sheets] + Corpus.files + ["--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Imported review sheets: 158 projects"))
        let listed = try HyokaBinary.run(["projects", "--measure", "IT 広報", "--json", "--db", db])
        #expect(listed.status == 0, "\(listed.stderr)")
        let summaries = try JSONDecoder().decode([ReviewProjectSummary].self, from: Data(listed.stdout.utf8))
        #expect(summaries.map(\.projectID) == [1070])
        let shown = try HyokaBinary.run(["project", "1070", "--db", db])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("project-low-execution"))
        #expect(shown.stdout.contains("51.7％"))
        #expect(shown.stdout.contains("000_47f71a321a7ee5e2.txt"))
        #expect(shown.stdout.contains("32,484,000 (32)"))
        let json = try HyokaBinary.run(["project", "1031", "--json", "--db", db])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.contains("\"projectID\" : 1031"))
    }

    @Test("hyoka check sets each evaluation beside its linked projects: 000 gets project 1070's low FY2022 execution with its RS line")
    func check() throws {
        #expect(try HyokaBinary.run(["import", Self.sheets] + Corpus.files + ["--db", db]).status == 0)
        let checked = try HyokaBinary.run(["check", "000", "--db", db])
        #expect(checked.status == 0, "\(checked.stderr)")
        let line = try #require(checked.stdout.split(separator: "\n").first { $0.contains("project-low-execution") })
        #expect(line.contains("2-1_RS_2024_予算・執行_サマリ.csv:L"))
        #expect(line.contains("28,000,000") && line.contains("54,200,000") && line.contains("51.7％"))
        // 002 states its budget by year: set beside the sum of its linked projects, with both sources' lines.
        let budget = try HyokaBinary.run(["check", "002", "--db", db])
        let compared = try #require(budget.stdout.split(separator: "\n").first { $0.contains("budget-vs-projects") && $0.contains("2023年度") })
        #expect(compared.contains("120,124百万円") && compared.contains("119,703.7百万円") && compared.contains("2-1_RS_2024_予算・執行_サマリ.csv:"))
        // Rejecting the link takes the project's findings off 000's review.
        let shown = try HyokaBinary.run(["project", "1070", "--json", "--db", db])
        struct View: Decodable { var links: [ReviewProjectLink] }
        for link in try JSONDecoder().decode(View.self, from: Data(shown.stdout.utf8)).links {
            #expect(try HyokaBinary.run(["project", "1070", "--reject", "\(link.documentSource):\(link.line)", "--db", db]).status == 0)
        }
        let again = try HyokaBinary.run(["check", "000", "--db", db])
        #expect(!again.stdout.contains("project-low-execution"))
        // --projects: every stored sheet on its own.
        let all = try HyokaBinary.run(["check", "--projects", "--json", "--db", db])
        #expect(all.status == 0, "\(all.stderr)")
        let findings = try JSONDecoder().decode([Finding].self, from: Data(all.stdout.utf8))
        #expect(findings.contains { $0.rule == "project-low-execution" && $0.message.ja.contains("事業1070") })
        #expect(findings.allSatisfy { $0.document.contains("_RS_2024_") })
    }

    @Test("hyoka search lists matching review sheets after the documents; --projects lists only them; --csv exports them")
    func searchAndCSV() throws {
        #expect(try HyokaBinary.run(["import", Self.sheets] + Corpus.files + ["--db", db]).status == 0)
        let found = try HyokaBinary.run(["search", "広報基盤", "--db", db])
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("Review sheets (行政事業レビュー"))
        #expect(found.stdout.contains("1070 ITを利用した広報基盤整備"))
        let only = try HyokaBinary.run(["search", "広報基盤", "--projects", "--json", "--db", db])
        let hits = try JSONDecoder().decode([ProjectSearchHit].self, from: Data(only.stdout.utf8))
        #expect(hits.first?.projectID == 1070)
        let csv = try HyokaBinary.run(["projects", "--measure", "IT 広報", "--csv", "--db", db])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.hasPrefix("\u{FEFF}fiscal_year,"))
        // FY2023: 33,000,000 with 32,484,000 executed (98.4%).
        #expect(csv.stdout.contains(",2023,33000000,0,33000000,32484000,0.98"))
    }

    @Test("a link can be confirmed and is shown as such")
    func confirm() throws {
        #expect(try HyokaBinary.run(["import", Self.sheets] + Corpus.files + ["--db", db]).status == 0)
        let shown = try HyokaBinary.run(["project", "668", "--json", "--db", db])
        struct View: Decodable { var links: [ReviewProjectLink] }
        let link = try #require(try JSONDecoder().decode(View.self, from: Data(shown.stdout.utf8)).links.first)
        let confirmed = try HyokaBinary.run(["project", "668", "--confirm", "\(link.documentSource):\(link.line)", "--db", db])
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        let again = try HyokaBinary.run(["project", "668", "--db", db])
        #expect(again.stdout.contains("[confirmed]"))
    }

    @Test("bad input stores nothing and names the file and line")
    func badInput() throws {
        let folder = directory.path("bad")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let good = "シート種別,事業年度,予算事業ID,事業名,府省庁の建制順,政策所管府省庁,府省庁,局・庁,部,課,室,班,係,備考\nレビューシート,2024,7,事業,1,外務省,外務省,大臣官房,,,,,,本文\n"
        try Data(good.utf8).write(to: URL(fileURLWithPath: folder + "/6-1.csv"))
        try Data((good + "レビューシート,2024,8,事業\n").utf8).write(to: URL(fileURLWithPath: folder + "/6-1b.csv"))
        let failed = try HyokaBinary.run(["import", folder, "--db", db])
        #expect(failed.status == 65)
        #expect(failed.stderr.contains("6-1b.csv:3"))
        let listed = try HyokaBinary.run(["projects", "--json", "--db", db])
        #expect(listed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || listed.stdout.contains("[]"))
    }
}
