import HyokaModel
import HyokaText

/// The fallback for layouts Hyoka does not know: a section tree built from
/// headings that look like headings, with paragraphs rebuilt from wrapped
/// lines. Nothing is dropped; the report says the layout was not recognised.
struct GenericRecognizer {
    nonisolated(unsafe) static let headingPattern =
        #/(?:第[0-9一二三四五六七八九十]+[章節部]|[0-9]{1,2}[．.]\s*\S|（[0-9]{1,2}）\s*\S|\t?\s*[0-9]{1,2}\t|[アイウエオカキクケコ]\t|【[^】]+】$|総\s*論$|各\s*論$).*/#

    func recognize(_ lines: [Line], into report: inout EvaluationReport, claims: inout LineClaims) {
        report.kind = lines.contains(where: { $0.text.hasPrefix("外交青書") }) ? .bluebook : .unknown
        report.layout = .generic
        var sections: [Section] = []
        var current = Section(title: "", kind: .preamble, level: 1, line: lines.first?.number ?? 1, endLine: lines.first?.number ?? 1)
        var paragraph: [Line] = []

        func flushParagraph() {
            guard let block = paragraph.block() else { return }
            current.blocks.append(block)
            current.endLine = max(current.endLine, block.endLine)
            paragraph.removeAll()
        }
        for line in lines where !line.isBlank {
            claims.claim(line.number)
            if let page = line.gluedPage {
                report.layoutArtifacts.append(LayoutArtifact(kind: .pageNumber, text: String(page), line: line.number, endLine: line.number))
            }
            if isHeading(line) {
                flushParagraph()
                if !current.blocks.isEmpty || current.kind != .preamble { sections.append(current) }
                current = Section(title: line.text, kind: line.text.hasSuffix("特集") || line.text.hasSuffix("特　集") ? .feature : .heading,
                                  level: 1, line: line.number, endLine: line.number)
                continue
            }
            paragraph.append(line)
            if LineItems.endsSentence(paragraph) { flushParagraph() }
        }
        flushParagraph()
        if !current.blocks.isEmpty || current.kind != .preamble { sections.append(current) }
        report.sections = sections
        report.title = sections.first(where: { $0.kind != .preamble })?.title
        report.warnings.append("Layout not recognised: imported as sections and text.")
    }

    private func isHeading(_ line: Line) -> Bool {
        let text = line.text
        guard text.hasCharacterCount(atMost: 40), !text.hasLiteralSuffix("。"), !text.hasLiteralSuffix("、"),
              Self.mayOpenHeading(text) else { return false }
        return text.wholeMatch(of: Self.headingPattern) != nil
    }

    /// The characters `headingPattern` can open with: 第, a digit, （, 【,
    /// 総, 各, ア–コ or white space.
    static let headingInitials = Set("第（【総各アイウエオカキクケコ".unicodeScalars)

    /// False for a line whose first character `headingPattern` cannot match,
    /// so that the pattern is not tried on every line of a document no layout
    /// claims. A first character that is no standalone scalar is left to the
    /// pattern.
    static func mayOpenHeading(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        return !first.isStandalone || first.isASCIIDigit || first.isWhitespace || headingInitials.contains(first)
    }
}
