import Foundation
import HyokaAssessment
import HyokaModel
import HyokaStore
import PostgresNIO
import Synchronization

/// Writes a batch of documents inside the caller's transaction: decide the
/// outcomes (`SavePlan`), delete what is replaced, then copy each table's
/// rows, chunk by chunk (`DocumentCopies`; series and their points with
/// multi-row statements, as they need the sequence's ids).
struct PostgresWriter {
    let connection: PostgresConnection
    let logger: Logger

    /// Columns of `passage` after `PassageRows.columns`.
    static let searchColumns = ["tokens", "token_count", "search_vector", "positions_complete"]

    /// Saves `documents`: their rows go in with `COPY … FROM STDIN`, written
    /// as COPY text beforehand where the caller could (`copies`, built
    /// before the transaction), else here. Into an empty passage table, the
    /// search indexes are built after the load (`SearchIndexBuild`).
    func save(_ documents: [PreparedDocument], copies: DocumentCopies? = nil) async throws -> [SaveOutcome] {
        // One writer at a time, as in SQLite: outcomes are decided from what is stored, and must stay true until COMMIT.
        // Readers are not blocked, except by a load into an empty passage table, which drops its search indexes until COMMIT.
        try await connection.query("LOCK TABLE document IN SHARE ROW EXCLUSIVE MODE", logger: logger)
        let batch = documents.map { (id: $0.document.report.id, source: $0.document.report.source) }
        let plan = SavePlan(stored: try await stored(matching: batch), batch: batch)
        try await delete(plan.replacedIDs)
        let surviving = plan.survivors.map { documents[$0] }
        let written: DocumentCopies
        if let copies, copies.survivors == plan.survivors { written = copies } else { written = await DocumentCopies(documents, survivors: plan.survivors) }
        let searchIndexes = try await SearchIndexBuild.documents.dropIfNoPassageRemains(on: connection, logger: logger)
        let inserter = RowInserter(connection: connection, logger: logger)
        try await written.copy(with: inserter)
        let postings = PostingIndex(connection: connection, logger: logger)
        try await postings.foldDeletions()
        try await postings.add(written.postings, documents: written.documents)
        try await insert(surviving.flatMap(\.rows.series), with: inserter)
        try await count(passages: surviving.reduce(0) { $0 + $1.rows.passages.count }, tokens: written.passageTokens)
        try await searchIndexes.create(on: connection, logger: logger)
        return plan.outcomes
    }

    /// Saves the documents `feed` gives as they come (`PreparedDocumentFeed`): a chunk of about
    /// `passagesPerChunk` passages at a time is gathered and its COPY messages written while the chunk before
    /// is sent; each chunk's outcomes are decided from what is stored when it comes (`SavePlan`), so they are
    /// those of saving the documents one after another. The postings of the whole feed are built as its
    /// documents arrive (`FeedPostings`), by the task that gathers them, and indexed at the end, in runs as
    /// large as a batch saved at once makes.
    ///
    /// - Throws: `StoreError.databaseError` when two documents of the feed share an id or a source (an
    ///   import refuses them before they reach the store); the feed's own errors.
    func save(feed: any PreparedDocumentFeed, passagesPerChunk: Int = DocumentCopies.passagesPerChunk) async throws -> [SaveOutcome] {
        try await connection.query("LOCK TABLE document IN SHARE ROW EXCLUSIVE MODE", logger: logger)
        let searchIndexes = try await SearchIndexBuild.documents.dropIfNoPassageRemains(on: connection, logger: logger)
        let inserter = RowInserter(connection: connection, logger: logger)
        var outcomes: [SaveOutcome] = []
        var seen = FeedDocuments()
        let postings = FeedPostings()
        var documents: [PostingIndex.DocumentAttributes] = []
        var passages = 0
        var tokens = 0
        var upcoming = Task { try await FeedChunk.next(of: feed, passages: passagesPerChunk, postings: postings) }
        defer { upcoming.cancel() }
        while let chunk = try await upcoming.value {
            upcoming = Task { try await FeedChunk.next(of: feed, passages: passagesPerChunk, postings: postings) }
            let batch = chunk.documents.map { (id: $0.document.report.id, source: $0.document.report.source) }
            try seen.insert(batch)
            let plan = SavePlan(stored: try await stored(matching: batch), batch: batch)
            try await delete(plan.replacedIDs)
            outcomes += plan.outcomes
            try await chunk.copies.copy(with: inserter)
            passages += chunk.documents.reduce(0) { $0 + $1.rows.passages.count }
            documents += chunk.copies.documents
            tokens += chunk.copies.passageTokens
            try await insert(chunk.documents.flatMap(\.rows.series), with: inserter)
        }
        let index = PostingIndex(connection: connection, logger: logger)
        try await index.foldDeletions()
        try await index.add(postings.prepared(), documents: documents)
        try await count(passages: passages, tokens: tokens)
        try await searchIndexes.create(on: connection, logger: logger)
        return outcomes
    }

    /// Indexes every stored document's passages again, from its export JSON:
    /// for a migration that changes what search indexes or how it tokenises.
    func reindexPassages() async throws {
        try await connection.query("DELETE FROM passage", logger: logger)
        try await connection.query("UPDATE passage_stats SET passages = 0, tokens = 0", logger: logger)
        var reports: [String] = []
        for try await json in try await connection.query("SELECT report_json FROM document ORDER BY source", logger: logger).decode(String.self) {
            reports.append(json)
        }
        let inserter = RowInserter(connection: connection, logger: logger)
        for json in reports {
            let report = try JSONDecoder().decode(EvaluationReport.self, from: Data(json.utf8))
            try await insert(PassageRows.of(report), with: inserter)
        }
    }

    /// Reviews every stored document that has no stored review, and stores
    /// its review: for the migration that adds stored reviews. One document
    /// is read at a time, so memory stays flat however many are stored.
    func reviewDocuments() async throws {
        var ids: [String] = []
        let unreviewed = "SELECT id FROM document WHERE id NOT IN (SELECT document_id FROM document_review) ORDER BY source"
        for try await id in try await connection.query(PostgresQuery(unsafeSQL: unreviewed), logger: logger).decode(String.self) { ids.append(id) }
        for id in ids {
            var report: EvaluationReport?
            var text = ""
            for try await (json, source) in try await connection.query("SELECT report_json, source_text FROM document WHERE id = \(id)", logger: logger)
                .decode((String, String).self) {
                report = try PostgresStore.decode(json, id: id)
                text = source
            }
            guard let report else { continue }
            var facts: [Fact] = []
            for try await row in try await connection.query("SELECT * FROM fact WHERE document_id = \(id) ORDER BY line, id", logger: logger) {
                facts.append(try PostgresStore.fact(row.makeRandomAccess()))
            }
            let review = try StoredDocument(report: report, sourceText: text, facts: facts).encoded().review
            try await connection.query("INSERT INTO document_review (document_id, review_json) VALUES (\(id), \(review))", logger: logger)
        }
    }

    /// Writes the `review_count` rows (`ReviewCountRows`) of every document
    /// stored before the table existed, from its stored review: for the
    /// migration that adds the table. A thousand reviews at a time, so that
    /// memory stays flat however many are stored.
    func countReviews() async throws {
        let inserter = RowInserter(connection: connection, logger: logger)
        var after = ""
        while true {
            var rows: [[Bind]] = []
            var last: String?
            let reviews = try await connection.query("""
                SELECT d.id, d.source, d.kind, d.ministry, r.review_json FROM document_review r JOIN document d ON d.id = r.document_id
                WHERE r.document_id > \(after) ORDER BY r.document_id LIMIT 1000
                """, logger: logger)
            for try await (id, source, kind, ministry, json) in reviews.decode((String, String, String, String?, String).self) {
                let tally = try StoredReview.decoded(json, documentID: id).tally
                rows += ReviewCountRows.rows(id: id, source: source, kind: kind, ministry: ministry, tally: tally).rows.map(\.binds)
                last = id
            }
            guard let last else { return }
            try await inserter.insert(into: ReviewCountRows.table, columns: ReviewCountRows.columns, rows: rows)
            after = last
        }
    }

    /// Stored documents that share an id or a source with the batch.
    private func stored(matching batch: [(id: String, source: String)]) async throws -> [(id: String, source: String)] {
        let ids = batch.map(\.id)
        let sources = batch.map(\.source)
        var result: [(id: String, source: String)] = []
        let rows = try await connection.query("SELECT id, source FROM document WHERE id = ANY(\(ids)) OR source = ANY(\(sources))", logger: logger)
        for try await (id, source) in rows.decode((String, String).self) {
            result.append((id, source))
        }
        return result
    }

    /// Deletes documents (their projections follow by cascade) and takes
    /// their passages out of the search statistics; the posting index learns of it from `search_deleted`
    /// (see `PostingIndex.foldDeletions`).
    private func delete(_ ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        try await connection.query("""
            WITH gone AS (DELETE FROM passage WHERE document_id = ANY(\(ids)) RETURNING token_count)
            UPDATE passage_stats SET passages = passages - (SELECT count(*) FROM gone),
                                     tokens = tokens - (SELECT COALESCE(sum(token_count), 0) FROM gone)
            """, logger: logger)
        try await connection.query("DELETE FROM document WHERE id = ANY(\(ids))", logger: logger)
    }

    /// Series take ids from their sequence first, so that their points can
    /// name them in the same multi-row insert.
    private func insert(_ series: [SeriesRows], with inserter: RowInserter) async throws {
        guard !series.isEmpty else { return }
        var ids: [Int] = []
        let rows = try await connection.query(
            "SELECT nextval(pg_get_serial_sequence('series', 'id')) FROM generate_series(1, \(series.count))", logger: logger)
        for try await id in rows.decode(Int.self) { ids.append(id) }
        try await inserter.insert(into: "series", columns: ["id"] + SeriesRows.columns,
                                  rows: zip(ids, series).map { [.column(.integer($0))] + $1.series.binds })
        try await inserter.insert(into: "series_point", columns: ["series_id"] + SeriesRows.pointColumns,
                                  rows: zip(ids, series).flatMap { id, series in series.points.map { [.column(.integer(id))] + $0.binds } })
    }

    /// A passage with its tokens, token count and search vector (its `tsvector` literal).
    static func passageRow(_ passage: PassageRows) -> [Bind] {
        let vector = SearchVector.literal(passage.tokens)
        return passage.passage.binds + [
            .texts(passage.tokens), .column(.integer(passage.tokens.count)), .column(.text(vector.literal)), .column(.boolean(vector.complete)),
        ]
    }

    /// Passages with their tokens, token count and search vector, and the
    /// statistics BM25 reads (see `BM25`).
    func insert(_ passages: [PassageRows], with inserter: RowInserter) async throws {
        guard !passages.isEmpty else { return }
        let rows = passages.map(Self.passageRow)
        try await inserter.insert(into: "passage", columns: PassageRows.columns + Self.searchColumns, rows: rows,
                                  casts: ["search_vector": "tsvector"])
        try await count(passages: passages.count, tokens: passages.reduce(0) { $0 + $1.tokens.count })
    }

    /// Adds passages to the statistics BM25 reads (see `BM25`).
    private func count(passages: Int, tokens: Int) async throws {
        guard passages > 0 else { return }
        try await connection.query(
            "UPDATE passage_stats SET passages = passages + \(passages), tokens = tokens + \(tokens)", logger: logger)
    }
}

/// The rows of a batch of documents in COPY's binary format (`BinaryCopy`),
/// table by table in the order they are copied (documents before the rows
/// that refer to them): `document`, its projections, `document_review`,
/// `review_count` and `passage` with its tokens, token count and `tsvector`. Series and
/// their points are not here: a point names its series by an id the
/// sequence gives inside the transaction.
///
/// Written in chunks of documents, one table per task across the cores, as
/// the review sheets' (`ReviewSheetCopies`): the first chunk before the
/// transaction, so that the transaction, which holds the writer's lock,
/// starts by sending bytes; each next chunk while the one before is sent.
/// Why chunks: a batch of a thousand documents is about 320 MB of COPY
/// messages (heaptrack, ten years on PostgreSQL), which were all held at
/// once beside the batch's rows and the next batch being recognised; two
/// chunks are about a fifth of that. The passages' ids still follow the batch's
/// order (`PostingIndex.add`): chunks are copied in order, on one connection.
struct DocumentCopies: Sendable {
    /// About how many passages a chunk holds: a chunk is at least one document, and ends at the document
    /// that reaches this (about 30 MB of messages with their tokens and vectors).
    static let passagesPerChunk = 8_192

    /// Indices of the batch's documents written, in order (`SavePlan.survivors`).
    var survivors: [Int]
    /// Tokens of all the passages, for `passage_stats`.
    var passageTokens: Int
    /// The passages' postings (`SearchPostings`), and what the index records of their documents.
    var postings: SearchPostings.Prepared
    var documents: [PostingIndex.DocumentAttributes]
    /// The surviving documents' rows, in order, and the ranges of them copied together.
    private let rows: [DocumentRows]
    let chunks: [Range<Int>]
    /// The first chunk's tables, written before the transaction.
    private let first: [CopyTable]

    /// - Parameter indexing: whether to build the passages' postings; a caller that builds them across
    ///   several of these leaves them out (`postings` is then empty).
    init(_ documents: [PreparedDocument], survivors: [Int], passagesPerChunk: Int = Self.passagesPerChunk, indexing: Bool = true) async {
        self.survivors = survivors
        let rows = survivors.map { documents[$0].rows }
        self.rows = rows
        passageTokens = rows.reduce(0) { $0 + $1.passages.reduce(0) { $0 + $1.tokens.count } }
        self.documents = rows.map(Self.attributes)
        chunks = Self.chunks(passages: rows.map(\.passages.count), limit: passagesPerChunk)
        async let postings = indexing ? SearchPostings.Prepared(rows.flatMap { $0.passages.map(\.tokens) }) : SearchPostings.Prepared(runs: [])
        if let firstChunk = chunks.first {
            first = await Self.tables(rows[firstChunk])
        } else {
            first = []
        }
        self.postings = await postings
    }

    /// Consecutive ranges of documents, each ending at the first document that brings its passages to `limit`
    /// (a document with more is a chunk of its own); every document in one range, in order.
    static func chunks(passages: [Int], limit: Int) -> [Range<Int>] {
        var chunks: [Range<Int>] = []
        var start = 0
        var gathered = 0
        for (index, count) in passages.enumerated() {
            gathered += count
            if gathered >= limit || index == passages.count - 1 {
                chunks.append(start..<(index + 1))
                start = index + 1
                gathered = 0
            }
        }
        return chunks
    }

    /// The tables of the documents `rows`, written across the cores (`CopyTable.write`).
    private static func tables(_ rows: ArraySlice<DocumentRows>) async -> [CopyTable] {
        var plan: [CopyTable.Plan] = [.rows("document", DocumentRows.documentColumns) { rows.lazy.map(\.document.binds) }]
        for (index, table) in (rows.first?.tables ?? []).enumerated() {
            plan.append(.rows(table.table, table.columns) { rows.lazy.flatMap { $0.tables[index].rows.lazy.map(\.binds) } })
        }
        plan.append(.binary("passage", PassageRows.columns + PostgresWriter.searchColumns, { rows.lazy.flatMap(\.passages) }) { passage, copy in
            copy.appendPassage(passage.passage, tokens: passage.tokens)
        })
        return await CopyTable.write(plan)
    }

    /// Copies every chunk's tables in order with `inserter`, writing each next chunk while the one before is sent.
    func copy(with inserter: RowInserter) async throws {
        var current = first
        var index = 0
        while true {
            let upcoming: Task<[CopyTable], Never>? = index + 1 < chunks.count
                ? Task { [rows, next = chunks[index + 1]] in await Self.tables(rows[next]) } : nil
            do {
                for table in current { try await inserter.copy(table) }
            } catch {
                upcoming?.cancel()
                throw error
            }
            guard let upcoming else { return }
            current = await upcoming.value
            index += 1
        }
    }

    /// What the posting index records of a document, from its row.
    static func attributes(_ rows: DocumentRows) -> PostingIndex.DocumentAttributes {
        func text(_ column: String) -> String? {
            guard let index = DocumentRows.documentColumns.firstIndex(of: column), case .text(let value) = rows.document[index] else { return nil }
            return value
        }
        return PostingIndex.DocumentAttributes(id: text("id") ?? "", passages: rows.passages.count, kind: text("kind") ?? "",
                                               ministry: text("ministry"), year: PostingIndex.DocumentAttributes.year(published: text("published")))
    }
}

/// The next documents of a feed, about a `DocumentCopies` chunk's worth, with their COPY messages written.
private struct FeedChunk: Sendable {
    var documents: [PreparedDocument]
    var copies: DocumentCopies

    /// Nil when the feed has ended. A feed's documents never replace one another (`FeedDocuments`), so every
    /// document of a chunk is written. Each document's passages are added to `postings` as it arrives: the
    /// chunks are gathered one after another, in the order they are copied.
    static func next(of feed: any PreparedDocumentFeed, passages limit: Int, postings: FeedPostings) async throws -> FeedChunk? {
        var documents: [PreparedDocument] = []
        var passages = 0
        while passages < limit, let document = try await feed.next() {
            documents.append(document)
            postings.append(document)
            passages += document.rows.passages.count
        }
        guard !documents.isEmpty else { return nil }
        let copies = await DocumentCopies(documents, survivors: Array(documents.indices), passagesPerChunk: .max, indexing: false)
        return FeedChunk(documents: documents, copies: copies)
    }
}

/// The ids and sources of a feed's documents so far, to refuse a second document with either: it would replace
/// one of the same feed, whose passages are already in the postings being built.
private struct FeedDocuments {
    private var ids: Set<String> = []
    private var sources: Set<String> = []

    mutating func insert(_ batch: [(id: String, source: String)]) throws {
        for document in batch {
            guard ids.insert(document.id).inserted, sources.insert(document.source).inserted else {
                throw StoreError.databaseError(reason: "two documents of one save share the id \(document.id) or the source \(document.source); save them one after another")
            }
        }
    }
}

/// The postings of a feed's passages, built by the tasks that gather its chunks (`FeedChunk.next`), one task
/// after another, while the chunk before is sent: not on the connection's way.
private final class FeedPostings: Sendable {
    private let builder = Mutex(SearchPostings.Prepared.Builder())

    func append(_ document: PreparedDocument) {
        builder.withLock { builder in
            for passage in document.rows.passages { builder.append(passage.tokens) }
        }
    }

    func prepared() -> SearchPostings.Prepared {
        builder.withLock { $0.prepared() }
    }
}
