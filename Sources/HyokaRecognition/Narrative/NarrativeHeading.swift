import HyokaModel
import HyokaText

/// A heading of a narrative document (外交青書, 白書), read by the grammar
/// of Japanese government prose rather than by fixed strings.
///
/// The levels, outermost first: 第N部, 第N章, 第N節, 総論/各論, 「1 …」,
/// 「1．…」 (or 「1－1．…」), 「（1）…」, 「ア …」, 「① …」, and headings
/// set with a bullet (「■ …」「● …」). Numbers may be full- or half-width
/// (the text is already folded), brackets full- or half-width, and the
/// separator between number and title a tab, spaces or nothing — except
/// where nothing would make ordinary text read as a heading: 「1」 followed
/// by a counter (「1月」「3年」) is a date, and 「ア」 glued to katakana is a
/// word (「アジア」).
struct NarrativeHeading: Equatable {
    /// Outermost first; a heading nests under every open heading of a lower rank.
    enum Rank: Int, Comparable, CaseIterable {
        case part = 1, chapter, section, overview, number, dotted, paren, kana, circled, bullet

        static func < (lhs: Rank, rhs: Rank) -> Bool { lhs.rawValue < rhs.rawValue }

        /// Ranks a chapter's running text reuses in lists inside paragraphs;
        /// they are headings only where a paragraph has ended.
        var isWeak: Bool { self >= .number }
    }

    let rank: Rank
    /// The sequence number (「（3）」 → 3, 「ウ」 → 3), when the marker counts.
    let number: Int?
    /// The marker as printed: 「第4章」「1」「（1）」「ア」「①」「■」.
    let marker: String
    /// The words after the marker; empty when the marker stands on its own line.
    var words: String
    /// True when a separator (tab or spaces) stood between marker and words.
    let separated: Bool
    /// True when the line reads as well as ordinary text (「1日本社会…」 or
    /// 「1日に…」, 「ア開発…」): a heading only if its number is the next one.
    var isAmbiguous = false
    /// True for a kana marker glued to katakana (「ウビザ分野」): the line
    /// reads first as a word (「アジア」「イスラエル」), so it is a heading
    /// only where the kana continues its sequence (イ → ウ), or opens one
    /// (ア) on a line shaped like a title.
    var readsAsWord = false

    /// The section title: marker and words as printed, white space closed up
    /// to one space (「（1）ビザ（査証）」, 「1 日本社会の国際化への対応」).
    var title: String {
        guard !words.isEmpty else { return marker }
        switch rank {
        case .overview: return words
        case .part, .chapter, .section, .number: return "\(marker) \(words)"
        case .kana: return marker.count == 1 ? "\(marker) \(words)" : separated ? "\(marker) \(words)" : marker + words
        default: return separated ? "\(marker) \(words)" : marker + words
        }
    }

    // MARK: Grammar

    nonisolated(unsafe) static let division = #/第(?<n>\d{1,2}|[一二三四五六七八九十]{1,3})(?<unit>[部章節])(?<sep>\s*)(?<words>.*)/#
    nonisolated(unsafe) static let overview = #/(?<words>総\s*論|各\s*論)/#
    /// 「1．150を超える…」: after a full-width 「．」 the words may start with a
    /// digit; after 「.」 they may not (「1.5倍」).
    nonisolated(unsafe) static let dotted = #/(?<n>\d{1,2})(?:[-－‐](?<m>\d{1,2}))?(?:．|\.(?=\s*[^\d\s]))(?<sep>\s*)(?<words>[^\s.．].*)/#
    nonisolated(unsafe) static let numbered = #/(?<n>\d{1,2})(?<sep>\s*)(?<words>[^\d\s.．,，、。：:%)）].*)/#
    nonisolated(unsafe) static let paren = #/[（(](?<n>\d{1,2})[）)](?<sep>\s*)(?<words>.*)/#
    nonisolated(unsafe) static let kana = #/[（(]?(?<k>[アイウエオカキクケコサシスセソ])[）)]?(?<sep>\s*)(?<words>.*)/#
    nonisolated(unsafe) static let circled = #/(?<c>[①-⑳])(?<sep>\s*)(?<words>.*)/#
    nonisolated(unsafe) static let bullet = #/(?<b>[■●◆□◇])(?<sep>\s*)(?<words>.*)/#
    /// A table-of-contents entry ends in its page number after a tab, spaces or leaders.
    nonisolated(unsafe) static let contentsEntry = #/.*\S(?:\t|\s{2,}|[.．…・‥]{2,})\s*\d{1,4}/#

    static let kanaOrder = Array("アイウエオカキクケコサシスセソ")
    /// Characters that make a leading number a quantity or a date, not a heading number.
    static let counters = Set("年月日時分秒人件回か箇カヶ歳割倍億万千百十号条項点位名社校国台次期世代者兆円")
    /// Longest heading title accepted (characters). Longer lines are prose.
    static let maximumLength = 64

    /// Reads `text` (one normalised, trimmed line) as a heading, or nil.
    /// A marker alone (「第1節」, 「（2）」, 「●」) is returned with empty words:
    /// its title may stand on the next line.
    ///
    /// `gluedKana` also reads a kana marker glued to katakana, which is
    /// `readsAsWord`: only the parse that decides headings in sequence asks
    /// for it; elsewhere 「アジア…」 is text.
    static func parse(_ text: String, gluedKana: Bool = false) -> NarrativeHeading? {
        // Each match's `output` is taken once: the getter builds every capture
        // anew, and costs more than the match itself.
        guard let first = text.first, !text.hasLiteralSuffix("。"), !text.hasLiteralSuffix("、"),
              text.hasCharacterCount(atMost: maximumLength) else { return nil }
        let scalar = first.unicodeScalars.first?.value ?? 0
        if first == "第", let match = text.wholeMatch(of: division)?.output {
            let rank: Rank = match.unit == "部" ? .part : match.unit == "章" ? .chapter : .section
            return heading(rank, number: number(String(match.n)), marker: "第\(match.n)\(match.unit)",
                           sep: match.sep, words: match.words)
        }
        if first == "総" || first == "各", let match = text.wholeMatch(of: overview)?.output {
            let words = match.words.filter { !$0.isWhitespace }
            return NarrativeHeading(rank: .overview, number: nil, marker: "", words: String(words), separated: false)
        }
        if first.isASCII, first.isNumber {
            guard mayBeNumbered(text) else { return nil }
            if let match = text.wholeMatch(of: dotted)?.output {
                let marker = String(text[..<match.sep.startIndex])
                // 「1－2．英国」 is the second of its kind: the last number counts.
                return heading(.dotted, number: Int(match.m ?? match.n), marker: marker, sep: match.sep, words: match.words)
            }
            if let match = text.wholeMatch(of: numbered)?.output, let leading = match.words.first {
                var result = heading(.number, number: Int(match.n), marker: String(match.n), sep: match.sep, words: match.words)
                // 「1月…」「3年に1度…」 read as dates and quantities, 「5G…」 as a
                // name; 「1日本社会の…」「2ASEANをめぐる取組」 may still be headings,
                // which the sequence of numbers decides.
                result?.isAmbiguous = match.sep.isEmpty && (counters.contains(leading) || leading.isASCII)
                return result
            }
            return nil
        }
        if first == "（" || first == "(" {
            if let match = text.wholeMatch(of: paren)?.output {
                return heading(.paren, number: Int(match.n), marker: String(text[..<match.sep.startIndex]), sep: match.sep, words: match.words)
            }
            if let match = text.wholeMatch(of: kana)?.output, let index = kanaOrder.firstIndex(of: match.k.first ?? " ") {
                return heading(.kana, number: index + 1, marker: String(text[..<match.sep.startIndex]), sep: match.sep, words: match.words)
            }
            return nil
        }
        if (0x30A2...0x30BD).contains(scalar), let index = kanaOrder.firstIndex(of: first), gluedKana || !opensKatakanaWord(text),
           let match = text.wholeMatch(of: kana)?.output {
            // 「アジア」「イスラエル」 are words: glued to its title, a kana
            // marker must be followed by something that is not katakana.
            let gluedToWord = match.sep.isEmpty && match.words.unicodeScalars.first.map { (0x30A0...0x30FF).contains($0.value) } == true
            if gluedToWord, !gluedKana { return nil }
            var result = heading(.kana, number: index + 1, marker: String(match.k), sep: match.sep, words: match.words)
            result?.isAmbiguous = match.sep.isEmpty
            result?.readsAsWord = gluedToWord
            return result
        }
        if (0x2460...0x2473).contains(scalar), let match = text.wholeMatch(of: circled)?.output {
            return heading(.circled, number: Int(scalar - 0x2460 + 1), marker: String(match.c), sep: match.sep, words: match.words)
        }
        // Bullets are symbols: a line that opens with a letter (the kanji and
        // kana most lines of prose open with) is not tried against the pattern.
        if !first.isLetter, let match = text.wholeMatch(of: bullet)?.output {
            return heading(.bullet, number: nil, marker: String(match.b), sep: match.sep, words: match.words)
        }
        return nil
    }

    /// False for a line that opens with a number neither `dotted` nor
    /// `numbered` can read: more than two digits (「2014年には…」) or a
    /// number followed by what neither allows after it (「1,927に…」「3%」).
    /// Most lines that open with a digit are such text, and are not tried
    /// against the patterns. Text that is not all standalone scalars is left
    /// to them.
    static func mayBeNumbered(_ text: String) -> Bool {
        // The first four scalars, each a character of its own, are all it takes.
        let scalars = Array(text.unicodeScalars.prefix(4))
        guard scalars.allSatisfy(\.isStandalone) else { return true }
        let digits = scalars.prefix(while: \.isASCIIDigit).count
        guard digits <= 2, digits < scalars.count else { return false }
        return !",，、。：:%)）".unicodeScalars.contains(scalars[digits])
    }

    /// True for a line whose kana marker is glued to katakana (「アジア」),
    /// read by `kana` as a marker with no separator and words that open with
    /// katakana: `readsAsWord`, which only `gluedKana` asks for.
    static func opensKatakanaWord(_ text: String) -> Bool {
        let scalars = text.unicodeScalars.prefix(2)
        guard scalars.count == 2, scalars.allSatisfy(\.isStandalone), let second = scalars.last else { return false }
        return (0x30A0...0x30FF).contains(second.value)
    }

    /// True for a table-of-contents entry: a heading followed by its page number.
    static func isContentsEntry(_ text: String) -> Bool {
        isContentsEntry(text, heading: parse(text))
    }

    /// `isContentsEntry(text)` for a caller that has parsed `text` already.
    static func isContentsEntry(_ text: String, heading: @autoclosure () -> NarrativeHeading?) -> Bool {
        guard text.last?.isNumber == true, let heading = heading(), !heading.words.isEmpty else { return false }
        return text.wholeMatch(of: contentsEntry) != nil
    }

    /// Particles that continue a sentence: words starting with one are the
    /// rest of a sentence (「1 を基に文部科学省作成」), not a title.
    static let particles = Set("をにがはのでとへもや")

    private static func heading(_ rank: Rank, number: Int?, marker: String, sep: Substring, words: Substring) -> NarrativeHeading? {
        let cleaned = closeUpLetterSpacing(String(words).trimmingJapaneseWhitespace())
        if rank != .overview, let first = cleaned.first, particles.contains(first) { return nil }
        // A heading's words are a phrase: a sentence inside them makes the line prose.
        guard !cleaned.containsLiteral("。") else { return nil }
        let collapsed = cleaned.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return NarrativeHeading(rank: rank, number: number, marker: marker, words: collapsed, separated: !sep.isEmpty)
    }

    private static func number(_ digits: String) -> Int? {
        if let value = Int(digits) { return value }
        let kanji = Array("一二三四五六七八九")
        if digits == "十" { return 10 }
        if digits.count == 1, let index = kanji.firstIndex(of: digits.first ?? " ") { return index + 1 }
        if digits.hasPrefix("十"), let last = digits.last, let index = kanji.firstIndex(of: last) { return 11 + index }
        return nil
    }

    /// 「国 際 情 勢認識 と 日本外交 の 展望」: a title set letter-spaced comes
    /// out of the PDF with spaces between its characters. When spaces are
    /// more than a fifth of the text, those between two wide characters are
    /// closed up (a space beside Latin text is a real word break).
    static func closeUpLetterSpacing(_ text: String) -> String {
        let characters = Array(text)
        let spaces = characters.filter { $0 == " " }.count
        guard spaces * 5 > characters.count else { return text }
        var result = ""
        for (index, character) in characters.enumerated() {
            if character == " ", index > 0, index + 1 < characters.count,
               !characters[index - 1].isASCII, !characters[index + 1].isASCII { continue }
            result.append(character)
        }
        return result
    }
}

/// The headings of one document's lines, each line parsed once.
///
/// The parse reads a line in several places (is it a heading, is the next
/// line a title's continuation, a note, a caption); this keeps each line's
/// answer. It keeps the answer with `gluedKana: true`, from which the
/// answer without it follows: the two differ only in a heading that
/// `readsAsWord` (a kana marker glued to katakana), which without
/// `gluedKana` is no heading.
final class NarrativeHeadings {
    private enum Entry { case unknown, parsed(NarrativeHeading?) }
    private var entries: [Entry]

    /// `lineCount`: the number of the document's last line.
    init(lineCount: Int) {
        entries = Array(repeating: .unknown, count: lineCount + 1)
    }

    /// `NarrativeHeading.parse(line.text, gluedKana:)`.
    func parse(_ line: Line, gluedKana: Bool = false) -> NarrativeHeading? {
        let heading: NarrativeHeading?
        if line.number < entries.count, case .parsed(let known) = entries[line.number] {
            heading = known
        } else {
            heading = NarrativeHeading.parse(line.text, gluedKana: true)
            if line.number < entries.count { entries[line.number] = .parsed(heading) }
        }
        return gluedKana || heading?.readsAsWord != true ? heading : nil
    }
}
