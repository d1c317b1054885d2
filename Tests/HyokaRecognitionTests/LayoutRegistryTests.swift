import HyokaModel
import HyokaText
import Testing
@testable import HyokaRecognition

/// The choice of layout: every corpus file is claimed by exactly one layout,
/// the best score wins, and a new layout plugs in without touching the others.
@Suite("Layout registry")
struct LayoutRegistryTests {
    /// The layout each bundled file is, as a reader would name it.
    static let expected: [String: ReportLayout] = [
        Corpus.mofaSheet: .mofaSheet,
        Corpus.mofaMeasure: .mofaSheet,
        Corpus.bluebook: .narrative,
        Corpus.bluebook2026: .narrative,
        Corpus.micReport: .micMajorPolicy,
        Corpus.micReportPart2: .micMajorPolicy,
    ]

    @Test("Each corpus file is accepted by exactly one layout, the right one", arguments: Corpus.all)
    func exactlyOneLayout(name: String) throws {
        let lines = Line.lines(of: try Corpus.source(name))
        let accepting = LayoutRegistry.standard.scores(lines).filter { $0.score > 0 }.map(\.recognizer.layout)
        #expect(accepting.count == 1, "\(name) is accepted by \(accepting)")
        #expect(accepting.first == Self.expected[name], "\(name) read as \(accepting)")
        #expect(try Corpus.recognize(name).layout == Self.expected[name])
    }

    @Test("The highest score wins; equal scores go to the layout registered first")
    func bestScoreWins() {
        let lines = Line.lines(of: SourceText("第1章 テスト\n本文です。"))
        let weak = FixedLayout(layout: .narrative, fixedScore: 0.3)
        let strong = FixedLayout(layout: .mofaSheet, fixedScore: 0.8)
        #expect(LayoutRegistry([weak, strong]).best(for: lines)?.layout == .mofaSheet)
        #expect(LayoutRegistry([strong, weak]).best(for: lines)?.layout == .mofaSheet)
        let tied = FixedLayout(layout: .micMajorPolicy, fixedScore: 0.8)
        #expect(LayoutRegistry([tied, strong]).best(for: lines)?.layout == .micMajorPolicy)
        #expect(LayoutRegistry([strong, tied]).best(for: lines)?.layout == .mofaSheet)
    }

    @Test("A new layout plugs in through the registry, and no score means the generic fallback")
    func newLayoutPlugsIn() {
        let source = SourceText("見出し\n本文です。")
        let custom = ReportRecognizer(registry: LayoutRegistry([FixedLayout(layout: .narrative, fixedScore: 0.1)]))
        let report = custom.recognize(source, id: "t", sourceName: "t.txt", contentHash: "")
        #expect(report.layout == .narrative)
        #expect(report.title == "fixed", "the winning recogniser built the report")
        #expect(report.unparsed.isEmpty, "it claimed every line")

        let none = ReportRecognizer(registry: LayoutRegistry([FixedLayout(layout: .narrative, fixedScore: 0)]))
        let fallback = none.recognize(source, id: "t", sourceName: "t.txt", contentHash: "")
        #expect(fallback.layout == .generic)
        #expect(fallback.title != "fixed")
    }
}

/// A layout with a set score that claims every line: enough to test the choice.
private struct FixedLayout: LayoutRecognizer {
    let layout: ReportLayout
    let fixedScore: Double

    func score(_ lines: [Line]) -> Double { fixedScore }

    func recognize(_ lines: [Line], into report: inout EvaluationReport, claims: inout LineClaims) {
        report.layout = layout
        report.title = "fixed"
        claims.claim(lines)
    }
}
