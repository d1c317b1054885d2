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

extension StoredReview {
    /// What the dashboard counts of one document, taken from its stored
    /// review once, when the document is saved: the stores write it as a few
    /// small rows beside the review (`review_count`), so that the whole
    /// library's totals are a `GROUP BY` over those rows instead of every
    /// review decoded on the first request (ten years: 23,870 evaluations).
    ///
    /// The counts are those of `Comparison`'s records in the web application
    /// (one evaluation per policy, one finding per finding, one budget row
    /// per programme and budget year), so that each total on the dashboard is
    /// the length of the list its link opens.
    ///
    /// Findings that depend on the library (`evidence-not-found`) are kept
    /// apart, by the edition they cite (`missingEditionFindings`): a total
    /// leaves out those whose edition the library holds when it is read, as
    /// `review(libraryEditions:)` does, so importing or deleting a Bluebook
    /// edition changes no stored row.
    public struct Tally: Sendable, Equatable {
        /// Policies by their computed rating; nil: 評価なし, none could be computed.
        public var ratings: [Rating?: Int] = [:]
        /// Findings of `own` (every rule that reads the document alone), by severity.
        public var severities: [Finding.Severity: Int] = [:]
        /// The findings raised when the library lacks a cited edition: by edition, then severity.
        public var missingEditionFindings: [Int: [Finding.Severity: Int]] = [:]
        /// Budget rows: one programme in one budget year (`Budget.rowKey`), per policy.
        public var budgetRows = 0
        /// Breakdowns with at least one group: the tables the dashboard shows.
        public var breakdowns = 0

        public init() {}

        /// The findings by severity once the library's Bluebook editions are known.
        public func severities(libraryEditions: Set<Int>) -> [Finding.Severity: Int] {
            var counts = severities
            for (edition, missing) in missingEditionFindings where !libraryEditions.contains(edition) {
                counts.merge(missing, uniquingKeysWith: +)
            }
            return counts
        }
    }

    /// This review's tally (see `Tally`).
    public var tally: Tally {
        var tally = Tally()
        for policy in policies {
            tally.ratings[own.computedRatings[policy.title]?.rating, default: 0] += 1
            tally.budgetRows += Set(policy.budget.map(\.rowKey)).count
        }
        for finding in own.findings { tally.severities[finding.severity, default: 0] += 1 }
        for citation in citations { tally.missingEditionFindings[citation.edition, default: [:]][citation.finding.severity, default: 0] += 1 }
        tally.breakdowns = own.breakdowns.count { !$0.groups.isEmpty }
        return tally
    }
}

extension Budget {
    /// The budget row a line belongs to: one programme (`group`) in one
    /// budget year, with a total over several years (予算総額) a row of its
    /// own, as it is not one year's budget. Rows are never added together.
    public var rowKey: String { "\(group)\t\(fiscalYear)\t\(stage == .total ? "total" : "")" }
}
