import HyokaModel
import HyokaText
import Testing
@testable import HyokaRecognition

/// Headings and figure titles that a white paper's narrow column wraps or
/// interrupts, read from small hard-wrapped pages shaped like the STI
/// chapters (a column of 20 full-width characters, pages opened by form feeds).
@Suite("Narrative: wrapped and interrupted headings")
struct NarrativeWrapTests {
    /// Lines of running text, 20 full-width characters each, the last one
    /// shorter and ending its sentence.
    static func prose(_ count: Int, from offset: Int = 0) -> [String] {
        let base = Array("科学技術の研究開発は社会の様々な場面で活用されており今後も更なる発展が期待されていますそのため各機関が連携して取組を進めています")
        var lines: [String] = []
        for index in 0..<count {
            let start = (offset + index) * 20 % (base.count - 20)
            lines.append(String(base[start..<start + 20]))
        }
        lines.append("進められています。")
        return lines
    }

    static func parse(_ lines: [String]) -> NarrativeParse {
        var parse = NarrativeParse(lines: Line.lines(of: SourceText(lines.joined(separator: "\n"))))
        parse.run()
        return parse
    }

    static func titles(_ sections: [Section]) -> [String] {
        sections.flatMap { ($0.kind == .preamble ? [] : [$0.title]) + titles($0.children) }
    }

    static func blocks(_ sections: [Section]) -> [TextBlock] {
        sections.flatMap { $0.blocks + blocks($0.children) }
    }

    static let opening = ["\u{0C}第2章   研究開発の取組", ""] + prose(3) + ["", "第1節   研究開発の歩み", ""] + prose(6)

    @Test("A side tab 「第」「2」「章」 broken up by the column does not hold a paragraph open over the heading after it")
    func sideTab() {
        let lines = Self.opening.dropLast() + ["トップクラスのチームを構築しています。", "2", "章",
            "●人工知能研究開発ネットワーク（AI Japan", "R&D Network）の設立"] + Self.prose(4, from: 2)
        let parse = Self.parse(Array(lines))
        #expect(Self.titles(parse.sections).contains("●人工知能研究開発ネットワーク（AI Japan R&D Network）の設立"))
        #expect(parse.artifacts.contains { $0.kind == .verticalText && $0.text == "章" })
        #expect(!Self.blocks(parse.sections).contains { $0.text.containsLiteral("。章") }, "the tab is not read into the paragraph")
    }

    @Test("A heading wrapped inside a bracket after a 「、」 is joined with the line that closes it; prose after a 「、」 is not")
    func bracketWrap() {
        let heading = Self.opening + ["", "● 欧州評議会の「AI、人権、民主主義、", "法の支配に関する枠組条約」"] + Self.prose(4, from: 1)
        #expect(Self.titles(Self.parse(heading).sections).contains("● 欧州評議会の「AI、人権、民主主義、法の支配に関する枠組条約」"))
        let sentence = Self.opening + ["", "● 欧州評議会の「AI、人権、民主主義、", "法の支配に関する枠組条約」が採択された。"] + Self.prose(4, from: 1)
        #expect(!Self.titles(Self.parse(sentence).sections).contains { $0.hasPrefix("● 欧州評議会") })
    }

    @Test("The next 第N節 ends a paragraph of table cells left unfinished; a 第N節 out of sequence does not")
    func divisionAfterTableCells() {
        let cells = ["概要", "特化型モデルの元となる", "汎化的モデルを研究開発", "基盤モデルを開発", ""]
        let next = Self.parse(Self.opening + cells + ["\u{0C}第2節         計算資源やデータ資源の整備", ""] + Self.prose(4))
        #expect(Self.titles(next.sections).contains("第2節 計算資源やデータ資源の整備"))
        let skipped = Self.parse(Self.opening + cells + ["\u{0C}第4節         計算資源やデータ資源の整備", ""] + Self.prose(4))
        #expect(!Self.titles(skipped.sections).contains { $0.hasPrefix("第4節") })
    }

    @Test("A digit glued to a Latin word in a heading is a footnote marker only where that footnote is printed on the page")
    func latinMarker() {
        let notes = ["", "1    OECD Legal Instruments https://legalinstruments.oecd.org/", "2    OECD.AI https://oecd.ai/",
                     "3    The Global Partnership on Artificial Intelligence"]
        let heading = ["●     AIに関する国際連携イニシアティブ", "（GPAI3）"]
        let marked = Self.parse(Self.opening + heading + Self.prose(4, from: 1) + notes + ["\u{0C}次の頁"] + Self.prose(2))
        #expect(Self.titles(marked.sections).contains("● AIに関する国際連携イニシアティブ（GPAI）"))
        let named = Self.parse(Self.opening + heading + Self.prose(4, from: 1) + ["\u{0C}次の頁"] + Self.prose(2) + notes)
        #expect(Self.titles(named.sections).contains("● AIに関する国際連携イニシアティブ（GPAI3）"))
    }

    @Test("A bulleted heading in the body column after a column box set across the page ends the box; one set as wide as the box stays in it")
    func boxEnds() {
        let wide = Self.prose(8).dropLast().map { $0 + $0 } + ["話し合う場づくりにも取り組まれています。"]
        let box = ["", "コラム1-3", "国際社会と日本の役割", ""] + wide + ["", ""]
        let back = Self.parse(Self.opening + box + ["● 欧州評議会の枠組条約"] + Self.prose(4, from: 1))
        let column = back.sections.flatMap { Self.allSections([$0]) }.first { $0.kind == .column }
        #expect(column != nil && column?.children.isEmpty == true, "the heading is not the column's")
        #expect(Self.titles(back.sections).contains("● 欧州評議会の枠組条約"))
        let inside = Self.parse(Self.opening + box + ["● 欧州評議会の枠組条約"] + wide)
        let boxed = inside.sections.flatMap { Self.allSections([$0]) }.first { $0.kind == .column }
        #expect(boxed?.children.map(\.title) == ["● 欧州評議会の枠組条約"])
    }

    static func allSections(_ sections: [Section]) -> [Section] {
        sections.flatMap { [$0] + allSections($0.children) }
    }

    @Test("A figure title set in the column takes the narrower lines it wraps onto, not the credit or the text after it")
    func wrappedFigureTitle() {
        let lines = Self.opening + ["■第1-2-4図／東京工業大学学術国際情報", "センターの最新スーパーコ", "ンピュータ「TSUBAME4.0」"]
            + Self.prose(3, from: 2) + ["", "■第1-2-7図／さくらインターネット", "提供：さくらインターネット株式会社", ""] + Self.prose(3)
        let parse = Self.parse(lines)
        let titles = parse.figures.map(\.title)
        #expect(titles.contains("■第1-2-4図／東京工業大学学術国際情報センターの最新スーパーコンピュータ「TSUBAME4.0」"))
        #expect(titles.contains("■第1-2-7図／さくらインターネット"))
    }
}
