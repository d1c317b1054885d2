import HyokaModel
import HyokaText

/// The measure-level rating computed from its indicators, with its reason.
public struct ComputedRating: Codable, Sendable, Equatable {
    public var rating: Rating
    public var reason: LocalizedText
}

/// Rules from indicator results to the five-level scale:
/// - 目標超過達成: every indicator exceeded its target;
/// - 目標達成: every indicator met its target;
/// - 相当程度進展あり: at least `substantialProgressShare` of the indicators
///   met their target or are on track, and none moves away;
/// - 目標に向かっていない: half or more move away from their target or missed it;
/// - 進展が大きくない: otherwise.
/// Indicators that cannot be assessed are left out; the same indicator
/// printed twice counts once.
public enum MeasureRating {
    public static func rate(_ assessments: [IndicatorAssessment], rules: AssessmentRules = AssessmentRules()) -> ComputedRating? {
        var seen: Set<String> = []
        let assessed = assessments.filter { $0.status != .notAssessable && seen.insert($0.title).inserted }
        guard !assessed.isEmpty else { return nil }
        let count = Double(assessed.count)
        let met = assessed.filter { $0.status == .achieved || $0.status == .exceeded }.count
        let onTrack = assessed.filter { $0.status == .onTrack }.count
        let away = assessed.filter { $0.status == .movingAway || $0.status == .notMet }.count
        let rating: Rating
        if assessed.allSatisfy({ $0.status == .exceeded }) {
            rating = .exceeded
        } else if met == assessed.count {
            rating = .achieved
        } else if Double(met + onTrack) / count >= rules.substantialProgressShare && away == 0 {
            rating = .substantialProgress
        } else if Double(away) / count >= 0.5 {
            rating = .notProgressing
        } else {
            rating = .limitedProgress
        }
        let reason = LocalizedText(
            ja: "測定対象\(assessed.count)指標のうち、目標達成\(met)、順調\(onTrack)、遅れ\(assessed.count - met - onTrack - away)、目標から遠ざかる又は未達\(away)。",
            en: "Of \(assessed.count) indicators: \(met) met, \(onTrack) on track, \(assessed.count - met - onTrack - away) behind, \(away) moving away or missed."
        )
        return ComputedRating(rating: rating, reason: reason)
    }
}

/// A judgement the report states in words (2024 MOFA style), classified on
/// the scale and kept with the sentence it came from: stated, not computed.
public struct StatedJudgement: Codable, Sendable, Equatable {
    public var rating: Rating
    public var sentence: String
    /// The field the judgement is about, when stated per field.
    public var field: Int?
    public var line: Int
    public var endLine: Int

    /// Phrases and the rating they state, most specific first.
    static let phrases: [(String, Rating)] = [
        ("目標を大きく上回", .exceeded), ("超過達成", .exceeded),
        ("目標に向かっていない", .notProgressing), ("悪化している", .notProgressing),
        ("概ね達成", .achieved), ("目標を達成", .achieved), ("達成することができた", .achieved), ("達成してきている", .achieved), ("達成できた", .achieved),
        ("進展が大きくない", .limitedProgress), ("十分に達成されていない", .limitedProgress),
        ("相当程度進展", .substantialProgress), ("一定の進捗", .substantialProgress), ("一定程度の進捗", .substantialProgress),
        ("効果があった", .substantialProgress), ("前進", .substantialProgress),
        ("引き続き取組が必要", .limitedProgress), ("更なる取組が必要", .limitedProgress),
    ]

    /// Every judgement stated in `blocks`, one per sentence that has one.
    public static func classify(_ blocks: [TextBlock], field: Int?) -> [StatedJudgement] {
        blocks.flatMap { block in
            block.text.split(separator: "。").compactMap { sentence -> StatedJudgement? in
                // Asked of every sentence of every assessment: the sentence's scalars are checked once, not per phrase.
                let text = LiteralText(String(sentence))
                guard let (_, rating) = phrases.first(where: { text.contains($0.0) }) else { return nil }
                return StatedJudgement(rating: rating, sentence: sentence + "。", field: field, line: block.line, endLine: block.endLine)
            }
        }
    }

    /// The judgement a set of sentences adds up to: the most frequent rating, the lower one on a tie.
    public static func overall(_ judgements: [StatedJudgement]) -> Rating? {
        let counts = Dictionary(grouping: judgements, by: \.rating).mapValues(\.count)
        return counts.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key
    }
}
