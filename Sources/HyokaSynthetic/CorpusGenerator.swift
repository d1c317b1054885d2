import HyokaModel

/// The kinds of document the generator writes.
public enum SyntheticLayout: String, CaseIterable, Sendable, Hashable {
    /// A MOFA evaluation (`mofa-sheet`): a measure with its field sheets, as
    /// corpus 002, or one field sheet with numbered columns, as corpus 000.
    case mofa
    /// A MIC 主要な政策に係る評価書 (`mic-major-policy`), as corpus 004.
    case mic
    /// A chapter of the Diplomatic Bluebook (`narrative`), as corpus 003.
    case narrative
    /// An administrative project review sheet (行政事業レビューシート); no
    /// real sample exists in the corpus, so it follows a simple layout that
    /// imports as `generic` (see `ReviewSheetRenderer`).
    case review
}

/// The share of each kind of document in a corpus.
public struct DocumentMix: Sendable, Hashable, CustomStringConvertible {
    /// Relative weights, one per layout, in `SyntheticLayout.allCases` order.
    public private(set) var weights: [Double]

    public init(mofa: Double, mic: Double, narrative: Double, review: Double) {
        weights = [mofa, mic, narrative, review]
    }

    /// A year of government output: about 2,400 evaluations (here MOFA and
    /// MIC reports) to 5,000 administrative review sheets, plus a few
    /// white-paper chapters.
    public static let governmentYear = DocumentMix(mofa: 20, mic: 12, narrative: 6, review: 62)

    /// Parses 「mofa=20,mic=12,narrative=6,review=62」; layouts left out
    /// weigh 0. Returns nil for unknown names, negative or non-numeric
    /// weights, or weights that are all zero.
    public init?(parsing text: String) {
        var weights = [Double](repeating: 0, count: SyntheticLayout.allCases.count)
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { String($0.filter { $0 != " " }) }
            guard pair.count == 2, let layout = SyntheticLayout(rawValue: pair[0]),
                  let weight = Double(pair[1]), weight >= 0, weight.isFinite,
                  let index = SyntheticLayout.allCases.firstIndex(of: layout) else { return nil }
            weights[index] = weight
        }
        guard weights.contains(where: { $0 > 0 }) else { return nil }
        self.weights = weights
    }

    public func weight(of layout: SyntheticLayout) -> Double {
        SyntheticLayout.allCases.firstIndex(of: layout).map { weights[$0] } ?? 0
    }

    public var description: String {
        SyntheticLayout.allCases.map { "\($0.rawValue)=\(PrintedText.plain(weight(of: $0)))" }.joined(separator: ",")
    }
}

/// One generated document: its text, and the report a correct reading of
/// that text must give (the domain objects it was rendered from, with the
/// lines they were printed on).
public struct GeneratedDocument: Sendable {
    public var index: Int
    public var fileName: String
    public var layout: SyntheticLayout
    /// The fiscal year (年度) the document belongs to.
    public var fiscalYear: Int
    public var text: String
    /// What the document says, as an `EvaluationReport`: layout, kind,
    /// title, policies, sections, figures and the page furniture printed.
    /// `id` and `contentHash` are empty.
    public var expected: EvaluationReport
}

/// A deterministic synthetic corpus: document `index` depends only on the
/// seed, the mix and the range of fiscal years, never on how many documents
/// are generated or in what order, so documents can be written one by one
/// as they are made.
public struct CorpusGenerator: Sendable {
    public var seed: UInt64
    public var mix: DocumentMix
    /// Fiscal years the documents are spread over; ten cycles by default.
    public var fiscalYears: ClosedRange<Int>

    public init(seed: UInt64, mix: DocumentMix = .governmentYear, fiscalYears: ClosedRange<Int> = 2015...2024) {
        self.seed = seed
        self.mix = mix
        self.fiscalYears = fiscalYears
    }

    /// Document number `index` (0-based).
    public func document(at index: Int) -> GeneratedDocument {
        var random = SyntheticRandom(seed: seed, stream: UInt64(index))
        let layout = SyntheticLayout.allCases[random.weightedIndex(mix.weights)]
        let fiscalYear = random.int(in: fiscalYears)
        return Self.render(layout, fiscalYear: fiscalYear, index: index, random: random)
    }

    /// A document of a given layout, for tests that need every layout.
    public func document(at index: Int, layout: SyntheticLayout) -> GeneratedDocument {
        var random = SyntheticRandom(seed: seed, stream: UInt64(index))
        _ = random.next()
        let fiscalYear = random.int(in: fiscalYears)
        return Self.render(layout, fiscalYear: fiscalYear, index: index, random: random)
    }

    /// The documents `0..<count`, made lazily one at a time.
    public func documents(count: Int) -> LazyMapSequence<Range<Int>, GeneratedDocument> {
        (0..<max(0, count)).lazy.map { document(at: $0) }
    }

    /// 「syn-000123-mofa.txt」
    public static func fileName(index: Int, layout: SyntheticLayout) -> String {
        "syn-" + PrintedText.padded(index, width: 6) + "-\(layout.rawValue).txt"
    }

    private static func render(_ layout: SyntheticLayout, fiscalYear: Int, index: Int, random: SyntheticRandom) -> GeneratedDocument {
        let fileName = fileName(index: index, layout: layout)
        let rendered: (text: String, report: EvaluationReport)
        switch layout {
        case .mofa: rendered = MOFADocument.make(random: random, fiscalYear: fiscalYear)
        case .mic:
            var generator = MICGenerator(random: random, fiscalYear: fiscalYear)
            let plans = generator.policies()
            var renderer = MICRenderer(random: SyntheticRandom(seed: generator.random.next()), fiscalYear: fiscalYear)
            rendered = renderer.render(plans)
        case .narrative:
            var renderer = NarrativeRenderer(random: random, edition: fiscalYear)
            rendered = renderer.render()
        case .review:
            var renderer = ReviewSheetRenderer(random: random, fiscalYear: fiscalYear)
            rendered = renderer.render()
        }
        var report = rendered.report
        report.source = fileName
        return GeneratedDocument(index: index, fileName: fileName, layout: layout, fiscalYear: fiscalYear, text: rendered.text, expected: report)
    }
}

/// A MOFA evaluation: generate the measure, print it, and describe what was printed.
enum MOFADocument {
    static func make(random: SyntheticRandom, fiscalYear: Int) -> (text: String, report: EvaluationReport) {
        var generator = MOFAGenerator(random: random, fiscalYear: fiscalYear)
        if generator.random.chance(0.25) { return fieldSheet(generator: generator, fiscalYear: fiscalYear) }
        // Measures have 1 to 11 fields (002 has 11); most have a few.
        let fieldCount = generator.random.weightedIndex([0, 2, 3, 4, 4, 3, 2, 2, 1, 1, 1, 1])
        let measure = generator.measure(fieldCount: max(1, fieldCount))
        let lead = generator.nextObjectivesLead()
        var renderer = MOFARenderer(random: SyntheticRandom(seed: generator.random.next()), fiscalYear: fiscalYear)
        let (policy, artifacts) = renderer.render(measure, nextLead: lead)
        var report = EvaluationReport(
            id: "", source: "", contentHash: "", kind: .evaluation, layout: .mofaSheet, ministry: "外務省",
            title: policy.title, published: policy.evaluated, policies: [policy], layoutArtifacts: artifacts,
            lineCount: renderer.out.lineCount
        )
        report.layoutArtifacts.sort { ($0.line, $0.kind.rawValue) < ($1.line, $1.kind.rawValue) }
        return (renderer.out.text, report)
    }

    /// A single field sheet with numbered columns (corpus 000).
    private static func fieldSheet(generator: MOFAGenerator, fiscalYear: Int) -> (text: String, report: EvaluationReport) {
        var generator = generator
        let title = generator.random.pick(MOFAGenerator.measureTitles)
        let field = generator.standaloneField()
        var renderer = MOFARenderer(random: SyntheticRandom(seed: generator.random.next()), fiscalYear: fiscalYear)
        let policy = renderer.renderFieldSheet(field, measureTitle: title)
        var report = EvaluationReport(
            id: "", source: "", contentHash: "", kind: .evaluation, layout: .mofaSheet, ministry: "外務省",
            title: title, published: policy.fields.first?.evaluated, policies: [policy], layoutArtifacts: renderer.out.artifacts,
            lineCount: renderer.out.lineCount
        )
        report.layoutArtifacts.sort { ($0.line, $0.kind.rawValue) < ($1.line, $1.kind.rawValue) }
        return (renderer.out.text, report)
    }
}
