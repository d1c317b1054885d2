import HyokaModel
import HyokaText

/// Reads the quantitative facts of a document: every number with a unit in
/// its running text, and every point of its indicator series.
///
/// For each number it finds what it counts (the topic 「…は」 of its
/// sentence, or the noun next to it), when it applies (the nearest period
/// before it in the sentence: 「2011年」, 「令和５年度」, 「2012年12月末」),
/// and the exact source line it stands on.
public struct FactExtractor: Sendable {
    public init() {}

    public func facts(in report: EvaluationReport, source: SourceText) -> [Fact] {
        var facts: [Fact] = []
        // Headings are left out: a title names a topic, and a number in it
        // repeats (or announces) a figure of the text below.
        for passage in report.passages where passage.role != "heading" {
            facts += self.facts(in: passage, document: report.id, source: source)
        }
        facts += seriesFacts(report)
        return facts
    }

    // MARK: Running text

    func facts(in passage: Passage, document: String, source: SourceText) -> [Fact] {
        var facts: [Fact] = []
        var locator = LineLocator(source: source, passage: passage)
        // A topic stated once carries on to the next sentences of the passage.
        var previousSubject: String?
        // The last sentence whose numbers were not facts (「SVは、40～69歳の…」):
        // its topic carries on too, read only if a later fact needs it.
        var factless: CharacterScalars?
        for sentence in Self.sentences(passage.text) {
            let characters = CharacterScalars(sentence)
            let periods = PeriodParser.mentions(in: characters)
            var sentenceHasFacts = false
            for match in QuantityParser.quantities(in: characters) {
                guard let reading = CountGrammar.reading(match, in: characters), let value = reading.quantity.value else { continue }
                let quantity = reading.quantity
                let period = periods.last(where: { $0.range.upperBound <= match.range.lowerBound })?.periods.last
                    ?? periods.first(where: { $0.range.lowerBound >= reading.end })?.periods.first
                // Never a heading: a sentence with no subject of its own takes
                // the previous one, else none (「第1節」 is where, not what).
                let own = Self.subject(in: characters, number: match.range.lowerBound..<reading.end, counted: reading.counted)
                    .flatMap { Self.isHeading($0) ? nil : $0 }
                if own == nil, let sentence = factless, let topic = Self.topic(in: sentence, before: sentence.count), !Self.isHeading(topic) {
                    previousSubject = topic
                }
                factless = nil
                let subject = own ?? previousSubject ?? ""
                previousSubject = subject.isEmpty ? previousSubject : subject
                sentenceHasFacts = true
                let (line, endLine) = locator.locate(quantity.text)
                facts.append(Fact(
                    document: document, value: value, unit: quantity.unit, approximate: quantity.approximate,
                    subject: subject, period: period, text: sentence, quantityText: quantity.text,
                    section: passage.section, line: line, endLine: endLine
                ))
            }
            if !sentenceHasFacts { factless = characters }
        }
        return facts
    }

    /// Sentences of a passage, each ending with its 「。」.
    static func sentences(_ text: String) -> [String] {
        let characters = CharacterScalars(text)
        var sentences: [String] = []
        var start = 0
        var depth = 0
        for (offset, character) in characters.scalars.enumerated() {
            switch character {
            case "（", "「": depth += 1
            case "）", "」": depth = max(0, depth - 1)
            case "。" where depth == 0:
                sentences.append(characters.string(start..<(offset + 1)))
                start = offset + 1
            default: break
            }
        }
        let rest = characters.string(start..<characters.count)
        if !rest.trimmingJapaneseWhitespace().isEmpty { sentences.append(rest) }
        return sentences
    }

    /// What a number counts. First choice: the topic of its sentence
    /// (「…の数は、…約208万人」); then the noun after 「の」 (「3万7,532人の隊員」)
    /// or the counted noun (「日本の48のNGO」 → 日本のNGO); then the phrase just before it.
    /// - Parameter number: where the number (with its unit) stands in `sentence`.
    static func subject(in sentence: CharacterScalars, number: Range<Int>, counted: String? = nil) -> String? {
        if let topic = topic(in: sentence, before: number.lowerBound) { return topic }
        if let counted {
            let owner = lastPhrase(in: sentence, before: number.lowerBound)
            return owner.hasSuffix("の") ? owner + counted : counted
        }
        if sentence.scalar(at: number.upperBound) == "の" {
            let nounStart = number.upperBound + 1
            let nounEnd = sentence.scalars[nounStart...].firstIndex { "がをにはとでも、。（）「」".unicodeScalars.contains($0) } ?? sentence.count
            let noun = sentence.string(nounStart..<nounEnd)
            if (1...20).contains(nounEnd - nounStart), !["うち", "ほか", "中", "間", "内"].contains(noun) { return noun }
        }
        let phrase = lastPhrase(in: sentence, before: number.lowerBound)
        // A verb phrase (「承認している」) says what was done, not what was counted.
        guard phrase.count >= 2, !demonstratives.contains(phrase), let last = phrase.last, !"るたていしす".contains(last) else { return nil }
        return phrase
    }

    /// The words just before character `end`, back to the nearest particle
    /// or comma, without qualifiers such as 延べ or 累計で.
    private static func lastPhrase(in sentence: CharacterScalars, before end: Int) -> String {
        var end = end
        for qualifier in ["延べ", "累計で", "累計", "合計で", "計", "年間", "約"] where sentence.hasPrefix(qualifier, at: end - qualifier.count) {
            end -= qualifier.count
        }
        let start = sentence.scalars[..<end].lastIndex { "、。（）「」はがをにでとも".unicodeScalars.contains($0) }.map { $0 + 1 } ?? 0
        return cleaned(sentence.string(start..<end))
    }

    /// The topic phrase 「X は」 closest before character `end`. 「には」「では」
    /// 「とは」「からは」 mark adverbials, not topics.
    private static func topic(in sentence: CharacterScalars, before end: Int) -> String? {
        var searchEnd = end
        while let marker = sentence.scalars[..<searchEnd].lastIndex(of: "は") {
            searchEnd = marker
            if let previous = sentence.scalar(at: marker - 1), "にでとらへも".unicodeScalars.contains(previous) { continue }
            let sentenceStart = sentence.scalars[..<marker].lastIndex(of: "。").map { $0 + 1 } ?? 0
            let phrase = cleaned(lastClause(in: sentence, sentenceStart..<marker))
            // 「これは」「それぞれは」 point back; keep looking for the real topic.
            if demonstratives.contains(phrase) { continue }
            guard (2...40).contains(phrase.count), !phrase.hasSuffix("年"), !phrase.hasSuffix("月") else { return nil }
            return phrase
        }
        return nil
    }

    /// A heading number such as 「第1節」「第２章」「第1部」: running heads and
    /// section titles say where a number stands, never what it counts.
    static func isHeading(_ phrase: String) -> Bool {
        let characters = CharacterScalars(phrase)
        guard characters.scalar(at: 0) == "第" else { return false }
        var index = 1
        while let scalar = characters.scalar(at: index), scalar.isNumber || "一二三四五六七八九十".unicodeScalars.contains(scalar) { index += 1 }
        guard index > 1, let kind = characters.scalar(at: index) else { return false }
        return "章節部編款項".unicodeScalars.contains(kind)
    }

    static let demonstratives: Set<String> = ["これ", "それ", "あれ", "こちら", "それぞれ", "うち", "同", ""]

    /// The text of `range` after its last 「、」 outside brackets, or after a
    /// bracket that is still open (「（沖縄数次ビザは、…」 is about 沖縄数次ビザ).
    private static func lastClause(in sentence: CharacterScalars, _ range: Range<Int>) -> String {
        var open: [Int] = []
        var start = range.lowerBound
        for offset in range {
            switch sentence[offset] {
            case "（", "「": open.append(offset)
            case "）", "」": _ = open.popLast()
            case "、" where open.isEmpty: start = offset + 1
            default: break
            }
        }
        if let unclosed = open.last, unclosed >= start { start = unclosed + 1 }
        if let comma = sentence.scalars[start..<range.upperBound].lastIndex(of: "、") { start = comma + 1 }
        return sentence.string(start..<range.upperBound)
    }

    private static func cleaned(_ phrase: String) -> String {
        var phrase = phrase.trimmingJapaneseWhitespace()
        for conjunction in ["また、", "さらに、", "一方、", "なお、", "特に、", "その", "この", "同"] where phrase.hasLiteralPrefix(conjunction) {
            phrase = String(phrase.dropFirst(conjunction.count))
        }
        // Leading period phrases: 「2011年に」, 「令和４年度は」, 「2010年9月から」, 「（12月末現在）に」.
        let characters = CharacterScalars(phrase)
        let periodsEnd = leadingPeriodPhrasesEnd(characters)
        return (periodsEnd > 0 ? characters.string(periodsEnd..<characters.count) : phrase).trimmingJapaneseWhitespace()
    }

    /// Where the leading period phrases of `text` end (0 when there are
    /// none): what `^(?:[^、]{0,12}?(?:年度|年|月末?|現在|時点)(?:に|の|には|まで|から|以降|以来|時点|現在)?[、,）]?\s*)+`
    /// matches, read by hand. Each phrase is the shortest run of up to 12
    /// characters (no 「、」) that reaches a period word, then the first
    /// particle that follows, one 「、」「,」「）」 and white space.
    static func leadingPeriodPhrasesEnd(_ text: CharacterScalars) -> Int {
        var end = 0
        while let next = periodPhrase(in: text, from: end) { end = next }
        return end
    }

    private static func periodPhrase(in text: CharacterScalars, from start: Int) -> Int? {
        for skipped in 0...12 {
            let wordStart = start + skipped
            if skipped > 0 {
                guard let character = text.scalar(at: wordStart - 1), character != "、" else { return nil }
            }
            guard let word = ["年度", "年", "月末", "月", "現在", "時点"].first(where: { text.hasPrefix($0, at: wordStart) }) else { continue }
            var index = wordStart + word.count
            if let particle = ["に", "の", "には", "まで", "から", "以降", "以来", "時点", "現在"].first(where: { text.hasPrefix($0, at: index) }) {
                index += particle.count
            }
            if let mark = text.scalar(at: index), mark == "、" || mark == "," || mark == "）" { index += 1 }
            while text.scalar(at: index)?.isWhitespace == true { index += 1 }
            return index
        }
        return nil
    }

    // MARK: Indicator

    private func seriesFacts(_ report: EvaluationReport) -> [Fact] {
        let series = report.policies.flatMap { policy in policy.series + policy.fields.flatMap(\.series) }
        return series.flatMap { series in
            series.points.compactMap { point -> Fact? in
                guard let value = point.value, point.kind == .actual || point.kind == .target || point.kind == .baseline else { return nil }
                return Fact(
                    document: report.id, value: value, unit: point.unit ?? series.unit, approximate: point.approximate,
                    subject: series.title, period: point.period, text: "\(series.title)：\(point.text)",
                    quantityText: point.text, section: series.title, line: point.line, endLine: point.endLine
                )
            }
        }
    }
}

/// Finds the source line a number stands on within a passage's lines.
struct LineLocator {
    let source: SourceText
    let passage: Passage
    private var cursor: Int
    /// Lines without their spaces, by number, as they are asked for.
    private var compacted: [Int: String] = [:]

    init(source: SourceText, passage: Passage) {
        self.source = source
        self.passage = passage
        self.cursor = passage.line
    }

    /// The first line at or after the previous match that holds the number's
    /// longest run of digits; the next line too when the number wraps.
    mutating func locate(_ quantityText: String) -> (Int, Int) {
        // ASCII digits only: 万 and 億 are numbers to Unicode too.
        let runs = quantityText.split(whereSeparator: { (character: Character) in !((character.isASCII && character.isNumber) || character == "," || character == ".") })
        let digits = runs.max(by: { $0.count < $1.count }).map(String.init) ?? quantityText
        let whole = Self.withoutSpaces(quantityText)
        let last = min(passage.endLine, source.lineCount)
        guard cursor <= last else { return (passage.line, passage.endLine) }
        for number in cursor...last {
            let text = compacted[number] ?? Self.withoutSpaces(source[number].text)
            compacted[number] = text
            guard text.containsLiteral(digits) else { continue }
            cursor = number
            if text.containsLiteral(whole) { return (number, number) }
            // The number wraps onto the next non-blank line, if there is one within the passage.
            let next = stride(from: number + 1, through: min(last, number + 3), by: 1).first { !source[$0].isBlank }
            return (number, next ?? number)
        }
        return (passage.line, passage.endLine)
    }

    /// `replacingOccurrences(of: " ", with: "")`, without Foundation for
    /// text of standalone scalars.
    private static func withoutSpaces(_ text: String) -> String {
        guard text.containsLiteral(" ") else { return text }
        return text.isStandalone ? String(text.unicodeScalars.filter { $0 != " " }) : text.replacingOccurrences(of: " ", with: "")
    }
}
