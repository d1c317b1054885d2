import HyokaModel
import HyokaText

/// Reads the two shapes that tables take in PDF text: a header row of years
/// and rows of values with an optional label in front.
enum TableReader {
    /// The periods of a header row such as 「令和２年度 令和３年度 令和４年度」,
    /// 「予算額・執行額等 区分 令和３年度 令和４年度」 or, with eras only on some
    /// cells, 「年 度 21年度 22年度 … R元年度 R2年度」. Labels may precede the
    /// years. Returns nil unless at least two cells are years and nothing but
    /// years follows the first one.
    static func yearHeader(_ text: String, impliedEra: JapaneseEra? = nil) -> [Period]? {
        // Asked of every line of a slide: most have no 年 at all.
        guard text.containsLiteral("年") else { return nil }
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let firstYear = tokens.firstIndex(where: isYearToken) else { return nil }
        let yearTokens = Array(tokens[firstYear...])
        guard yearTokens.count >= 2, yearTokens.allSatisfy(isYearToken) else { return nil }
        return inferPeriods(yearTokens, impliedEra: impliedEra)
    }

    private static func isYearToken(_ token: String) -> Bool {
        (token.hasSuffix("年度") || token.hasSuffix("年")) && token.count <= 8 && token.count >= 3
            && !token.hasPrefix("年")
    }

    /// Years written without an era are read as consecutive with the cells
    /// that have one (「30年度 元年度 ２年度」 crosses from 平成 into 令和).
    private static func inferPeriods(_ tokens: [String], impliedEra: JapaneseEra?) -> [Period]? {
        let explicit = tokens.map { PeriodParser.period(in: $0) }
        let fiscal = tokens.allSatisfy { $0.hasSuffix("年度") }
        if explicit.allSatisfy({ $0 != nil }) { return explicit.compactMap { $0 } }
        // Anchor: the first cell whose Western year is known.
        var anchor: (index: Int, year: Int)?
        for (index, period) in explicit.enumerated() {
            if let period, let year = westernYear(of: period) { anchor = (index, year); break }
        }
        if anchor == nil, let reiwaStart = tokens.firstIndex(where: { $0.hasPrefix("元年") }) {
            anchor = (reiwaStart, JapaneseEra.reiwa.firstYear)
        }
        if anchor == nil, let impliedEra {
            let implied = tokens.map { PeriodParser.period(in: $0, impliedEra: impliedEra) }
            if implied.allSatisfy({ $0 != nil }) { return implied.compactMap { $0 } }
        }
        guard let anchor else { return nil }
        let periods: [Period] = tokens.indices.map { index in
            let year = anchor.year + (index - anchor.index)
            return fiscal ? .fiscalYear(year) : .year(year)
        }
        // Every cell that states its own year must agree with the sequence.
        for (index, period) in explicit.enumerated() where period != nil {
            guard period == periods[index] else { return nil }
        }
        return periods
    }

    private static func westernYear(of period: Period) -> Int? {
        switch period {
        case .fiscalYear(let year), .year(let year): year
        case .asOf(let date): date.year
        }
    }

    /// A value row: leading label cells, then the values.
    struct ValueRow {
        var label: String
        var values: [Quantity]
        var numericCount: Int { values.filter(\.isNumeric).count }
    }

    /// Splits 「予算の状況 3,223 3,034 5,262 8,174」 into its label and values,
    /// and 「918人 956人 961人 公表予定」 into values alone. Returns nil when
    /// no cell is a number.
    static func valueRow(_ text: String, defaultUnit: String? = nil) -> ValueRow? {
        let cells = QuantityParser.rowCells(text, defaultUnit: defaultUnit)
        guard let firstNumeric = cells.firstIndex(where: \.isNumeric) else { return nil }
        let label = cells[..<firstNumeric].map(\.text).joined(separator: " ")
        let values = Array(cells[firstNumeric...])
        guard values.allSatisfy({ $0.isNumeric || isPlaceholderCell($0.text) }) else { return nil }
        return ValueRow(label: label, values: values)
    }

    /// Cells that stand for a missing number: 「-」, 「公表予定」, 「集計中」 …
    static func isPlaceholderCell(_ text: String) -> Bool {
        ["-", "－", "―", "—", "ー", "‐", "…", "公表予定", "集計中", "調査中", "未集計", "算出中", "なし", "*"].contains(text)
    }
}
