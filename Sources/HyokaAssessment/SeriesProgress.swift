import HyokaModel

/// Findings on how a series' actuals stand against what was planned or
/// promised (MIC slides state plans, forecasts and targets beside actuals):
///
/// - `actual-below-plan`: an actual below the plan (計画) or forecast (見込み)
///   stated for the same period, by more than `AssessmentRules.planShortfall`;
/// - `actual-pending`: an actual not yet published (公表予定, 集計中,
///   調査・とりまとめ中 …) when the target year is at most
///   `AssessmentRules.pendingActualYears` away (or past);
/// - `targets-without-actuals`: targets stated with no actual at all, so that
///   progress cannot be judged from the report.
struct SeriesProgress {
    var rules: AssessmentRules
    /// The fiscal year the report was written in.
    var currentFiscalYear: Int?

    /// - Parameter among: the policy's series, to tell a target restated in a
    ///   sentence (「令和８年度までに…現役隊員数を10,000人とする」) from one nobody reports on.
    func findings(_ series: Indicator, among others: [Indicator], document: String) -> [Finding] {
        var findings: [Finding] = []
        func add(_ rule: String, _ severity: Finding.Severity, _ ja: String, _ en: String, related: [Int] = [], line: Int? = nil) {
            findings.append(Finding(rule: rule, severity: severity, message: LocalizedText(ja: "「\(series.title)」：\(ja)", en: "“\(series.title)”: \(en)"),
                                    document: document, relatedLines: related, line: line ?? series.line, endLine: line ?? series.endLine))
        }
        let actuals = series.points(.actual)
        let expected = series.points(.plan) + series.points(.forecast)
        for actual in actuals {
            guard let value = actual.value, let period = actual.period,
                  let plan = expected.first(where: { $0.period == period && $0.value != nil }), let planned = plan.value, planned > 0,
                  value < planned * (1 - rules.planShortfall) else { continue }
            let word = plan.kind == .plan ? ("計画", "plan") : ("見込み", "forecast")
            let percent = Int(((1 - value / planned) * 100).rounded())
            add("actual-below-plan", .warning,
                "\(period)の実績値\(IndicatorAssessor.format(value))が\(word.0)\(IndicatorAssessor.format(planned))を\(percent)％下回る。理由が示されているか確認されたい。",
                "The \(period) actual \(IndicatorAssessor.format(value)) is \(percent)% below its \(word.1) \(IndicatorAssessor.format(planned)); check that the reason is given.",
                related: [plan.line], line: actual.line)
        }
        let targetYear = series.targetYear ?? series.points(.target).compactMap { point -> Int? in
            if case .fiscalYear(let year)? = point.period { return year }
            if case .year(let year)? = point.period { return year }
            return nil
        }.max()
        if let currentFiscalYear, let targetYear, targetYear - currentFiscalYear <= rules.pendingActualYears,
           let pending = actuals.last(where: { $0.value == nil && !Self.dashes.contains($0.text) }) {
            add("actual-pending", .warning,
                "\(pending.period.map { "\($0)の" } ?? "")実績値が「\(pending.text)」で示されていない（目標年度\(targetYear)年度まで\(max(0, targetYear - currentFiscalYear))年）。",
                "The \(pending.period.map { "\($0) " } ?? "")actual is not given (“\(pending.text)”) with the target year FY\(targetYear) \(max(0, targetYear - currentFiscalYear)) year(s) away.",
                line: pending.line)
        }
        let targets = series.points(.target).filter { $0.value != nil }
        let restated = others.contains { other in
            other != series && other.points(.actual).contains { $0.value != nil }
                && other.points(.target).contains { target in targets.contains { $0.value == target.value && $0.period == target.period } }
        }
        if !targets.isEmpty, !actuals.contains(where: { $0.value != nil }), !restated {
            add("targets-without-actuals", .info,
                "目標値（\(targets.count)件）が示されているが、実績値がない。進捗を評価書から判断できない。",
                "\(targets.count) target(s) are stated but no actual, so progress cannot be judged from the report.",
                related: targets.map(\.line))
        }
        return findings
    }

    /// Cells that mean "nothing here" rather than "not yet known".
    static let dashes: Set<String> = ["", "-", "－", "ー", "―", "—", "‐", "…", "*"]
}
