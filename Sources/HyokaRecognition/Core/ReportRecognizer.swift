import HyokaModel
import HyokaText

/// Turns the text of one source file into an `EvaluationReport`.
///
/// Lets the best-scoring layout of its registry read the document
/// (`LayoutRegistry`) and falls back to a generic section tree, so that any
/// UTF-8 text imports. Never throws: what is not understood ends up in
/// `unparsed`, with a warning.
public struct ReportRecognizer: Sendable {
    let registry: LayoutRegistry

    public init() {
        self.init(registry: .standard)
    }

    init(registry: LayoutRegistry) {
        self.registry = registry
    }

    /// Recognises `source`.
    /// - Parameters:
    ///   - id: the document identifier (derived from the content hash by the caller).
    ///   - sourceName: the file name, without directories.
    ///   - contentHash: hex SHA-256 of the file's bytes.
    public func recognize(_ source: SourceText, id: String, sourceName: String, contentHash: String) -> EvaluationReport {
        recognizeWithClaims(source, id: id, sourceName: sourceName, contentHash: contentHash).report
    }

    /// Recognises `source` and also returns which lines elements claimed, so
    /// that tests can check that every line is accounted for.
    func recognizeWithClaims(_ source: SourceText, id: String, sourceName: String, contentHash: String) -> (report: EvaluationReport, claims: LineClaims) {
        let lines = Line.lines(of: source)
        var claims = LineClaims(lineCount: source.lineCount)
        var report = EvaluationReport(
            id: id, source: sourceName, contentHash: contentHash, kind: .unknown, layout: .generic,
            lineCount: source.lineCount
        )
        // What the scores learn about the lines, for the winner to reuse.
        let memo = DocumentMemo()
        if let recognizer = registry.best(for: lines, memo: memo) {
            recognizer.recognize(lines, memo: memo, into: &report, claims: &claims)
        } else {
            GenericRecognizer().recognize(lines, into: &report, claims: &claims)
        }
        report.layoutArtifacts.sort { ($0.line, $0.kind.rawValue) < ($1.line, $1.kind.rawValue) }
        report.unparsed = claims.unclaimedBlocks(in: source)
        if !report.unparsed.isEmpty {
            let count = report.unparsed.reduce(0) { $0 + $1.endLine - $1.line + 1 }
            report.warnings.append("\(report.unparsed.count) block(s) spanning \(count) line(s) were not recognised; they are kept as unparsed text.")
        }
        return (report, claims)
    }
}
