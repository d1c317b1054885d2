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
        // Every period ends in 年 (年, 年度, 年末): no 年, nothing to find.
        guard text.contains(where: { $0 == "年" }) else { return [] }
        let text = TextNormalizer.normalize(text)
        var result: [Mention] = []
        var rest = Substring(text)
        while let match = rest.firstMatch(of: periodPattern) {
            rest = rest[match.range.upperBound...]
            // A one-letter era must stand alone: the R of 「R4年度」, not the end of 「CSR4年」.
            if let era = match.output.era, era.count == 1,
               let before = text[..<match.range.lowerBound].last, before.isASCII, before.isLetter || before.isNumber {
                continue
            }
            guard let first = token(era: match.output.era, year: match.output.year, impliedEra: impliedEra),
                  let startYear = first.western else { continue }
            let endYear: Int? = match.output.endYear.flatMap { endText in
                token(era: match.output.endEra ?? match.output.era, year: endText, impliedEra: impliedEra)?.western
            }
            let month = match.output.month.flatMap { Int($0) }
            let day = match.output.day.flatMap { Int($0) }
            let found = periods(startYear: startYear, endYear: endYear, suffix: match.output.suffix, month: month, day: day)
            guard !found.isEmpty else { continue }
            let lower = text.distance(from: text.startIndex, to: match.range.lowerBound)
            let upper = text.distance(from: text.startIndex, to: match.range.upperBound)
            result.append(Mention(periods: found, range: lower..<upper))
        }
        return result
    }

    /// The periods one matched expression names. Ranges longer than 50 years
    /// are misreadings, not periods.
    private static func periods(startYear: Int, endYear: Int?, suffix: Substring, month: Int?, day: Int?) -> [Period] {
        if suffix.hasPrefix("年度") {
            let last = endYear ?? startYear
            guard last >= startYear, last - startYear < 50 else { return [] }
            return (startYear...last).map { Period.fiscalYear($0) }
        }
        if suffix == "年末" { return [.asOf(CalendarDate(year: startYear, month: 12))] }
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

    // 年度 ranges: 令和３～５年度, 令和３年度～令和５年度, 2021～2023年; months: 令和7年4月; 年末: 令和２年末.
    // Regex is immutable once built but not declared Sendable; sharing one instance is safe.
    nonisolated(unsafe) private static let periodPattern = #/(?<era>明治|大正|昭和|平成|令和|[MTSHR])?\s*(?<year>元|\d{1,4})\s*(?:（(?:明治|大正|昭和|平成|令和)(?:元|\d{1,2})）)?\s*(?:(?:年度?)?\s*[～〜~]\s*(?<endEra>明治|大正|昭和|平成|令和|[MTSHR])?\s*(?<endYear>元|\d{1,4}))?\s*(?<suffix>年度|年末|年)(?:\s*（?\s*(?<month>\d{1,2})\s*月(?:\s*(?<day>\d{1,2})\s*日)?)?/#

    private static func token(era eraName: Substring?, year yearText: Substring, impliedEra: JapaneseEra?) -> YearToken? {
        let year = yearText == "元" ? 1 : Int(yearText)
        guard let year else { return nil }
        if let eraName {
            guard let era = JapaneseEra(name: eraName), year <= 64 else { return nil }
            return YearToken(era: era, year: year)
        }
        if year >= 1800 && year <= 2200 { return YearToken(era: nil, year: year) }
        if let impliedEra, year <= 64 { return YearToken(era: impliedEra, year: year) }
        return nil
    }
}
