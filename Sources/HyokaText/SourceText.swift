import HyokaModel

/// The lines of one source file, numbered as the file numbers them.
///
/// Line numbers are 1-based and never change: every later stage refers back
/// to them, so nothing here may join, drop or reorder lines. `text` holds the
/// normalised form used for recognition; `raw` keeps the line exactly as read
/// (less a trailing carriage return).
///
/// Text extracted from a PDF has pages: pdftotext ends every page with a form
/// feed (`\f`), which then opens the first line of the next page. Each line
/// knows its page; a text file is one page.
public struct SourceText: Sendable {
    public let lines: [SourceLine]
    /// Number of pages: form feeds that end a page, plus one unless the text
    /// ends with a form feed (pdftotext ends the last page with one too).
    public let pageCount: Int

    /// Splits decoded file content into numbered lines.
    ///
    /// A final newline does not start an extra empty line; `\r\n` and `\r`
    /// line ends are accepted.
    public init(_ content: String) {
        var rawLines = Self.splitLines(content)
        if rawLines.count > 1, rawLines.last == "" { rawLines.removeLast() }
        let formFeed: UInt8 = 0x0C
        let breaks = content.utf8.count(where: { $0 == formFeed })
        let endsWithBreak = content.utf8.last(where: { $0 != 0x0A && $0 != 0x0D }) == formFeed
        pageCount = breaks + (endsWithBreak ? 0 : 1)
        var page = 1
        var numbered: [SourceLine] = []
        numbered.reserveCapacity(rawLines.count)
        for (index, raw) in rawLines.enumerated() {
            // A form feed before a line's text puts the line on the next page;
            // one after its text (rare) puts only the following lines there.
            let leading = raw.utf8.prefix(while: { $0 == formFeed }).count
            page += leading
            numbered.append(SourceLine(number: index + 1, raw: raw, page: min(page, max(1, pageCount))))
            page += raw.utf8.dropFirst(leading).count(where: { $0 == formFeed })
        }
        lines = numbered
    }

    /// The pages with the lines each holds, in order; a page without a line of
    /// its own (two form feeds in a row) is left out.
    public var pages: [Page] {
        var pages: [Page] = []
        for line in lines {
            if let last = pages.last, last.number == line.page {
                pages[pages.count - 1].endLine = line.number
            } else {
                pages.append(Page(number: line.page, line: line.number, endLine: line.number))
            }
        }
        return pages
    }

    /// Lines split at 「\n」, 「\r\n」 and 「\r」, found in the UTF-8 bytes: a
    /// line end is always a character of its own (「\r\n」 one character).
    private static func splitLines(_ content: String) -> [String] {
        var lines: [String] = []
        let bytes = content.utf8
        var lineStart = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == 0x0A || byte == 0x0D else {
                index = bytes.index(after: index)
                continue
            }
            lines.append(String(content[lineStart..<index]))
            index = bytes.index(after: index)
            if byte == 0x0D, index < bytes.endIndex, bytes[index] == 0x0A { index = bytes.index(after: index) }
            lineStart = index
        }
        lines.append(String(content[lineStart...]))
        return lines
    }

    public var lineCount: Int { lines.count }

    /// The line with the given 1-based number.
    public subscript(number: Int) -> SourceLine { lines[number - 1] }

    /// Lines `range` (1-based, inclusive), clamped to the file.
    public func lines(_ range: ClosedRange<Int>) -> ArraySlice<SourceLine> {
        let lower = max(1, range.lowerBound)
        let upper = min(lines.count, range.upperBound)
        guard lower <= upper else { return [] }
        return lines[(lower - 1)...(upper - 1)]
    }
}

/// One numbered line of a source file.
public struct SourceLine: Sendable, Hashable {
    public let number: Int
    /// The line as read.
    public let raw: String
    /// The line after safe normalisation (see `TextNormalizer`), trimmed.
    public let text: String
    /// True when the raw line begins with exactly one space, which is how
    /// pdftotext output marks the first line of a new page in these reports.
    public let startsPage: Bool
    /// The page the line is on (1-based): counted from the form feeds that
    /// pdftotext puts between pages; 1 for every line of a text file.
    public let page: Int

    public init(number: Int, raw: String, page: Int = 1) {
        self.number = number
        self.raw = raw
        self.page = page
        self.text = TextNormalizer.normalize(raw).trimmingJapaneseWhitespace()
        self.startsPage = raw.hasLiteralPrefix(" ") && !raw.hasLiteralPrefix("  ") && !raw.hasCharacterCount(atMost: 1)
    }

    public var isBlank: Bool { text.isEmpty }
}
