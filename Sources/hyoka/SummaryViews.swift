import HyokaImport
import HyokaStore

/// `1 field`, `2 fields`; `series` stays `series`.
func plural(_ count: Int, _ noun: String) -> String {
    let plural = switch noun {
    case "series": noun
    case "policy": "policies"
    default: noun + "s"
    }
    return "\(count) \(count == 1 ? noun : plural)"
}

extension ImportReport.Counts {
    /// `2 policies, 14 fields, 30 series, 12 unparsed lines`.
    var sentence: String {
        [plural(policies, "policy"), plural(fields, "field"), plural(series, "series"), plural(unparsedLines, "unparsed line")]
            .joined(separator: ", ")
    }
}

/// What `hyoka import` and `hyoka demo` print: one line per file and a total.
struct ImportSummary {
    var report: ImportReport

    var text: String {
        (Self.lines(report.entries) + [total]).joined(separator: "\n")
    }

    /// One line per saved file, its warnings under it (`hyoka import` prints them batch by batch, as they are saved).
    static func lines(_ entries: [ImportReport.Entry]) -> [String] {
        entries.flatMap { entry in
            let line = [
                TextLayout.padded(entry.outcome.rawValue, to: 9), entry.id, entry.source,
                entry.counts.sentence + ", " + plural(entry.warnings.count, "warning"),
            ].joined(separator: "  ")
            return [line] + entry.warnings.map { "    warning: \($0)" }
        }
    }

    /// `Imported 3 files: 2 inserted, 1 replaced, 0 unchanged.`, with the failures' count if any.
    var total: String {
        var total = "Imported \(plural(report.savedCount, "file")): "
            + "\(report.count(.inserted)) inserted, \(report.count(.replaced)) replaced, \(report.count(.unchanged)) unchanged"
        if !report.failures.isEmpty {
            total += "; \(report.failures.count) failed (errors on stderr)"
        }
        return total + "."
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
