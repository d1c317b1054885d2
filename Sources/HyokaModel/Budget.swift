/// One amount of a budget table (予算額・執行額).
public struct Budget: Codable, Hashable, Sendable, SourceLocated {
    public enum Kind: String, Codable, Hashable, Sendable {
        /// 予算額 / 予算の状況: appropriation.
        case budget
        /// 執行額: amount spent.
        case execution
    }

    /// Which appropriation an amount is (MIC slides state them apart:
    /// 「R4補正 662億円」「R5予算 150億円」). Absent for tables that do not say.
    public enum Stage: String, Codable, Hashable, Sendable {
        /// 当初予算. A bare 「R5予算」 or 「令和５年度予算」 is the initial budget:
        /// a 補正 is always written as such.
        case initial
        /// 補正予算 (第N次補正 included).
        case supplementary
        /// 予算総額: the sum over the fiscal years from `fiscalYear` to `lastFiscalYear`.
        case total
    }

    /// Budget group: `measure` for the measure's own budget (分担金・拠出金除く),
    /// `contributions` for assessed and voluntary contributions (分担金・拠出金).
    public var group: String
    /// The group's label as printed.
    public var label: String
    public var kind: Kind
    public var fiscalYear: Int
    /// The last fiscal year of a total over several years (予算総額); nil for one year.
    public var lastFiscalYear: Int?
    /// 当初 / 補正 / 総額, when the source says.
    public var stage: Stage?
    public var amount: Double?
    /// The cell as written.
    public var text: String
    /// The table's stated unit (百万円 for 「百万円単位」).
    public var unit: String?
    public var line: Int
    public var endLine: Int

    public init(
        group: String, label: String, kind: Kind, fiscalYear: Int, lastFiscalYear: Int? = nil, stage: Stage? = nil,
        amount: Double?, text: String, unit: String?, line: Int, endLine: Int
    ) {
        self.group = group
        self.label = label
        self.kind = kind
        self.fiscalYear = fiscalYear
        self.lastFiscalYear = lastFiscalYear
        self.stage = stage
        self.amount = amount
        self.text = text
        self.unit = unit
        self.line = line
        self.endLine = endLine
    }
}
