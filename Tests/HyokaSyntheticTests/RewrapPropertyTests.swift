import HyokaModel
import HyokaRecognition
import HyokaSynthetic
import HyokaText
import PropertyBased
import Testing

/// The same narrative document, extracted another way, must read the same.
///
/// Real white papers arrive hard-wrapped at whatever width the PDF's column
/// had (003), one paragraph per line (001), with headings separated from their
/// numbers by a tab, a space or nothing. A synthetic chapter is printed again
/// with random wrapping, heading separators and number widths, and the model
/// recognised from the re-print must equal the model recognised from the
/// original — everything but the line numbers.
@Suite("Robustness: other wrappings and separators give the same model")
struct RewrapPropertyTests {
    /// Display widths to wrap the body at; 0 means one paragraph per line.
    static let widths = [0, 30, 40, 48, 56, 64, 80]
    static let separators = ["\t", " ", "", "\u{3000}"]

    /// The cases: drawn by swift-property-based's generators from a fixed
    /// seed, so that every run (and CI) checks the same 40 documents and
    /// styles, and a failure names a case that can be run again.
    static let cases: [RewrapCase] = {
        var random = Xoshiro(seed: (0x4879_6F6B_61, 2026, 12, 2))
        let seeds = Gen.int(in: 1...100_000)
        let widthIndices = Gen.int(in: 0...(widths.count - 1))
        let separatorIndices = Gen.int(in: 0...(separators.count - 1))
        let fullWidth = Gen.int(in: 0...1)
        return (0..<40).map { _ in
            RewrapCase(seed: UInt64(seeds.run(using: &random)), style: Reprint(
                width: widths[widthIndices.run(using: &random)], separator: separators[separatorIndices.run(using: &random)],
                fullWidthNumbers: fullWidth.run(using: &random) == 1))
        }
    }()

    /// Cases that fail today, each with what goes wrong; the test fails when
    /// one of them starts to pass, so that it leaves this list. None of the
    /// 40 fails now. Seed 97699 did: the original print's two subsections
    /// 「（2）…」「（3）…」 that opened pages were read as one running head
    /// (`RepeatedFurniture`). Of 909 other cases sampled (every 331st seed
    /// from 1, three styles each), 6 still fail, seeds 34094 and 94336: a
    /// page break with a blank line inside a paragraph, after 「なお、」,
    /// where the original's next line reads as a chart's title.
    static let knownFailures: [UInt64: String] = [:]

    @Test("Narrative chapters: section tree, paragraphs and figures survive re-wrapping", arguments: cases)
    func narrative(_ rewrap: RewrapCase) {
        let document = CorpusGenerator(seed: rewrap.seed).document(at: 0, layout: .narrative)
        let original = Self.recognise(document.text)
        let reprinted = Self.recognise(rewrap.style.reprint(document))
        let differences = ModelShape(original).differences(from: ModelShape(reprinted))
        if let reason = Self.knownFailures[rewrap.seed] {
            withKnownIssue(Comment(rawValue: reason)) {
                #expect(differences.isEmpty)
            }
        } else {
            #expect(differences.isEmpty, "seed \(rewrap.seed), \(rewrap.style):\n\(differences.prefix(6).joined(separator: "\n"))")
        }
    }

    @Test("The re-print really changes the text: wrapping and separators are not a no-op")
    func reprintChangesText() {
        let document = CorpusGenerator(seed: 7).document(at: 0, layout: .narrative)
        let flat = Reprint(width: 0, separator: "", fullWidthNumbers: true).reprint(document)
        #expect(flat != document.text)
        #expect(flat.split(separator: "\n").count < document.text.split(separator: "\n").count, "paragraphs are on one line each")
        let narrow = Reprint(width: 30, separator: " ", fullWidthNumbers: false).reprint(document)
        #expect(narrow.split(separator: "\n").count > document.text.split(separator: "\n").count, "narrower columns need more lines")
    }

    static func recognise(_ text: String) -> EvaluationReport {
        ReportRecognizer().recognize(SourceText(text), id: "", sourceName: "chapter.txt", contentHash: "")
    }
}

/// One generated chapter and the style it is printed again in.
struct RewrapCase: Sendable, CustomTestStringConvertible {
    var seed: UInt64
    var style: Reprint
    var testDescription: String { "seed \(seed), \(style)" }
}

/// Prints a generated chapter again in another style, from the objects it was
/// made of: paragraphs re-wrapped (furniture that fell inside a paragraph
/// moves after it), numbered headings re-separated.
struct Reprint: CustomStringConvertible, Sendable {
    var width: Int
    var separator: String
    var fullWidthNumbers: Bool

    var description: String {
        "width \(width == 0 ? "one line per paragraph" : String(width)), separator \(separator.debugDescription), \(fullWidthNumbers ? "full" : "half")-width numbers"
    }

    func reprint(_ document: GeneratedDocument) -> String {
        let lines = document.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var paragraphAt: [Int: TextBlock] = [:]
        var inParagraph = Set<Int>()
        var headingAt: [Int: Section] = [:]
        func collect(_ section: Section) {
            headingAt[section.line] = section
            for block in section.blocks {
                paragraphAt[block.line] = block
                for line in block.line...block.endLine { inParagraph.insert(line) }
            }
            section.children.forEach(collect)
        }
        document.expected.sections.forEach(collect)
        let furniture = Set(document.expected.layoutArtifacts.flatMap { Array($0.line...$0.endLine) })

        var output: [String] = []
        var moved: [String] = []
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if let block = paragraphAt[number] {
                output += wrap(block.text)
                moved = []
                for inside in block.line...block.endLine where furniture.contains(inside) { moved.append(lines[inside - 1]) }
                if block.endLine == number { output += moved; moved = [] }
                continue
            }
            if inParagraph.contains(number) {
                if paragraphAt.values.contains(where: { $0.endLine == number }) { output += moved; moved = [] }
                continue
            }
            if let heading = headingAt[number], heading.level >= 2 {
                output.append(reseparated(heading))
                continue
            }
            output.append(line)
        }
        return output.joined(separator: "\n")
    }

    private func reseparated(_ heading: Section) -> String {
        // 「1 …」 and 「ア …」 carry a separator after their number; 「（1）…」 does not.
        guard let space = heading.title.firstIndex(of: " ") else { return heading.title }
        let number = String(heading.title[..<space])
        let rest = String(heading.title[heading.title.index(after: space)...])
        return (fullWidthNumbers ? Self.fullWidth(number) : number) + separator + rest
    }

    private func wrap(_ text: String) -> [String] {
        guard width > 0 else { return [text] }
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        for character in text {
            let characterWidth = LineShape.displayWidth(String(character))
            if currentWidth + characterWidth > width, !current.isEmpty, !"、。」）".contains(character) {
                lines.append(current)
                current = ""
                currentWidth = 0
            }
            current.append(character)
            currentWidth += characterWidth
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    static func fullWidth(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            ("0"..."9").contains(scalar) ? Unicode.Scalar(scalar.value + 0xFEE0)! : scalar
        }))
    }
}

/// What a reader would call "the same document": the section tree (kinds,
/// levels, titles without white space), paragraph texts and figure titles,
/// without line numbers.
struct ModelShape {
    var sections: [String] = []
    var paragraphs: [String] = []
    var figures: [String] = []

    init(_ report: EvaluationReport) {
        func walk(_ section: Section, path: String) {
            let title = Self.squeezed(section.title)
            let here = path + "/" + "\(section.kind.rawValue):\(section.level):\(title)"
            sections.append(here)
            paragraphs += section.blocks.map { Self.squeezed($0.text) }
            section.children.forEach { walk($0, path: here) }
        }
        report.sections.forEach { walk($0, path: "") }
        figures = report.figures.map { "\($0.kind.rawValue):\(Self.squeezed($0.title))" }
    }

    func differences(from other: ModelShape) -> [String] {
        var result: [String] = []
        for (name, mine, theirs) in [("section", sections, other.sections), ("paragraph", paragraphs, other.paragraphs), ("figure", figures, other.figures)] {
            if mine.count != theirs.count { result.append("\(name) count \(mine.count) → \(theirs.count)") }
            for (a, b) in zip(mine, theirs) where a != b { result.append("\(name): 「\(a.prefix(60))」 → 「\(b.prefix(60))」") }
        }
        return result
    }

    /// White space removed and digits folded to ASCII: a heading's separator
    /// and its number's width are how it was printed, not what it says.
    static func squeezed(_ text: String) -> String {
        TextNormalizer.normalize(text).filter { !$0.isWhitespace }
    }
}
