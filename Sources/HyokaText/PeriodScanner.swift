/// Finds one period expression at a given position, by hand rather than with
/// a `Regex` (which cost more than a tenth of an import). It reads what the
/// regular expression
///
///     (?<era>明治|大正|昭和|平成|令和|[MTSHR])? \s* (?<year>元|\d{1,4}) \s*
///     (?:（(?:明治|大正|昭和|平成|令和)(?:元|\d{1,2})）)? \s*
///     (?:(?:年度?)? \s* [～〜~] \s* (?<endEra>…)? \s* (?<endYear>元|\d{1,4}))? \s*
///     (?<suffix>年度|年末|年)
///     (?:\s* （? \s* (?<month>\d{1,2}) \s* 月 (?:\s* (?<day>\d{1,2}) \s* 日)?)?
///
/// matches, with the same choices: a part that can be taken is taken, and
/// given up only when what follows cannot match without it (the range is
/// dropped when no 年 follows it: 「令和３年～５」 is 「令和３年」). As in
/// `Regex`, `\d` is any numeric character and `\s` any white space; a year
/// written with other than ASCII digits (「三年」) is matched but has no value.
struct PeriodScanner {
    let text: CharacterScalars

    enum Suffix { case fiscalYear, yearEnd, year }

    struct Match {
        var range: Range<Int>
        var era: JapaneseEra?
        /// True when the era was written as one letter (R, H …).
        var eraIsLetter = false
        /// Nil when the digits are not ASCII.
        var year: Int?
        /// The end of a range (「～５」), if any.
        var end: (era: JapaneseEra?, year: Int?)?
        var suffix: Suffix
        var month: Int?
        var day: Int?
    }

    /// The period expression that starts exactly at `start`, if any.
    func match(at start: Int) -> Match? {
        // Cheap test first: what can start a match at all.
        guard let first = text.scalar(at: start), Self.canStart(first) else { return nil }
        var index = start
        let era = self.era(at: index)
        if let era { index += era.length }
        guard let startYear = year(at: skipSpaces(index), maxDigits: 4) else { return nil }
        index = skipSpaces(startYear.end)
        if let bracket = bracketedEraYear(at: index) { index = skipSpaces(bracket) }
        var end: (era: JapaneseEra?, year: Int?)?
        var suffixStart = index
        if let range = rangeEnd(at: index), suffix(at: skipSpaces(range.end)) != nil {
            end = (range.era, range.year)
            suffixStart = skipSpaces(range.end)
        }
        guard let suffix = suffix(at: suffixStart) else { return nil }
        var match = Match(range: start..<suffix.end, era: era?.era, eraIsLetter: era?.length == 1, year: startYear.value, end: end, suffix: suffix.kind)
        if let monthDay = monthAndDay(at: suffix.end) {
            match.month = monthDay.month
            match.day = monthDay.day
            match.range = start..<monthDay.end
        }
        return match
    }

    private static func canStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isNumber || scalar.isWhitespace || scalar == "元"
            || eraNames.contains { $0.first == scalar } || eraLetters.contains { $0.letter == scalar }
    }

    private static let eraNames: [(first: Unicode.Scalar, second: Unicode.Scalar, era: JapaneseEra)] =
        JapaneseEra.allCases.map { era in
            let scalars = Array(era.rawValue.unicodeScalars)
            return (scalars[0], scalars[1], era)
        }

    private static let eraLetters: [(letter: Unicode.Scalar, era: JapaneseEra)] =
        JapaneseEra.allCases.compactMap { era in era.letter.unicodeScalars.first.map { ($0, era) } }

    /// 「令和」 or 「R」 at `index`.
    private func era(at index: Int) -> (era: JapaneseEra, length: Int)? {
        if let name = eraName(at: index) { return (name, 2) }
        guard let scalar = text.scalar(at: index), let letter = Self.eraLetters.first(where: { $0.letter == scalar }) else { return nil }
        return (letter.era, 1)
    }

    private func eraName(at index: Int) -> JapaneseEra? {
        guard let first = text.scalar(at: index), let second = text.scalar(at: index + 1) else { return nil }
        return Self.eraNames.first { $0.first == first && $0.second == second }?.era
    }

    /// 「元」 (1) or a number of up to `maxDigits` digits.
    private func year(at index: Int, maxDigits: Int) -> (value: Int?, end: Int)? {
        text.scalar(at: index) == "元" ? (1, index + 1) : digits(at: index, maxDigits: maxDigits)
    }

    /// Up to `maxDigits` numeric characters (`\d`); the value is nil unless they are ASCII digits.
    private func digits(at index: Int, maxDigits: Int) -> (value: Int?, end: Int)? {
        var end = index
        var value: Int? = 0
        while end - index < maxDigits, let scalar = text.scalar(at: end), scalar.isNumber {
            value = scalar.isASCIIDigit ? value.map { $0 * 10 + Int(scalar.value - 0x30) } : nil
            end += 1
        }
        return end > index ? (value, end) : nil
    }

    private func skipSpaces(_ index: Int) -> Int {
        var index = index
        while let scalar = text.scalar(at: index), scalar.isWhitespace { index += 1 }
        return index
    }

    /// 「（令和６）」 after a Western year; returns where it ends.
    private func bracketedEraYear(at index: Int) -> Int? {
        guard text.scalar(at: index) == "（", eraName(at: index + 1) != nil,
              let eraYear = year(at: index + 3, maxDigits: 2), text.scalar(at: eraYear.end) == "）" else { return nil }
        return eraYear.end + 1
    }

    /// 「年度～令和５」, 「～５」: the end of a range, before its suffix.
    private func rangeEnd(at index: Int) -> (era: JapaneseEra?, year: Int?, end: Int)? {
        var index = index
        if text.hasPrefix("年度", at: index) { index += 2 } else if text.hasPrefix("年", at: index) { index += 1 }
        index = skipSpaces(index)
        guard let tilde = text.scalar(at: index), tilde == "～" || tilde == "〜" || tilde == "~" else { return nil }
        index = skipSpaces(index + 1)
        let era = self.era(at: index)
        if let era { index = skipSpaces(index + era.length) }
        guard let endYear = year(at: index, maxDigits: 4) else { return nil }
        return (era?.era, endYear.value, endYear.end)
    }

    private func suffix(at index: Int) -> (kind: Suffix, end: Int)? {
        if text.hasPrefix("年度", at: index) { return (.fiscalYear, index + 2) }
        if text.hasPrefix("年末", at: index) { return (.yearEnd, index + 2) }
        if text.hasPrefix("年", at: index) { return (.year, index + 1) }
        return nil
    }

    /// 「４月」, 「（４月」, 「８月１日」 after the year.
    private func monthAndDay(at index: Int) -> (month: Int?, day: Int?, end: Int)? {
        var index = skipSpaces(index)
        if text.scalar(at: index) == "（" { index += 1 }
        guard let month = digits(at: skipSpaces(index), maxDigits: 2), text.scalar(at: skipSpaces(month.end)) == "月" else { return nil }
        let afterMonth = skipSpaces(month.end) + 1
        guard let day = digits(at: skipSpaces(afterMonth), maxDigits: 2), text.scalar(at: skipSpaces(day.end)) == "日" else {
            return (month.value, nil, afterMonth)
        }
        return (month.value, day.value, skipSpaces(day.end) + 1)
    }
}
