import Foundation

/// Normalisation of PDF-extracted Japanese text that is safe to apply
/// everywhere.
///
/// Full NFKC would also rewrite ① as 1, （ as ( and ～ as ~, which changes
/// what the report says and how it reads. So only the compatibility
/// characters that carry no meaning of their own are folded: full-width
/// digits and Latin letters (「Ｇ７」 → 「G7」, 「ＰＫＯ」 → 「PKO」), the
/// full-width percent sign (％ → %), full-width space, half-width katakana
/// (「ﾌﾟﾛｼﾞｪｸﾄ」 → 「プロジェクト」), and the full-width full stop and comma
/// *between two digits*, where they are a decimal point or a thousands
/// separator (「１３．０億円」 → 「13.0億円」, 「１，２００」 → 「1,200」). Elsewhere
/// 「．」 is punctuation (「第６ ５．（４）」) and stays as printed.
public enum TextNormalizer {
    public static func normalize(_ text: String) -> String {
        guard !isNormalized(text) else { return text }
        var result = String.UnicodeScalarView()
        var halfWidthRun = String.UnicodeScalarView()
        func flushHalfWidth() {
            guard !halfWidthRun.isEmpty else { return }
            result.append(contentsOf: String(halfWidthRun).precomposedStringWithCompatibilityMapping.unicodeScalars)
            halfWidthRun.removeAll()
        }
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if isHalfWidthKatakana(scalar) {
                halfWidthRun.append(scalar)
                continue
            }
            flushHalfWidth()
            if let separator = numericSeparator(scalar) {
                let afterDigit = result.last.map(isASCIIDigit) ?? false
                let beforeDigit = index + 1 < scalars.count && isASCIIDigit(fold(scalars[index + 1]))
                let isNumber = afterDigit && beforeDigit && !isHeadingNumber(scalars, separatorAt: index)
                result.append(isNumber ? separator : scalar)
                continue
            }
            result.append(fold(scalar))
        }
        flushHalfWidth()
        return String(result)
    }

    /// True when `normalize` would return `text` unchanged.
    public static func isNormalized(_ text: String) -> Bool {
        guard text.unicodeScalars.contains(where: needsFolding) else { return true }
        // Only a 「．」 or 「，」 outside numbers needs no folding: look at its neighbours.
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() where needsFolding(scalar) {
            guard numericSeparator(scalar) != nil else { return false }
            if index > 0, index + 1 < scalars.count, isASCIIDigit(fold(scalars[index - 1])), isASCIIDigit(fold(scalars[index + 1])),
               !isHeadingNumber(scalars, separatorAt: index) { return false }
        }
        return true
    }

    /// Asked of every scalar of every line. All that folds but the
    /// ideographic space lies in U+FF05…U+FF9F, so one range test answers most text.
    private static func needsFolding(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\u{3000}"
            || (0xFF05...0xFF9F).contains(scalar.value)
            && (isFullWidthAlphanumeric(scalar) || scalar == "％" || isHalfWidthKatakana(scalar) || numericSeparator(scalar) != nil)
    }

    /// 「１．150を超える…」: a heading's number at the start of the text, then
    /// words that happen to begin with digits. A number there is read as a
    /// decimal only when a unit or the end follows it (「１３．０億円」 alone on a line).
    private static func isHeadingNumber(_ scalars: [Unicode.Scalar], separatorAt index: Int) -> Bool {
        var start = index
        while start > 0, isASCIIDigit(fold(scalars[start - 1])) { start -= 1 }
        guard scalars[..<start].allSatisfy({ $0 == " " || $0 == "\u{3000}" }) else { return false }
        var end = index + 1
        while end < scalars.count, isASCIIDigit(fold(scalars[end])) { end += 1 }
        guard end < scalars.count else { return false }
        return !"億万千兆百円人件%％ 　".unicodeScalars.contains(scalars[end])
    }

    /// 「．」 and 「，」: a decimal point and a thousands separator when set between digits.
    private static func numericSeparator(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar {
        case "．": "."
        case "，": ","
        default: nil
        }
    }

    private static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    private static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if isFullWidthAlphanumeric(scalar) || scalar == "％" {
            return Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar
        }
        if scalar == "\u{3000}" { return " " }
        return scalar
    }

    private static func isFullWidthAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        (0xFF10...0xFF19).contains(scalar.value) || (0xFF21...0xFF3A).contains(scalar.value) || (0xFF41...0xFF5A).contains(scalar.value)
    }

    private static func isHalfWidthKatakana(_ scalar: Unicode.Scalar) -> Bool {
        (0xFF61...0xFF9F).contains(scalar.value)
    }
}

extension String {
    /// Trims ASCII and ideographic white space from both ends: what
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` trims, without
    /// Foundation's copy of the text (this runs on every line).
    public func trimmingJapaneseWhitespace() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].isTrimmedWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].isTrimmedWhitespace { end = scalars.index(before: end) }
        return start == scalars.startIndex && end == scalars.endIndex ? self : String(scalars[start..<end])
    }
}

extension Unicode.Scalar {
    /// A member of Foundation's `CharacterSet.whitespacesAndNewlines`: space
    /// separators (including the ideographic space), tab, line and paragraph
    /// ends, and (as Foundation has it on Linux) the zero-width space.
    var isTrimmedWhitespace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0x200B, 0x2028, 0x2029: true
        case 0..<0xA0: false
        // Every space separator is white space: the table answers most characters.
        default: isWhitespace && properties.generalCategory == .spaceSeparator
        }
    }
}
