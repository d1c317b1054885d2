/// The lines of one source file, numbered as the file numbers them.
///
/// Line numbers are 1-based and never change: every later stage refers back
/// to them, so nothing here may join, drop or reorder lines. `text` holds the
/// normalised form used for recognition; `raw` keeps the line exactly as read
/// (less a trailing carriage return).
public struct SourceText: Sendable {
    public let lines: [SourceLine]

    /// Splits decoded file content into numbered lines.
    ///
    /// A final newline does not start an extra empty line; `\r\n` and `\r`
    /// line ends are accepted.
    public init(_ content: String) {
        var rawLines = Self.splitLines(content)
        if rawLines.count > 1, rawLines.last == "" { rawLines.removeLast() }
        lines = rawLines.enumerated().map { index, raw in
            SourceLine(number: index + 1, raw: raw)
        }
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

    public init(number: Int, raw: String) {
        self.number = number
        self.raw = raw
        self.text = TextNormalizer.normalize(raw).trimmingJapaneseWhitespace()
        self.startsPage = raw.hasLiteralPrefix(" ") && !raw.hasLiteralPrefix("  ") && !raw.hasCharacterCount(atMost: 1)
    }

    public var isBlank: Bool { text.isEmpty }
}
