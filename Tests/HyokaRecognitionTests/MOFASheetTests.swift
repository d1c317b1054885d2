import HyokaModel
import Testing
@testable import HyokaRecognition

/// 000: one MOFA field sheet (分野３：IT広報の実施) whose columns are numbered.
@Suite("MOFA field sheet (000)")
struct MOFASheetTests {
    let report: EvaluationReport
    let field: Field

    init() throws {
        report = try Corpus.recognize(Corpus.mofaSheet)
        field = try #require(report.policies.first?.fields.first)
    }

    @Test("Measure and field")
    func header() {
        #expect(report.policies.first?.title == "内外広報・文化交流・報道対策")
        #expect(report.title == "内外広報・文化交流・報道対策")
        #expect(field.number == 3)
        #expect(field.title == "IT広報の実施")
        #expect(field.line == 2)
        #expect(field.evaluated == CalendarDate(year: 2025, month: 8))
        #expect(field.bureau == "外務報道官・広報文化組織 戦略発信推進室")
        #expect(report.layoutArtifacts.contains { $0.kind == .pageNumber && $0.text == "11" && $0.line == 26 })
    }

    @Test("The mid-term goal")
    func goal() {
        #expect(field.goals.count == 1)
        #expect(field.goals.first?.text == "インターネットを通じ、日本の外交政策に対する国の内外の理解を促進する。")
        #expect(field.goals.first?.line == 34)
        #expect(field.goals.first?.cycle == .current)
    }

    @Test("Numbered initiatives: the second heading of a number starts its directions")
    func initiatives() {
        #expect(field.initiatives.map(\.number) == [1, 2, 3])
        #expect(field.initiatives[0].title == "IT 広報手段の強化、多様化による利用者のサービスの向上")
        #expect(field.initiatives.map { $0.achievements.map(\.line) } == [[8], [16], [21]])
        #expect(field.initiatives.map { $0.directions.map(\.line) } == [[38], [49], [57]])
        #expect(field.initiatives[1].directions.first?.endLine == 53)
    }

    @Test("Page views: approximate, in 億, by fiscal year")
    func pageViews() throws {
        let views = try #require(field.series.first { $0.title.contains("アクセス件数") })
        #expect(views.points.map(\.period) == [.fiscalYear(2022), .fiscalYear(2023), .fiscalYear(2024)])
        #expect(views.points.map(\.value) == [460_000_000, 480_000_000, 520_000_000])
        #expect(views.points.allSatisfy { $0.approximate && $0.line == 118 })
        #expect(views.unit == "件")
    }

    @Test("SNS followers as of April 2025 (令和7年4月時点)")
    func followers() throws {
        let april2025 = Period.asOf(CalendarDate(year: 2025, month: 4))
        let total = try #require(field.series.first { $0.title == "フォロワー数" })
        #expect(total.points.first?.value == 14_560_000)
        #expect(total.points.first?.approximate == true)
        #expect(total.points.first?.period == april2025)
        let facebook = try #require(field.series.first { $0.title == "外務省公式Facebook（日英合計）" })
        #expect(facebook.points.first?.value == 295_000)
        #expect(facebook.points.first?.period == april2025)
        #expect(facebook.points.first?.line == 66)
        let instagram = try #require(field.series.first { $0.title == "外務省公式Instagram（日英合計）" })
        #expect(instagram.notes == ["2023年11月に開始"])
        #expect(instagram.points.first?.value == 18_000)
    }

    @Test("Bluebook editions and URLs become references")
    func references() {
        let editions = field.references.filter { $0.kind == .bluebook }
        #expect(editions.compactMap(\.number) == ["2023", "2024", "2025"])
        #expect(editions.last?.page == "296")
        #expect(field.references.filter { $0.kind == .url }.count == 5)
    }

    @Test("The 【参考】 box keeps its remaining text as a section")
    func box() throws {
        let box = try #require(field.sections.first)
        #expect(box.title == "外交分野におけるSNSの重要性")
        #expect(box.kind == .column)
        #expect(box.blocks.contains { $0.text.contains("計697アカウント") && $0.line == 80 })
        #expect(report.unparsed.isEmpty)
    }
}
