import HyokaAssessment
import HyokaModel
import HyokaStore

/// The dashboard's and the comparison's figures over every stored
/// evaluation: the breakdown tables, and one record per evaluation, finding
/// and budget row (`ComparisonRecords`), from which every count is taken.
/// Budgets are kept as rows, one programme in one year each: adding two
/// programmes', or two ministries', tables together gives a figure no
/// report states, and a rate that agrees with none of the figures shown.
///
/// They need every evaluation decoded and reviewed, which takes minutes for
/// ten years of government output, so they are added up one document at a
/// time (memory stays flat) and kept until the set of stored documents
/// changes (ids are content hashes, so any change of content changes them).
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

    /// Adds one evaluation and its review.
    mutating func add(_ report: EvaluationReport, review: Review) {
        evaluations += 1
        for breakdown in review.breakdowns where !breakdown.groups.isEmpty {
            breakdowns.append(BreakdownEntry(breakdown: breakdown, document: report.id, source: report.source))
        }
        comparison.add(report, review: review)
    }
}

/// Computes `DashboardTotals` once per set of stored documents: inline for a
/// small library, in the background for a large one, so that no request
/// waits minutes; until then the dashboard says the figures are being added up.
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
        let evaluations = summaries.filter { $0.kind == .evaluation }.map(\.id)
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

    init(inlineLimit: Int = 300) {
        self.inlineLimit = inlineLimit
    }

    private func store(_ computed: DashboardTotals, key: [String]) {
        fingerprint = key
        totals = computed
        running = nil
    }

    private static func compute(_ evaluations: [String], app: WebApp) async throws -> DashboardTotals {
        var totals = DashboardTotals()
        for id in evaluations {
            try Task.checkCancellation()
            guard let report = try await app.store.report(matching: id) else { continue }
            totals.add(report, review: try await app.review(report))
        }
        return totals
    }
}
