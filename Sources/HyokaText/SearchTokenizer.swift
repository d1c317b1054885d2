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
    ///
    /// Nearly all text is made of characters that are one Unicode scalar each
    /// (kana, kanji, ASCII, punctuation): that text is cut by scalars, each
    /// token sliced from the UTF-8 bytes (`ScalarTokens`), which builds no
    /// `Character` and no intermediate `String`. Text holding anything that can
    /// join its neighbour into one character (a combining mark, a variation
    /// selector, a joiner) is cut by `Character`s, as it always was; both ways
    /// give the same tokens (SearchTokenizerTests compares them on the corpus).
    public static func tokens(_ text: String) -> [String] {
        // NFC: text extracted from PDFs may spell ギ as キ + U+3099, and a combining mark is a
        // separator to FTS5's tokenizer; composed, the token is one character again.
        let normalized = composed(TextNormalizer.normalize(text))
        return ScalarTokens(normalized)?.tokens ?? characterTokens(normalized)
    }

    /// The tokens of normalised, composed `text`, cut by `Character`s: the
    /// general way, for text where a character may be several scalars.
    static func characterTokens(_ text: String) -> [String] {
        var tokens: [String] = []
        let runs = runs(ungrouped(text))
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
    static func composed(_ text: String) -> String {
        let hasMark = text.unicodeScalars.contains { (0x0300...0x036F).contains($0.value) || (0x3099...0x309A).contains($0.value) }
        return hasMark ? text.precomposedStringWithCanonicalMapping : text
    }

    /// An FTS5 query: each whitespace-separated part of `query` becomes a
    /// phrase of its tokens, and all parts must match. Nil when the query
    /// has nothing to search for.
    public static func ftsQuery(_ query: String) -> String? {
        let phrases = ftsPhrases(query)
        return phrases.isEmpty ? nil : phrases.joined(separator: " AND ")
    }

    /// Each phrase of `query` as an FTS5 query of its own (`"tok tok …"`), in the
    /// order `ftsQuery` joins them: a store that needs one phrase's matches alone
    /// (its IDF) searches for these.
    public static func ftsPhrases(_ query: String) -> [String] {
        phrases(query).map { phrase in
            "\"" + phrase.map { $0.replacingOccurrences(of: "\"", with: "\"\"") }.joined(separator: " ") + "\""
        }
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

    enum RunKind { case latin, japanese }

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
        character.unicodeScalars.first.map(isJapanese) ?? false
    }

    /// `isJapanese` of a character that is this one scalar.
    static func isJapanese(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar != "・", scalar != "゠" else { return false }
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

/// `SearchTokenizer.tokens` cut by Unicode scalars, for text in which every
/// scalar is a character of its own — what nearly all text is.
///
/// The rules are `characterTokens`' rules, applied to scalars: digit-grouping
/// commas are left out (`isGroupingComma`), runs of Latin letters and digits
/// and runs of Japanese characters are found with whether each touches the one
/// before across nothing but spaces, and each token is sliced from the text's
/// UTF-8 bytes — a bigram of kana or kanji is six bytes, which a `String`
/// holds inline, so most tokens allocate nothing.
///
/// Which scalars may be cut this way is a list of ranges (`standsAlone`),
/// not a property lookup: a scalar outside them (a combining mark such as
/// U+3099, a variation selector, U+200D, a Hangul jamo, a regional indicator)
/// may join its neighbour into one `Character`, and the text is then cut by
/// `Character`s instead (`init` returns nil).
struct ScalarTokens {
    private var scalars: [Unicode.Scalar] = []
    /// Where each kept scalar starts in `bytes`.
    private var offsets: [Int] = []
    private let bytes: [UInt8]

    private struct Run {
        var kind: SearchTokenizer.RunKind
        /// Indices into `scalars`, end excluded.
        var range: Range<Int>
        var touchesPrevious: Bool
    }

    /// Nil when some scalar of `text` may not be a character of its own.
    init?(_ text: String) {
        bytes = Array(text.utf8)
        var all: [Unicode.Scalar] = []
        var allOffsets: [Int] = []
        all.reserveCapacity(bytes.count)
        allOffsets.reserveCapacity(bytes.count)
        var offset = 0
        for scalar in text.unicodeScalars {
            guard Self.standsAlone(scalar) else { return nil }
            all.append(scalar)
            allOffsets.append(offset)
            offset += UTF8.width(scalar)
        }
        // `ungrouped`: a comma grouping digits is no separator (6,447 → 6447).
        if all.contains(",") {
            scalars.reserveCapacity(all.count)
            offsets.reserveCapacity(all.count)
            for index in all.indices where !Self.isGroupingComma(all, at: index) {
                scalars.append(all[index])
                offsets.append(allOffsets[index])
            }
        } else {
            scalars = all
            offsets = allOffsets
        }
    }

    var tokens: [String] {
        let runs = runs()
        var tokens: [String] = []
        tokens.reserveCapacity(bytes.count / 3 + 1)
        for (position, run) in runs.enumerated() {
            switch run.kind {
            case .latin:
                // ASCII only; a left-out comma may stand between its digits, so the bytes are gathered.
                var token: [UInt8] = []
                token.reserveCapacity(run.range.count)
                for index in run.range { token.append(Self.lowercased(UInt8(truncatingIfNeeded: scalars[index].value))) }
                tokens.append(String(decoding: token, as: UTF8.self))
            case .japanese:
                if run.range.count == 1 {
                    tokens.append(slice(run.range))
                } else {
                    let afterNumber = run.touchesPrevious && position > 0 && isASCIIDigit(runs[position - 1].range.last!)
                    let beforeNumber = position + 1 < runs.count && runs[position + 1].touchesPrevious && isASCIIDigit(runs[position + 1].range.first!)
                    if afterNumber { tokens.append(slice(run.range.first!..<(run.range.first! + 1))) }
                    for index in run.range.dropLast() { tokens.append(slice(index..<(index + 2))) }
                    if beforeNumber { tokens.append(slice((run.range.last!)..<(run.range.last! + 1))) }
                }
            }
        }
        return tokens
    }

    /// The text of the kept scalars `range`, which lie side by side in the text.
    private func slice(_ range: Range<Int>) -> String {
        let start = offsets[range.lowerBound]
        let last = range.upperBound - 1
        let end = offsets[last] + UTF8.width(scalars[last])
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    private func isASCIIDigit(_ index: Int) -> Bool { (0x30...0x39).contains(scalars[index].value) }

    /// As `SearchTokenizer.runs`: a run ends where the kind changes; a run
    /// touches the previous one when only whitespace stands between them.
    private func runs() -> [Run] {
        var result: [Run] = []
        var currentKind: SearchTokenizer.RunKind?
        var start = 0
        var touches = false
        var blankGap = false
        for (index, scalar) in scalars.enumerated() {
            let kind = Self.kind(scalar)
            if kind != currentKind {
                if let currentKind {
                    result.append(Run(kind: currentKind, range: start..<index, touchesPrevious: touches))
                    blankGap = true
                }
                if kind == nil { blankGap = blankGap && Self.isWhitespace(scalar) } else { touches = blankGap; start = index }
            } else if kind == nil {
                blankGap = blankGap && Self.isWhitespace(scalar)
            }
            currentKind = kind
        }
        if let currentKind { result.append(Run(kind: currentKind, range: start..<scalars.count, touchesPrevious: touches)) }
        return result
    }

    private static func kind(_ scalar: Unicode.Scalar) -> SearchTokenizer.RunKind? {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: .latin
        case 0..<0x80: nil
        default: SearchTokenizer.isJapanese(scalar) ? .japanese : nil
        }
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar == " " || (0x09...0x0D).contains(scalar.value)) : scalar.properties.isWhitespace
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }

    /// `isGroupingComma` of characters, on scalars that are each a character.
    private static func isGroupingComma(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        func isDigit(_ index: Int) -> Bool { (0x30...0x39).contains(scalars[index].value) }
        return scalars[index] == "," && index > 0 && isDigit(index - 1) && index + 3 < scalars.count
            && isDigit(index + 1) && isDigit(index + 2) && isDigit(index + 3)
            && (index + 4 >= scalars.count || !isDigit(index + 4))
    }

    /// Whether `scalar` is sure to be a character of its own wherever it
    /// stands: no grapheme rule joins it to a neighbour (it is no mark,
    /// joiner, selector, prepended sign, Hangul jamo nor regional indicator),
    /// except CR LF, which both ways treat as whitespace alike.
    static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x80,
             0xA0...0x2FF,                 // Latin-1, Latin Extended, spacing modifier letters
             0x370...0x3FF, 0x400...0x482, // Greek, Cyrillic letters
             0x2010...0x2027, 0x2030...0x205E, 0x2070...0x20CF, // punctuation, super- and subscripts, currency
             0x2100...0x2BFF,              // letterlike, numbers, arrows, maths, boxes, shapes, symbols
             0x2E80...0x2FDF,              // CJK radicals
             0x3000...0x3029, 0x3030...0x303F, // CJK punctuation (not the tone marks U+302A…302F)
             0x3041...0x3096, 0x309B...0x30FF, // kana (not the combining sound marks U+3099, U+309A)
             0x3100...0x312F, 0x3190...0x319F, 0x31F0...0x33FF, // bopomofo, kanbun, katakana extension, enclosed CJK
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, // kanji
             0xFF01...0xFF9D, 0xFFE0...0xFFEE: // full-width forms, half-width katakana (not U+FF9E, U+FF9F)
            true
        default:
            false
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
        scalarwise(text, terms: terms, radius: radius) ?? characterwise(text, terms: terms, radius: radius)
    }

    /// `make` where the text, its folded form and the terms are made of
    /// standalone scalars (nearly always): each scalar is then a character
    /// and equal scalars are equal characters, so the same offsets and
    /// matches come from comparing scalars, without finding grapheme
    /// boundaries or asking each `Character` whether it is whitespace — which
    /// made the snippets of a search page's 50 review-sheet hits a tenth of
    /// its CPU. Nil where that does not hold, for `characterwise`.
    static func scalarwise(_ text: String, terms: [String], radius: Int) -> Snippet? {
        guard text.isStandalone else { return nil }
        let original = Array(text.unicodeScalars)
        let characters: [Unicode.Scalar]
        if TextNormalizer.isNormalized(text), let lowered = lowercased(original) {
            characters = lowered
        } else {
            let foldedText = TextNormalizer.normalize(text).lowercased()
            guard foldedText.isStandalone else { return nil }
            characters = Array(foldedText.unicodeScalars)
            // Folding changed the number of characters: `characterwise` has its own way.
            guard characters.count == original.count else { return nil }
        }
        var needles: [[Unicode.Scalar]] = []
        for term in terms {
            let needle = String(SearchTokenizer.ungrouped(term).filter { !$0.isWhitespace })
            guard needle.isStandalone else { return nil }
            needles.append(Array(needle.unicodeScalars))
        }
        let found = matches(of: needles, in: characters) { characters[$0].isWhitespace || isGroupingComma(characters, at: $0) }
        return snippet(of: original.count, matches: found, radius: radius) { String(String.UnicodeScalarView(original[$0])) }
    }

    /// `String.lowercased()` of standalone `scalars`, scalar by scalar, where no scalar lowercases to more
    /// than itself: ASCII letters lowered, kana, kanji and CJK punctuation as they are, any other scalar
    /// as it is unless lowercasing changes it. Nil when one does (İ, Σ, Ａ…): the text is lowered whole.
    /// Why: most texts are normalised already and hold nothing to lower, and making their lowered copy,
    /// then its scalars, was most of a snippet's time.
    private static func lowercased(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        var lowered = scalars
        for index in lowered.indices {
            let value = lowered[index].value
            switch value {
            case 0x41...0x5A: lowered[index] = Unicode.Scalar(UInt8(value + 0x20))
            case 0..<0x80, 0x3000...0x9FFF: continue
            default: if lowered[index].properties.changesWhenLowercased { return nil }
            }
        }
        return lowered
    }

    /// Where each needle stands in `characters` (the folded text), the
    /// characters `skipped` says (whitespace, digit-grouping commas) left out
    /// of the comparison: each match as the range of `characters` from its
    /// first compared character to its last. Matches of one needle do not overlap.
    private static func matches<Element: Equatable>(of needles: [[Element]], in characters: [Element],
                                                    skipping skipped: (Int) -> Bool) -> [Range<Int>] {
        // The characters compared, each with its offset in `characters`.
        var comparable: [Element] = []
        var origin: [Int] = []
        comparable.reserveCapacity(characters.count)
        origin.reserveCapacity(characters.count)
        for index in characters.indices where !skipped(index) {
            comparable.append(characters[index])
            origin.append(index)
        }
        var matches: [Range<Int>] = []
        for needle in needles {
            guard !needle.isEmpty, needle.count <= comparable.count else { continue }
            var index = 0
            while index + needle.count <= comparable.count {
                // Compared in place, without copying each window into an array first.
                if comparable[index] == needle[0], comparable[index..<(index + needle.count)].elementsEqual(needle) {
                    matches.append(origin[index]..<(origin[index + needle.count - 1] + 1))
                    index += needle.count
                } else {
                    index += 1
                }
            }
        }
        return matches
    }

    /// The snippet around the first of `matches` in a text of `count`
    /// characters, whose characters in a range `slice` gives.
    private static func snippet(of count: Int, matches: [Range<Int>], radius: Int, slice: (Range<Int>) -> String) -> Snippet {
        let matches = matches.sorted { $0.lowerBound < $1.lowerBound }
        let center = matches.first?.lowerBound ?? 0
        let start = max(0, center - radius)
        let end = min(count, center + radius + (matches.first?.count ?? 0))
        let prefix = start > 0 ? "…" : ""
        let suffix = end < count ? "…" : ""
        let highlights = matches.filter { $0.lowerBound >= start && $0.upperBound <= end }
            .map { Snippet.Highlight(start: $0.lowerBound - start + prefix.count, length: $0.count) }
        return Snippet(text: prefix + slice(start..<end) + suffix, highlights: highlights)
    }

    /// `make` character by character: exact for any text.
    static func characterwise(_ text: String, terms: [String], radius: Int) -> Snippet {
        let folded = Array(TextNormalizer.normalize(text).lowercased())
        let original = Array(text)
        // Normalisation keeps one character per character for the forms it folds here.
        let characters = folded.count == original.count ? folded : Array(text.lowercased())
        let needles = terms.map { Array(SearchTokenizer.ungrouped($0).filter { !$0.isWhitespace }) }
        let found = matches(of: needles, in: characters) { characters[$0].isWhitespace || isGroupingComma(characters, at: $0) }
        return snippet(of: original.count, matches: found, radius: radius) { String(original[$0]) }
    }

}

/// Whether the character at `index` is a comma grouping a number's digits:
/// after a digit and before exactly three (6,447; not 1,2 nor 12,3456).
func isGroupingComma(_ characters: [Unicode.Scalar], at index: Int) -> Bool {
    characters[index] == "," && index > 0 && characters[index - 1].isASCIIDigit && index + 3 < characters.count
        && characters[(index + 1)...(index + 3)].allSatisfy(\.isASCIIDigit)
        && (index + 4 >= characters.count || !characters[index + 4].isASCIIDigit)
}

func isGroupingComma(_ characters: [Character], at index: Int) -> Bool {
    characters[index] == "," && index > 0 && characters[index - 1].isASCIIDigitLike && index + 3 < characters.count
        && characters[(index + 1)...(index + 3)].allSatisfy(\.isASCIIDigitLike)
        && (index + 4 >= characters.count || !characters[index + 4].isASCIIDigitLike)
}
