import Foundation
import HyokaAccounts
import HyokaAuthoring
import HyokaModel
import HyokaStore
import Testing

/// Whether a program is on PATH (the round trip needs Chromium to print and pdftotext to read).
enum InstalledTools {
    static func onPath(_ names: String...) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return names.contains { name in
            path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
        }
    }
    static let canPrintAndRead = onPath("chromium", "chromium-browser", "google-chrome") && onPath("pdftotext")
}

/// Issue 13's round trip: the published PDF of the next 000 version, imported
/// back through `hyoka import`, gives the same model.
@Suite("Publication round trip (000's next cycle → PDF → import)", .enabled(if: InstalledTools.canPrintAndRead, "needs chromium and pdftotext (poppler-utils)"))
struct PublishRoundTripTests {
    static func account(_ name: String, _ role: Role) -> Account {
        Account(name: name, displayName: name, role: role, ministry: "外務省", passwordHash: "")
    }

    @Test("Import 000, write FY2025's page views, submit, approve, publish, print to PDF with Chromium, import the PDF: same goals, series and values")
    func roundTrip() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("office.sqlite")
        let imported = try HyokaBinary.run(["import", Corpus.files[0], "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")

        let store = try SQLiteStore(path: db)
        let last = try #require(try await store.report(matching: "000_47f71a321a7ee5e2.txt"))
        let service = DraftService(store: store)
        let author = Self.account("author", .author)
        var draft = try await service.startNextCycle(of: last, by: author)
        let field = try #require(draft.report.policies.first?.fields.first)
        let views = try #require(field.series.firstIndex { $0.title.contains("アクセス件数") })
        let newYear = try #require(draft.fiscalYear)
        let outcome = try await service.edit(id: draft.id, version: draft.version, [
            .setPoint(SeriesRef(policy: 0, field: 0, index: views), kind: .actual, fiscalYear: newYear, text: "約5.5億件"),
        ], by: author)
        #expect(outcome.refused.isEmpty)
        draft = outcome.draft
        draft = try await service.perform(.submit, id: draft.id, version: draft.version, by: author)
        draft = try await service.perform(.approve, id: draft.id, version: draft.version, by: Self.account("approver", .approver))
        draft = try await service.perform(.publish, id: draft.id, version: draft.version, by: Self.account("publisher", .publisher))
        #expect(draft.state == .published)
        let published = draft.report
        let newCell = try #require(published.policies.first?.fields.first?.series[views].points.last)
        #expect(newCell.value == 550_000_000 && newCell.period == .fiscalYear(newYear), "the entered actual is in the published version")

        let pdf = directory.path("published.pdf")
        let html = directory.path("published.html")
        let printed = try HyokaBinary.run(["print", published.id, "--db", db, "--pdf", pdf, "--html", html])
        #expect(printed.status == 0, "\(printed.stderr)")
        let pdfBytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(pdfBytes.starts(with: Array("%PDF".utf8)))
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("@page") && page.contains("size: A4"), "the A4 print stylesheet is inlined")

        let readBack = directory.path("read-back.sqlite")
        let reimport = try HyokaBinary.run(["import", pdf, "--db", readBack])
        #expect(reimport.status == 0, "\(reimport.stderr)")
        let copy = try #require(try await SQLiteStore(path: readBack).allReports().first)

        #expect(copy.layout == .mofaSheet)
        #expect(copy.title == published.title)
        let policy = try #require(published.policies.first)
        let policyCopy = try #require(copy.policies.first)
        #expect(policyCopy.title == policy.title)
        #expect(policyCopy.objectives.map(\.text) == policy.objectives.map(\.text))
        #expect(policyCopy.fields.map(\.number) == policy.fields.map(\.number))
        #expect(policyCopy.fields.map(\.title) == policy.fields.map(\.title))
        for (original, read) in zip(policy.fields, policyCopy.fields) {
            #expect(read.goals.map(\.text) == original.goals.map(\.text), "分野\(original.number ?? 0) goals")
            #expect(read.goals.map(\.cycle) == original.goals.map(\.cycle))
            #expect(read.initiatives.map(\.title) == original.initiatives.map(\.title))
        }
        #expect(Self.series(copy) == Self.series(published), "every series: title, unit, and each point's kind, 年度 and value")
        #expect(Self.series(published).count >= 2, "the page views and the SNS figures")
        #expect(Self.budget(copy) == Self.budget(published))
    }

    /// Every series by title: its unit and its points (kind, period, value, approximate), in order.
    static func series(_ report: EvaluationReport) -> [String: String] {
        var result: [String: String] = [:]
        for policy in report.policies {
            for indicator in policy.series + policy.fields.flatMap(\.series) {
                let points = indicator.points.map { "\($0.kind.rawValue) \($0.period.map(VersionDiff.periodText) ?? "-") \($0.value.map { String($0) } ?? "nil")\($0.approximate ? "≈" : "")" }
                result[indicator.title] = "\(indicator.unit ?? "-") | " + points.joined(separator: "; ")
            }
        }
        return result
    }

    static func budget(_ report: EvaluationReport) -> [String] {
        report.policies.flatMap(\.budget).map { "\($0.label) \($0.kind.rawValue) \($0.fiscalYear) \($0.amount.map { String($0) } ?? "nil") \($0.unit ?? "")" }.sorted()
    }
}
