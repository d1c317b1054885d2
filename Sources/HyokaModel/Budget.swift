/// One amount of a budget table (予算額・執行額).
public struct Budget: Codable, Hashable, Sendable, SourceLocated {
    public enum Kind: String, Codable, Hashable, Sendable {
        /// 予算額 / 予算の状況: appropriation.
        case budget
        /// 執行額: amount spent.
        case execution
    }

    /// Budget group: `measure` for the measure's own budget (分担金・拠出金除く),
    /// `contributions` for assessed and voluntary contributions (分担金・拠出金).
    public var group: String
    /// The group's label as printed.
    public var label: String
    public var kind: Kind
    public var fiscalYear: Int
    public var amount: Double?
    /// The cell as written.
    public var text: String
    /// The table's stated unit (百万円 for 「百万円単位」).
    public var unit: String?
    public var line: Int
    public var endLine: Int

    public init(group: String, label: String, kind: Kind, fiscalYear: Int, amount: Double?, text: String, unit: String?, line: Int, endLine: Int) {
        self.group = group
        self.label = label
        self.kind = kind
        self.fiscalYear = fiscalYear
        self.amount = amount
        self.text = text
        self.unit = unit
        self.line = line
        self.endLine = endLine
    }
}
