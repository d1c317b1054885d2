import HyokaText

/// How text looks once a PDF has been set and `pdftotext -layout` has read it
/// back: hard wraps at a column width, full-width digits, 和暦 years.
///
/// Widths are display widths (`LineShape.displayWidth`: 2 for CJK and
/// full-width characters, 1 for ASCII), the measure the recognisers use to
/// tell the narrow 今後の方向性 column from the wide 取組 column.
enum PrintedText {
    /// Characters a Japanese line may not start with (禁則): they hang at the
    /// end of the previous line instead, as typesetters do.
    static let noLineStart: Set<Unicode.Scalar> = ["、", "。", "・", "）", "」", "』", "：", "，", "．"]
    /// Characters a line may not end with: they move to the next line.
    static let noLineEnd: Set<Unicode.Scalar> = ["（", "「", "『"]

    /// Breaks `text` into lines at most `width` wide (`firstWidth` for the
    /// first), hanging closing punctuation past the width and never breaking
    /// inside a run of ASCII letters and digits, so that joining the lines
    /// back (`LineShape.join`) gives the text exactly.
    ///
    /// Works on Unicode scalars, not Characters: the vocabulary has no
    /// combining sequences, and grapheme breaking would cost most of the
    /// generator's time.
    ///
    /// - Parameter avoidSentenceEnds: when true, no line but the last ends in
    ///   「。」: the break moves a little earlier. Needed where a reader takes a
    ///   line ending in 「。」 as the end of a paragraph (the generic layout).
    static func wrap(_ text: String, width: Int, firstWidth: Int? = nil, avoidSentenceEnds: Bool = false) -> [String] {
        let scalars = Array(text.unicodeScalars)
        // Lines are cut from the text by index (a copy of UTF-8), not rebuilt from scalars.
        var indices = Array(text.unicodeScalars.indices)
        indices.append(text.endIndex)
        var lines: [String] = []
        var start = 0
        while start < scalars.count {
            let limit = lines.isEmpty ? (firstWidth ?? width) : width
            var end = start
            var used = 0
            while end < scalars.count {
                let next = used + LineShape.displayWidth(scalars[end])
                if next > limit { break }
                used = next
                end += 1
            }
            if end < scalars.count {
                end = adjustedBreak(scalars, start: start, end: max(end, start + 1), avoidSentenceEnds: avoidSentenceEnds)
            }
            lines.append(String(text[indices[start]..<indices[end]]))
            start = end
        }
        return lines
    }

    /// Moves a break so that it does not split an ASCII word, start a line
    /// with closing punctuation or a space, or end one with an opening bracket.
    private static func adjustedBreak(_ scalars: [Unicode.Scalar], start: Int, end: Int, avoidSentenceEnds: Bool) -> Int {
        var end = end
        // Never split 「JICA」 or 「2,000」: move the whole run to the next line.
        while end > start + 1, isWordScalar(scalars[end - 1]), isWordScalar(scalars[end]) { end -= 1 }
        if end == start + 1, isWordScalar(scalars[start]), end < scalars.count, isWordScalar(scalars[end]) {
            // A run longer than the line: let it overflow instead.
            while end < scalars.count, isWordScalar(scalars[end]) { end += 1 }
            return end
        }
        // Closing punctuation hangs on the line it closes; so does a space, since
        // a line starting with one space reads as the first line of a page.
        while end < scalars.count, noLineStart.contains(scalars[end]) || scalars[end] == " " { end += 1 }
        while end > start + 1, noLineEnd.contains(scalars[end - 1]) { end -= 1 }
        if avoidSentenceEnds, end < scalars.count, scalars[end - 1] == "。" {
            var candidate = end - 2
            while candidate > start + 1, !isCleanBreak(scalars, at: candidate) { candidate -= 1 }
            if candidate > start + 1 { end = candidate }
        }
        return end
    }

    /// True when a line may end before `index`: not inside a word, not
    /// before closing punctuation, not after an opening bracket or a 「。」.
    private static func isCleanBreak(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        let before = scalars[index - 1], after = scalars[index]
        return !(isWordScalar(before) && isWordScalar(after)) && !noLineStart.contains(after)
            && !noLineEnd.contains(before) && before != "。" && after != " "
    }

    /// ASCII letters, digits and the punctuation inside numbers (「2,000」, 「84.2%」).
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2C, 0x2E, 0x25: true
        default: false
        }
    }

    /// True when `text` ends with 「。」.
    static func endsSentence(_ text: String) -> Bool {
        text.unicodeScalars.last == "。"
    }

    // MARK: Digits

    /// 「３」 for 3: full-width digits as Japanese documents set single digits.
    static func fullWidth(_ number: Int) -> String {
        String(String(number).unicodeScalars.map { scalar in
            Character(Unicode.Scalar(scalar.value + 0xFEE0) ?? scalar)
        })
    }

    /// Single digits full-width, longer numbers in ASCII: 「３」, 「10」 — the
    /// convention of the MOFA sheets (個別分野３, 個別分野10).
    static func sheetNumber(_ number: Int) -> String {
        number < 10 ? fullWidth(number) : String(number)
    }

    /// Replaces each digit that stands alone (not beside another digit, a
    /// letter, 「.」 or 「,」) with its full-width form (「4か国」 → 「４か国」)
    /// and, with `percent`, 「%」 with 「％」: how the MOFA sheets set them.
    static func fullWidthSingleDigits(_ text: String, percent: Bool = false) -> String {
        guard text.utf8.contains(where: { (0x30...0x39).contains($0) || (percent && $0 == 0x25) }) else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            let isDigit = (0x30...0x39).contains(scalar.value)
            if isDigit, index == 0 || !isWordScalar(scalars[index - 1]), index + 1 == scalars.count || !isWordScalar(scalars[index + 1]),
               let wide = Unicode.Scalar(scalar.value + 0xFEE0) {
                result.append(wide)
            } else if percent, scalar == "%" {
                result.append("％")
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// 「20」 for 20.0, 「2.5」 for 2.5.
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// 「0187」: zero-padded, as 事業番号 and file numbers are printed.
    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// 「1,234」
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    // MARK: Eras

    /// The era and year of a fiscal or calendar year: 2023 → (令和, 5),
    /// 2019 → (令和, 1), 2018 → (平成, 30). The era changed on 1 May 2019;
    /// a fiscal year is named by the era in force on 1 April, so FY2019 is
    /// 平成31年度 in law but 令和元年度 in every later document, as here.
    static func era(of year: Int) -> (name: String, letter: String, year: Int) {
        year >= 2019 ? ("令和", "R", year - 2018) : ("平成", "H", year - 1988)
    }

    /// 「令和５」, 「令和元」, 「平成30」.
    static func eraYear(_ year: Int, fullWidthDigits: Bool = true) -> String {
        let (name, _, number) = era(of: year)
        return name + eraNumber(number, fullWidthDigits: fullWidthDigits)
    }

    /// The year within an era as printed: 「元」 for the first, full-width single digits.
    static func eraNumber(_ number: Int, fullWidthDigits: Bool = true) -> String {
        if number == 1 { return "元" }
        return fullWidthDigits ? sheetNumber(number) : String(number)
    }

    /// 「2024（令和６）年８月」: the date printed at the top of a MOFA sheet.
    static func sheetDate(year: Int, month: Int) -> String {
        "\(year)（\(eraYear(year))）年\(sheetNumber(month))月"
    }
}
