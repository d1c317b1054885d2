import Crypto
import Foundation
import HyokaModel

/// What publishing does to a version's report, so that it joins the public
/// pages, search and exports as an imported document does: it gets its date
/// of publication, its source text (the draft written out one element per
/// line, `DraftNumbering`), and the content hash of that text, which is what
/// an imported document's hash is too.
public enum Publication {
    public static func prepare(_ report: inout EvaluationReport, at date: Date) {
        let day = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Asia/Tokyo")!, from: date)
        report.published = CalendarDate(year: day.year ?? 1970, month: day.month, day: day.day)
        report.source = "\(report.id).txt"
        let text = DraftNumbering.renumber(&report)
        report.contentHash = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The published report with its source text, as the document store keeps them.
    public static func document(_ draft: Draft) -> (report: EvaluationReport, sourceText: String) {
        var report = draft.report
        let text = DraftNumbering.renumber(&report)
        return (report, text)
    }
}
