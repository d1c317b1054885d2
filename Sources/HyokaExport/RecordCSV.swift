import HyokaModel

/// The facts (事実) read from documents as CSV: one row per stated quantity,
/// with the sentence it came from. Amounts of money also in 百万円.
public enum FactsCSV {
    public static let columns = [
        "document_id", "source", "subject", "period_kind", "period", "value", "unit", "amount_million_yen",
        "approximate", "quantity_text", "section", "text", "line", "end_line",
    ]

    /// `sources` maps a document id to its file name (the facts name only the id).
    public static func encode(_ facts: [Fact], sources: [String: String]) -> String {
        var writer = CSVWriter(columns: columns)
        for fact in facts {
            let period = fact.period?.columns
            writer.append(cells: [
                .text(fact.document), .text(sources[fact.document] ?? ""), .text(fact.subject), .text(period?.kind ?? ""),
                .text(period?.value ?? ""), .number(CSVExport.number(fact.value)), .text(fact.unit ?? ""),
                .number(MillionsOfYen.convertStated(fact.value, unit: fact.unit).map(CSVExport.number) ?? ""),
                .text(fact.approximate ? "true" : "false"), .text(fact.quantityText), .text(fact.section ?? ""), .text(fact.text),
                .number(String(fact.line)), .number(String(fact.endLine)),
            ])
        }
        return writer.text
    }
}

/// The automated review's findings (点検) as CSV: one row per finding, with
/// its message in both languages.
public enum FindingsCSV {
    public static let columns = [
        "document_id", "source", "severity", "rule", "message_ja", "message_en", "line", "end_line", "related_lines",
    ]

    /// `sources` maps a document id to its file name.
    public static func encode(_ findings: [Finding], sources: [String: String]) -> String {
        var writer = CSVWriter(columns: columns)
        for finding in findings {
            writer.append(cells: [
                .text(finding.document), .text(sources[finding.document] ?? ""), .text(finding.severity.rawValue), .text(finding.rule),
                .text(finding.message.ja), .text(finding.message.en), .number(String(finding.line)), .number(String(finding.endLine)),
                .text(finding.relatedLines.map(String.init).joined(separator: " ")),
            ])
        }
        return writer.text
    }
}
