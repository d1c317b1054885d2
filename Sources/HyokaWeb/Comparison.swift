import HyokaAssessment
import HyokaModel
import HyokaStore

/// What the reviewer's comparison view (/compare) counts, one record per
/// thing counted: documents, evaluations (one per 施策・政策 of an evaluation
/// report), findings and budget rows. Every count of the view is the number
/// of records one `ComparisonFilter` lets through, and every list behind a
/// count lists the records the same filter lets through, so a count and its
/// list cannot disagree.
///
/// The year is the document's 年度 of publication: the fiscal year
/// (April–March) its published date falls in, as `CalendarDate.fiscalYear`
/// reckons it, and the calendar year when the store knows only the year (as
/// `Reviewer` reckons the current fiscal year). A document whose date the
/// store does not know has no year, and is counted under 「年度不明」, never dropped.
enum Comparison {
    /// The value that stands for "not known" in a filter and a link: a document with no ministry or no date.
    static let unknown = "-"

    /// A document as the comparison sees it.
    struct Document: Sendable, Equatable {
        var id: String
        var source: String
        var title: String
        /// 府省, or `unknown`.
        var ministry: String
        /// 年度 of publication (see `Comparison`), or nil.
        var fiscalYear: Int?
        var kind: DocumentKind

        init(id: String, source: String, title: String?, ministry: String?, published: CalendarDate?, kind: DocumentKind) {
            self.id = id
            self.source = source
            self.title = title ?? source
            self.ministry = ministry.flatMap { $0.isEmpty ? nil : $0 } ?? Comparison.unknown
            self.fiscalYear = published.map { $0.fiscalYear ?? $0.year }
            self.kind = kind
        }

        init(_ summary: DocumentSummary) {
            self.init(id: summary.id, source: summary.source, title: summary.title, ministry: summary.ministry,
                      published: summary.published, kind: summary.kind)
        }

        /// The year as a filter value: 「2024」, or `unknown`.
        var yearKey: String { fiscalYear.map(String.init) ?? Comparison.unknown }
    }

    /// One evaluated 施策・政策: its rating computed from the indicators (nil:
    /// 評価なし, none could be computed) and the judgement the report states
    /// in words (nil: none stated).
    struct Evaluation: Sendable {
        var document: Document
        var ordinal: Int
        var number: String?
        var title: String
        var computed: Rating?
        var stated: Rating?
        var line: Int
        var endLine: Int
    }

    /// A finding of the review, with the evaluation whose lines hold it (nil
    /// for one outside every policy, such as a sum checked in an introduction).
    struct FindingRecord: Sendable {
        var document: Document
        var evaluation: Evaluation?
        var finding: Finding
    }

    /// One programme's budget in one budget year, as one report prints it: the
    /// appropriation (当初 and 補正, each counted once however often restated)
    /// against the execution. Rows are never added together: not two
    /// programmes, not two ministries.
    struct BudgetRecord: Sendable {
        var document: Document
        var evaluation: Evaluation
        /// The programme: `measure`/`contributions` (MOFA) or the name the report prints.
        var group: String
        var budgetYear: Int
        /// The cells as printed, in source order.
        var budgetTexts: [String]
        var executionText: String?
        /// In 百万円; nil when a cell has no amount or a unit other than yen.
        var budget: Double?
        var execution: Double?
        var line: Int
        var endLine: Int

        /// 執行率 from the two figures shown beside it; nil unless both are.
        var rate: Double? {
            guard let budget, let execution, budget > 0 else { return nil }
            return execution / budget
        }
    }

    /// The records of one evaluation report, from its policies in outline
    /// and its review (both stored with it: see `StoredReview`).
    static func records(_ document: Document, policies: [StoredReview.PolicyOutline], review: Review)
        -> (evaluations: [Evaluation], findings: [FindingRecord], budget: [BudgetRecord]) {
        let evaluations = policies.enumerated().map { ordinal, policy in
            let stated = StatedJudgement.overall(review.stated.filter { $0.line >= policy.line && $0.line <= policy.endLine })
            return Evaluation(document: document, ordinal: ordinal, number: policy.number, title: policy.title,
                              computed: review.computedRatings[policy.title]?.rating, stated: stated, line: policy.line, endLine: policy.endLine)
        }
        let findings = review.findings.map { finding in
            FindingRecord(document: document, evaluation: evaluations.first { finding.line >= $0.line && finding.line <= $0.endLine }, finding: finding)
        }
        let budget = zip(policies, evaluations).flatMap { policy, evaluation in budgetRecords(policy.budget, evaluation: evaluation) }
        return (evaluations, findings, budget)
    }

    /// A policy's budget lines as rows, one per programme and budget year. A
    /// total over several years (予算総額) is a row of its own: it is not one year's budget.
    static func budgetRecords(_ lines: [Budget], evaluation: Evaluation) -> [BudgetRecord] {
        var keys: [String] = []
        var groups: [String: [Budget]] = [:]
        for line in lines {
            let key = line.rowKey
            if groups[key] == nil { keys.append(key) }
            groups[key, default: []].append(line)
        }
        return keys.compactMap { key -> BudgetRecord? in
            guard let lines = groups[key], let first = lines.first else { return nil }
            // The same amount restated (「208百万円」 and 「2.1億円」, on two slides) counts once: the first of each stage.
            var seenStages: Set<String> = []
            let planned = lines.filter { $0.kind == .budget && seenStages.insert($0.stage?.rawValue ?? "").inserted }
            let spent = lines.first { $0.kind == .execution }
            let plannedMillions = planned.isEmpty ? nil : planned.reduce(Optional(0.0)) { sum, line in
                guard let sum, let amount = line.amount, let millions = WebApp.millionsOfYen(amount, unit: line.unit) else { return nil }
                return sum + millions
            }
            let cited = planned + (spent.map { [$0] } ?? [])
            return BudgetRecord(document: evaluation.document, evaluation: evaluation, group: first.group, budgetYear: first.fiscalYear,
                                budgetTexts: planned.map(\.text), executionText: spent?.text, budget: plannedMillions,
                                execution: spent.flatMap { line in line.amount.flatMap { WebApp.millionsOfYen($0, unit: line.unit) } },
                                line: (cited.isEmpty ? lines : cited).map(\.line).min() ?? first.line,
                                endLine: (cited.isEmpty ? lines : cited).map(\.endLine).max() ?? first.endLine)
        }
    }
}

/// Collects the comparison records of every evaluation, beside `DashboardTotals`.
struct ComparisonRecords: Sendable {
    var evaluations: [Comparison.Evaluation] = []
    var findings: [Comparison.FindingRecord] = []
    var budget: [Comparison.BudgetRecord] = []

    mutating func add(_ document: Comparison.Document, policies: [StoredReview.PolicyOutline], review: Review) {
        let records = Comparison.records(document, policies: policies, review: review)
        evaluations += records.evaluations
        findings += records.findings
        budget += records.budget
    }
}

/// A rating filter: one of the five ratings, or `none` for 評価なし.
enum RatingChoice: Equatable, Sendable {
    case rating(Rating)
    case none

    static let noneValue = "none"

    init?(_ text: String) {
        if text == Self.noneValue { self = .none } else if let rating = Rating(rawValue: text) { self = .rating(rating) } else { return nil }
    }

    var value: String {
        switch self {
        case .rating(let rating): rating.rawValue
        case .none: Self.noneValue
        }
    }

    func matches(_ rating: Rating?) -> Bool {
        switch self {
        case .rating(let wanted): rating == wanted
        case .none: rating == nil
        }
    }
}

/// The comparison's filters, from a GET form or a link. Which records each
/// narrows: ministry, year and kind every record; the computed and stated
/// ratings the evaluations and what belongs to them (their findings and
/// budget rows); severity and rule the findings. A finding outside every
/// policy has no rating, so a rating filter leaves it out.
struct ComparisonFilter: Equatable, Sendable {
    var ministry: String?
    var year: String?
    var kind: DocumentKind?
    var rating: RatingChoice?
    var stated: RatingChoice?
    var severity: Finding.Severity?
    var rule: String?

    /// The filters as query items, in a fixed order (nil ones left out).
    var items: [(String, String)] {
        [("ministry", ministry), ("year", year), ("kind", kind?.rawValue), ("rating", rating?.value), ("stated", stated?.value),
         ("severity", severity?.rawValue), ("rule", rule)].compactMap { key, value in value.map { (key, $0) } }
    }

    var narrowsEvaluations: Bool { rating != nil || stated != nil }
    var narrowsFindings: Bool { severity != nil || rule != nil }

    func matches(_ document: Comparison.Document) -> Bool {
        (ministry == nil || document.ministry == ministry) && (year == nil || document.yearKey == year) && (kind == nil || document.kind == kind)
    }

    func matches(_ evaluation: Comparison.Evaluation) -> Bool {
        matches(evaluation.document) && (rating?.matches(evaluation.computed) ?? true) && (stated?.matches(evaluation.stated) ?? true)
    }

    func matches(_ record: Comparison.FindingRecord) -> Bool {
        guard matches(record.document), severity == nil || record.finding.severity == severity, rule == nil || record.finding.rule == rule else { return false }
        guard narrowsEvaluations else { return true }
        return record.evaluation.map(matches) ?? false
    }

    func matches(_ record: Comparison.BudgetRecord) -> Bool { matches(record.evaluation) }

    /// Only the filters that narrow a kind of record, for the link from its count.
    var forDocuments: ComparisonFilter { ComparisonFilter(ministry: ministry, year: year, kind: kind) }
    var forEvaluations: ComparisonFilter { ComparisonFilter(ministry: ministry, year: year, kind: kind, rating: rating, stated: stated) }
}
