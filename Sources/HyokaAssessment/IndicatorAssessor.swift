import HyokaModel
import HyokaText

/// Computes achievement and trajectory for indicator series.
///
/// - **Achievement** compares the actual at the target year (or the latest
///   actual) with the target, direction-aware: for a higher-is-better
///   indicator it is actual / target; for lower-is-better, target / actual;
///   for a ceiling (「10％以内」) the target is met while the actual stays at or
///   under it. With a baseline, achievement is the share of the planned change
///   achieved: (actual − baseline) / (target − baseline).
/// - **Trajectory**: when the target year is still ahead, the latest actual is
///   compared with the straight line from the baseline (the first actual when
///   no baseline is stated) to the target. At or beyond the line: on track;
///   improving but under it: behind; moving opposite to the target since the
///   start: moving away.
/// - Non-numeric points (「公表予定」, 「-」) and missing years are skipped.
public struct IndicatorAssessor: Sendable {
    public var rules: AssessmentRules
    /// The fiscal year the assessment is made in; targets due later are "ahead".
    public var currentFiscalYear: Int?

    public init(rules: AssessmentRules = AssessmentRules(), currentFiscalYear: Int? = nil) {
        self.rules = rules
        self.currentFiscalYear = currentFiscalYear
    }

    public func assess(_ series: Indicator, direction explicit: Direction? = nil) -> IndicatorAssessment {
        let direction = explicit ?? Self.direction(of: series)
        let actuals = series.points(.actual).filter { $0.value != nil && $0.period != nil }
            .sorted { ($0.period?.sortKey ?? CalendarDate(year: 0)) < ($1.period?.sortKey ?? CalendarDate(year: 0)) }
        let target = series.points(.target).last { $0.value != nil }
        let baseline = series.points(.baseline).first { $0.value != nil } ?? actuals.first
        var result = IndicatorAssessment(
            title: series.title, unit: series.unit, direction: direction, status: .notAssessable, achievement: nil,
            expectedOnPath: nil, baseline: baseline, latest: actuals.last, target: target,
            reason: LocalizedText(ja: "目標値又は実績値がないため判定できない。", en: "No target or no actual value: not assessable."),
            line: series.line, endLine: series.endLine
        )
        guard let target, let targetValue = target.value, let latest = actuals.last, let latestValue = latest.value else { return result }
        let targetYear = series.targetYear ?? Self.year(target.period)
        let latestYear = Self.year(latest.period)
        let achievement = Self.achievement(actual: latestValue, target: targetValue, direction: direction)
        result.achievement = achievement
        let targetReached = Self.isMet(actual: latestValue, target: targetValue, direction: direction)
        if targetReached {
            let exceeded = direction != .ceiling && achievement.map { $0 >= rules.exceededRatio } == true
            result.status = exceeded ? .exceeded : .achieved
            result.reason = LocalizedText(
                ja: "最新の実績値\(Self.format(latestValue))は目標値\(Self.format(targetValue))を\(exceeded ? "大きく上回っている" : "達成している")。",
                en: "The latest actual \(Self.format(latestValue)) \(exceeded ? "well exceeds" : "meets") the target \(Self.format(targetValue)).")
            return result
        }
        let due = targetYear.map { year in (currentFiscalYear ?? latestYear ?? year) >= year } ?? false
        if due, latestYear != nil, let targetYear, (latestYear ?? 0) >= targetYear {
            result.status = .notMet
            result.reason = LocalizedText(
                ja: "目標年度（\(targetYear)年度）の実績値\(Self.format(latestValue))は目標値\(Self.format(targetValue))に達していない。",
                en: "The actual \(Self.format(latestValue)) for the target year FY\(targetYear) falls short of the target \(Self.format(targetValue)).")
            return result
        }
        guard let baseline, let baselineValue = baseline.value, let startYear = Self.year(baseline.period),
              let latestYear, let targetYear, targetYear > startYear else {
            result.status = .behind
            result.reason = LocalizedText(ja: "目標値に未達。軌道を判定する基準年度又は目標年度がない。",
                                          en: "Target not yet met; no base year or target year to judge the trajectory.")
            return result
        }
        let progress = Double(latestYear - startYear) / Double(targetYear - startYear)
        let expected = baselineValue + (targetValue - baselineValue) * progress
        result.expectedOnPath = (expected * 10).rounded() / 10
        let improving = Self.improvement(from: baselineValue, to: latestValue, toward: targetValue, direction: direction)
        if improving < 0 || (improving == 0 && latestYear > startYear) {
            result.status = .movingAway
            result.reason = LocalizedText(
                ja: "基準（\(startYear)年度 \(Self.format(baselineValue))）から最新（\(latestYear)年度 \(Self.format(latestValue))）まで目標値\(Self.format(targetValue))（\(targetYear)年度）から遠ざかっている。",
                en: "From the base (FY\(startYear): \(Self.format(baselineValue))) to the latest (FY\(latestYear): \(Self.format(latestValue))) the indicator moved away from its target \(Self.format(targetValue)) for FY\(targetYear).")
        } else if Self.isMet(actual: latestValue, target: expected, direction: direction == .ceiling ? .lowerIsBetter : direction) {
            result.status = .onTrack
            result.reason = LocalizedText(
                ja: "最新の実績値\(Self.format(latestValue))（\(latestYear)年度）は、目標値\(Self.format(targetValue))（\(targetYear)年度）への直線的な経路上の水準\(Self.format(expected))以上である。",
                en: "The latest actual \(Self.format(latestValue)) (FY\(latestYear)) is at or ahead of \(Self.format(expected)), the straight path to the target \(Self.format(targetValue)) for FY\(targetYear).")
        } else {
            result.status = .behind
            result.reason = LocalizedText(
                ja: "最新の実績値\(Self.format(latestValue))（\(latestYear)年度）は、基準\(Self.format(baselineValue))（\(startYear)年度）から目標値\(Self.format(targetValue))（\(targetYear)年度）への直線的な経路上の水準\(Self.format(expected))を下回っている。",
                en: "The latest actual \(Self.format(latestValue)) (FY\(latestYear)) is behind \(Self.format(expected)), the straight path from the base \(Self.format(baselineValue)) (FY\(startYear)) to the target \(Self.format(targetValue)) for FY\(targetYear).")
        }
        return result
    }

    // MARK: Rules

    /// The direction a series' words imply: 「以内」「以下」 → ceiling; 「減少」「削減」「抑制」 → lower is better.
    public static func direction(of series: Indicator) -> Direction {
        let words = LiteralText(([series.title] + series.notes).joined())
        if words.contains("以内") || words.contains("以下に") { return .ceiling }
        if ["減少", "削減", "抑制", "縮減", "低減"].contains(where: words.contains) { return .lowerIsBetter }
        return .higherIsBetter
    }

    static func isMet(actual: Double, target: Double, direction: Direction) -> Bool {
        switch direction {
        case .higherIsBetter: actual >= target
        case .lowerIsBetter, .ceiling: actual <= target
        }
    }

    static func achievement(actual: Double, target: Double, direction: Direction) -> Double? {
        switch direction {
        case .higherIsBetter: return target == 0 ? nil : actual / target
        case .lowerIsBetter: return actual == 0 ? (target >= 0 ? nil : nil) : target / actual
        case .ceiling: return actual <= target ? 1 : (actual == 0 ? nil : target / actual)
        }
    }

    /// Positive when the indicator moved toward the target, negative when away.
    static func improvement(from start: Double, to latest: Double, toward target: Double, direction: Direction) -> Double {
        switch direction {
        case .higherIsBetter: latest - start
        case .lowerIsBetter, .ceiling: start - latest
        }
    }

    static func year(_ period: Period?) -> Int? {
        switch period {
        case .fiscalYear(let year), .year(let year): year
        case .asOf(let date): date.year
        case nil: nil
        }
    }

    static func format(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 {
            let digits = String(Int64(value))
            var grouped = ""
            for (index, character) in digits.reversed().enumerated() {
                if index > 0, index % 3 == 0, character != "-" { grouped.append(",") }
                grouped.append(character)
            }
            return String(grouped.reversed())
        }
        return String((value * 100).rounded() / 100)
    }
}
