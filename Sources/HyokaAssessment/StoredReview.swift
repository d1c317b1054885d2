import HyokaModel
import HyokaText

/// The review of one document as the stores keep it beside the document,
/// computed once when the document is saved (on the importing cores, before
/// the write transaction) instead of on every page and every dashboard.
///
/// A stored review must not go stale when *other* documents change. Of the
/// review rules (docs/review-rules.md) only one looks beyond its document:
/// `evidence-not-found`, which asks whether the library holds the Bluebook
/// edition a reference cites. So the stored review keeps:
/// - `own`: every rule that reads the document alone (its indicators,
///   ratings, judgements, sums, conflicts, budget), exact for as long as the
///   document is stored — a new version is a new save, which replaces it;
/// - `citations`: every Bluebook edition the document cites, each with the
///   finding to raise if the library lacks it; `review(libraryEditions:)`
///   adds those whose edition is missing *when it is read*, so importing or
///   deleting a Bluebook edition needs no stored review rewritten.
///
/// Links to review-sheet projects (`LinkedProjects`) are not part of the
/// review: they are computed from the projects stored at the time they are shown.
///
/// It also keeps each policy in outline (`policies`): what the comparison
/// and the dashboard count besides the review (the policies' titles, lines
/// and budget rows), so that their totals are added up from stored reviews
/// alone, without decoding every document.
public struct StoredReview: Codable, Sendable {
    /// The review by every rule that reads this document alone.
    public var own: Review
    /// Bluebook editions the document cites, in the order the reviewer finds them.
    public var citations: [EditionCitation]
    /// The document's policies in outline, in document order.
    public var policies: [PolicyOutline]

    /// A Bluebook edition cited, with the finding raised when the library does not hold it.
    public struct EditionCitation: Codable, Sendable {
        /// The edition's year (外交青書2023年版 → 2023).
        public var edition: Int
        public var finding: Finding
    }

    /// What the comparison counts of one policy besides its review.
    public struct PolicyOutline: Codable, Sendable {
        public var number: String?
        public var title: String
        public var line: Int
        public var endLine: Int
        /// 予算額・執行額 as read.
        public var budget: [Budget]
    }

    /// Reviews `report` by `rules` (the defaults, as the public pages use them).
    public init(_ report: EvaluationReport, source: SourceText, facts: [Fact], rules: AssessmentRules = AssessmentRules()) {
        let reviewer = Reviewer(rules: rules, libraryEditions: nil)
        own = reviewer.review(report, source: source, facts: facts)
        citations = report.policies.flatMap { policy in
            reviewer.citations(policy.references + policy.fields.flatMap(\.references), document: report.id)
        }
        policies = report.policies.map { policy in
            PolicyOutline(number: policy.number, title: policy.title, line: policy.line, endLine: policy.endLine, budget: policy.budget)
        }
    }

    /// The review as `Reviewer(libraryEditions:)` gives it: the stored
    /// review with a finding for each cited edition the library lacks.
    public func review(libraryEditions: Set<Int>) -> Review {
        let missing = citations.filter { !libraryEditions.contains($0.edition) }.map(\.finding)
        guard !missing.isEmpty else { return own }
        var review = own
        review.findings = Reviewer.ordered(own.findings + missing)
        return review
    }
}
