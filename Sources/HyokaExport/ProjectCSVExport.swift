import HyokaModel

/// Review-sheet projects (行政事業レビュー) as CSV for spreadsheets: one row
/// per project and 予算年度, from the year's 2-1 total row (the per-account
/// rows are not rows here, so a column sum counts each 円 once).
///
/// Made for Excel as Japanese offices use it:
/// - a UTF-8 byte order mark first, or Excel reads the kanji as Shift_JIS;
/// - every amount twice, in 円 as the RS export writes it and in 百万円 as the
///   evaluations' budget tables print it, exactly (32,484,000 円 → 32.484);
/// - 執行率 as a fraction, as the export writes it;
/// - text cells that a spreadsheet would run as a formula (starting with
///   = + - @, a tab or a carriage return, or their full-width forms) made
///   inert with a leading apostrophe: the sheets are public text anyone can
///   write into. Numbers Hyoka writes itself are left as numbers.
///
/// Fields are quoted per RFC 4180; lines end with CRLF.
public enum ProjectCSVExport {
    public static let byteOrderMark = "\u{FEFF}"

    public static let columns = [
        "fiscal_year", "project_id", "name", "ministry", "bureau", "category", "verdict", "budget_year",
        "initial_yen", "supplementary_yen", "available_yen", "execution_yen", "execution_rate", "next_year_request_yen",
        "initial_million_yen", "supplementary_million_yen", "available_million_yen", "execution_million_yen", "next_year_request_million_yen",
        "summed_from_accounts", "file", "line",
    ]

    public static func encode(_ projects: [ReviewProject]) -> String {
        var lines = [columns.map(CSVExport.quote).joined(separator: ",")]
        for project in projects {
            let common = [String(project.fiscalYear), String(project.projectID)]
                + [project.name, project.ministry, project.organisation.bureau, project.overview?.category ?? "", project.assessment?.verdict ?? ""].map(inert)
            let years = project.budgetYears.sorted { $0.year < $1.year }
            guard !years.isEmpty else {
                lines.append((common + Array(repeating: "", count: columns.count - common.count)).map(CSVExport.quote).joined(separator: ","))
                continue
            }
            for year in years {
                let request = year.total?.nextYearRequest
                let source = year.total?.source ?? year.accounts.first?.source
                let amounts = [year.initial, year.supplementary, year.available, year.execution]
                let row = common + [String(year.year)]
                    + amounts.map { $0.map(String.init) ?? "" } + [year.executionRate.map { String($0) } ?? "", request.map(String.init) ?? ""]
                    + (amounts + [request]).map { $0.map(millions) ?? "" }
                    + [year.summedFromAccounts ? "true" : "false", inert(source?.file ?? ""), source.map { String($0.line) } ?? ""]
                lines.append(row.map(CSVExport.quote).joined(separator: ","))
            }
        }
        return byteOrderMark + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// 2,407,000,000 円 → 「2407」; 32,484,000 → 「32.484」; -1,500,000 → 「-1.5」: exact, no binary fraction.
    public static func millions(_ yen: Int64) -> String {
        let whole = yen.magnitude / 1_000_000, fraction = yen.magnitude % 1_000_000
        var text = String(whole)
        if fraction > 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 6 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return yen < 0 ? "-" + text : text
    }

    /// Characters that make a spreadsheet read a cell as a formula when they start it.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"]

    /// The cell with a leading apostrophe when it would start a formula; otherwise as it is.
    public static func inert(_ text: String) -> String {
        guard let first = text.first, formulaStarts.contains(first) || text.unicodeScalars.first == "\r" else { return text }
        return "'" + text
    }
}
