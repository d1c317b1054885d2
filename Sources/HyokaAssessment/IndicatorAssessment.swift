import HyokaModel

/// Which way an indicator should move.
public enum Direction: String, Codable, Sendable, Equatable {
    /// More is better (隊員数, 応募件数).
    case higherIsBetter
    /// Less is better (事故件数).
    case lowerIsBetter
    /// The value must stay within a ceiling (「10％以内」).
    case ceiling
}

/// How an indicator stands against its target.
public enum IndicatorStatus: String, Codable, Sendable, Equatable, CaseIterable {
    /// The target is met by a wide margin.
    case exceeded
    /// The target is met.
    case achieved
    /// The target year is ahead and the latest actual is at or ahead of the straight path to the target.
    case onTrack
    /// The target year is ahead; the indicator improves but is behind the straight path.
    case behind
    /// The indicator moves away from its target.
    case movingAway
    /// The target year has passed and the target was not met.
    case notMet
    /// There is no target, or no numeric actual to compare.
    case notAssessable
}

/// The computed assessment of one indicator series, with its reasoning.
public struct IndicatorAssessment: Codable, Sendable, Equatable {
    public var title: String
    public var unit: String?
    public var direction: Direction
    public var status: IndicatorStatus
    /// Actual relative to target (1.0 = met), direction-aware; nil when not computable.
    public var achievement: Double?
    /// Where the latest actual should be on the straight path from the baseline to the target.
    public var expectedOnPath: Double?
    public var baseline: SeriesPoint?
    public var latest: SeriesPoint?
    public var target: SeriesPoint?
    /// The reasoning in plain language, Japanese and English.
    public var reason: LocalizedText
    public var line: Int
    public var endLine: Int
}

/// The thresholds of the rules, which a ministry may set to its own practice.
public struct AssessmentRules: Codable, Sendable, Equatable {
    /// Achievement at or above this is 目標超過達成 for the indicator (1.2 = 120%).
    public var exceededRatio: Double = 1.2
    /// Below this execution rate (執行額 / 予算額) a budget line is flagged.
    public var lowExecutionRate: Double = 0.8
    /// The measure rating (see `MeasureRating`): share of indicators achieved
    /// or on track at or above which progress is 相当程度進展あり.
    public var substantialProgressShare: Double = 0.5
    /// An actual more than this share below the plan (計画) or forecast (見込み)
    /// for its period is flagged (0.1: 9 of a planned 10 passes, 6 does not).
    public var planShortfall: Double = 0.1
    /// An actual still pending (公表予定, 調査・とりまとめ中) is flagged when the
    /// target year is at most this many fiscal years after the report's (or past).
    public var pendingActualYears: Int = 3

    public init() {}

    /// Reads thresholds from JSON such as `{"lowExecutionRate": 0.7}`; keys
    /// left out keep their defaults, and out-of-range values are refused.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        exceededRatio = try container.decodeIfPresent(Double.self, forKey: .exceededRatio) ?? exceededRatio
        lowExecutionRate = try container.decodeIfPresent(Double.self, forKey: .lowExecutionRate) ?? lowExecutionRate
        substantialProgressShare = try container.decodeIfPresent(Double.self, forKey: .substantialProgressShare) ?? substantialProgressShare
        planShortfall = try container.decodeIfPresent(Double.self, forKey: .planShortfall) ?? planShortfall
        pendingActualYears = try container.decodeIfPresent(Int.self, forKey: .pendingActualYears) ?? pendingActualYears
        guard exceededRatio >= 1, (0...1).contains(lowExecutionRate), (0...1).contains(substantialProgressShare), (0...1).contains(planShortfall),
              pendingActualYears >= 0 else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription:
                "exceededRatio must be at least 1; lowExecutionRate, substantialProgressShare and planShortfall between 0 and 1; pendingActualYears at least 0"))
        }
    }

    private enum CodingKeys: String, CodingKey {
        case exceededRatio, lowExecutionRate, substantialProgressShare, planShortfall, pendingActualYears
    }
}
