import HyokaAssessment
import HyokaModel
import HyokaStore

/// The dashboard's figures over every stored evaluation: computed ratings,
/// findings by severity, breakdown tables, and budget against execution.
///
/// They need every evaluation decoded and reviewed, which takes minutes for
/// ten years of government output, so they are added up one document at a
/// time (memory stays flat) and kept until the set of stored documents
/// changes (ids are content hashes, so any change of content changes them).
struct DashboardTotals: Sendable {
    /// Budget and execution in one fiscal year, in 百万円.
    struct BudgetYear: Sendable {
        var planned = 0.0
        var spent = 0.0
        /// Budget of the programmes that also state their execution, so that
        /// the rate compares like with like.
        var plannedWithExecution = 0.0
    }

    struct BreakdownEntry: Sendable {
        var breakdown: Breakdown
        var document: String
        var source: String
    }

    var evaluations = 0
    var ratings: [Rating: Int] = [:]
    var severities: [Finding.Severity: Int] = [:]
    var breakdowns: [BreakdownEntry] = []
    var budget: [Int: BudgetYear] = [:]
    /// The records the comparison view counts (/compare), gathered in the same pass.
    var comparison = ComparisonRecords()

    /// Adds one evaluation and its review.
    mutating func add(_ report: EvaluationReport, review: Review) {
        evaluations += 1
        for breakdown in review.breakdowns where !breakdown.groups.isEmpty {
            breakdowns.append(BreakdownEntry(breakdown: breakdown, document: report.id, source: report.source))
        }
        for rating in review.computedRatings.values { ratings[rating.rating, default: 0] += 1 }
        for finding in review.findings { severities[finding.severity, default: 0] += 1 }
        addBudget(of: report)
        comparison.add(report, review: review)
    }

    /// A programme's budget stated twice in one document (「208百万円」 and
    /// 「２.1億円」) counts once; the rate only where a programme has both figures.
    private mutating func addBudget(of report: EvaluationReport) {
        var seen: Set<String> = []
        // A programme's 当初 and 補正 amounts are both counted; the same one restated on another slide once.
        let lines = report.policies.flatMap(\.budget).filter { seen.insert("\($0.group)\t\($0.fiscalYear)\t\($0.kind)\t\($0.stage?.rawValue ?? "")").inserted }
        let executed = Set(lines.filter { $0.kind == .execution }.map { "\($0.group)\t\($0.fiscalYear)" })
        for line in lines {
            if budget[line.fiscalYear] == nil { budget[line.fiscalYear] = BudgetYear() }
            guard let amount = line.amount, let millions = WebApp.millionsOfYen(amount, unit: line.unit) else { continue }
            switch line.kind {
            case .budget:
                budget[line.fiscalYear]?.planned += millions
                if executed.contains("\(line.group)\t\(line.fiscalYear)") { budget[line.fiscalYear]?.plannedWithExecution += millions }
            case .execution:
                budget[line.fiscalYear]?.spent += millions
            }
        }
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
