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
