/// Shapes of PDF-extracted lines that mean something about layout rather
/// than content: bullets, page numbers glued to text, column widths, URLs.
public enum LineShape {
    /// Bullet characters used in the reports. 「※」 is a note marker, not a bullet.
    public static let bulletMarkers: Set<Character> = ["⚫", "●", "○", "・", "•", "➢", "◆", "■", "★", "◎", "◇", "□", "▶", "►"]

    /// The markers as scalars: none has a canonical equivalent, so a
    /// one-scalar character is a marker exactly when its scalar is one.
    private static let bulletScalars = Set(bulletMarkers.compactMap(\.unicodeScalars.first))

    /// Splits a leading bullet marker off a trimmed line: 「⚫ 外務省…」 → (⚫, 「外務省…」).
    /// 「- 」 at the start of a line is a bullet too.
    public static func bullet(_ text: String) -> (marker: Character, rest: String)? {
        // Asked of nearly every line: a line whose first scalar is neither a
        // marker's nor 「-」 is no bullet (no text canonically equivalent to
        // one opens otherwise), and is turned away before its first
        // character and a prefix are compared.
        guard let scalar = text.unicodeScalars.first, scalar == "-" || bulletScalars.contains(scalar) else { return nil }
        guard let first = text.first else { return nil }
        if first.unicodeScalars.count == 1, let scalar = first.unicodeScalars.first, bulletScalars.contains(scalar) {
            return (first, String(text.dropFirst()).trimmingJapaneseWhitespace())
        }
        if text.hasPrefix("- ") { return ("-", String(text.dropFirst(2)).trimmingJapaneseWhitespace()) }
        return nil
    }

    /// Splits a page number that pdftotext glued to the text after it, where
    /// the text starts with something a page never starts with in the middle
    /// of a number: 「152024（令和６）年８月」 → (15, 「2024（令和６）年８月」),
    /// 「6施策名：…」 → (6, 「施策名：…」), 「225外交青書 2013」 → (225, 「外交青書 2013」).
    public static func gluedPageNumber(_ text: String) -> (page: Int, rest: String)? {
        guard text.first?.isASCII == true, text.first?.isNumber == true,
              text.containsLiteral("年") || text.containsLiteral("施策名") || text.containsLiteral("外交青書"),
              let match = text.wholeMatch(of: gluedPagePattern),
              let page = Int(match.output.page) else { return nil }
        return (page, String(match.output.rest))
    }

    // Regex is immutable once built but not declared Sendable; sharing one instance is safe.
    nonisolated(unsafe) private static let gluedPagePattern =
        #/(?<page>\d{1,3})(?<rest>(?:19|20)\d\d（(?:昭和|平成|令和)(?:元|\d{1,2})）年.*|施策名[：:].*|外交青書\s*\d{4}.*)/#

    /// Display width: 2 for wide (CJK, full-width) characters, 1 otherwise.
    /// Column text in the evaluation sheets is told apart by width: the
    /// 今後の方向性 column is about half as wide as the 取組 column.
    public static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            width + (isWide(scalar) ? 2 : 1)
        }
    }

    /// Display width of one scalar (2 wide, 1 otherwise), for code that
    /// measures text a scalar at a time, such as the synthetic corpus's wrapper.
    public static func displayWidth(_ scalar: Unicode.Scalar) -> Int {
        isWide(scalar) ? 2 : 1
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x26AB, 0x25CF, 0x25CB, 0x25A0, 0x25C6, 0x2605, 0x27A2:
            true
        default:
            false
        }
    }

    /// True for a line that is a URL and nothing else.
    public static func isURL(_ text: String) -> Bool {
        (text.hasLiteralPrefix("https://") || text.hasLiteralPrefix("http://")) && !text.containsLiteral(" ")
    }

    /// True for the tail of a URL that pdftotext wrapped onto the next line
    /// (「1.html」, 「uka_pg.html」, 「/index.html」): ASCII, no spaces, not a bare number.
    public static func isURLContinuation(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 60 && text.allSatisfy { $0.isASCII && !$0.isWhitespace }
            && !text.allSatisfy(\.isNumber) && (text.contains(".") || text.contains("/") || text.contains("#"))
    }

    /// A line holding only a number, such as a page number or a list number
    /// printed beside its item: 「18」.
    public static func loneNumber(_ text: String) -> Int? {
        guard !text.isEmpty, text.hasCharacterCount(atMost: 3), text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    /// A list number printed beside its item that pdftotext appended to the
    /// item's last line: 「…発信する。1」 → (「…発信する。」, 1). Only after
    /// sentence-final punctuation, so 「G7」 or 「2+2」 are never split.
    public static func trailingItemNumber(_ text: String) -> (text: String, number: Int)? {
        guard text.last?.isASCII == true, text.last?.isNumber == true, let match = text.wholeMatch(of: trailingNumberPattern), let number = Int(match.output.number) else { return nil }
        return (String(match.output.body), number)
    }

    nonisolated(unsafe) private static let trailingNumberPattern = #/(?<body>.*[。）」])\s*(?<number>\d{1,2})/#

    /// Joins the wrapped lines of one paragraph. Japanese needs no space at a
    /// line break; a space is kept only between two Latin letters or digits.
    public static func join<S: Sequence>(_ lines: S) -> String where S.Element == String {
        var result = ""
        for line in lines { append(line, to: &result) }
        return result
    }

    /// Appends one wrapped line to a paragraph as `join` does, in place: a
    /// reader that grows a paragraph line by line pays for each line once,
    /// not for the whole paragraph again. Returns whether a space was put
    /// between them (two Latin letters or digits meeting).
    @discardableResult
    public static func append(_ line: String, to result: inout String) -> Bool {
        let piece = line.trimmingJapaneseWhitespace()
        guard !piece.isEmpty else { return false }
        var spaced = false
        if let last = result.last, let first = piece.first,
           last.isASCII, first.isASCII, (last.isLetter || last.isNumber), (first.isLetter || first.isNumber) {
            result += " "
            spaced = true
        }
        result += piece
        return spaced
    }

    /// True for a line of one or two characters that is part of text set
    /// vertically in a diagram (「各」「府」「省」…).
    public static func isVerticalFragment(_ text: String) -> Bool {
        !text.isEmpty && text.hasCharacterCount(atMost: 2) && text.unicodeScalars.allSatisfy(isWide)
    }
}
