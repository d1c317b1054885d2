import HyokaModel
import HyokaRecognition
import HyokaSynthetic
import HyokaText
import Testing

/// Line spans are checked against the text itself, not only against the
/// generator's record: the value a report cites stands on the line it cites.
@Suite("Values stand on the lines they cite")
struct LineSpanTests {
    static func read(_ layout: SyntheticLayout, _ index: Int) -> (EvaluationReport, SourceText) {
        let document = CorpusGenerator(seed: 77).document(at: index, layout: layout)
        let source = SourceText(document.text)
        return (ReportRecognizer().recognize(source, id: "", sourceName: document.fileName, contentHash: ""), source)
    }

    private func squeezed(_ text: String) -> String { text.replacingOccurrences(of: " ", with: "") }

    @Test("Series points, budgets and goals of MOFA and MIC reports", arguments: [SyntheticLayout.mofa, .mic])
    func valuesOnTheirLines(layout: SyntheticLayout) {
        var checked = 0
        for index in 0..<8 {
            let (report, source) = Self.read(layout, index)
            let series = report.policies.flatMap { $0.series + $0.fields.flatMap(\.series) }
            for point in series.flatMap(\.points) {
                #expect(squeezed(source[point.line].text).contains(squeezed(point.text)), "「\(point.text)」 is not on line \(point.line)")
                checked += 1
            }
            for budget in report.policies.flatMap(\.budget) {
                #expect(source[budget.line].text.contains(budget.text), "budget 「\(budget.text)」 is not on line \(budget.line)")
                checked += 1
            }
            let goals = report.policies.flatMap { $0.objectives + $0.nextObjectives + $0.fields.flatMap(\.goals) }
            for goal in goals {
                // The goal's first words are printed on its first line, after any number or bullet.
                let first = squeezed(source[goal.line].text).replacing(#/^(?:\d{1,2}|⚫)/#, with: "")
                #expect(first.count > 4 && squeezed(goal.text).hasPrefix(first.prefix(8)), "goal at line \(goal.line): 「\(first)」 / 「\(goal.text.prefix(20))」")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test("Paragraphs of Bluebook chapters start and end on the lines they cite")
    func paragraphsOnTheirLines() {
        for index in 0..<6 {
            let (report, source) = Self.read(.narrative, index)
            for block in report.sections.flatMap(ArtifactTests.blocks) {
                #expect(block.text.hasPrefix(source[block.line].text), "first line of 「\(block.text.prefix(12))」")
                #expect(block.text.hasSuffix(source[block.endLine].text), "last line of 「\(block.text.prefix(12))」")
            }
        }
    }
}
