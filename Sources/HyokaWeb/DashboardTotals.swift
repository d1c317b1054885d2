import HyokaAssessment
import HyokaModel
import HyokaStore

/// The comparison's figures over every stored evaluation (/compare): the
/// breakdown tables, and one record per evaluation, finding and budget row
/// (`ComparisonRecords`), from which every count is taken. The dashboard no
/// longer reads them: it shows the same counts as the store adds them up from
/// rows each save keeps (`ReviewTotals`, compared with these in the tests),
/// so that its first request does not wait for every review to be read.
/// Budgets are kept as rows, one programme in one year each: adding two
/// programmes', or two ministries', tables together gives a figure no
/// report states, and a rate that agrees with none of the figures shown.
///
/// They are added up from the reviews stored with the documents
/// (`StoredReview`: computed when each document was saved, replaced with it,
/// deleted with it), so no document is decoded or reviewed here: one query
/// reads every evaluation's stored review, and the one rule that depends on
/// other documents (the Bluebook editions the library holds) is applied as
/// they are read. The totals are kept until the set of stored documents
/// changes (ids are content hashes, so any change of content changes them,
/// and a Bluebook edition imported or removed changes them too).
struct DashboardTotals: Sendable {
    struct BreakdownEntry: Sendable {
        var breakdown: Breakdown
        var document: String
        var source: String
    }

    var evaluations = 0
    var breakdowns: [BreakdownEntry] = []
    /// The records the comparison view counts (/compare), gathered in the same pass.
    var comparison = ComparisonRecords()
    /// The dashboard's counts of those records, made once with them (`countRecords()`): counted on every
    /// request, they were most of a dashboard served from these totals (copying each record to test it).
    private(set) var counts = Counts()

    /// How many evaluations have each computed rating (nil: 評価なし), findings each severity, and budget
    /// rows each ministry (by `Comparison.Document.ministry`, `Comparison.unknown` where none is named).
    struct Counts: Sendable, Equatable {
        var ratings: [Rating?: Int] = [:]
        var severities: [Finding.Severity: Int] = [:]
        var budgetRowsByMinistry: [String: Int] = [:]

        init() {}

        /// The same counts as the store adds them up (`ReviewTotals`), ministries named as `Comparison.Document` names them.
        init(_ totals: ReviewTotals) {
            ratings = totals.ratings
            severities = totals.severities
            for (ministry, rows) in totals.budgetRowsByMinistry {
                budgetRowsByMinistry[ministry.flatMap { $0.isEmpty ? nil : $0 } ?? Comparison.unknown, default: 0] += rows
            }
        }
    }

    /// Counts the records gathered by `add`, once all are in.
    mutating func countRecords() {
        var counts = Counts()
        for evaluation in comparison.evaluations { counts.ratings[evaluation.computed, default: 0] += 1 }
        for index in comparison.findings.indices { counts.severities[comparison.findings[index].finding.severity, default: 0] += 1 }
        for index in comparison.budget.indices { counts.budgetRowsByMinistry[comparison.budget[index].document.ministry, default: 0] += 1 }
        self.counts = counts
    }

    /// Adds one evaluation, from its stored review completed by the library's Bluebook editions.
    mutating func add(_ document: Comparison.Document, stored: StoredReview, libraryEditions: Set<Int>) {
        let review = stored.review(libraryEditions: libraryEditions)
        evaluations += 1
        for breakdown in review.breakdowns where !breakdown.groups.isEmpty {
            breakdowns.append(BreakdownEntry(breakdown: breakdown, document: document.id, source: document.source))
        }
        comparison.add(document, policies: stored.policies, review: review)
    }
}

/// Computes `DashboardTotals` once per set of stored documents: inline up to
/// `inlineLimit` evaluations, in the background above it, so that no request
/// waits long; until then the dashboard says the figures are being added up.
actor DashboardTotalsCache {
    /// Up to this many evaluations, totals are computed within the request.
    let inlineLimit: Int
    /// The sorted ids of the documents the totals are for (ids are content hashes).
    private var fingerprint: [String]?
    private var totals: DashboardTotals?
    private var running: Task<Void, Never>?

    /// The totals for `summaries`, or nil while they are being computed.
    func totals(for summaries: [DocumentSummary], app: WebApp) async throws -> DashboardTotals? {
        let key = summaries.map(\.id).sorted()
        if key == fingerprint, let totals { return totals }
        let evaluations = summaries.filter { $0.kind == .evaluation }
        if evaluations.count <= inlineLimit {
            let computed = try await Self.compute(evaluations, app: app)
            store(computed, key: key)
            return computed
        }
        if fingerprint != key || running == nil {
            fingerprint = key
            totals = nil
            running?.cancel()
            running = Task { [weak self] in
                guard let computed = try? await Self.compute(evaluations, app: app) else { return }
                await self?.store(computed, key: key)
            }
        }
        return nil
    }

    /// Reading stored reviews costs a fraction of a millisecond per evaluation, so
    /// only a library of tens of thousands is added up in the background.
    init(inlineLimit: Int = 20_000) {
        self.inlineLimit = inlineLimit
    }

    private func store(_ computed: DashboardTotals, key: [String]) {
        fingerprint = key
        totals = computed
        running = nil
    }

    /// The totals of `evaluations` (in the order listed), from their stored reviews.
    static func compute(_ evaluations: [DocumentSummary], app: WebApp) async throws -> DashboardTotals {
        let reviews = try await app.store.storedReviews(kind: .evaluation)
        let editions = try await app.store.bluebookEditions()
        var totals = DashboardTotals()
        for summary in evaluations {
            try Task.checkCancellation()
            // A document deleted since the summaries were read has no review: it is no longer counted.
            guard let stored = reviews[summary.id] else { continue }
            totals.add(Comparison.Document(summary), stored: stored, libraryEditions: editions)
        }
        totals.countRecords()
        return totals
    }
}
