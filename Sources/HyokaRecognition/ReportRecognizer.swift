import HyokaModel
import HyokaText

/// Turns the text of one source file into an `EvaluationReport`.
///
/// Tries each known layout in turn and falls back to a generic section tree,
/// so that any UTF-8 text imports. Never throws: what is not understood ends
/// up in `unparsed`, with a warning.
public struct ReportRecognizer: Sendable {
    public init() {}

    /// Recognises `source`.
    /// - Parameters:
    ///   - id: the document identifier (derived from the content hash by the caller).
    ///   - sourceName: the file name, without directories.
    ///   - contentHash: hex SHA-256 of the file's bytes.
    public func recognize(_ source: SourceText, id: String, sourceName: String, contentHash: String) -> EvaluationReport {
        // Placeholder until the layout recognisers land: everything unparsed.
        var report = EvaluationReport(
            id: id, source: sourceName, contentHash: contentHash, kind: .unknown, layout: .generic,
            lineCount: source.lineCount
        )
        report.unparsed = source.lines.filter { !$0.isBlank }.map {
            TextBlock(text: $0.text, line: $0.number, endLine: $0.number)
        }
        report.warnings = ["Layout not recognised: imported as text."]
        return report
    }
}
