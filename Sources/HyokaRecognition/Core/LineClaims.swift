import HyokaModel
import HyokaText

/// Which source lines have become part of a recognised element.
///
/// The "nothing lost" rule is enforced here: after recognition, every
/// non-blank line that no element claimed is returned as an unparsed block.
struct LineClaims {
    private var claimed: [Bool]

    init(lineCount: Int) {
        claimed = Array(repeating: false, count: lineCount + 1)
    }

    mutating func claim(_ line: Int) {
        guard line >= 1, line < claimed.count else { return }
        claimed[line] = true
    }

    mutating func claim(_ lines: ClosedRange<Int>) {
        for line in lines { claim(line) }
    }

    mutating func claim<S: Sequence>(_ lines: S) where S.Element == Line {
        for line in lines { claim(line.number) }
    }

    mutating func merge(_ other: LineClaims) {
        for line in other.claimed.indices where other.claimed[line] && line < claimed.count { claimed[line] = true }
    }

    func isClaimed(_ line: Int) -> Bool {
        line >= 1 && line < claimed.count && claimed[line]
    }

    /// Unclaimed non-blank lines, grouped into runs; blank lines do not break a run.
    func unclaimedBlocks(in source: SourceText) -> [TextBlock] {
        var blocks: [TextBlock] = []
        var run: [SourceLine] = []
        func flush() {
            guard let first = run.first, let last = run.last else { return }
            blocks.append(TextBlock(text: run.map(\.text).joined(separator: "\n"), line: first.number, endLine: last.number))
            run.removeAll()
        }
        for line in source.lines {
            if line.isBlank { continue }
            if isClaimed(line.number) {
                flush()
            } else {
                run.append(line)
            }
        }
        flush()
        return blocks
    }
}

/// A source line as the recognisers see it: normalised, with any page number
/// pdftotext glued to its start split off.
struct Line: Sendable {
    let number: Int
    let text: String
    let startsPage: Bool
    let gluedPage: Int?
    /// True when a form feed opens the line: pdftotext's own page break,
    /// surer than the single leading space `startsPage` also accepts.
    var opensWithFormFeed = false
    /// True when `text` is standalone scalars (`String.isStandalone`).
    /// Readers ask each line about many literals (「予算」「目標」「までに」
    /// 「http」…), and `String.containsLiteral` checks this of the whole text
    /// every time; here it is found once per line, when the lines are made.
    let isStandalone: Bool

    init(number: Int, text: String, startsPage: Bool, gluedPage: Int?, opensWithFormFeed: Bool = false) {
        self.number = number
        self.text = text
        self.startsPage = startsPage
        self.gluedPage = gluedPage
        self.opensWithFormFeed = opensWithFormFeed
        isStandalone = text.isStandalone
    }

    var isBlank: Bool { text.isEmpty }

    /// Same as `text.containsLiteral(literal)`.
    func containsLiteral(_ literal: String) -> Bool { LiteralText(text, isStandalone: isStandalone).contains(literal) }

    /// `normalized` (the line's text normalised again by a reader) for
    /// literal tests, keeping `isStandalone` when normalising changed nothing.
    func literals(normalized: String) -> LiteralText {
        normalized.utf8.elementsEqual(text.utf8) ? LiteralText(normalized, isStandalone: isStandalone) : LiteralText(normalized)
    }
    var width: Int { LineShape.displayWidth(text) }

    /// Same as `text.count`: in text of standalone scalars each scalar is a
    /// character, so they are counted without finding grapheme clusters.
    var characterCount: Int { isStandalone ? text.unicodeScalars.count : text.count }

    static func lines(of source: SourceText) -> [Line] {
        source.lines.map { sourceLine in
            // pdftotext separates pages with a form feed at the start of a page's first line.
            let formFeed = sourceLine.raw.hasPrefix("\u{0C}")
            let startsPage = sourceLine.startsPage || formFeed
            if let glued = LineShape.gluedPageNumber(sourceLine.text) {
                return Line(number: sourceLine.number, text: glued.rest, startsPage: startsPage, gluedPage: glued.page, opensWithFormFeed: formFeed)
            }
            return Line(number: sourceLine.number, text: sourceLine.text, startsPage: startsPage, gluedPage: nil, opensWithFormFeed: formFeed)
        }
    }
}

extension Array where Element == Line {
    /// Joined text of the lines (see `LineShape.join`).
    var joinedText: String { LineShape.join(map(\.text)) }

    /// A text block spanning the lines, or nil when there are none.
    func block(heading: String? = nil, text: String? = nil) -> TextBlock? {
        guard let first, let last else { return nil }
        return TextBlock(heading: heading, text: text ?? joinedText, line: first.number, endLine: last.number)
    }
}
