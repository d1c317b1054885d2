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

    @Test("Narrative chapters: section tree, paragraphs and figures survive re-wrapping")
    func narrative() async {
        await propertyCheck(count: 24, input: Gen.int(in: 1...100_000), Gen.int(in: 0...(Self.widths.count - 1)), Gen.int(in: 0...(Self.separators.count - 1)), Gen.int(in: 0...1)) { seed, widthIndex, separatorIndex, fullWidth in
            let document = CorpusGenerator(seed: UInt64(seed)).document(at: 0, layout: .narrative)
            let style = Reprint(width: Self.widths[widthIndex], separator: Self.separators[separatorIndex], fullWidthNumbers: fullWidth == 1)
            let original = Self.recognise(document.text)
            let reprinted = Self.recognise(style.reprint(document))
            let differences = ModelShape(original).differences(from: ModelShape(reprinted))
            #expect(differences.isEmpty, "seed \(seed), \(style):\n\(differences.prefix(6).joined(separator: "\n"))")
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

/// Prints a generated chapter again in another style, from the objects it was
/// made of: paragraphs re-wrapped (furniture that fell inside a paragraph
/// moves after it), numbered headings re-separated.
struct Reprint: CustomStringConvertible {
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
