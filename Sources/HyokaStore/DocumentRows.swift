import HyokaAssessment
import HyokaModel
import HyokaText

/// A column value, independent of the database it is written to.
///
/// Both stores write the same rows: SQLite through GRDB, PostgreSQL through
/// PostgresNIO. Describing a row once, here, means a column added to one
/// store cannot be forgotten in the other.
public enum ColumnValue: Sendable, Equatable {
    case null
    case integer(Int)
    case real(Double)
    case text(String)
    case boolean(Bool)
}

/// A Swift value that can be stored in a column.
public protocol ColumnValueConvertible {
    var columnValue: ColumnValue { get }
}

extension Int: ColumnValueConvertible { public var columnValue: ColumnValue { .integer(self) } }
extension Double: ColumnValueConvertible { public var columnValue: ColumnValue { .real(self) } }
extension String: ColumnValueConvertible { public var columnValue: ColumnValue { .text(self) } }
extension Bool: ColumnValueConvertible { public var columnValue: ColumnValue { .boolean(self) } }

extension Optional: ColumnValueConvertible where Wrapped: ColumnValueConvertible {
    public var columnValue: ColumnValue { self?.columnValue ?? .null }
}

/// The rows of one table, in the order they are written.
public struct TableRows: Sendable, Equatable {
    public var table: String
    public var columns: [String]
    public var rows: [[ColumnValue]]

    public init(table: String, columns: [String], rows: [[ColumnValue]] = []) {
        self.table = table
        self.columns = columns
        self.rows = rows
    }

    mutating func append(_ values: any ColumnValueConvertible...) {
        precondition(values.count == columns.count, "a row of \(table) has \(columns.count) columns")
        rows.append(values.map(\.columnValue))
    }
}

/// An indicator series with its points: the points refer to the series by
/// the id the store gives it, so they are written after it.
public struct SeriesRows: Sendable, Equatable {
    public static let columns = ["document_id", "policy_ordinal", "field_number", "title", "unit", "role", "target_year", "line", "end_line"]
    /// Columns of `series_point` after `series_id`, which the store fills in.
    public static let pointColumns = ["ordinal", "period_kind", "period", "kind", "value", "text", "approximate", "unit", "line", "end_line"]

    public var series: [ColumnValue]
    public var points: [[ColumnValue]]
}

/// A passage with its search tokens (see `SearchTokenizer`): every store
/// indexes exactly these tokens, so that every store ranks alike.
public struct PassageRows: Sendable, Equatable {
    public static let columns = ["document_id", "role", "section", "text", "line", "end_line"]

    public var passage: [ColumnValue]
    public var tokens: [String]

    /// The rows of everything search indexes of `report` (see `SearchPassages`).
    public static func of(_ report: EvaluationReport) -> [PassageRows] {
        SearchPassages.of(report).map { passage in
            let values: [any ColumnValueConvertible] = [report.id, passage.role, passage.section, passage.text, passage.line, passage.endLine]
            return PassageRows(passage: values.map(\.columnValue), tokens: SearchPassages.tokens(passage))
        }
    }
}

/// Every row one stored document becomes: the document itself (its export
/// JSON and source text), the projections that let questions across
/// documents be asked in SQL, its passages for search, and its facts.
///
/// Rows of each table keep source order, so ids given in insertion order
/// sort the same way in every store.
public struct DocumentRows: Sendable {
    public static let documentColumns = [
        "id", "source", "content_hash", "kind", "layout", "ministry", "title", "published", "line_count",
        "warning_count", "imported_at", "source_text", "report_json",
    ]

    public var document: [ColumnValue]
    /// policy, field, goal, budget_line, expert_opinion, reference, unparsed_block, fact, document_review and
    /// review_count (`ReviewCountRows`), in that order.
    public var tables: [TableRows]
    public var series: [SeriesRows]
    public var passages: [PassageRows]

    /// - Parameters:
    ///   - json: the report's export JSON, the copy `show` and `export` read,
    ///     and its review's (see `StoredDocument.encoded()`).
    ///   - importedAt: when it was stored, ISO 8601.
    public init(_ document: StoredDocument, json: (report: String, review: String), importedAt: String) {
        let report = document.report
        let values: [any ColumnValueConvertible] = [
            report.id, report.source, report.contentHash, report.kind.rawValue, report.layout.rawValue, report.ministry,
            report.title, report.published?.iso8601, report.lineCount, report.warnings.count, importedAt,
            document.sourceText, json.report,
        ]
        self.document = values.map(\.columnValue)
        var builder = Builder(document: report.id)
        for (ordinal, policy) in report.policies.enumerated() {
            builder.add(policy, ordinal: ordinal)
        }
        for block in report.unparsed {
            builder.unparsed.append(report.id, block.text, block.line, block.endLine)
        }
        for fact in document.facts {
            builder.add(fact)
        }
        var review = TableRows(table: "document_review", columns: ["document_id", "review_json"])
        review.append(report.id, json.review)
        tables = [builder.policy, builder.field, builder.goal, builder.budget, builder.opinion, builder.reference, builder.unparsed, builder.fact, review,
                  ReviewCountRows.rows(report, tally: document.review.tally)]
        series = builder.series
        passages = PassageRows.of(report)
    }

    /// A period as two columns: its kind and a sortable text value.
    public static func columns(_ period: Period?) -> (kind: String?, value: String?) {
        (period?.columns.kind, period?.columns.value)
    }

    /// The period stored as `columns(_:)` wrote it; nil for no period or an unknown kind.
    public static func period(kind: String?, value: String?) -> Period? {
        guard let kind, let value else { return nil }
        switch kind {
        case "fiscalYear": return Int(value).map { .fiscalYear($0) }
        case "year": return Int(value).map { .year($0) }
        case "date": return CalendarDate(iso8601: value).map { .asOf($0) }
        default: return nil
        }
    }

    /// Collects rows table by table while walking the report in source order.
    private struct Builder {
        let document: String
        var policy = TableRows(table: "policy", columns: ["document_id", "ordinal", "level", "number", "title", "bureau", "author", "evaluated", "line", "end_line"])
        var field = TableRows(table: "field", columns: ["document_id", "policy_ordinal", "ordinal", "number", "title", "bureau", "has_assessment", "line", "end_line"])
        var goal = TableRows(table: "goal", columns: ["document_id", "policy_ordinal", "field_number", "kind", "cycle", "number", "heading", "text", "line", "end_line"])
        var budget = TableRows(table: "budget_line", columns: ["document_id", "policy_ordinal", "group_name", "label", "kind", "fiscal_year", "amount", "text", "unit", "line", "end_line"])
        var opinion = TableRows(table: "expert_opinion", columns: ["document_id", "policy_ordinal", "field_number", "text", "line", "end_line"])
        var reference = TableRows(table: "reference", columns: ["document_id", "policy_ordinal", "field_number", "kind", "text", "url", "page", "number", "line", "end_line"])
        var unparsed = TableRows(table: "unparsed_block", columns: ["document_id", "text", "line", "end_line"])
        var fact = TableRows(table: "fact", columns: [
            "document_id", "value", "unit", "approximate", "subject", "period_kind", "period", "text", "quantity_text", "section", "line", "end_line",
        ])
        var series: [SeriesRows] = []

        init(document: String) { self.document = document }

        mutating func add(_ policy: Policy, ordinal: Int) {
            self.policy.append(document, ordinal, policy.level.rawValue, policy.number, policy.title, policy.bureau, policy.author,
                               policy.evaluated?.iso8601, policy.line, policy.endLine)
            for goal in policy.objectives + policy.nextObjectives { add(goal, kind: "objective", field: nil, policy: ordinal) }
            for series in policy.series { add(series, field: nil, policy: ordinal) }
            for line in policy.budget {
                budget.append(document, ordinal, line.group, line.label, line.kind.rawValue, line.fiscalYear, line.amount, line.text,
                              line.unit, line.line, line.endLine)
            }
            for comment in policy.expertComments {
                opinion.append(document, ordinal, comment.field, comment.text, comment.line, comment.endLine)
            }
            for reference in policy.references { add(reference, field: nil, policy: ordinal) }
            for (fieldOrdinal, field) in policy.fields.enumerated() {
                self.field.append(document, ordinal, fieldOrdinal, field.number, field.title, field.bureau, field.assessment != nil, field.line, field.endLine)
                for goal in field.goals { add(goal, kind: "goal", field: field.number, policy: ordinal) }
                for series in field.series { add(series, field: field.number, policy: ordinal) }
                for reference in field.references { add(reference, field: field.number, policy: ordinal) }
            }
        }

        mutating func add(_ goal: Goal, kind: String, field: Int?, policy: Int) {
            self.goal.append(document, policy, field, kind, goal.cycle.rawValue, goal.number, goal.heading, goal.text, goal.line, goal.endLine)
        }

        mutating func add(_ indicator: Indicator, field: Int?, policy: Int) {
            let row: [any ColumnValueConvertible] = [
                document, policy, field, indicator.title, indicator.unit, indicator.role.rawValue, indicator.targetYear, indicator.line, indicator.endLine,
            ]
            let points = indicator.points.enumerated().map { ordinal, point -> [ColumnValue] in
                let period = DocumentRows.columns(point.period)
                let values: [any ColumnValueConvertible] = [
                    ordinal, period.kind, period.value, point.kind.rawValue, point.value, point.text, point.approximate, point.unit, point.line, point.endLine,
                ]
                return values.map(\.columnValue)
            }
            series.append(SeriesRows(series: row.map(\.columnValue), points: points))
        }

        mutating func add(_ reference: Reference, field: Int?, policy: Int) {
            self.reference.append(document, policy, field, reference.kind.rawValue, reference.text, reference.url, reference.page,
                                  reference.number, reference.line, reference.endLine)
        }

        mutating func add(_ fact: Fact) {
            let period = DocumentRows.columns(fact.period)
            self.fact.append(document, fact.value, fact.unit, fact.approximate, fact.subject, period.kind, period.value, fact.text,
                             fact.quantityText, fact.section, fact.line, fact.endLine)
        }
    }
}
