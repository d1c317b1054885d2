import HyokaModel

/// Reads Japanese dates and periods: 和暦 and Western years, 年度 (fiscal
/// years) kept apart from 年 (calendar years) and from points in time.
///
/// Examples:
/// - 「令和５年度」 → fiscal year 2023; 「R元年度」 → 2019; 「2023年度」 → 2023
/// - 「令和３～５年度」 → fiscal years 2021…2023
/// - 「2021年」 → calendar year 2021
/// - 「令和7年4月時点」 → as of 2025-04; 「2024（令和６）年８月」 → 2024-08
public enum PeriodParser {
    /// A year expression found in text, before deciding what kind of period it is.
    struct YearToken {
        var era: JapaneseEra?
        var year: Int
        /// Western year, when the era is known or the year is written in Western form.
        var western: Int? { era.map { $0.westernYear(year) } ?? (year >= 1000 ? year : nil) }
    }

    /// The single period a short cell or phrase names, such as a table header
    /// cell (「令和２年度」, 「R4年度」, 「2012年」, 「令和7年4月時点」).
    ///
    /// Returns nil when the text names no period or names more than one.
    /// - Parameter impliedEra: era for a bare 「21年度」, when the context gives one.
    public static func period(in text: String, impliedEra: JapaneseEra? = nil) -> Period? {
        let periods = periods(in: text, impliedEra: impliedEra)
        return periods.count == 1 ? periods[0] : nil
    }

    /// Every period named in `text`, in order, with ranges (「令和３～５年度」) expanded.
    public static func periods(in text: String, impliedEra: JapaneseEra? = nil) -> [Period] {
        mentions(in: text, impliedEra: impliedEra).flatMap(\.periods)
    }

    /// A period expression found in text: the periods it names and where it stands.
    public struct Mention: Sendable {
        public var periods: [Period]
        /// Character offsets in the (normalised) text.
        public var range: Range<Int>
    }

    /// Every period expression in `text`, with its position.
    public static func mentions(in text: String, impliedEra: JapaneseEra? = nil) -> [Mention] {
        mentions(in: CharacterScalars(text), impliedEra: impliedEra)
    }

    /// Every period expression in `text`, with its position (in the text
    /// as normalised, which is the same text nearly always).
    public static func mentions(in text: CharacterScalars, impliedEra: JapaneseEra? = nil) -> [Mention] {
        guard TextNormalizer.isNormalized(text.text) else {
            return mentions(in: CharacterScalars(TextNormalizer.normalize(text.text)), impliedEra: impliedEra)
        }
        // Every period ends in 年 (年, 年度, 年末): no 年, nothing to find.
        guard text.scalars.contains("年") else { return [] }
        let scanner = PeriodScanner(text: text)
        var result: [Mention] = []
        var start = 0
        while start < text.count {
            guard let match = scanner.match(at: start) else {
                start += 1
                continue
            }
            start = match.range.upperBound
            // A one-letter era must stand alone: the R of 「R4年度」, not the end of 「CSR4年」.
            if match.eraIsLetter, let before = text.scalar(at: match.range.lowerBound - 1), before.isASCIIDigit || before.isASCIILetter {
                continue
            }
            guard let first = token(era: match.era, year: match.year, impliedEra: impliedEra),
                  let startYear = first.western else { continue }
            let endYear: Int? = match.end.flatMap { end in
                token(era: end.era ?? match.era, year: end.year, impliedEra: impliedEra)?.western
            }
            let found = periods(startYear: startYear, endYear: endYear, suffix: match.suffix, month: match.month, day: match.day)
            guard !found.isEmpty else { continue }
            result.append(Mention(periods: found, range: match.range))
        }
        return result
    }

    /// The periods one matched expression names. Ranges longer than 50 years
    /// are misreadings, not periods.
    private static func periods(startYear: Int, endYear: Int?, suffix: PeriodScanner.Suffix, month: Int?, day: Int?) -> [Period] {
        if suffix == .fiscalYear {
            let last = endYear ?? startYear
            guard last >= startYear, last - startYear < 50 else { return [] }
            return (startYear...last).map { Period.fiscalYear($0) }
        }
        if suffix == .yearEnd { return [.asOf(CalendarDate(year: startYear, month: 12))] }
        if let month, (1...12).contains(month) { return [.asOf(CalendarDate(year: startYear, month: month, day: day))] }
        if let endYear, endYear >= startYear, endYear - startYear < 50 { return (startYear...endYear).map { Period.year($0) } }
        return [.year(startYear)]
    }

    /// The first calendar date with at least a month (「令和５年９月」, 「2024（令和６）年８月」,
    /// 「Ｒ５年３月」), or nil.
    public static func date(in text: String) -> CalendarDate? {
        for period in periods(in: text) {
            if case .asOf(let date) = period { return date }
        }
        return nil
    }

    private static func token(era: JapaneseEra?, year: Int?, impliedEra: JapaneseEra?) -> YearToken? {
        guard let year else { return nil }
        if let era {
            guard year <= 64 else { return nil }
            return YearToken(era: era, year: year)
        }
        if year >= 1800 && year <= 2200 { return YearToken(era: nil, year: year) }
        if let impliedEra, year <= 64 { return YearToken(era: impliedEra, year: year) }
        return nil
    }
}
