import HyokaModel
import Testing
@testable import HyokaAssessment

/// Two cycles of one measure. The corpus holds one cycle per measure, so the
/// earlier report is built from the later one with the kinds of change a new cycle brings.
@Suite("Cross-cycle comparison")
struct CycleComparisonTests {
    func policy(goals: [String], staff: [(Int, Double)]) -> Policy {
        let points = staff.map { SeriesPoint(period: .fiscalYear($0.0), kind: .actual, value: $0.1, text: "\(Int($0.1))人", line: 1, endLine: 1) }
        let field = Field(number: 6, title: "国連", goals: goals.enumerated().map { Goal(number: $0.offset + 1, text: $0.element, cycle: .current, line: 1, endLine: 1) },
                          series: [Indicator(title: "国連関係機関で勤務する日本人職員数", unit: "人", role: .reference, points: points, line: 1, endLine: 1)], line: 1, endLine: 1)
        return Policy(level: .measure, title: "国際の平和と安定に対する取組", fields: [field], line: 1, endLine: 1)
    }

    @Test("Goals kept, changed, added and dropped; series joined with disagreements noted")
    func compare() {
        let earlier = policy(goals: [
            "国連の効率的・効果的な運営に向けた改革を後押しする。",
            "広報・啓発活動を積極的に推進することで、国民の理解を促進する。",
            "国際機関における日本人職員の増加に努める。",
        ], staff: [(2017, 880), (2018, 890), (2019, 900), (2020, 910)])
        let later = policy(goals: [
            "国連の効率的・効果的な運営に向けた改革を後押しする。",
            "国際機関における日本人職員の一層の増加に努める。",
            "安保理改革を含む国連の機能強化を推進する。",
        ], staff: [(2020, 918), (2021, 956), (2022, 961)])
        let comparison = CycleComparison.compare(earlier: earlier, later: later)
        #expect(comparison.goals.map(\.change) == [.kept, .dropped, .changed, .added])
        #expect(comparison.goals[3].later?.text.hasPrefix("安保理改革") == true)
        let staff = comparison.series.first
        #expect(staff?.points.map(\.period) == (2017...2022).map { Period.fiscalYear($0) })
        #expect(staff?.points.last?.value == 961)
        #expect(staff?.disagreements == ["FY2020: 910人 → 918人"])
    }
}
