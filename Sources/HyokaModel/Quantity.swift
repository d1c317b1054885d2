/// A number as a report states it.
///
/// Magnitude words belong to the number (「約4.6億件」 is 460,000,000 件,
/// approximate), while a stated unit such as 百万円 stays the unit
/// (「3,223」 under 「百万円単位」 is 3,223 百万円). Cells that are not
/// numbers (「公表予定」, 「-」) keep their text and have no value.
public struct Quantity: Codable, Hashable, Sendable {
    /// The numeric value with magnitude words applied, or nil for non-numeric text.
    public var value: Double?
    /// The unit as written (件, 人, ％ is normalised to %, 百万円, か国 …).
    public var unit: String?
    /// True when the source hedges the number (約, およそ, 程度, 以上 …).
    public var approximate: Bool
    /// For 「13名中11名」: the whole the value is a part of (13).
    public var outOf: Double?
    /// The text the quantity was read from, as it appears after normalisation.
    public var text: String

    public init(value: Double?, unit: String? = nil, approximate: Bool = false, outOf: Double? = nil, text: String) {
        self.value = value
        self.unit = unit
        self.approximate = approximate
        self.outOf = outOf
        self.text = text
    }

    /// True when the quantity has a numeric value.
    public var isNumeric: Bool { value != nil }
}
