import HyokaEvidence
import HyokaModel

/// Two evaluations of the same measure from different cycles (e.g. the
/// 令和２年度 and 令和６年度 reports), compared: goals kept, changed, added
/// and dropped, and indicator series joined over time.
public struct CycleComparison: Codable, Sendable {
    public enum Change: String, Codable, Sendable {
        case kept, changed, added, dropped
    }

    public struct GoalChange: Codable, Sendable {
        public var change: Change
        public var earlier: Goal?
        public var later: Goal?
        /// Bigram overlap of the two texts, 0…1.
        public var similarity: Double
    }

    /// One indicator's points from both reports, in period order.
    public struct JoinedSeries: Codable, Sendable {
        public var title: String
        public var unit: String?
        public var points: [SeriesPoint]
        /// Periods for which the two reports state different values.
        public var disagreements: [String]
    }

    public var goals: [GoalChange]
    public var series: [JoinedSeries]

    /// A goal is kept when its text is the same (ignoring spaces and punctuation),
    /// changed when at least this share of its words recur, else dropped or added.
    static let changedSimilarity = 0.4

    public static func compare(earlier: Policy, later: Policy) -> CycleComparison {
        CycleComparison(goals: compareGoals(goals(of: earlier), goals(of: later)), series: join(allSeries(earlier), allSeries(later)))
    }

    private static func goals(of policy: Policy) -> [Goal] {
        policy.objectives + policy.fields.flatMap { $0.goals.filter { $0.cycle == .current } }
    }

    private static func allSeries(_ policy: Policy) -> [Indicator] {
        policy.series + policy.fields.flatMap(\.series)
    }

    private static func compareGoals(_ earlier: [Goal], _ later: [Goal]) -> [GoalChange] {
        var unmatched = Array(later.indices)
        var changes: [GoalChange] = []
        for goal in earlier {
            let best = unmatched.map { ($0, EvidenceMatcher.similarity(goal.text, later[$0].text)) }.max { $0.1 < $1.1 }
            if let (index, similarity) = best, similarity >= changedSimilarity {
                unmatched.removeAll { $0 == index }
                let same = comparable(goal.text) == comparable(later[index].text)
                changes.append(GoalChange(change: same ? .kept : .changed, earlier: goal, later: later[index], similarity: similarity))
            } else {
                changes.append(GoalChange(change: .dropped, earlier: goal, later: nil, similarity: best?.1 ?? 0))
            }
        }
        changes += unmatched.map { GoalChange(change: .added, earlier: nil, later: later[$0], similarity: 0) }
        return changes
    }

    private static func comparable(_ text: String) -> String {
        String(text.filter { $0.isLetter || $0.isNumber })
    }

    private static func join(_ earlier: [Indicator], _ later: [Indicator]) -> [JoinedSeries] {
        later.compactMap { newer in
            guard let older = earlier.first(where: { EvidenceMatcher.sameUnit($0.unit, newer.unit) && EvidenceMatcher.similarity($0.title, newer.title) >= 0.7 }) else { return nil }
            var byPeriod: [Period: SeriesPoint] = [:]
            var disagreements: [String] = []
            for point in older.points where point.kind == .actual { if let period = point.period { byPeriod[period] = point } }
            for point in newer.points where point.kind == .actual {
                guard let period = point.period else { continue }
                if let old = byPeriod[period], old.value != point.value { disagreements.append("\(period): \(old.text) → \(point.text)") }
                byPeriod[period] = point
            }
            let points = byPeriod.values.sorted { ($0.period?.sortKey ?? CalendarDate(year: 0)) < ($1.period?.sortKey ?? CalendarDate(year: 0)) }
            return JoinedSeries(title: newer.title, unit: newer.unit, points: points, disagreements: disagreements)
        }
    }
}
