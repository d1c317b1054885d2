import HyokaModel

/// Starts the next cycle of an evaluation from the last one, as an
/// evaluation officer would by copying last year's sheet: the same measure,
/// fields and indicators, and what changes from one cycle to the next made
/// ready to fill in.
///
/// - 次回評価時に向けての中期目標 (the goals set for the next cycle) become
///   the current goals (中期目標); where a report set none, the current goals stay.
/// - Every series keeps its points and gains an empty 実績値 cell for the new
///   年度 (or 年, for a series counted by calendar year).
/// - Budget rows are carried and gain an empty row for the new year.
/// - What belongs to one cycle only is left empty: the judgement (評価結果),
///   achievements, 外部有識者の所見, slides and free text kept as sections,
///   and the source's line furniture.
///
/// Works from the model alone, so that any imported evaluation (a MOFA sheet,
/// the MIC report) continues the same way.
public enum NextCycle {
    /// The fiscal year the next cycle reports on: the year after the latest
    /// actual (実績値) or execution (執行額) the report gives, or after the
    /// fiscal year it was published in. Values stated at a date (「令和7年4月時点」)
    /// count only when nothing is stated by year: such a snapshot is usually
    /// taken while the evaluation is written, in the year that is not yet reported.
    public static func newFiscalYear(after report: EvaluationReport) -> Int? {
        var years: [Int] = []
        var dated: [Int] = []
        for policy in report.policies {
            for series in policy.series + policy.fields.flatMap(\.series) {
                for point in series.points where point.kind == .actual && point.value != nil {
                    switch point.period {
                    case .fiscalYear(let year), .year(let year): years.append(year)
                    case .asOf(let date): dated.append(date.fiscalYear ?? date.year)
                    case nil: break
                    }
                }
            }
            years += policy.budget.filter { $0.kind == .execution && $0.amount != nil }.map { $0.lastFiscalYear ?? $0.fiscalYear }
        }
        if let latest = years.max() ?? dated.max() { return latest + 1 }
        return report.published.map { ($0.fiscalYear ?? $0.year) + 1 }
    }

    /// The next cycle's report, for `fiscalYear` (by default `newFiscalYear(after:)`).
    /// - Parameter id: the draft report's id (the pages and exports key on it).
    public static func report(from last: EvaluationReport, id: String, fiscalYear: Int? = nil) -> (report: EvaluationReport, fiscalYear: Int?) {
        let year = fiscalYear ?? newFiscalYear(after: last)
        var report = EvaluationReport(
            id: id, source: "\(id).draft", contentHash: "", kind: .evaluation, layout: last.layout, ministry: last.ministry,
            title: last.title, policies: last.policies.map { policy(from: $0, year: year) }, lineCount: 1)
        DraftNumbering.renumber(&report)
        return (report, year)
    }

    static func policy(from last: Policy, year: Int?) -> Policy {
        var policy = last
        policy.evaluated = nil
        if !last.nextObjectives.isEmpty {
            policy.objectives = last.nextObjectives.map { promote($0) }
        }
        policy.nextObjectives = []
        policy.results = []
        policy.expertComments = []
        // Slides and free text kept as sections tell last cycle's story; the new cycle writes its own.
        policy.sections = []
        policy.fields = last.fields.map { field(from: $0, year: year) }
        policy.series = last.series.map { series(from: $0, year: year) }
        if let year { policy.budget = budget(from: last.budget, year: year) }
        return policy
    }

    static func field(from last: Field, year: Int?) -> Field {
        var field = last
        field.evaluated = nil
        let next = last.goals.filter { $0.cycle == .next }
        field.goals = next.isEmpty ? last.goals.filter { $0.cycle == .current } : next.map { promote($0) }
        // The same initiatives are pursued; what was achieved and the direction ahead are this cycle's to write.
        field.initiatives = last.initiatives.map { Initiative(number: $0.number, title: $0.title, line: $0.line, endLine: $0.endLine) }
        field.assessment = nil
        field.sections = []
        field.series = last.series.map { series(from: $0, year: year) }
        return field
    }

    static func promote(_ goal: Goal) -> Goal {
        var goal = goal
        goal.cycle = .current
        return goal
    }

    /// The series with an empty actual cell for the new year, in the period
    /// kind the series is counted in (年度 or 年). A series stated at dates
    /// (「12月末現在」) gains none: which date comes next is the author's call.
    static func series(from last: Indicator, year: Int?) -> Indicator {
        var series = last
        guard let year else { return series }
        let kinds = Set(last.points.compactMap { point -> String? in
            switch point.period { case .fiscalYear: "fiscalYear"; case .year: "year"; default: nil }
        })
        let period: Period
        let dated = last.points.contains { if case .asOf? = $0.period { true } else { false } }
        if kinds == ["year"] {
            period = .year(year)
        } else if kinds.contains("fiscalYear") || (kinds.isEmpty && !dated) {
            period = .fiscalYear(year)
        } else {
            return series
        }
        guard !last.points.contains(where: { $0.kind == .actual && $0.period == period }) else { return series }
        let unit = last.points.last(where: { $0.kind == .actual })?.unit ?? last.unit
        let cell = SeriesPoint(period: period, kind: .actual, value: nil, text: "", unit: unit, line: last.line, endLine: last.line)
        // After the last point of an earlier period, so that the series stays in time order.
        let index = last.points.lastIndex { point in point.period.map { $0.sortKey <= period.sortKey } ?? false }.map { $0 + 1 } ?? last.points.endIndex
        series.points.insert(cell, at: index)
        return series
    }

    /// Every row carried, and an empty amount for the new year in each group
    /// and kind (予算額, 執行額) that has no row for it yet. Totals over several
    /// years (予算総額) are not extended.
    static func budget(from last: [Budget], year: Int) -> [Budget] {
        var rows = last
        var seen = Set<String>()
        for row in last where row.stage != .total {
            let key = "\(row.group)\u{1F}\(row.label)\u{1F}\(row.kind.rawValue)\u{1F}\(row.stage?.rawValue ?? "")"
            guard !seen.contains(key) else { continue }
            seen.insert(key)
            let exists = last.contains { $0.group == row.group && $0.label == row.label && $0.kind == row.kind && $0.stage == row.stage && $0.fiscalYear == year }
            guard !exists else { continue }
            rows.append(Budget(group: row.group, label: row.label, kind: row.kind, fiscalYear: year, stage: row.stage,
                               amount: nil, text: "", unit: row.unit, line: row.line, endLine: row.line))
        }
        return rows
    }
}
