import Foundation
import HyokaModel

/// The standard format (標準様式) most ministries write their evaluations in,
/// as a blank draft: each heading of the format mapped to the model element
/// that holds it, so that a blank draft is reviewed, shown and exported as an
/// imported evaluation is.
///
/// | 標準様式 | model |
/// |---|---|
/// | 施策名 | `Policy.title` |
/// | 施策の概要 | `Policy.overview` |
/// | 達成すべき目標 | `Policy.objectives` |
/// | 測定指標 (基準値・目標値・実績値, 年度) | `Policy.series` (role `.measure`) |
/// | 施策の予算額・執行額等 | `Policy.budget` |
/// | 評価結果 (五段階) | `Policy.results`, the rating in the block headed 評価区分 (`StatedRating`) |
/// | 学識経験を有する者の知見の活用 | `Policy.notes`, the block headed so |
public enum StandardTemplate {
    public static let measureName = "施策名"
    public static let overview = "施策の概要"
    public static let objectives = "達成すべき目標"
    public static let indicators = "測定指標"
    public static let budget = "施策の予算額・執行額等"
    public static let result = "評価結果"
    public static let expertKnowledge = "学識経験を有する者の知見の活用"
    /// The standard format's budget table is in 千円.
    public static let budgetUnit = "千円"

    /// A blank evaluation of the standard format for fiscal year `fiscalYear`:
    /// one measure, one goal, one 測定指標 with empty 基準値, 目標値 and 実績値
    /// cells, and budget rows for the three years the format shows.
    public static func report(id: String, ministry: String, fiscalYear: Int) -> EvaluationReport {
        let indicator = Indicator(
            title: "", role: .measure, targetYear: nil,
            points: [
                SeriesPoint(period: nil, kind: .baseline, value: nil, text: "", line: 1, endLine: 1),
                SeriesPoint(period: .fiscalYear(fiscalYear - 1), kind: .actual, value: nil, text: "", line: 1, endLine: 1),
                SeriesPoint(period: .fiscalYear(fiscalYear), kind: .actual, value: nil, text: "", line: 1, endLine: 1),
                SeriesPoint(period: nil, kind: .target, value: nil, text: "", line: 1, endLine: 1),
            ], line: 1, endLine: 1)
        let budget = (fiscalYear - 2...fiscalYear).flatMap { year in
            [Budget.Kind.budget, .execution].map { kind in
                Budget(group: "measure", label: kind == .budget ? "予算額" : "執行額", kind: kind, fiscalYear: year,
                       amount: nil, text: "", unit: budgetUnit, line: 1, endLine: 1)
            }
        }
        let policy = Policy(
            level: .measure, title: "",
            objectives: [Goal(number: 1, text: "", cycle: .current, line: 1, endLine: 1)],
            results: [TextBlock(heading: StatedRating.heading, text: "", line: 1, endLine: 1), TextBlock(heading: result, text: "", line: 1, endLine: 1)],
            overview: [TextBlock(heading: overview, text: "", line: 1, endLine: 1)],
            series: [indicator], budget: budget,
            notes: [TextBlock(heading: expertKnowledge, text: "", line: 1, endLine: 1)],
            line: 1, endLine: 1)
        var report = EvaluationReport(id: id, source: "\(id).draft", contentHash: "", kind: .evaluation, layout: .generic,
                                      ministry: ministry, policies: [policy], lineCount: 1)
        DraftNumbering.renumber(&report)
        return report
    }
}

/// The five-level rating an author states (評価区分), kept as a block headed
/// 「評価区分」 whose text is the rating's official label, so that it is
/// exported and shown like any other text, and read back without guessing.
public enum StatedRating {
    public static let heading = "評価区分"

    /// The rating stated in `blocks`, if a block headed 評価区分 names one.
    public static func read(_ blocks: [TextBlock]) -> Rating? {
        guard let block = blocks.first(where: { $0.heading == heading }) else { return nil }
        let text = block.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return Rating.allCases.first { $0.label == text }
    }
}
