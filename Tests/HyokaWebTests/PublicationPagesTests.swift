import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HyokaAccounts
import HyokaAuthoring
import HyokaModel
import HyokaStore
import Testing
@testable import HyokaWeb

/// The print-ready page, the PDF route without Chromium, and the version diff.
@Suite("Publication pages: print-ready page, PDF route, version diff")
struct PublicationPagesTests {
    static func account(_ name: String, _ role: Role) -> Account {
        Account(name: name, displayName: name, role: role, ministry: "外務省", passwordHash: "")
    }

    /// Publishes version 1 of 000's next cycle with `firstActual` as FY2025's page views (and a hostile
    /// field title), then version 2 with `secondActual`; returns the draft.
    static func publishTwoVersions(_ store: SQLiteStore, firstActual: String, secondActual: String) async throws -> Draft {
        let service = DraftService(store: store)
        let last = try #require(try await store.report(matching: "000_47f71a321a7ee5e2.txt"))
        let author = account("author", .author)
        var draft = try await service.startNextCycle(of: last, by: author)
        let views = try #require(draft.report.policies[0].fields[0].series.firstIndex { $0.title.contains("アクセス件数") })
        let ref = SeriesRef(policy: 0, field: 0, index: views)
        for (index, actual) in [firstActual, secondActual].enumerated() {
            if index == 1 { draft = try await service.newVersion(id: draft.id, by: author) }
            var edits: [DraftEdit] = [.setPoint(ref, kind: .actual, fiscalYear: draft.fiscalYear, text: actual)]
            if index == 0 { edits.append(.setText(.fieldTitle(policy: 0, field: 0), "IT広報の実施<script>alert(1)</script>")) }
            let outcome = try await service.edit(id: draft.id, version: draft.version, edits, by: author)
            #expect(outcome.refused.isEmpty, "\(outcome.refused)")
            draft = try await service.perform(.submit, id: draft.id, version: draft.version, by: author)
            draft = try await service.perform(.approve, id: draft.id, version: draft.version, by: account("approver", .approver))
            draft = try await service.perform(.publish, id: draft.id, version: draft.version, by: account("publisher", .publisher))
        }
        return draft
    }

    @Test("The print page of an imported MOFA sheet: its blocks and tables, the A4 stylesheet, no site navigation")
    func printImported() async throws {
        let fixture = try await DraftFixture()
        try await fixture.application.test(.router) { client in
            let (status, page) = try await DraftFixture.get(Browser(), client, "/documents/000_47f71a321a7ee5e2.txt/print")
            #expect(status == .ok)
            #expect(page.contains("href=\"/static/print.css\""))
            #expect(!page.contains("<nav aria-label=\"Hyoka\">"), "no site navigation")
            #expect(page.contains("施策名：内外広報・文化交流・報道対策") && page.contains("分野3：IT広報の実施"))
            #expect(page.contains("<h3>中期目標</h3>"))
            #expect(page.contains("<th scope=\"col\">2022年度</th><th scope=\"col\">2023年度</th><th scope=\"col\">2024年度</th>"))
            #expect(page.contains("<td>約4.6億件</td>"))
            #expect(page.contains("【参考】2025年4月時点") && page.contains("・外務省公式Facebook（日英合計） 29.5万人"))
            let (cssStatus, css) = try await DraftFixture.get(Browser(), client, "/static/print.css")
            #expect(cssStatus == .ok && css.contains("size: A4") && css.contains("table-header-group") && css.contains("break-inside: avoid"))
            let (_, documentPage) = try await DraftFixture.get(Browser(), client, "/documents/000_47f71a321a7ee5e2.txt")
            #expect(documentPage.contains("/documents/000_47f71a321a7ee5e2.txt/print"), "linked from the document page")
        }
    }

    @Test("Without Chromium the PDF route is a clear 503, and the command's printer says Chromium is missing")
    func pdfWithoutChromium() async throws {
        var fixture = try await DraftFixture()
        let missing = PDFPrinter(environment: [PDFPrinter.overrideVariable: "/nonexistent/chromium", "PATH": "/nonexistent"])
        fixture = DraftFixture(store: fixture.store, web: { var web = fixture.web; web.pdfPrinter = missing; return web }())
        try await fixture.application.test(.router) { client in
            let (status, page) = try await DraftFixture.get(Browser(), client, "/documents/000_47f71a321a7ee5e2.txt/print.pdf")
            #expect(status == .serviceUnavailable)
            #expect(page.contains("Chromium"))
        }
        await #expect(throws: PDFPrinterError.chromiumMissing(override: "/nonexistent/chromium")) { try await missing.pdf(html: "<p>x</p>") }
    }

    @Test("Two published versions: the public diff marks the changed cell in words, the draft diff needs a reader, output is escaped")
    func diff() async throws {
        let fixture = try await DraftFixture()
        let draft = try await Self.publishTwoVersions(fixture.store, firstActual: "約5.5億件", secondActual: "約5.7億件")
        try await fixture.application.test(.router) { client in
            let v2 = "/documents/\(draft.id)-v2.txt"
            let (_, documentPage) = try await DraftFixture.get(Browser(), client, v2)
            #expect(documentPage.contains("\(v2)/versions"), "the document page links the diff")
            let (status, page) = try await DraftFixture.get(Browser(), client, "\(v2)/versions?from=1&to=2")
            #expect(status == .ok)
            #expect(page.contains("<form method=\"get\""))
            #expect(page.contains("<del>約5.5億件</del>") && page.contains("<ins>約5.7億件</ins>"))
            #expect(page.contains("≠ 変更"), "a changed row says so in words, not colour alone")
            #expect(page.contains("v1 → v2: 1 件の変更"), "only the one cell changed")
            #expect(!page.contains("<script>alert(1)</script>") && page.contains("&lt;script&gt;"))
            let (bad, _) = try await DraftFixture.get(Browser(), client, "\(v2)/versions?from=9")
            #expect(bad == .badRequest)
            let (anonymous, _) = try await DraftFixture.get(Browser(), client, "/drafts/\(draft.id)/diff?from=1&to=2")
            #expect(anonymous == .ok, "both versions are published, so anyone may compare them")
            let (printStatus, printPage) = try await DraftFixture.get(Browser(), client, "\(v2)/print")
            #expect(printStatus == .ok && printPage.contains("<td>約5.7億件</td>"))
            #expect(!printPage.contains("<script>alert(1)</script>") && printPage.contains("&lt;script&gt;"))
        }
    }

    @Test("VersionDiff matches cells by kind and 年度, not by position")
    func versionDiffModel() async throws {
        let old = try #require(try await DraftFixture().store.report(matching: "000_47f71a321a7ee5e2.txt"))
        var new = old
        new.policies[0].fields[0].goals[0].text += "（改）"
        var views = new.policies[0].fields[0].series.first { $0.title.contains("アクセス件数") }!
        views.points.append(SeriesPoint(period: .fiscalYear(2025), kind: .actual, value: 5.5e8, text: "約5.5億件", line: 1, endLine: 1))
        let index = new.policies[0].fields[0].series.firstIndex { $0.title.contains("アクセス件数") }!
        new.policies[0].fields[0].series[index] = views
        let diff = VersionDiff.compare(old, new)
        let changedGoal = try #require(diff.rows(.goals).first)
        #expect(changedGoal.change == .changed && changedGoal.new?.hasSuffix("（改）") == true)
        let added = diff.rows(.series).filter { $0.change == .added }
        #expect(added.map(\.new) == ["約5.5億件"] && added.first?.label.contains("2025年度") == true)
        #expect(diff.changeCount == 2)
        #expect(VersionDiff.compare(old, old).changeCount == 0)
    }
}

extension DraftFixture {
    init(store: SQLiteStore, web: WebApp) {
        self.store = store
        self.web = web
    }

}
