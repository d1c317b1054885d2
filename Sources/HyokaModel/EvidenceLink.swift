/// A figure in an evaluation tied to the passage of the library that backs
/// it: 「this 979人 is backed by 外交青書 2026, line N」.
///
/// Both ends are named by document and line, not by row ids, so a link
/// survives re-importing either document as long as its lines stay put.
public struct EvidenceLink: Codable, Hashable, Sendable {
    /// The evaluation document and the line of the figure.
    public var document: String
    public var line: Int
    /// The figure as written there.
    public var quantityText: String
    /// The backing document and line.
    public var evidenceDocument: String
    public var evidenceLine: Int
    public var evidenceText: String
    /// Why it was suggested: 「same value, unit and period」, 「close text」 …
    public var reason: String
    /// 0…1, higher is stronger.
    public var score: Double

    public init(document: String, line: Int, quantityText: String, evidenceDocument: String, evidenceLine: Int,
                evidenceText: String, reason: String, score: Double) {
        self.document = document
        self.line = line
        self.quantityText = quantityText
        self.evidenceDocument = evidenceDocument
        self.evidenceLine = evidenceLine
        self.evidenceText = evidenceText
        self.reason = reason
        self.score = score
    }
}
