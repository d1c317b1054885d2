import HyokaModel

/// A persistent store of imported reports.
///
/// One protocol, two implementations: the embedded SQLite store
/// (`SQLiteStore`, the default) and the PostgreSQL store for shared
/// deployments (`PostgresStore` in HyokaPostgres). Both pass the same test
/// suite. Every call is `async` because a database server is reached over
/// the network: a web request waiting for it must not hold a thread.
public protocol EvaluationStore: Sendable {
    /// Saves the documents in one transaction: either all are stored or none.
    ///
    /// A document replaces any stored document with the same `id` (same
    /// content) or the same `source` (a new version of the same file).
    @discardableResult
    func save(_ documents: [StoredDocument]) async throws -> [SaveOutcome]

    /// One line per stored document, ordered by source name.
    func summaries() async throws -> [DocumentSummary]

    /// The document whose id, source file name, id prefix (at least 4
    /// characters) or file-name prefix (at least 3) is `reference`, or nil
    /// when none matches.
    /// - Throws: `StoreError.ambiguousReference` when a prefix matches several.
    func report(matching reference: String) async throws -> EvaluationReport?

    /// All stored documents, ordered by source name.
    func allReports() async throws -> [EvaluationReport]

    /// The original text of a stored document, for the source view.
    func sourceText(documentID: String) async throws -> String?

    /// Passages matching `query`, best first, with highlighted snippets.
    func search(_ query: SearchQuery) async throws -> [SearchHit]

    /// How many passages match `query` with its filters, whatever its limit
    /// and offset: the true count a page of hits is one part of.
    func searchCount(_ query: SearchQuery) async throws -> Int

    /// Facts of one document, or of all documents when `documentID` is nil, in source order.
    func facts(documentID: String?) async throws -> [Fact]

    /// Records that a reviewer confirmed `link`; confirming twice keeps one.
    func confirm(_ link: EvidenceLink) async throws

    /// Confirmed evidence links, optionally only those from one document.
    func confirmedLinks(documentID: String?) async throws -> [EvidenceLink]
}

/// A recognised report together with the text it was read from.
public struct StoredDocument: Sendable {
    public var report: EvaluationReport
    public var sourceText: String
    /// Quantitative facts read from the document (see `FactExtractor`).
    public var facts: [Fact]

    public init(report: EvaluationReport, sourceText: String, facts: [Fact] = []) {
        self.report = report
        self.sourceText = sourceText
        self.facts = facts
    }
}

/// What saving one document did.
public enum SaveOutcome: String, Sendable, Equatable {
    /// No document with that id or source existed.
    case inserted
    /// An earlier version (same source, other content) was replaced.
    case replaced
    /// The same content was already stored; it was rewritten in place.
    case unchanged
}

/// A stored document in brief, for listings.
public struct DocumentSummary: Sendable, Equatable, Codable {
    public var id: String
    public var source: String
    public var kind: DocumentKind
    public var layout: ReportLayout
    public var ministry: String?
    public var title: String?
    public var published: CalendarDate?
    public var policyCount: Int
    public var fieldCount: Int
    public var seriesCount: Int
    public var unparsedLineCount: Int
    public var warningCount: Int
    public var lineCount: Int

    public init(
        id: String, source: String, kind: DocumentKind, layout: ReportLayout, ministry: String?, title: String?,
        published: CalendarDate?, policyCount: Int, fieldCount: Int, seriesCount: Int, unparsedLineCount: Int,
        warningCount: Int, lineCount: Int
    ) {
        self.id = id
        self.source = source
        self.kind = kind
        self.layout = layout
        self.ministry = ministry
        self.title = title
        self.published = published
        self.policyCount = policyCount
        self.fieldCount = fieldCount
        self.seriesCount = seriesCount
        self.unparsedLineCount = unparsedLineCount
        self.warningCount = warningCount
        self.lineCount = lineCount
    }
}

extension EvaluationStore {
    /// For stores without a count of their own (tests' stand-ins): the hits
    /// of the first 500, the most one search returns.
    public func searchCount(_ query: SearchQuery) async throws -> Int {
        var all = query
        all.limit = 500
        all.offset = 0
        return try await search(all).count
    }
}
