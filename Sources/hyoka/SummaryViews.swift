import HyokaImport
import HyokaStore

/// What `hyoka import` and `hyoka demo` print: one line per file and a total.
struct ImportSummary {
    var report: ImportReport

    var text: String {
        var lines = report.entries.flatMap { entry in
            let counts = entry.counts
            let warningCount = entry.warnings.count == 1 ? "1 warning" : "\(entry.warnings.count) warnings"
            let line = [
                TextLayout.padded(entry.outcome.rawValue, to: 9), entry.id, entry.source,
                "\(counts.policies) policies, \(counts.fields) fields, \(counts.series) series, "
                    + "\(counts.unparsedLines) unparsed lines, \(warningCount)",
            ].joined(separator: "  ")
            return [line] + entry.warnings.map { "    warning: \($0)" }
        }
        var total = "Imported \(report.entries.count) file\(report.entries.count == 1 ? "" : "s"): "
            + "\(report.count(.inserted)) inserted, \(report.count(.replaced)) replaced, \(report.count(.unchanged)) unchanged"
        if !report.failures.isEmpty {
            total += "; \(report.failures.count) failed (errors on stderr)"
        }
        lines.append(total + ".")
        return lines.joined(separator: "\n")
    }
}

/// The table `hyoka list` prints.
struct SummaryTable {
    var summaries: [DocumentSummary]

    var text: String {
        let rows = summaries.map { summary in
            [
                summary.id, summary.source, "\(summary.kind.rawValue)/\(summary.layout.rawValue)",
                summary.ministry ?? "-", TextLayout.truncated(summary.title ?? "-", to: 30),
                summary.published?.iso8601 ?? "-",
                "\(summary.policyCount)", "\(summary.fieldCount)", "\(summary.seriesCount)",
                "\(summary.unparsedLineCount)/\(summary.lineCount)",
            ]
        }
        let header = ["ID", "SOURCE", "KIND/LAYOUT", "MINISTRY", "TITLE", "PUBLISHED", "POLICIES", "FIELDS", "SERIES", "UNPARSED/LINES"]
        return TextLayout.table(header: header, rows: rows)
    }
}
