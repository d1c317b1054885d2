/// When a value applies.
///
/// Japanese reports distinguish three kinds of time, and mixing them is a
/// classic error in reading them:
/// - 年度 (`fiscalYear`): April to March, named by the Western year it starts
///   in, so 令和５年度 is fiscal year 2023 (April 2023 – March 2024);
/// - 年 / 暦年 (`year`): a calendar year;
/// - 時点 / 末現在 (`asOf`): a point in time such as 「令和7年4月時点」 or
///   「12月末現在」.
public enum Period: Hashable, Sendable, CustomStringConvertible {
    case fiscalYear(Int)
    case year(Int)
    case asOf(CalendarDate)

    public var description: String {
        switch self {
        case .fiscalYear(let year): "FY\(year)"
        case .year(let year): "\(year)"
        case .asOf(let date): "as of \(date.iso8601)"
        }
    }

    /// The period as two plain values, for tables and CSV: its kind
    /// (`fiscalYear`, `year` or `date`) and its value (「2023」, 「2012-12」).
    public var columns: (kind: String, value: String) {
        switch self {
        case .fiscalYear(let year): ("fiscalYear", String(year))
        case .year(let year): ("year", String(year))
        case .asOf(let date): ("date", date.iso8601)
        }
    }

    /// A sortable key: fiscal year N sorts as April of N, calendar year N as January.
    public var sortKey: CalendarDate {
        switch self {
        case .fiscalYear(let year): CalendarDate(year: year, month: 4)
        case .year(let year): CalendarDate(year: year, month: 1)
        case .asOf(let date): date
        }
    }
}
