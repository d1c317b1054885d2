import HyokaModel
import HyokaRecognition
import HyokaSynthetic
import HyokaText
import Testing

/// THE ROUND TRIP: every generated report, read back by the recogniser, gives
/// the domain objects it was rendered from — values and the lines they were
/// printed on — with nothing left unparsed and no warning.
@Suite("Round trip: generated reports import back to their objects")
struct RoundTripTests {
    static let seeds: [UInt64] = [1, 2, 3, 7, 42, 99, 1234, 20_240_801]
    static let indices = Array(0..<12)

    static func recognise(_ document: GeneratedDocument) -> EvaluationReport {
        ReportRecognizer().recognize(SourceText(document.text), id: "", sourceName: document.fileName, contentHash: "")
    }

    @Test("MOFA measures and their field sheets", arguments: seeds)
    func mofa(seed: UInt64) {
        for index in Self.indices {
            let document = CorpusGenerator(seed: seed).document(at: index, layout: .mofa)
            let read = Self.recognise(document)
            var comparison = ReportComparison()
            comparison.compareDocument(read, document.expected)
            comparison.same("unparsed", read.unparsed.map(ReportComparison.block), [])
            comparison.same("warnings", read.warnings, [])
            if let readPolicy = read.policies.first, let expected = document.expected.policies.first {
                comparison.compareMOFA(readPolicy, expected)
            } else {
                comparison.same("policy count", read.policies.count, document.expected.policies.count)
            }
            #expect(comparison.differences.isEmpty, "seed \(seed), \(document.fileName):\n\(comparison.differences.prefix(8).joined(separator: "\n"))")
        }
    }

    @Test("Bluebook chapters: section tree, paragraphs, figures and spread furniture", arguments: seeds)
    func narrative(seed: UInt64) {
        for index in Self.indices {
            let document = CorpusGenerator(seed: seed).document(at: index, layout: .narrative)
            let read = Self.recognise(document)
            var comparison = ReportComparison()
            comparison.compareDocument(read, document.expected)
            comparison.same("unparsed", read.unparsed.map(ReportComparison.block), [])
            comparison.same("warnings", read.warnings, [])
            comparison.compareSections(read.sections, document.expected.sections)
            comparison.compareFigures(read.figures, document.expected.figures)
            #expect(comparison.differences.isEmpty, "seed \(seed), \(document.fileName):\n\(comparison.differences.prefix(8).joined(separator: "\n"))")
        }
    }

    @Test("MIC reports: policy headers, outcome tables, tables by year, logic models, links, budgets, slides", arguments: seeds)
    func mic(seed: UInt64) {
        for index in Self.indices {
            let document = CorpusGenerator(seed: seed).document(at: index, layout: .mic)
            let read = Self.recognise(document)
            var comparison = ReportComparison()
            comparison.compareDocument(read, document.expected)
            comparison.same("unparsed", read.unparsed.map(ReportComparison.block), [])
            comparison.same("warnings", read.warnings, [])
            comparison.compareMIC(read.policies, document.expected.policies)
            #expect(comparison.differences.isEmpty, "seed \(seed), \(document.fileName):\n\(comparison.differences.prefix(8).joined(separator: "\n"))")
        }
    }

    @Test("Review sheets import as generic sections with their paragraphs", arguments: seeds)
    func review(seed: UInt64) {
        for index in Self.indices {
            let document = CorpusGenerator(seed: seed).document(at: index, layout: .review)
            let read = Self.recognise(document)
            var comparison = ReportComparison()
            comparison.compareDocument(read, document.expected)
            comparison.same("unparsed", read.unparsed.map(ReportComparison.block), [])
            comparison.same("warnings", read.warnings, document.expected.warnings)
            comparison.compareSections(read.sections, document.expected.sections)
            #expect(comparison.differences.isEmpty, "seed \(seed), \(document.fileName):\n\(comparison.differences.prefix(8).joined(separator: "\n"))")
        }
    }
}
