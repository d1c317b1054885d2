import Foundation
import HyokaModel
import HyokaText
import Testing
@testable import HyokaRecognition

/// Nothing lost, provenance true, and no crash on damaged input.
@Suite("Coverage and provenance")
struct CoverageTests {
    @Test("Every non-blank line is claimed by an element or kept as unparsed", arguments: Corpus.all)
    func everyLineAccounted(name: String) throws {
        let source = try Corpus.source(name)
        try assertEveryLineAccounted(source)
    }

    @Test("Every element's span lies inside the file", arguments: Corpus.all)
    func spansInsideFile(name: String) throws {
        let source = try Corpus.source(name)
        let report = ReportRecognizer().recognize(source, id: "t", sourceName: name, contentHash: "")
        for span in report.allSpans {
            #expect(span.line >= 1 && span.line <= span.endLine && span.endLine <= source.lineCount, "bad span \(span)")
        }
    }

    @Test("Each series point's text stands on the lines it cites", arguments: Corpus.all)
    func pointsOnTheirLines(name: String) throws {
        let source = try Corpus.source(name)
        let report = ReportRecognizer().recognize(source, id: "t", sourceName: name, contentHash: "")
        let points = report.policies.flatMap { $0.series + $0.fields.flatMap(\.series) }.flatMap(\.points)
        for point in points {
            // Annotations such as 「（16人）」 are appended from the next line.
            let cell = point.text.split(whereSeparator: { $0 == "（" || $0 == "【" }).first.map(String.init) ?? point.text
            // A figure wrapped between its number and its unit (「…受注34」「兆円」) stands on its lines joined.
            let lines = (point.line...point.endLine).map { source[$0].text }.joined().replacingOccurrences(of: " ", with: "")
            #expect(lines.contains(cell.replacingOccurrences(of: " ", with: "")), "「\(cell)」 is not on lines \(point.line)–\(point.endLine) of \(name)")
        }
        for budget in report.policies.flatMap(\.budget) {
            #expect(source[budget.line].text.contains(budget.text), "budget 「\(budget.text)」 is not on line \(budget.line)")
        }
    }

    @Test("Shuffled lines import without a crash and lose nothing")
    func shuffled() throws {
        var generator = SeededGenerator(seed: 42)
        let lines = try Corpus.text(Corpus.mofaMeasure).components(separatedBy: "\n").shuffled(using: &generator)
        try assertEveryLineAccounted(SourceText(lines.joined(separator: "\n")))
    }

    @Test("Truncated reports import what they hold", arguments: [0.1, 0.33, 0.5, 0.9])
    func truncated(fraction: Double) throws {
        for name in Corpus.all {
            let lines = try Corpus.text(name).components(separatedBy: "\n")
            let kept = lines.prefix(Int(Double(lines.count) * fraction))
            try assertEveryLineAccounted(SourceText(kept.joined(separator: "\n")))
        }
        let half = try Corpus.text(Corpus.mofaMeasure).components(separatedBy: "\n").prefix(1155).joined(separator: "\n")
        let report = ReportRecognizer().recognize(SourceText(half), id: "t", sourceName: "half", contentHash: "")
        #expect(report.policies.first?.fields.count == 4, "fields 1–4 are in the first half")
    }

    @Test("Unknown layouts import as sections with a warning")
    func unknownLayout() throws {
        // Headings without prose under them: no layout Hyoka knows.
        let text = "第1章 概要\n項目 値\nA 1\nB 2\n\n第2章 詳細\n項目 値\nC 3\n"
        let report = ReportRecognizer().recognize(SourceText(text), id: "t", sourceName: "x", contentHash: "")
        #expect(report.layout == .generic)
        #expect(report.warnings.contains { $0.contains("Layout not recognised") })
        #expect(report.sections.map(\.title) == ["第1章 概要", "第2章 詳細"])
        #expect(report.unparsed.isEmpty)
        let noise = ReportRecognizer().recognize(SourceText("abc\n\n\u{1}\u{2}\nxyz 12"), id: "t", sourceName: "n", contentHash: "")
        #expect(noise.policies.isEmpty)
        #expect(noise.layout == .generic)
    }

    @Test("The Bluebook chapter without its page footer is still read by its structure")
    func narrativeWithoutFooter() throws {
        let text = try Corpus.text(Corpus.bluebook).replacingOccurrences(of: "225外交青書 2013", with: "")
        let report = ReportRecognizer().recognize(SourceText(text), id: "t", sourceName: "x", contentHash: "")
        #expect(report.layout == .narrative)
        #expect(report.sections.map(\.title) == ["総論", "各論"])
        #expect(report.unparsed.isEmpty)
    }

    @Test("Empty text gives an empty report, not a crash")
    func emptyText() {
        let report = ReportRecognizer().recognize(SourceText(""), id: "t", sourceName: "empty", contentHash: "")
        #expect(report.policies.isEmpty)
        #expect(report.unparsed.isEmpty)
    }

    private func assertEveryLineAccounted(_ source: SourceText, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (report, claims) = ReportRecognizer().recognizeWithClaims(source, id: "t", sourceName: "s", contentHash: "")
        let unparsedLines = Set(report.unparsed.flatMap { Array($0.line...$0.endLine) })
        let lost = source.lines.filter { !$0.isBlank && !claims.isClaimed($0.number) && !unparsedLines.contains($0.number) }
        #expect(lost.isEmpty, "lines neither recognised nor kept: \(lost.prefix(5).map(\.number))", sourceLocation: sourceLocation)
        // Unparsed blocks hold exactly the unclaimed lines' text.
        for block in report.unparsed {
            for number in block.line...block.endLine where !source[number].isBlank {
                #expect(!claims.isClaimed(number), sourceLocation: sourceLocation)
                #expect(block.text.contains(source[number].text), sourceLocation: sourceLocation)
            }
        }
    }
}

/// A small deterministic generator so that shuffles repeat.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }
}

extension EvaluationReport {
    /// Spans of every element in the report, for provenance checks.
    var allSpans: [TextBlock] {
        func span(_ element: some SourceLocated) -> TextBlock { TextBlock(text: "", line: element.line, endLine: element.endLine) }
        var spans: [TextBlock] = unparsed + layoutArtifacts.map(span)
        func add(_ sections: [Section]) {
            for section in sections { spans.append(span(section)); spans += section.blocks; add(section.children) }
        }
        add(sections)
        for policy in policies {
            spans.append(span(policy))
            spans += (policy.objectives + policy.nextObjectives).map(span) + policy.results + policy.overview + policy.notes
            spans += policy.budget.map(span) + policy.expertComments.map(span) + policy.references.map(span)
            spans += policy.logicModels.map(span) + policy.logicModels.flatMap(\.cells).map(span)
            add(policy.sections)
            for series in policy.series + policy.fields.flatMap(\.series) { spans.append(span(series)); spans += series.points.map(span) }
            for field in policy.fields {
                spans.append(span(field))
                spans += field.goals.map(span) + field.references.map(span) + field.notes
                for initiative in field.initiatives { spans.append(span(initiative)); spans += initiative.achievements + initiative.directions }
                if let assessment = field.assessment { spans.append(span(assessment)); spans += assessment.parts }
                add(field.sections)
            }
        }
        return spans
    }
}

@Suite("Bundled corpus")
struct BundledCorpusTests {
    static let shared = Corpus.directory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")

    @Test("The bundled copies are byte for byte the shared originals", .enabled(if: FileManager.default.fileExists(atPath: shared.path), "../shared/corpus is not beside this clone"))
    func identical() throws {
        for name in Corpus.all {
            let bundled = try Data(contentsOf: Corpus.directory.appendingPathComponent(name))
            let original = try Data(contentsOf: Self.shared.appendingPathComponent(name))
            #expect(bundled == original, "\(name) differs from ../shared/corpus")
        }
    }
}
