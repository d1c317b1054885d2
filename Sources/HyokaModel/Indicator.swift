/// An indicator series: 測定指標, 参考指標, 成果目標 or 活動モニタリング指標,
/// with its points over time.
public struct Indicator: Codable, Hashable, Sendable, SourceLocated {
    public enum Role: String, Codable, Hashable, Sendable {
        /// 測定指標: formal indicator with targets.
        case measure
        /// 参考指標 / 参考: reference series, usually actuals only.
        case reference
        /// 成果目標 / 定量的な成果指標: outcome target table.
        case outcome
        /// 活動モニタリング指標: activity monitoring indicator.
        case activity
    }

    public var title: String
    public var unit: String?
    public var role: Role
    /// 目標年度: the fiscal year the target is due, when stated.
    public var targetYear: Int?
    /// Notes printed with the table: 出典, （注）, 「12月末現在」.
    public var notes: [String]
    public var points: [SeriesPoint]
    public var line: Int
    public var endLine: Int

    public init(
        title: String, unit: String? = nil, role: Role, targetYear: Int? = nil, notes: [String] = [],
        points: [SeriesPoint] = [], line: Int, endLine: Int
    ) {
        self.title = title
        self.unit = unit
        self.role = role
        self.targetYear = targetYear
        self.notes = notes
        self.points = points
        self.line = line
        self.endLine = endLine
    }

    /// Points of one kind, in source order.
    public func points(_ kind: SeriesPoint.Kind) -> [SeriesPoint] {
        points.filter { $0.kind == kind }
    }
}

/// One value of a series at one period.
///
/// Encoded with exactly one of `fiscalYear`, `year` or `date` for its period,
/// as the export contract requires.
public struct SeriesPoint: Hashable, Sendable, SourceLocated {
    public enum Kind: String, Codable, Hashable, Sendable {
        /// 実績値 / 成果実績
        case actual
        /// 計画 / 当初計画: the value a plan expected by that period, which
        /// the actual is measured against (not the final target).
        case plan
        /// 見込み: a value expected for a period not yet closed (or not yet
        /// counted). It is neither an actual nor a commitment.
        case forecast
        /// 目標値
        case target
        /// 基準値
        case baseline
        /// 達成度, as the report states it.
        case achievement
    }

    public var period: Period?
    public var kind: Kind
    /// Numeric value, nil for cells such as 「公表予定」 or 「-」.
    public var value: Double?
    /// The cell text as written.
    public var text: String
    public var approximate: Bool
    public var unit: String?
    public var line: Int
    public var endLine: Int

    public init(period: Period?, kind: Kind, value: Double?, text: String, approximate: Bool = false, unit: String? = nil, line: Int, endLine: Int) {
        self.period = period
        self.kind = kind
        self.value = value
        self.text = text
        self.approximate = approximate
        self.unit = unit
        self.line = line
        self.endLine = endLine
    }

    /// A point read from a parsed quantity.
    public init(period: Period?, kind: Kind, quantity: Quantity, line: Int, endLine: Int) {
        self.init(
            period: period, kind: kind, value: quantity.value, text: quantity.text,
            approximate: quantity.approximate, unit: quantity.unit, line: line, endLine: endLine
        )
    }
}

extension SeriesPoint: Codable {
    private enum CodingKeys: String, CodingKey {
        case fiscalYear, year, date, kind, value, text, approximate, unit, line, endLine
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let fiscalYear = try container.decodeIfPresent(Int.self, forKey: .fiscalYear) {
            period = .fiscalYear(fiscalYear)
        } else if let year = try container.decodeIfPresent(Int.self, forKey: .year) {
            period = .year(year)
        } else if let date = try container.decodeIfPresent(CalendarDate.self, forKey: .date) {
            period = .asOf(date)
        } else {
            period = nil
        }
        kind = try container.decode(Kind.self, forKey: .kind)
        value = try container.decodeIfPresent(Double.self, forKey: .value)
        text = try container.decode(String.self, forKey: .text)
        approximate = try container.decode(Bool.self, forKey: .approximate)
        unit = try container.decodeIfPresent(String.self, forKey: .unit)
        line = try container.decode(Int.self, forKey: .line)
        endLine = try container.decode(Int.self, forKey: .endLine)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch period {
        case .fiscalYear(let year): try container.encode(year, forKey: .fiscalYear)
        case .year(let year): try container.encode(year, forKey: .year)
        case .asOf(let date): try container.encode(date, forKey: .date)
        case nil: break
        }
        try container.encode(kind, forKey: .kind)
        try container.encode(value, forKey: .value)
        try container.encode(text, forKey: .text)
        try container.encode(approximate, forKey: .approximate)
        try container.encodeIfPresent(unit, forKey: .unit)
        try container.encode(line, forKey: .line)
        try container.encode(endLine, forKey: .endLine)
    }
}
