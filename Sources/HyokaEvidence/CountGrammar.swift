import HyokaModel
import HyokaText

/// Decides whether a number found in running text counts something, and
/// what: the rules of Japanese number grammar that separate a fact
/// (「53団体」「193の全加盟国・地域」「2年間」) from a number that only names
/// a date, a page, a rank or a place in a list.
///
/// The rules look at the characters around the number, never at the words of
/// one document:
///
/// - **Not quantities**: dates (「12月26日」, and 「7月9日及び10日」 whose second
///   day follows a date), page cross-references (「318ページ参照」), ordinals
///   (「第56回」, 「34年目」, 「左から3人目」), ages that bound a range or a
///   condition (「20歳から69歳まで」, 「25歳未満」), and numbers inside a
///   reference or a name (「1-1-1図」, 「GPT-3」). A rank (「2位」) has no
///   counter, so it is never read. A number glued to the noun or bracket
///   before it labels that thing (footnote and item marks: 「センター1の設立」,
///   「※１ 本事業」, 「課題２ ２オープン…」), and a counter character that
///   starts a word is no counter (「3人材育成」: `compounds`).
/// - **Counters**: the units of `QuantityParser`, then counters it does not
///   know (公館, 社, 分野, 機関, 拠点 … `counters`), then a katakana word
///   written straight after the number (「80ノード」, 「700億パラメータ」).
/// - **Durations** (継続期間): 「N年間」 (unit 年間), 「N周年」 (unit 周年, an
///   anniversary), 「N年半」 (N.5 年), and a bare 「N年」 when it cannot be a
///   calendar year: under 1000, no era name before it (令和5年 is a year), and
///   no 度/月/代/版 after it (年度 is a fiscal year, not a length of time).
///   「Nか月」「N日間」「N時間」「N週間」「N秒」 likewise.
/// - **Counted with の or もの**: 「193の全加盟国・地域」, 「50の NGO」,
///   「1,100ものAIスタートアップ企業」, through a bracket in between
///   (「50（2025年12月時点）のNGO」) and a possessive (「33の日本の自治体」 counts
///   自治体). The noun is the unit, except nouns that already have a counter
///   (国 → か国, 国・地域 → か国・地域, NGO and 自治体 → 団体).
/// - **A count in brackets after a noun of number** (「職員総数(46,585)」):
///   the noun ends in 数, 額 or 計; it is the subject, and there is no unit.
enum CountGrammar {
    /// A number read as a quantity, where it ends, and the noun it counts
    /// when the grammar names one (「の」 forms and bracketed counts).
    struct Reading {
        var quantity: Quantity
        var end: Int
        var counted: String?
    }

    static func reading(_ match: QuantityParser.Match, in text: CharacterScalars) -> Reading? {
        let start = match.range.lowerBound
        if let previous = text.scalar(at: start - 1), "第-‐－/_#".unicodeScalars.contains(previous) { return nil }
        var quantity = match.quantity
        guard let value = quantity.value else { return nil }
        var end = match.range.upperBound
        var counted: String?
        // 「※１ 本事業において」: a note mark, set apart from the words after it
        // (「※853市区町村で」 is a count).
        if text.scalar(at: start - 1) == "※", match.quantity.text.contains(" ") { return nil }
        if let unit = quantity.unit {
            let unitEnd = Self.unitEnd(match, unit: unit)
            if text.scalar(at: unitEnd) == "目" { return nil }
            if unit.unicodeScalars.count == 1, let next = text.scalar(at: unitEnd),
               compounds.contains(unit + String(next)) { return nil }
            switch unit {
            case "日":
                if text.scalar(at: unitEnd) == "間", unitEnd == end {
                    quantity.unit = "日間"
                    end += 1
                } else if isDayOfMonth(text, numberStart: start) {
                    return nil
                }
            case "ページ":
                if isCrossReference(text, after: unitEnd) { return nil }
            case "歳":
                if isAgeBound(text, numberStart: start, unitEnd: unitEnd) { return nil }
            default: break
            }
        } else if let duration = duration(text, value: value, start: start, at: end) {
            quantity.unit = duration.unit
            quantity.value = duration.value
            end = duration.end
        } else if let counter = text.scalar(at: end).flatMap({ countersByInitial[$0] })?.first(where: { text.hasPrefix($0, at: end) }) {
            if counter.unicodeScalars.count == 1, let next = text.scalar(at: end + 1), compounds.contains(counter + String(next)) { return nil }
            if text.scalar(at: end + counter.unicodeScalars.count) == "目" { return nil }
            quantity.unit = counter
            end += counter.unicodeScalars.count
        } else if !isLabel(text, numberStart: start, allowingNoun: true), !isNameOrCell(match, in: text),
                  let word = katakanaWord(text, at: end) {
            quantity.unit = text.string(end..<word)
            end = word
        } else if !match.quantity.text.contains("."), !isLabel(text, numberStart: start, allowingNoun: false),
                  let noun = countedNoun(text, value: value, numberStart: start, at: end) {
            quantity.unit = noun.unit
            counted = noun.noun
            end = noun.end
        } else if let noun = bracketedCount(text, numberStart: start, numberEnd: end) {
            counted = noun
        } else {
            return nil
        }
        // 「400以上」「1兆元超」: a hedge after the unit.
        if !quantity.approximate, let hedge = hedges.first(where: { text.hasPrefix($0, at: end) }) {
            quantity.approximate = true
            end += hedge.unicodeScalars.count
        }
        quantity.text = text.string(start..<end)
        return Reading(quantity: quantity, end: end, counted: counted)
    }

    // MARK: Counters

    /// Counters `QuantityParser` does not read, found by reading white papers
    /// and the 外交青書, longest first (「市区町村」 before 「市」). Single-character
    /// counters are checked against `compounds` so that 「3人材」 or 「1行政」
    /// stay words.
    static let counters: [String] = [
        "市区町村", "か月", "カ月", "ヶ月", "ヵ月", "カ所", "ヶ所", "公館", "分野", "機関", "法人", "拠点", "段階", "種類", "要素", "大学",
        "地域", "都市", "施設", "言語", "品目", "項目", "文字", "企業", "店舗", "世帯", "省庁", "ポスト", "社", "行", "語", "元", "点",
        "台", "機", "県", "市", "町", "村", "例", "割", "つ", "ポンド",
    ].sorted { $0.count > $1.count }

    /// `counters` by their first character, longest first: most numbers are
    /// followed by 年 or 月, which start no counter.
    private static let countersByInitial: [Unicode.Scalar: [String]] = Dictionary(grouping: counters) { $0.unicodeScalars.first ?? " " }

    /// Words that start with a counter character: after a number they are
    /// words of their own (「3人材育成」 is item 3, 人材育成), not a count.
    static let compounds: Set<String> = [
        "人材", "人口", "人間", "人権", "人事", "人類", "人工", "人的", "人道", "人身", "人物", "人気", "人生", "人数", "社会", "社長",
        "社員", "社内", "行政", "行動", "行為", "行事", "行使", "名称", "名前", "名簿", "日本", "日時", "日程", "日常", "回答", "回復",
        "回収", "回避", "本部", "本人", "本格", "本来", "本質", "部門", "部分", "部長", "部局", "機能", "機構", "機会", "機器", "校長",
        "件数", "点検", "点数", "語学", "元年", "市場", "市民", "町村", "台湾", "例外", "割合", "県内", "市内", "基本", "基盤",
        "倍増", "個人", "個別", "本節", "本章", "本書", "本稿", "本表", "本文", "本件", "本日", "本年", "本省", "本社", "日米", "日中", "日韓", "日豪", "日英", "日独", "日仏", "日印", "日露", "日欧", "日比",
    ]

    private static let hedges = ["以上", "超", "余り", "余", "程度", "前後"]

    /// Where the unit of `match` ends: before a hedge 「以上」 the parser took.
    private static func unitEnd(_ match: QuantityParser.Match, unit: String) -> Int {
        let text = match.quantity.text
        guard !text.hasLiteralSuffix(unit) else { return match.range.upperBound }
        let hedge = ["程度", "以上", "余り", "前後", "余", "超", "強", "弱"].first { text.hasLiteralSuffix($0) }
        return match.range.upperBound - (hedge?.unicodeScalars.count ?? 0)
    }

    /// A katakana word straight after the number is what it counts:
    /// 「80ノード」, 「700億パラメータ」, 「7,000万シンガポールドル」.
    /// Returns where the word ends.
    private static func katakanaWord(_ text: CharacterScalars, at start: Int) -> Int? {
        var end = start
        while let scalar = text.scalar(at: end), scalar.isKatakanaLetter || (end > start && scalar == "ー") { end += 1 }
        guard (2...12).contains(end - start) else { return nil }
        // 「1,000億クラス」「3レベル」: of that order, not a count of classes.
        return ["クラス", "レベル"].contains(text.string(start..<end)) ? nil : end
    }

    // MARK: Durations

    /// 「N年間」「N周年」「N年半」「N年」「Nか月」「N時間」「N週間」「N秒」 —
    /// lengths of time. A bare 年 is a length only where it cannot be a year.
    private static func duration(_ text: CharacterScalars, value: Double, start: Int, at end: Int) -> (unit: String, value: Double, end: Int)? {
        if text.hasPrefix("周年", at: end) { return ("周年", value, end + 2) }
        if text.hasPrefix("年間", at: end) { return ("年間", value, end + 2) }
        if text.hasPrefix("年", at: end) {
            guard value < 1000, !isEraYear(text, numberStart: start, yearEnd: end + 1) else { return nil }
            if text.hasPrefix("年半", at: end) { return ("年", value + 0.5, end + 2) }
            if let next = text.scalar(at: end + 1), "度月代版目次生号末初頭内".unicodeScalars.contains(next) { return nil }
            return ("年", value, end + 1)
        }
        for word in ["時間", "週間", "分間", "秒間", "秒"] where text.hasPrefix(word, at: end) {
            return (word == "秒間" ? "秒" : word, value, end + word.unicodeScalars.count)
        }
        return nil
    }

    /// 「令和5年」「平成 27年」, or an era year whose era name stands apart but
    /// whose Western year follows in brackets (「4年（2022年）」): a year, not
    /// a length of time.
    private static func isEraYear(_ text: CharacterScalars, numberStart: Int, yearEnd: Int) -> Bool {
        var index = numberStart - 1
        while text.scalar(at: index) == " " { index -= 1 }
        // The last character of 令和, 平成, 昭和, 大正 and 明治.
        if let previous = text.scalar(at: index), "和成正治".unicodeScalars.contains(previous) { return true }
        // The upper end of a range of years: 「令和３年～５年」「令和３～４年」「2020～23年」.
        if let end = rangeStart(text, before: numberStart) {
            var digits = end
            if text.scalar(at: end) == "年" { digits -= 1 }
            var first = digits
            while text.scalar(at: first - 1)?.isASCIIDigit == true { first -= 1 }
            guard first <= digits, text.scalar(at: digits)?.isASCIIDigit == true else { return false }
            return digits - first + 1 == 4 || isEraYear(text, numberStart: first, yearEnd: digits + 1)
        }
        guard let open = text.scalar(at: yearEnd), open == "(" || open == "（" else { return false }
        let digits = (yearEnd + 1)..<(yearEnd + 5)
        return digits.allSatisfy { text.scalar(at: $0)?.isASCIIDigit == true } && text.scalar(at: yearEnd + 5) == "年"
    }

    // MARK: Not quantities

    /// 「12月26日」, and the second day of 「7月9日及び10日」「10月30日及び31日」.
    static func isDayOfMonth(_ text: CharacterScalars, numberStart: Int) -> Bool {
        var index = numberStart - 1
        while text.scalar(at: index) == " " { index -= 1 }
        if text.scalar(at: index) == "月" { return true }
        for connector in ["及び", "並びに", "から", "と", "、", "・", "～", "~", "〜", "-", "や"] {
            let connectorStart = index - connector.unicodeScalars.count + 1
            guard text.hasPrefix(connector, at: connectorStart) else { continue }
            var day = connectorStart - 1
            while text.scalar(at: day) == " " { day -= 1 }
            // 「29日（土）、30日（日）」: the day of the week in brackets.
            if let close = text.scalar(at: day), close == "）" || close == ")",
               let open = (max(0, day - 4)..<day).last(where: { text[$0] == "（" || text[$0] == "(" }) {
                day = open - 1
            }
            guard text.scalar(at: day) == "日" else { return false }
            var digits = day
            while text.scalar(at: digits - 1)?.isASCIIDigit == true { digits -= 1 }
            return digits < day && isDayOfMonth(text, numberStart: digits)
        }
        return false
    }

    /// 「（314ページ コラム参照）」「318ページ参照」: a page of the same book,
    /// not a count of pages. 参照 follows before the bracket or the sentence closes.
    private static func isCrossReference(_ text: CharacterScalars, after start: Int) -> Bool {
        var index = start
        while index < min(text.count, start + 30) {
            if text.hasPrefix("参照", at: index) { return true }
            if let scalar = text.scalar(at: index), "）)。".unicodeScalars.contains(scalar) { return false }
            index += 1
        }
        return false
    }

    /// Where the lower end of a range ends when the number at `numberStart`
    /// is its upper end (「20～39」「20歳から69」): the character before the
    /// connector, or nil when no range connector stands before the number.
    private static func rangeStart(_ text: CharacterScalars, before numberStart: Int) -> Int? {
        for connector in ["から", "～", "~", "〜", "-"] {
            let connectorStart = numberStart - connector.unicodeScalars.count
            if text.hasPrefix(connector, at: connectorStart) { return connectorStart - 1 }
        }
        return nil
    }

    /// 「20歳から69歳まで」「25歳未満」「20歳代」: ages that bound who may take part.
    private static func isAgeBound(_ text: CharacterScalars, numberStart: Int, unitEnd: Int) -> Bool {
        // 「20歳代」 is an age group, 「20歳以上」 a bound.
        if ["から", "～", "~", "〜", "-", "未満", "以下", "以上", "まで", "代"].contains(where: { text.hasPrefix($0, at: unitEnd) }) { return true }
        // 「20歳から69歳」「20～39歳」: the upper end of a range.
        return rangeStart(text, before: numberStart).map { text.scalar(at: $0) == "歳" || text.scalar(at: $0)?.isASCIIDigit == true } ?? false
    }

    /// A number glued to what precedes it labels that thing instead of
    /// counting: a footnote or item mark after a noun or a bracket
    /// (「センター1の設立」「脚注1のサイト」「(AIPセンター)2の設立」). A count
    /// follows a particle, a comma or a quantifier (約, 計, 全, 延べ, 総, 各).
    /// - Parameter allowingNoun: whether a noun may stand right before the
    ///   number, as before a counter (「最大80ノード」「新設7拠点」).
    private static func isLabel(_ text: CharacterScalars, numberStart: Int, allowingNoun: Bool) -> Bool {
        var index = numberStart - 1
        while text.scalar(at: index) == " " { index -= 1 }
        guard let previous = text.scalar(at: index) else { return false }
        if previous == ")" || previous == "）" { return true }
        guard index == numberStart - 1 else { return false }
        guard !allowingNoun else { return false }
        if "約計全延総各合".unicodeScalars.contains(previous) { return false }
        if previous == "※" { return true }
        return previous.isIdeograph || previous.isKatakanaLetter || previous == "ー" || previous.isASCIILetter
    }

    /// 「ローカル10,000プロジェクト」 is a name, and a plain number after white
    /// space (「課題２ ２オープンネットワーク」, a table row 「685 カナダ」) labels
    /// an item: neither counts the katakana word after it. A number with a
    /// magnitude word (「7,000万シンガポールドル」 after a wrapped line) is never a label.
    private static func isNameOrCell(_ match: QuantityParser.Match, in text: CharacterScalars) -> Bool {
        guard let previous = text.scalar(at: match.range.lowerBound - 1) else { return true }
        if previous.isWhitespace { return !match.quantity.text.unicodeScalars.contains { "万億兆".unicodeScalars.contains($0) } }
        return previous.isKatakanaLetter || previous == "ー" || previous.isASCIILetter
    }

    // MARK: Counted nouns

    /// 「193の全加盟国・地域」「50の NGO」「1,100ものAIスタートアップ企業」
    /// 「50（2025年12月時点）のNGO」「33の日本の自治体」.
    private static func countedNoun(_ text: CharacterScalars, value: Double, numberStart: Int, at end: Int) -> (noun: String, unit: String, end: Int)? {
        // 「2025の」 is a year or a name (フランス2030), not a count.
        if value.rounded() == value, (1900...2100).contains(value), numberStart + 4 == end { return nil }
        var index = end
        if let open = text.scalar(at: index), open == "（" || open == "(" {
            guard let close = text.scalars[index...].prefix(24).firstIndex(where: { $0 == "）" || $0 == ")" }) else { return nil }
            index = close + 1
        }
        if text.hasPrefix("もの", at: index) {
            index += 2
        } else if text.scalar(at: index) == "の" {
            index += 1
        } else {
            return nil
        }
        if text.scalar(at: index) == " ", text.scalar(at: index + 1)?.isASCIILetter == true { index += 1 }
        guard var nounEnd = nounRun(text, from: index) else { return nil }
        var nounStart = index
        // 「33の日本の自治体」: the number counts the last noun of the chain.
        // A noun with a counter of its own (「50のNGOの各専門性」) is the one counted,
        // and 「各」 distributes over what came before.
        if text.scalar(at: nounEnd) == "の", unit(counting: text.string(nounStart..<nounEnd)) == text.string(nounStart..<nounEnd),
           text.scalar(at: nounEnd + 1) != "各", let next = nounRun(text, from: nounEnd + 1), next - nounEnd - 1 >= 2 {
            nounStart = nounEnd + 1
            nounEnd = next
        }
        let noun = text.string(nounStart..<nounEnd)
        return (noun, unit(counting: noun), nounEnd)
    }

    /// The counter a counted noun stands for: nouns with a counter of their
    /// own keep it, so that 「61の国・地域」 and 「61か国・地域」 agree.
    static func unit(counting noun: String) -> String {
        if noun.hasLiteralSuffix("国・地域") { return "か国・地域" }
        if noun.isLiteral("国") || noun.isLiteral("カ国") { return "か国" }
        if noun.isLiteral("NGO") || noun.isLiteral("団体") || noun.isLiteral("自治体") || noun.hasLiteralSuffix("NGO") { return "団体" }
        return noun
    }

    /// A run of ideographs, katakana and Latin letters (and 「・」 inside it)
    /// from `start`: a noun, up to the next kana particle or punctuation.
    private static func nounRun(_ text: CharacterScalars, from start: Int) -> Int? {
        var end = start
        while let scalar = text.scalar(at: end), end - start < 16,
              scalar.isIdeograph || scalar.isKatakanaLetter || scalar == "ー" || scalar.isASCIILetter
                || (end > start && (scalar == "・" || scalar.isASCIIDigit)) {
            end += 1
        }
        while end > start, text.scalar(at: end - 1) == "・" { end -= 1 }
        return end > start ? end : nil
    }

    /// 「職員総数(46,585)」: a bare number in brackets after a noun that names
    /// a number (…数, …額, …計). Returns that noun.
    private static func bracketedCount(_ text: CharacterScalars, numberStart: Int, numberEnd: Int) -> String? {
        guard let open = text.scalar(at: numberStart - 1), open == "(" || open == "（",
              let close = text.scalar(at: numberEnd), close == ")" || close == "）" else { return nil }
        var nounStart = numberStart - 1
        while let scalar = text.scalar(at: nounStart - 1), scalar.isIdeograph || scalar.isKatakanaLetter || scalar == "ー" { nounStart -= 1 }
        let noun = text.string(nounStart..<(numberStart - 1))
        guard noun.count >= 2, let last = noun.unicodeScalars.last, "数額計".unicodeScalars.contains(last) else { return nil }
        return noun
    }
}

extension Unicode.Scalar {
    /// A CJK unified ideograph (漢字), the common block or extension A.
    var isIdeograph: Bool { (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) }

    /// A katakana letter (ァ–ヺ), not the middle dot 「・」 or the long-vowel mark 「ー」.
    var isKatakanaLetter: Bool { (0x30A1...0x30FA).contains(value) }
}
