import Foundation

/// Normalisation of PDF-extracted Japanese text that is safe to apply
/// everywhere.
///
/// Full NFKC would also rewrite ① as 1, （ as ( and ～ as ~, which changes
/// what the report says and how it reads. So only the compatibility
/// characters that carry no meaning of their own are folded: full-width
/// digits and Latin letters (「Ｇ７」 → 「G7」, 「ＰＫＯ」 → 「PKO」), the
/// full-width percent sign (％ → %), full-width space, and half-width katakana
/// (「ﾌﾟﾛｼﾞｪｸﾄ」 → 「プロジェクト」).
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
        for scalar in text.unicodeScalars {
            if isHalfWidthKatakana(scalar) {
                halfWidthRun.append(scalar)
                continue
            }
            flushHalfWidth()
            result.append(fold(scalar))
        }
        flushHalfWidth()
        return String(result)
    }

    /// True when `normalize` would return `text` unchanged.
    public static func isNormalized(_ text: String) -> Bool {
        !text.unicodeScalars.contains(where: needsFolding)
    }

    private static func needsFolding(_ scalar: Unicode.Scalar) -> Bool {
        isFullWidthAlphanumeric(scalar) || scalar == "％" || scalar == "\u{3000}" || isHalfWidthKatakana(scalar)
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
    /// Trims ASCII and ideographic white space from both ends.
    public func trimmingJapaneseWhitespace() -> String {
        trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
