import HyokaStore
import PostgresNIO

/// Writes the posting index (`SearchPostings`) inside the caller's transaction: the runs of passages just
/// copied, the deletion of a replaced document's passages, the merge of small runs, and a rebuild from
/// the stored passages.
///
/// Every write happens inside a save's transaction, which holds the writer's lock (`PostgresWriter.save`),
/// or a migration's: the index changes with the passages, never beside them.
struct PostingIndex {
    let connection: PostgresConnection
    let logger: Logger

    /// What a run records of the document a passage belongs to.
    struct DocumentAttributes: Sendable {
        var id: String
        var passages: Int
        var kind: String
        var ministry: String?
        var year: Int?

        /// The year a search filters on: the first four characters of `published`, as the SQL filter reads it.
        static func year(published: String?) -> Int? {
            guard let published, published.count >= 4 else { return nil }
            return Int(published.prefix(4))
        }
    }

    /// Columns of `search_posting`, in COPY order.
    static let postingColumns = ["token", "run", "passages", "data"]

    /// Indexes the passages of `documents`, just copied in this order (each document's passages in the
    /// order `prepared` was built from): their ids are read back in that order, which is the order the
    /// sequence gave them (one writer at a time).
    func add(_ prepared: SearchPostings.Prepared, documents: [DocumentAttributes]) async throws {
        guard prepared.passages > 0 else { return }
        var ids: [Int64] = []
        ids.reserveCapacity(prepared.passages)
        let rows = try await connection.query("SELECT id FROM passage WHERE document_id = ANY(\(documents.map(\.id))) ORDER BY id", logger: logger)
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        guard ids.count == prepared.passages, documents.reduce(0, { $0 + $1.passages }) == ids.count else {
            throw StoreError.databaseError(reason: "indexing passages for search: \(ids.count) passages were stored where \(prepared.passages) were prepared")
        }
        // The passages' documents, ordinal by ordinal across the batch.
        var owners: [Int] = []
        owners.reserveCapacity(ids.count)
        for (index, document) in documents.enumerated() { owners.append(contentsOf: repeatElement(index, count: document.passages)) }
        var start = 0
        for run in prepared.runs {
            var map = PostingRun()
            for ordinal in start..<(start + run.passages) {
                let document = documents[owners[ordinal]]
                map.append(id: ids[ordinal], sameDocument: ordinal > start && owners[ordinal - 1] == owners[ordinal],
                           kind: document.kind, ministry: document.ministry, year: document.year)
            }
            try await insert(map, ids: ids[start..<(start + run.passages)], tokens: run.tokens)
            start += run.passages
        }
        try await mergeSmallRuns()
    }

    /// The passages deleted since the last save (`search_deleted`, written by a trigger on `passage`): each
    /// span is one document's first and last passage id (a document's passages take consecutive ids, see `add`).
    static func deletedSpans(on connection: PostgresConnection, logger: Logger) async throws -> [ClosedRange<Int64>] {
        var spans: [ClosedRange<Int64>] = []
        let rows = try await connection.query("SELECT first_passage, last_passage FROM search_deleted", logger: logger)
        for try await (first, last) in rows.decode((Int64, Int64).self) where first <= last { spans.append(first...last) }
        return spans
    }

    /// Marks deleted, in their runs' maps, the passages deleted since the last save, and empties `search_deleted`.
    func foldDeletions() async throws {
        let spans = try await Self.deletedSpans(on: connection, logger: logger)
        guard !spans.isEmpty else { return }
        try await markDeleted(spans)
        try await connection.query("DELETE FROM search_deleted", logger: logger)
    }

    /// Marks deleted, in the runs that hold them, the passages of deleted documents (see `deletedSpans`).
    private func markDeleted(_ spans: [ClosedRange<Int64>]) async throws {
        guard let low = spans.map(\.lowerBound).min(), let high = spans.map(\.upperBound).max() else { return }
        var changed: [(Int64, PostingRun)] = []
        let rows = try await connection.query(
            "SELECT id, passage_map FROM search_run WHERE first_passage <= \(high) AND last_passage >= \(low)", logger: logger)
        for try await (id, data) in rows.decode((Int64, ByteBuffer).self) {
            guard var map = PostingRun(decoding: data.readableBytesView) else { throw Self.damaged(run: id) }
            var marked = false
            for span in spans where map.markDeleted(span) { marked = true }
            if marked { changed.append((id, map)) }
        }
        for (id, map) in changed {
            try await connection.query("UPDATE search_run SET passage_map = \(ByteBuffer(bytes: map.encoded())) WHERE id = \(id)", logger: logger)
        }
    }

    /// Merges the runs of fewer than `SearchPostings.smallRun` passages into one, once there are
    /// `SearchPostings.mergeWidth` of them: a search reads each run it reaches with a statement's worth of
    /// rows, and saves of one document at a time would otherwise leave thousands of runs.
    func mergeSmallRuns() async throws {
        var small: [(id: Int64, map: PostingRun)] = []
        let rows = try await connection.query(
            "SELECT id, passage_map FROM search_run WHERE passages < \(SearchPostings.smallRun) ORDER BY last_passage, id", logger: logger)
        for try await (id, data) in rows.decode((Int64, ByteBuffer).self) {
            guard let map = PostingRun(decoding: data.readableBytesView) else { throw Self.damaged(run: id) }
            small.append((id, map))
        }
        guard small.count >= SearchPostings.mergeWidth else { return }
        // Ordinals of the merged run: each run's live passages, after those of the runs before it. A deleted
        // document's passages are left out, postings and all.
        var merged = PostingRun()
        var renumbered: [Int64: [Int32]] = [:]
        var ids: [Int64] = []
        for run in small {
            var ordinals: [Int32] = []
            for range in run.map.ranges {
                guard !range.deleted else {
                    ordinals.append(contentsOf: repeatElement(-1, count: range.count))
                    continue
                }
                ordinals.append(contentsOf: (0..<range.count).map { Int32(merged.passages + $0) })
                var copy = range
                copy.kind = merged.intern(run.map.strings[range.kind])
                copy.ministry = range.ministry.map { merged.intern(run.map.strings[$0]) }
                merged.ranges.append(copy)
                ids.append(contentsOf: (0..<Int64(range.count)).map { range.firstID + $0 })
            }
            renumbered[run.id] = ordinals
        }
        var lists: [String: [(order: Int, run: Int64, list: [PostingList.Posting])]] = [:]
        let runIDs = small.map(\.id)
        let order = Dictionary(uniqueKeysWithValues: runIDs.enumerated().map { ($1, $0) })
        let postings = try await connection.query("SELECT token, run, data FROM search_posting WHERE run = ANY(\(runIDs))", logger: logger)
        for try await (token, run, data) in postings.decode((String, Int64, ByteBuffer).self) {
            guard let list = PostingList(decoding: data.readableBytesView)?.postings(), let position = order[run] else { throw Self.damaged(run: run) }
            lists[token, default: []].append((position, run, list))
        }
        var tokens: [(token: String, passages: Int, data: [UInt8])] = []
        for (token, parts) in lists {
            var encoder = PostingList.Encoder()
            for part in parts.sorted(by: { $0.order < $1.order }) {
                guard let ordinals = renumbered[part.run] else { continue }
                for posting in part.list {
                    let old = Int(posting.ordinal)
                    guard old < ordinals.count, ordinals[old] >= 0 else { continue }
                    encoder.append(ordinal: Int(ordinals[old]), length: Int(posting.length), positions: posting.positions)
                }
            }
            if encoder.passages > 0 { tokens.append((token, encoder.passages, encoder.bytes)) }
        }
        try await connection.query("DELETE FROM search_run WHERE id = ANY(\(runIDs))", logger: logger)
        try await insert(merged, ids: ids[...], tokens: tokens)
    }

    /// Indexes every stored passage again, `SearchPostings.rebuiltRun` at a time in id order: for the migration that
    /// adds the index to a store that holds passages, and after passages were indexed again.
    func rebuild() async throws {
        // Emptied at once rather than row by row: at ten years the index has millions of rows.
        try await connection.query("TRUNCATE search_posting, search_run, search_deleted", logger: logger)
        var after: Int64 = 0
        while true {
            var tokens: [[String]] = []
            var ids: [Int64] = []
            var map = PostingRun()
            var previous: String?
            let rows = try await connection.query("""
                SELECT p.id, p.document_id, p.tokens, d.kind, d.ministry, d.published
                FROM passage p JOIN document d ON d.id = p.document_id
                WHERE p.id > \(after) ORDER BY p.id LIMIT \(SearchPostings.rebuiltRun)
                """, logger: logger)
            for try await (id, document, passageTokens, kind, ministry, published) in rows.decode((Int64, String, [String], String, String?, String?).self) {
                map.append(id: id, sameDocument: previous == document, kind: kind, ministry: ministry,
                           year: DocumentAttributes.year(published: published))
                previous = document
                ids.append(id)
                tokens.append(passageTokens)
            }
            guard let last = ids.last else { return }
            let run = SearchPostings.Prepared.run(tokens[...])
            try await insert(map, ids: ids[...], tokens: run.tokens)
            after = last
        }
    }

    /// Inserts one run: its row of `search_run`, then its postings with COPY.
    private func insert(_ map: PostingRun, ids: ArraySlice<Int64>, tokens: [(token: String, passages: Int, data: [UInt8])]) async throws {
        guard let first = ids.min(), let last = ids.max() else { return }
        var run: Int64?
        let inserted = try await connection.query("""
            INSERT INTO search_run (first_passage, last_passage, passages, passage_map)
            VALUES (\(first), \(last), \(ids.count), \(ByteBuffer(bytes: map.encoded()))) RETURNING id
            """, logger: logger)
        for try await id in inserted.decode(Int64.self) { run = id }
        guard let run else { throw StoreError.databaseError(reason: "indexing passages for search: no run was created") }
        var messages: [ByteBuffer] = []
        BinaryCopy.writeMessages(tokens, write: { copy, row in
            copy.beginRow(fields: Self.postingColumns.count)
            copy.append(.text(row.token))
            copy.append(.integer(Int(run)))
            copy.append(.integer(row.passages))
            copy.appendBytes(row.data)
        }) { messages.append($0); return true }
        try await RowInserter(connection: connection, logger: logger).copyBinary(into: "search_posting", columns: Self.postingColumns, messages: messages)
    }

    static func damaged(run: Int64) -> StoreError {
        StoreError.databaseError(reason: "run \(run) of the search posting index cannot be decoded; the index must be rebuilt")
    }
}
