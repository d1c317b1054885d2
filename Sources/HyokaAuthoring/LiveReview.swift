import HyokaAssessment
import HyokaModel
import HyokaText

/// The review rules run on a draft as it is written: the findings, and per
/// measure the rating computed from its indicators beside the rating the
/// author states, so that a gap shows before the approver sees it.
public struct DraftReview: Sendable {
    public struct Judgement: Sendable, Equatable {
        public var policy: Int
        public var title: String
        public var computed: ComputedRating?
        /// The stated rating: the 評価区分 the author chose, else what the 評価結果 text says.
        public var stated: Rating?
    }

    public var findings: [Finding]
    public var judgements: [Judgement]

    /// Runs `Reviewer` on the draft's report. A draft has no source text, so
    /// the rules that read the text (sums in sentences) have nothing to read;
    /// everything read from the model runs as on an import.
    public init(_ report: EvaluationReport, reviewer: Reviewer = Reviewer()) {
        let review = reviewer.review(report, source: SourceText(""), facts: [])
        var findings = review.findings
        let judgements = report.policies.enumerated().map { index, policy -> Judgement in
            let explicit = StatedRating.read(policy.results) ?? Self.mostCommon(policy.fields.compactMap { StatedRating.read($0.assessment?.parts ?? []) })
            let worded = StatedJudgement.overall(policy.fields.flatMap { StatedJudgement.classify($0.assessment?.parts ?? [], field: $0.number) }
                + StatedJudgement.classify(policy.results, field: nil))
            return Judgement(policy: index, title: policy.title, computed: review.computedRatings[policy.title], stated: explicit ?? worded)
        }
        // The Reviewer reads judgements from sentences; an explicit 評価区分 it may not read is compared here.
        for judgement in judgements {
            guard let computed = judgement.computed?.rating, let stated = judgement.stated,
                  abs(Self.level(computed) - Self.level(stated)) >= 2 else { continue }
            let line = report.policies[judgement.policy].line
            guard !findings.contains(where: { $0.rule == "stated-vs-computed" && $0.line == line }) else { continue }
            findings.append(Finding(
                rule: "stated-vs-computed", severity: .warning,
                message: LocalizedText(ja: "記述上の評価（\(stated.label)）が指標から算定した評価（\(computed.label)）と2段階以上異なる。",
                                       en: "The stated judgement (\(stated.label)) is two or more levels from the rating computed from the indicators (\(computed.label))."),
                document: report.id, line: line, endLine: line))
        }
        self.judgements = judgements
        self.findings = findings.sorted { ($0.line, $0.severity, $0.rule) < ($1.line, $1.severity, $1.rule) }
    }

    /// The rating stated most often, the lower one on a tie (as `StatedJudgement.overall` decides).
    static func mostCommon(_ ratings: [Rating]) -> Rating? {
        let counts = Dictionary(grouping: ratings, by: { $0 }).mapValues(\.count)
        return counts.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key
    }

    static func level(_ rating: Rating) -> Int { Rating.allCases.firstIndex(of: rating) ?? 0 }

    /// The findings about the element at `lineRange` (a series, a field), to show beside its form.
    public func findings(for element: some SourceLocated) -> [Finding] {
        findings.filter { element.lineRange.contains($0.line) }
    }
}
