import HyokaModel

/// Tokenisation for Japanese full-text search, the same for every store.
///
/// Japanese has no spaces between words, and a dictionary tokenizer is a
/// heavy dependency, so text is indexed as overlapping character bigrams:
/// 「地方自治体」 → 地方 方自 自治 治体. A query is tokenised the same way and
/// searched as a phrase, so two-character words (ビザ, 外交) match, longer
/// ones match only where all their bigrams stand in order, and Latin words
/// match whole (G7, PKO, JICA), after full-width forms are folded
/// (ＰＫＯ → pko).
///
/// Figures are written many ways — 6447, 6,447, ６，４４７ — so digit
/// grouping is dropped (6,447 → 6447) after full-width folding, and a
/// decimal's parts stand as tokens in order (4.6 → 4 6). A number's unit or
/// counter (億, 人, 件) and a prefix such as 約 would be lost inside bigrams
/// (「億件」 does not hold the token 「億」), so the character touching a
/// number is also a token of its own: 「約4.6億件」 → 約 4 6 億 億件, which
/// 「4.6億」 (4 6 億) and 「約4.6億件」 both find. Query and index are
/// tokenised alike, so the rule holds on both sides.
public enum SearchTokenizer {
    /// The tokens of `text`, in order.
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        // NFC: text extracted from PDFs may spell ギ as キ + U+3099, and a combining mark is a
        // separator to FTS5's tokenizer; composed, the token is one character again.
        let runs = runs(ungrouped(composed(TextNormalizer.normalize(text))))
        for (position, run) in runs.enumerated() {
            switch run.kind {
            case .latin:
                tokens.append(run.text.lowercased())
            case .japanese:
                let characters = Array(run.text)
                if characters.count == 1 {
                    tokens.append(run.text)
                } else {
                    let afterNumber = run.touchesPrevious && position > 0 && runs[position - 1].text.last?.isASCIIDigitLike == true
                    let beforeNumber = position + 1 < runs.count && runs[position + 1].touchesPrevious && runs[position + 1].text.first?.isASCIIDigitLike == true
                    if afterNumber { tokens.append(String(characters[0])) }
                    for index in 0..<(characters.count - 1) { tokens.append(String(characters[index...(index + 1)])) }
                    if beforeNumber { tokens.append(String(characters[characters.count - 1])) }
                }
            }
        }
        return tokens
    }

    /// `text` without the commas that group a number's digits: 6,447 → 6447,
    /// 1,234,567 → 1234567. A comma is a group separator only between a digit
    /// and exactly three digits, so a list such as 1,2 keeps its comma.
    static func ungrouped(_ text: String) -> String {
        guard text.contains(",") else { return text }
        let characters = Array(text)
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for (index, character) in characters.enumerated() where !isGroupingComma(characters, at: index) {
            result.append(character)
        }
        return result
    }

    /// `text` in NFC when it holds a combining mark (PDF text's キ + U+3099);
    /// as it is otherwise, which is nearly always and much faster.
    private static func composed(_ text: String) -> String {
        let hasMark = text.unicodeScalars.contains { (0x0300...0x036F).contains($0.value) || (0x3099...0x309A).contains($0.value) }
        return hasMark ? text.precomposedStringWithCanonicalMapping : text
    }

    /// An FTS5 query: each whitespace-separated part of `query` becomes a
    /// phrase of its tokens, and all parts must match. Nil when the query
    /// has nothing to search for.
    public static func ftsQuery(_ query: String) -> String? {
        let phrases = phrases(query).map { phrase in
            "\"" + phrase.map { $0.replacingOccurrences(of: "\"", with: "\"\"") }.joined(separator: " ") + "\""
        }
        return phrases.isEmpty ? nil : phrases.joined(separator: " AND ")
    }

    /// The phrases a query searches for, all of which must match: the
    /// tokens of each whitespace-separated part that has any. Every store
    /// builds its query from these.
    public static func phrases(_ query: String) -> [[String]] {
        query.split(whereSeparator: \.isWhitespace).map { tokens(String($0)) }.filter { !$0.isEmpty }
    }

    /// The query's parts as they should be highlighted in the original text
    /// (normalised, lowercased for Latin).
    public static func highlightTerms(_ query: String) -> [String] {
        query.split(whereSeparator: \.isWhitespace).map { TextNormalizer.normalize(String($0)).lowercased() }.filter { !$0.isEmpty }
    }

    private enum RunKind { case latin, japanese }

    /// A run of one kind of character, and whether it follows the previous
    /// run with nothing but spaces between them (「4.6億」: 億 touches 6).
    private struct Run {
        var kind: RunKind
        var text: String
        var touchesPrevious: Bool
    }

    private static func runs(_ text: String) -> [Run] {
        var result: [Run] = []
        var current = ""
        var currentKind: RunKind?
        var touches = false
        // Only spaces since the last run ended: PDF text prints 「29.5 万人」 for 29.5万人.
        var blankGap = false
        for character in text {
            let kind: RunKind? = character.isASCII && (character.isLetter || character.isNumber) ? .latin
                : isJapanese(character) ? .japanese : nil
            if kind != currentKind {
                if let currentKind, !current.isEmpty {
                    result.append(Run(kind: currentKind, text: current, touchesPrevious: touches))
                    current = ""
                    blankGap = true
                }
                if kind == nil { blankGap = blankGap && character.isWhitespace } else { touches = blankGap }
            } else if kind == nil {
                blankGap = blankGap && character.isWhitespace
            }
            currentKind = kind
            if kind == .japanese, character.unicodeScalars.count > 1 {
                // A mark NFC could not compose stays out of the token, as it stays out of FTS5's.
                current.unicodeScalars.append(contentsOf: character.unicodeScalars.filter { !isCombiningMark($0) })
            } else if kind != nil {
                current.append(character)
            }
        }
        if let currentKind, !current.isEmpty { result.append(Run(kind: currentKind, text: current, touchesPrevious: touches)) }
        return result
    }

    /// Kanji, kana and the long-vowel mark: the characters words are made of.
    /// Every one is a letter to FTS5's unicode61 tokenizer, so a token here
    /// is one token there; the stand-alone sound marks ゛゜ (U+309B, U+309C)
    /// are not letters and separate words in both.
    private static func isJapanese(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first, scalar != "・", scalar != "゠" else { return false }
        switch scalar.value {
        case 0x3097...0x309C: return false
        case 0x3041...0x309F, 0x30A0...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x3005, 0x3006: return true
        default: return false
        }
    }

    private static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }
}

/// Builds the extract shown for a search hit.
public enum Snippets {
    /// Up to `radius` characters either side of the first match, with every
    /// match of a query term highlighted. Matching ignores full-width forms
    /// and Latin case, as the search does, and spaces, line breaks and digit
    /// grouping too: 「6447」 marks 「6,447」, 「29.5万人」 marks 「29.5 万人」.
    public static func make(_ text: String, terms: [String], radius: Int = 40) -> Snippet {
        let folded = Array(TextNormalizer.normalize(text).lowercased())
        let original = Array(text)
        // Normalisation keeps one character per character for the forms it folds here.
        let characters = folded.count == original.count ? folded : Array(text.lowercased())
        // The characters compared, each with its place in `original`.
        var comparable: [Character] = []
        var origin: [Int] = []
        for (index, character) in characters.enumerated() where !character.isWhitespace && !isGroupingComma(characters, at: index) {
            comparable.append(character)
            origin.append(index)
        }
        var matches: [Range<Int>] = []
        for term in terms {
            let needle = Array(SearchTokenizer.ungrouped(term).filter { !$0.isWhitespace })
            guard !needle.isEmpty, needle.count <= comparable.count else { continue }
            var index = 0
            while index + needle.count <= comparable.count {
                if Array(comparable[index..<(index + needle.count)]) == needle {
                    matches.append(origin[index]..<(origin[index + needle.count - 1] + 1))
                    index += needle.count
                } else {
                    index += 1
                }
            }
        }
        matches.sort { $0.lowerBound < $1.lowerBound }
        let center = matches.first?.lowerBound ?? 0
        let start = max(0, center - radius)
        let end = min(original.count, center + radius + (matches.first?.count ?? 0))
        let prefix = start > 0 ? "…" : ""
        let suffix = end < original.count ? "…" : ""
        let highlights = matches.filter { $0.lowerBound >= start && $0.upperBound <= end }
            .map { Snippet.Highlight(start: $0.lowerBound - start + prefix.count, length: $0.count) }
        return Snippet(text: prefix + String(original[start..<end]) + suffix, highlights: highlights)
    }

}

/// Whether the character at `index` is a comma grouping a number's digits:
/// after a digit and before exactly three (6,447; not 1,2 nor 12,3456).
func isGroupingComma(_ characters: [Character], at index: Int) -> Bool {
    characters[index] == "," && index > 0 && characters[index - 1].isASCIIDigitLike && index + 3 < characters.count
        && characters[(index + 1)...(index + 3)].allSatisfy(\.isASCIIDigitLike)
        && (index + 4 >= characters.count || !characters[index + 4].isASCIIDigitLike)
}
