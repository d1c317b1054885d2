import HyokaModel
import Testing
@testable import HyokaRecognition

/// 003: 外交青書 2013, chapter 4 section 1.
@Suite("Bluebook chapter (003)")
struct NarrativeTests {
    let report: EvaluationReport

    init() throws {
        report = try Corpus.recognize(Corpus.bluebook)
    }

    private func section(_ title: String, in sections: [Section]? = nil) -> Section? {
        for section in sections ?? report.sections {
            if section.title == title { return section }
            if let found = self.section(title, in: section.children) { return found }
        }
        return nil
    }

    @Test("Edition, chapter and section from the page furniture")
    func document() {
        #expect(report.kind == .bluebook)
        #expect(report.layout == .narrative)
        #expect(report.ministry == "外務省")
        #expect(report.published == CalendarDate(year: 2013))
        #expect(report.title == "第4章 第1節 世界とのつながりを深める日本社会と日本人")
        #expect(report.layoutArtifacts.contains { $0.kind == .pageFooter && $0.text == "外交青書 2013" && $0.line == 587 })
        #expect(report.layoutArtifacts.contains { $0.kind == .pageNumber && $0.text == "225" })
        #expect(report.layoutArtifacts.contains { $0.kind == .verticalText && $0.text == "第4章" && $0.line == 591 && $0.endLine == 593 })
    }

    @Test("The section tree: 総論 / 各論 → 1 → （1） → ア")
    func tree() throws {
        #expect(report.sections.map(\.title) == ["総論", "各論"])
        let specifics = try #require(section("各論"))
        #expect(specifics.children.map(\.title) == ["1 日本社会の国際化への対応", "2 国際社会で活躍する日本人", "3 地方自治体等との連携"])
        let ngo = try #require(section("（1）非政府組織（NGO）の活躍"))
        #expect(ngo.level == 3)
        #expect(ngo.children.map(\.title) == ["ア 開発援助分野", "イ その他の主要外交分野における連携"])
        #expect(section("（1）ビザ（査証）")?.line == 122)
    }

    @Test("Paragraphs are rebuilt across hard wraps, blank lines and inserted boxes")
    func paragraphs() throws {
        let overview = try #require(section("総論"))
        let first = try #require(overview.blocks.first)
        #expect(first.line == 2 && first.endLine == 8)
        #expect(first.text == "日本と外国との間で人の往来を増やすことは、経済の活性化や異文化間の相互理解の促進につながる。このような考えから、外務省は、外国人の日本への入国や滞在を円滑化し、外国との間の人的交流を促進させることを重視している。")
        let development = try #require(section("ア 開発援助分野"))
        let aroundBox = try #require(development.blocks.first { $0.line == 241 })
        #expect(aroundBox.text.contains("中東など、28か国1地域において"), "the paragraph continues after the 特集 box")
        #expect(!aroundBox.text.contains("駐日大使館"))
    }

    @Test("The 特集 box is a section of its own")
    func feature() throws {
        let box = try #require(section("日本にある外国 ～駐日大使館～"))
        #expect(box.kind == .feature)
        #expect(box.line == 248)
        #expect(box.children.map(\.title) == ["1．150を超える駐日大使館：一貫した増加の動き", "2．駐日大使館の活動", "3．外務省による協力・支援"])
    }

    @Test("Captions, data-less charts and tables are set apart from the text")
    func figures() throws {
        let captions = report.figures.filter { $0.kind == .caption }
        #expect(captions.contains { $0.line == 432 && $0.endLine == 434 && $0.title.contains("写真提供") })
        #expect(captions.contains { $0.line == 436 && $0.title.hasPrefix("軍縮・不拡散についてNGOと意見交換する") })
        let charts = report.figures.filter { $0.kind == .chart }
        #expect(charts.map(\.title) == ["ビザ発給件数の推移", "外国人登録者数の推移と日本の総人口に占める割合の推移"])
        #expect(charts.last?.notes.count == 2)
        let prefectures = try #require(report.figures.first { $0.kind == .table && $0.title.hasPrefix("出身都道府県別派遣実績") })
        #expect(prefectures.rows.first == ["北海道", "JOCV", "1,906（45）人"])
        #expect(prefectures.rows.count == 96)
        #expect(prefectures.endLine == 585)
        let embassies = try #require(report.figures.first { $0.title == "駐日大使館数（1980年以降）" })
        #expect(embassies.rows.last == ["2012年", "152"])
        let body = report.sections.flatMap(\.allBlocks).map(\.text).joined()
        #expect(!body.contains("写真提供"), "no caption text inside paragraphs")
        #expect(!body.contains("外交青書 2013"), "no page footer inside paragraphs")
    }
}

extension Section {
    /// This section's blocks and those of all its descendants.
    var allBlocks: [TextBlock] { blocks + children.flatMap(\.allBlocks) }
}
