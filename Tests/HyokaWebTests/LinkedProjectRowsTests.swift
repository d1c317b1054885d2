import Foundation
import Hummingbird
import HummingbirdTesting
import HyokaAssessment
import HyokaImport
import HyokaModel
import HyokaReviewSheets
import HyokaStore
import Testing
@testable import HyokaWeb

/// The linked-projects table on an evaluation's page, written in Swift
/// (`LinkedProjectRows`) rather than by the template.
@Suite("Linked projects on an evaluation's page")
struct LinkedProjectRowsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("a row per linked project with its page, its name escaped, its reasons; the confirmed tag once a reviewer confirms a link")
    func rows() async throws {
        let store = try SQLiteStore.inMemory()
        try await Importer(store: store).importFiles([Self.root.appendingPathComponent("corpus/000_47f71a321a7ee5e2.txt").path])
        var export = try ReviewSheetReader().read([Self.root.appendingPathComponent("corpus/rs2024")])
        // Markup in every project's name: it must reach the page as text.
        for index in export.projects.indices { export.projects[index].name += " <b>&\"'" }
        try await store.saveReviewSheets(export)
        let report = try #require(try await store.allReports().first)
        let ministry = try await store.reviewProjects(ministry: try #require(report.ministry))
        let links = ProjectLinker().links(reports: [report], projects: ministry)
        let expected = report.policies.flatMap { LinkedProjects(links: links, projects: ministry).entries(report: report, policy: $0) }
        try #require(!expected.isEmpty, "the bundled sheets link projects to 000")

        let page = try await Self.page(store, "/documents/\(Permalink.segment(report.source))")
        #expect(page.components(separatedBy: "<tr><td><a href=\"/projects/").count - 1 == expected.count)
        #expect(!page.contains("<b>&"))
        for entry in expected {
            let project = entry.project
            let href = "/projects/\(project.projectID)?year=\(project.fiscalYear)"
            #expect(page.contains("<tr><td><a href=\"\(href)\">\(project.projectID)</a></td><th scope=\"row\" lang=\"ja\"><a href=\"\(href)\">\(HTML.escape(project.name))</a></th>"))
            for link in entry.links {
                #expect(page.contains("<li>\(HTML.linkReason(link, .japanese)) <code lang=\"ja\">\(link.recordFile):\(link.recordLine)</code></li>"))
            }
        }
        #expect(!page.contains("<span class=\"tag\">"))
        let english = try await Self.page(store, "/documents/\(Permalink.segment(report.source))?lang=en")
        #expect(english.contains("<a href=\"/projects/\(expected[0].project.projectID)?year=\(expected[0].project.fiscalYear)&amp;lang=en\">"))

        // A reviewer confirms the first project's link: its row, and only its row, says so.
        try await store.decide(try #require(expected[0].links.first), .confirmed)
        let confirmed = try await Self.page(store, "/documents/\(Permalink.segment(report.source))")
        let tag = "</a> <span class=\"tag\">\(Language.japanese.labels["confirmed"] ?? "")</span></th>"
        #expect(confirmed.components(separatedBy: tag).count - 1 == 1)
        #expect(confirmed.contains("\(HTML.escape(expected[0].project.name))\(tag)"))
    }

    /// The page at `uri`, from a server started afresh (its caches empty).
    static func page(_ store: SQLiteStore, _ uri: String) async throws -> String {
        try await Application(router: try await WebApp(store: store).router()).test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
        }
    }
}
