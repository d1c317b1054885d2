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

    @Test("A mixed corpus reads back as the layouts it was written in, with nothing unparsed")
    func mixedCorpus() {
        let expectedLayout: [SyntheticLayout: ReportLayout] = [.mofa: .mofaSheet, .mic: .micMajorPolicy, .narrative: .narrative, .review: .generic]
        for document in CorpusGenerator(seed: 31).documents(count: 150) {
            let read = Self.recognise(document)
            #expect(read.layout == expectedLayout[document.layout], "\(document.fileName)")
            #expect(read.unparsed.isEmpty, "\(document.fileName)")
            #expect(read.warnings == document.expected.warnings, "\(document.fileName): \(read.warnings)")
        }
    }

    @Test("The documents compared above hold every kind of element, so the comparison is not empty")
    func coverage() {
        var counts: [String: Int] = [:]
        for seed in Self.seeds {
            let generator = CorpusGenerator(seed: seed)
            for index in Self.indices {
                for layout in SyntheticLayout.allCases {
                    let report = generator.document(at: index, layout: layout).expected
                    let policies = report.policies
                    let fields = policies.flatMap(\.fields)
                    let goals = fields.flatMap(\.goals)
                    counts["fields", default: 0] += fields.count
                    counts["numbered next goals", default: 0] += goals.filter { $0.cycle == .next && $0.number != nil }.count
                    counts["headed next goals", default: 0] += goals.filter { $0.cycle == .next && $0.heading != nil }.count
                    counts["directions", default: 0] += fields.flatMap(\.initiatives).flatMap(\.directions).count
                    counts["MOFA series points", default: 0] += fields.flatMap(\.series).flatMap(\.points).count
                    counts["series notes", default: 0] += fields.flatMap(\.series).flatMap(\.notes).count
                    counts["budget", default: 0] += policies.flatMap(\.budget).count
                    counts["expert opinions citing a field", default: 0] += policies.flatMap(\.expertComments).filter { $0.field != nil }.count
                    counts["outcome targets", default: 0] += policies.flatMap(\.series).filter { $0.targetYear != nil }.count
                    counts["year tables", default: 0] += policies.flatMap(\.series).filter { $0.role == .reference }.count
                    counts["logic model targets", default: 0] += policies.flatMap(\.logicModels).flatMap(\.cells).filter { $0.target != nil }.count
                    counts["links", default: 0] += policies.flatMap(\.references).count
                    counts["figures", default: 0] += report.figures.count
                    counts["sections", default: 0] += report.sections.count
                    counts["page numbers", default: 0] += report.layoutArtifacts.filter { $0.kind == .pageNumber }.count
                }
            }
        }
        #expect(counts.values.allSatisfy { $0 >= 20 }, "\(counts.sorted { $0.key < $1.key })")
    }
}
