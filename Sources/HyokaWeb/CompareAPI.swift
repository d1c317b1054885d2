import HyokaAssessment
import HyokaModel

/// /api/v1/compare: the comparison table, the findings by rule and the budget
/// rows as JSON, with the same filters and sort as the page (docs/openapi.json).
struct CompareResponse: Codable {
    /// The filters applied, as given.
    var filters: [String: String]
    var rows: [Row]
    var rules: [RuleCount]
    var budget: [BudgetRow]
    /// False while the totals over a large library are still being computed: rows are then empty.
    var complete: Bool

    struct Row: Codable {
        var ministry: String
        /// 年度 of publication; null when the document's date is not known.
        var fiscalYear: Int?
        var documents: Int
        var evaluations: Int
        /// Ratings computed from the indicators, by rating; `notRated` counts the evaluations without one.
        var computedRatings: [String: Int]
        var notRated: Int
        /// Judgements stated in the reports, by rating; `notStated` counts the evaluations without one.
        var statedRatings: [String: Int]
        var notStated: Int
        var findings: [String: Int]
        var findingsTotal: Int
        var budgetRows: Int
    }

    struct RuleCount: Codable {
        var rule: String
        var ministry: String
        var count: Int
    }

    struct BudgetRow: Codable {
        var ministry: String
        var document: String
        var policy: String
        var programme: String
        var budgetYear: Int
        var budgetPrinted: [String]
        var executionPrinted: String?
        var budgetMillionYen: Double?
        var executionMillionYen: Double?
        /// executionMillionYen ÷ budgetMillionYen of this row; null unless both are known.
        var executionRate: Double?
        var line: Int
        var endLine: Int
    }
}

extension WebApp {
    func compareResponse(_ parameters: QueryParameters) async throws -> CompareResponse {
        let data = try await compareData()
        let filter = try Self.comparisonFilter(parameters, data: data)
        let (column, descending) = try Self.compareSort(parameters)
        let filters = Dictionary(filter.items, uniquingKeysWith: { first, _ in first })
        guard let data else { return CompareResponse(filters: filters, rows: [], rules: [], budget: [], complete: false) }
        let rows = Self.sortedRows(Self.compareRows(data, filter), by: column, descending: descending).map { row in
            CompareResponse.Row(
                ministry: row.ministry, fiscalYear: Int(row.year), documents: row.documents, evaluations: row.evaluations,
                computedRatings: Dictionary(uniqueKeysWithValues: Rating.allCases.map { ($0.rawValue, row.computed[$0] ?? 0) }), notRated: row.notRated,
                statedRatings: Dictionary(uniqueKeysWithValues: Rating.allCases.map { ($0.rawValue, row.stated[$0] ?? 0) }), notStated: row.notStated,
                findings: Dictionary(uniqueKeysWithValues: Finding.Severity.allCases.map { ($0.rawValue, row.severities[$0] ?? 0) }),
                findingsTotal: row.findings, budgetRows: row.budget)
        }
        let findings = data.records.findings.filter(filter.matches)
        let rules = Dictionary(grouping: findings) { $0.finding.rule + "\t" + $0.document.ministry }.map { key, records in
            CompareResponse.RuleCount(rule: records[0].finding.rule, ministry: records[0].document.ministry, count: records.count)
        }.sorted { ($0.rule, $0.ministry) < ($1.rule, $1.ministry) }
        let budget = data.records.budget.filter(filter.matches).map { record in
            CompareResponse.BudgetRow(
                ministry: record.document.ministry, document: record.document.source, policy: record.evaluation.title, programme: record.group,
                budgetYear: record.budgetYear, budgetPrinted: record.budgetTexts, executionPrinted: record.executionText,
                budgetMillionYen: record.budget, executionMillionYen: record.execution, executionRate: record.rate, line: record.line, endLine: record.endLine)
        }
        return CompareResponse(filters: filters, rows: rows, rules: rules, budget: budget, complete: true)
    }
}
