import HyokaModel

/// The CSV open-data export: one long table with a row per value, for
/// spreadsheets and statistics tools.
///
/// Rows: each objective and goal, each series point, each budget amount,
/// each expert opinion and each unparsed block, with the document, policy
/// and field they belong to and the lines they came from; for narrative
/// documents (外交青書, 白書) each section heading, figure and table row.
/// Money is given twice: `value` and `unit` as printed (億円, 千円, 百万円),
/// and `amount_million_yen` in one unit, 百万円, so that a column can be
/// summed. Written by `CSVWriter`: a byte order mark, RFC 4180 quoting,
/// CRLF, and formula-like cells made inert.
public enum CSVExport {
    public static let columns = [
        "document_id", "source", "ministry", "policy_number", "policy_title", "field_number", "field_title",
        "record", "cycle", "series_title", "series_role", "period_kind", "period", "point_kind",
        "value", "unit", "amount_million_yen", "approximate", "text", "line", "end_line",
    ]

    public static func encode(_ reports: [EvaluationReport]) -> String {
        var writer = CSVWriter(columns: columns)
        for report in reports {
            rows(report).forEach { writer.append(cells: $0) }
        }
        return writer.text
    }

    private static func rows(_ report: EvaluationReport) -> [[CSVWriter.Cell]] {
        var rows: [[CSVWriter.Cell]] = []
        func add(_ policy: Policy?, _ field: Field?, record: String, cycle: String = "", series: Indicator? = nil,
                 period: Period? = nil, pointKind: String = "", value: Double? = nil, unit: String? = nil,
                 millionYen: Double? = nil, approximate: Bool? = nil, text: String, line: Int, endLine: Int) {
            let (periodKind, periodText) = periodColumns(period)
            let fieldNumber: String = field?.number.map(String.init) ?? ""
            let texts: [String] = [
                report.id, report.source, report.ministry ?? "", policy?.number ?? "", policy?.title ?? "",
                fieldNumber, field?.title ?? "", record, cycle, series?.title ?? "",
                series?.role.rawValue ?? "", periodKind, periodText, pointKind,
            ]
            let approximateText: String = approximate.map { $0 ? "true" : "false" } ?? ""
            let values: [CSVWriter.Cell] = [
                .number(value.map(number) ?? ""), .text(unit ?? ""), .number(millionYen.map(number) ?? ""),
                .text(approximateText), .text(text), .number(String(line)), .number(String(endLine)),
            ]
            rows.append(texts.map(CSVWriter.Cell.text) + values)
        }
        for policy in report.policies {
            for goal in policy.objectives + policy.nextObjectives {
                add(policy, nil, record: "objective", cycle: goal.cycle.rawValue, text: goal.text, line: goal.line, endLine: goal.endLine)
            }
            func addSeries(_ series: Indicator, _ field: Field?) {
                for point in series.points {
                    add(policy, field, record: "series_point", series: series, period: point.period, pointKind: point.kind.rawValue,
                        value: point.value, unit: point.unit ?? series.unit,
                        millionYen: point.value.flatMap { MillionsOfYen.convertStated($0, unit: point.unit ?? series.unit) },
                        approximate: point.approximate, text: point.text,
                        line: point.line, endLine: point.endLine)
                }
            }
            policy.series.forEach { addSeries($0, nil) }
            for line in policy.budget {
                add(policy, nil, record: "budget", period: .fiscalYear(line.fiscalYear), pointKind: line.kind.rawValue,
                    value: line.amount, unit: line.unit, millionYen: line.amount.flatMap { MillionsOfYen.convert($0, unit: line.unit) },
                    text: "\(line.group)：\(line.text)", line: line.line, endLine: line.endLine)
            }
            for opinion in policy.expertComments {
                let field = policy.fields.first { $0.number != nil && $0.number == opinion.field }
                add(policy, field, record: "expert_opinion", text: opinion.text, line: opinion.line, endLine: opinion.endLine)
            }
            for field in policy.fields {
                for goal in field.goals {
                    add(policy, field, record: "goal", cycle: goal.cycle.rawValue, text: goal.text, line: goal.line, endLine: goal.endLine)
                }
                field.series.forEach { addSeries($0, field) }
            }
        }
        func addSection(_ section: Section) {
            add(nil, nil, record: "section", pointKind: section.kind.rawValue, text: section.title, line: section.line, endLine: section.endLine)
            section.children.forEach(addSection)
        }
        report.sections.forEach(addSection)
        for figure in report.figures {
            add(nil, nil, record: "figure", pointKind: figure.kind.rawValue, text: figure.title, line: figure.line, endLine: figure.endLine)
            for cells in figure.rows {
                add(nil, nil, record: "figure_row", pointKind: figure.kind.rawValue, text: cells.joined(separator: " | "),
                    line: figure.line, endLine: figure.endLine)
            }
        }
        for block in report.unparsed {
            add(nil, nil, record: "unparsed", text: block.text, line: block.line, endLine: block.endLine)
        }
        return rows
    }

    private static func periodColumns(_ period: Period?) -> (String, String) {
        (period?.columns.kind ?? "", period?.columns.value ?? "")
    }

    /// 460000000, not 4.6e8; 85.2 stays 85.2.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func row(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",")
    }

    static func quote(_ field: String) -> String { CSVWriter.quote(field) }
}
