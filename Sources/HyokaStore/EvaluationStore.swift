import Foundation
import HyokaAssessment
import HyokaAuthoring
import HyokaModel
import HyokaText

/// Reads a store of imported reports: everything the public pages, the API
/// and the exports need, and nothing that changes the store.
///
/// The store is split as GRDB splits `DatabaseReader` and `DatabaseWriter`:
/// this protocol reads; `EvaluationStore` refines it with the writes. The
/// public web application is given only a reader, so that no page can write
/// by mistake; the parts that write are given the narrow protocol they need
/// (`EvidenceConfirming`, and `DraftStore` and `AccountStore` beside these).
///
/// Two implementations: the embedded SQLite store (`SQLiteStore`, the
/// default) and the PostgreSQL store for shared deployments (`PostgresStore`
/// in HyokaPostgres). Both pass the same test suite. Every call is `async`
/// because a database server is reached over the network: a web request
/// waiting for it must not hold a thread.
public protocol EvaluationReader: Sendable {
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
    /// and offset: the count a page of hits is one part of. Counted up to the
    /// query's candidate limit: beyond it, a lower bound (see `SearchCount`).
    func searchCount(_ query: SearchQuery) async throws -> SearchCount

    /// A page of hits for `query` and the count it is part of, from one
    /// snapshot of the store: what a search page shows. A store that counts
    /// as it finds its candidates does both in one walk of its index.
    func searchResults(_ query: SearchQuery) async throws -> SearchResults

    /// Facts of one document, or of all documents when `documentID` is nil, in source order.
    func facts(documentID: String?) async throws -> [Fact]

    /// Confirmed evidence links, optionally only those from one document.
    func confirmedLinks(documentID: String?) async throws -> [EvidenceLink]

    /// The review stored with the document `documentID` (see `StoredReview`),
    /// or nil when no document has that id.
    func storedReview(documentID: String) async throws -> StoredReview?

    /// The stored reviews of every document of `kind`, by document id: what
    /// the dashboard and the comparison add up, without decoding any document.
    func storedReviews(kind: DocumentKind) async throws -> [String: StoredReview]

    /// The years of the Diplomatic Bluebook editions the library holds: what
    /// a stored review is completed with when it is read (`StoredReview.review(libraryEditions:)`).
    func bluebookEditions() async throws -> Set<Int>

    // The dashboard's figures, each answered from a few rows or an index, so
    // that its first request reads neither every document nor every review
    // (issue 14: under 200 ms at ten years, 74,000 documents).

    /// How many documents are stored.
    func documentCount() async throws -> Int

    /// `limit` summaries from `offset`, in the order of `summaries()` (by source name).
    func summaries(offset: Int, limit: Int) async throws -> [DocumentSummary]

    /// Documents by ministry and calendar year of publication, sorted by ministry then year.
    func documentCounts() async throws -> [DocumentCount]

    /// The ratings, findings and budget rows of every document of `kind`,
    /// from the rows each save writes beside a review (`ReviewCountRows`),
    /// completed with the Bluebook editions the library holds now.
    func reviewTotals(kind: DocumentKind) async throws -> ReviewTotals

    /// The stored reviews of the first `limit` documents of `kind` (by source
    /// name) that have a breakdown table with groups: the dashboard shows the first few.
    func storedReviewsWithBreakdowns(kind: DocumentKind, limit: Int) async throws -> [SourcedReview]
}

extension EvaluationReader {
    // For stores without the rows of their own (tests' stand-ins): the same
    // figures from every summary and every stored review, the slow way.

    public func documentCount() async throws -> Int { try await summaries().count }

    public func summaries(offset: Int, limit: Int) async throws -> [DocumentSummary] {
        Array(try await summaries().dropFirst(offset).prefix(limit))
    }

    public func documentCounts() async throws -> [DocumentCount] {
        DocumentCount.merged(try await summaries().map { (ministry: $0.ministry, published: $0.published?.iso8601, documents: 1) })
    }

    public func reviewTotals(kind: DocumentKind) async throws -> ReviewTotals {
        let ministries = Dictionary(uniqueKeysWithValues: try await summaries().map { ($0.id, $0.ministry) })
        let reviews = try await storedReviews(kind: kind)
        return ReviewTotals(reviews.map { (ministry: ministries[$0.key] ?? nil, tally: $0.value.tally) }, libraryEditions: try await bluebookEditions())
    }

    public func storedReviewsWithBreakdowns(kind: DocumentKind, limit: Int) async throws -> [SourcedReview] {
        let reviews = try await storedReviews(kind: kind)
        return try await summaries().compactMap { summary in
            reviews[summary.id].flatMap { $0.tally.breakdowns > 0 ? SourcedReview(documentID: summary.id, source: summary.source, review: $0) : nil }
        }.prefix(limit).map { $0 }
    }
}

/// Records evidence links a reviewer confirmed: the one write of the evidence view.
public protocol EvidenceConfirming: Sendable {
    /// Records that a reviewer confirmed `link`; confirming twice keeps one.
    func confirm(_ link: EvidenceLink) async throws
}

/// A persistent store of imported reports: the reader, and the writes.
public protocol EvaluationStore: EvaluationReader, EvidenceConfirming {
    /// Saves the documents in one transaction: either all are stored or none.
    ///
    /// A document replaces any stored document with the same `id` (same
    /// content) or the same `source` (a new version of the same file). Its
    /// review (`StoredDocument.review`, computed before the transaction) is
    /// stored with it and replaced with it; deleting a document deletes its review.
    @discardableResult
    func save(_ documents: [StoredDocument]) async throws -> [SaveOutcome]

    /// Saves documents whose rows were built in advance (see
    /// `PreparedDocument`), as `save(_:)` does: so that the single writer
    /// only writes. The stores in this package implement both; a store that
    /// does not is given `prepared`'s documents.
    @discardableResult
    func save(prepared: [PreparedDocument]) async throws -> [SaveOutcome]

    /// Saves the documents `feed` gives, in one transaction, as
    /// `save(prepared:)` does; the outcomes are in the feed's order. When the
    /// feed throws, nothing of it is saved and its error is thrown. By
    /// default the documents are gathered, then saved (`PreparedDocumentFeed`).
    /// A feed's documents have distinct ids and sources (an import refuses a
    /// second before it reaches the store); a store may refuse a feed that
    /// does not (PostgreSQL does, as it indexes the feed's passages as they come).
    @discardableResult
    func save(feed: any PreparedDocumentFeed) async throws -> [SaveOutcome]

    /// Whether `save(feed:)` writes each document as it arrives (both stores here), so
    /// that a caller need prepare only a few ahead; otherwise it gathers a
    /// whole batch before writing, and a caller keeps its writer busy by
    /// preparing the next batch while one is saved. False by default.
    var writesAsDocumentsArrive: Bool { get }

    /// Runs `load`, a run of saves (an import in batches), as one bulk load:
    /// the store may put off work that every save would otherwise repeat, and
    /// does it once before returning, whether `load` returns or throws. Each
    /// save inside is still atomic, and what it saved is found by search when
    /// this returns. PostgreSQL builds the search indexes of an empty store
    /// once at the end instead of keeping them up row by row
    /// (`SearchIndexDeferral`); by default, and in SQLite, it only runs `load`.
    func bulkLoad<T>(_ load: () async throws -> T) async throws -> T
}

extension EvaluationStore {
    @discardableResult
    public func save(prepared: [PreparedDocument]) async throws -> [SaveOutcome] {
        try await save(prepared.map(\.document))
    }

    public func bulkLoad<T>(_ load: () async throws -> T) async throws -> T {
        try await load()
    }
}

/// A document with every row it becomes (`DocumentRows`: its JSON encoded,
/// its passages tokenised for search), built before it is saved.
///
/// Why: building the rows — bigram tokens above all, then JSON — was about a
/// quarter of an import's CPU, and it ran inside the write transaction, on
/// the one task that writes, while the recognition cores waited. The
/// importer prepares each document on the core that recognised it
/// (`Importer`), so that the write transaction only writes. Both stores
/// write the same prepared rows.
public struct PreparedDocument: Sendable {
    public let document: StoredDocument
    public let rows: DocumentRows

    /// Encodes `document` and builds its rows.
    /// - Parameter importedAt: when it is stored (ISO 8601): now, by
    ///   default; a batch is saved moments after its documents are prepared.
    /// - Throws: the encoder's error when the report or its review cannot be
    ///   encoded (a save then stops before anything is written).
    public init(_ document: StoredDocument, importedAt: String = ISO8601DateFormatter().string(from: Date())) throws {
        self.document = document
        rows = DocumentRows(document, json: try document.encoded(), importedAt: importedAt)
    }
}

extension EvaluationReader {
    /// The review of a stored document as of now: its stored review,
    /// completed by the Bluebook editions the library holds today. Nil when
    /// no document has that id.
    public func review(documentID: String) async throws -> Review? {
        guard let stored = try await storedReview(documentID: documentID) else { return nil }
        return stored.review(libraryEditions: try await bluebookEditions())
    }
}

/// A recognised report together with the text it was read from.
///
/// Its review is computed when it is made, by whoever makes it: the
/// importer makes documents on its recognition cores, so reviewing runs
/// there, never inside the store's write transaction. The properties are
/// constants so that the review cannot fall out of step with the report.
public struct StoredDocument: Sendable {
    public let report: EvaluationReport
    public let sourceText: String
    /// Quantitative facts read from the document (see `FactExtractor`).
    public let facts: [Fact]
    /// The review stored with the document.
    public let review: StoredReview

    /// Reviews the document (see `StoredReview`).
    public init(report: EvaluationReport, sourceText: String, facts: [Fact] = []) {
        self.init(report: report, sourceText: sourceText, source: SourceText(sourceText), facts: facts)
    }

    /// Reviews the document with its text already split into lines: `source` must be
    /// `SourceText(sourceText)`. The importer has it from recognition, and splitting a
    /// document's text again was 2 % of an import's CPU.
    public init(report: EvaluationReport, sourceText: String, source: SourceText, facts: [Fact] = []) {
        self.report = report
        self.sourceText = sourceText
        self.facts = facts
        review = StoredReview(report, source: source, facts: facts)
    }

    /// The report's and the review's JSON, as the stores keep them: encoded
    /// before the write transaction, so that a document that cannot be
    /// encoded stops its batch before anything is written. Written by
    /// `StoredJSON`, streamed: `JSONEncoder` was 8 % of a year's import.
    package func encoded() throws -> (report: String, review: String) {
        (try StoredJSON.encode(report), try StoredJSON.encode(review))
    }
}

extension StoredReview {
    /// A stored review read back.
    /// - Throws: `StoreError.corruptDocument` when the stored text is not a review.
    package static func decoded(_ json: String, documentID: String) throws -> StoredReview {
        do {
            return try JSONDecoder().decode(StoredReview.self, from: Data(json.utf8))
        } catch {
            throw StoreError.corruptDocument(id: documentID, reason: "its stored review cannot be read: \(error)")
        }
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

extension EvaluationReader {
    /// For stores without a count of their own (tests' stand-ins): the hits
    /// of the first 500, the most one search returns.
    public func searchCount(_ query: SearchQuery) async throws -> SearchCount {
        var all = query
        all.limit = 500
        all.offset = 0
        return SearchCount(counted: try await search(all).count, limit: query.candidateLimit)
    }

    /// For stores that find hits and count them apart: both, one after the other.
    public func searchResults(_ query: SearchQuery) async throws -> SearchResults {
        SearchResults(hits: try await search(query), count: try await searchCount(query))
    }
}

extension Publication {
    /// A version being published, as the document both stores save with it:
    /// made, reviewed, encoded and built into rows before the transaction that publishes it.
    package static func storedDocument(_ draft: Draft) throws -> PreparedDocument {
        let (report, text) = document(draft)
        return try PreparedDocument(StoredDocument(report: report, sourceText: text))
    }
}
