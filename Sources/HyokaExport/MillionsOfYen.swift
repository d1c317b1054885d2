/// Amounts of money in one unit, 百万円 (million yen), whatever unit the
/// report printed them in.
///
/// Reports print budgets in 百万円 (MOFA's 「百万円単位」 tables), 億円 or
/// 千円 (MIC's slides), sometimes 円: one column mixing them cannot be summed
/// or sorted. Exports and the dashboard convert to 百万円 and keep the
/// printed text beside the converted number, so a reader can check it.
public enum MillionsOfYen {
    /// `amount` stated in `unit`, in 百万円; nil when the unit is not yen
    /// (人, 件, %, a foreign currency). A budget table with no stated unit is in 百万円.
    public static func convert(_ amount: Double, unit: String?) -> Double? {
        switch unit {
        case "百万円", nil: amount
        case "億円": amount * 100
        case "千万円": amount * 10
        case "千円": amount / 1_000
        case "万円": amount / 100
        case "円": amount / 1_000_000
        case "兆円": amount * 1_000_000
        default: nil
        }
    }

    /// Like `convert`, but nil for a unit-less amount: outside budget tables a
    /// bare number is a count, not money.
    public static func convertStated(_ amount: Double, unit: String?) -> Double? {
        unit == nil ? nil : convert(amount, unit: unit)
    }
}
