import HyokaModel
import HyokaStore
import PostgresNIO

/// A bounded search read from the posting index (`SearchPostings`): the newest `candidateLimit` matches and
/// one more, found by reading the runs that hold every token of the query newest first, then ranked by BM25
/// in Swift, exactly as FTS5's formula scores (`BM25`).
///
/// Each phrase's IDF counts the passages that hold it over the whole store, as FTS5 does: counted where the
/// search read every run that could hold it (a query of one phrase that found no more than its limit), else
/// estimated as if the phrase were as dense in the whole store as among the live passages sampled: the runs
/// read, for one phrase; the first round's, for several (finding each phrase alone costs more than finding
/// them together, where they are rare together).
struct PostingSearch {
    let store: PostgresStore
    let connection: PostgresConnection

    /// What a search found: its count (the newest `candidateLimit` matches and one more at most), and, when
    /// asked to rank, the page's passage ids with their score, best first.
    struct Found {
        var count: SearchCount
        var page: [(id: Int64, score: Double)]
    }

    /// A passage that matched, with what BM25 reads of it.
    private struct Candidate {
        var id: Int64
        var length: Int32
        var frequencies: [Int]
    }

    /// Finds the newest `limit` matches of `phrases` that pass `query`'s filters, and one more (every match
    /// when `limit` is nil), and ranks `query`'s page among them when `ranking`.
    func find(_ query: SearchQuery, phrases: [[String]], limit: Int?, ranking: Bool) async throws -> Found {
        let tokens = Array(Set(phrases.flatMap { $0 }))
        let runs = try await runsHolding(tokens)
        let deleted = try await PostingIndex.deletedSpans(on: connection, logger: store.logger)
        var candidates: [Candidate] = []
        // Each phrase's passages among the live passages of the runs sampled, for its IDF.
        var phraseCounts = Array(repeating: 0, count: phrases.count)
        var sampledPassages = 0
        var next = 0
        var width = 1
        var passagesRead = 0
        while next < runs.count {
            let round = Array(runs[next..<min(runs.count, next + width)])
            next += round.count
            passagesRead += round.reduce(0) { $0 + $1.passages }
            // Each run is matched as soon as its rows are in, while the server sends the next run's.
            try await readRound(of: tokens, in: round) { run, runLists, map in
                var map = map
                guard runLists.count == tokens.count else { throw PostingIndex.damaged(run: run.id) }
                for span in deleted where span.overlaps(run.first...run.last) { _ = map.markDeleted(span) }
                let (live, admitted) = map.ordinals(kind: query.kind?.rawValue, ministry: query.ministry, year: query.year)
                // Each phrase's count, for its IDF, from the first round's runs: the newest passages are the sample.
                let sampling = phrases.count == 1 || next == round.count
                let found: SearchPostings.RunMatches
                do {
                    // No more than the limit and one of a run can be among the newest ranked.
                    found = try SearchPostings.match(phrases, lists: runLists, live: live, admitted: admitted, countingPhrases: sampling,
                                                     newest: limit.map { $0 + 1 })
                } catch is PostingList.Damaged {
                    throw PostingIndex.damaged(run: run.id)
                }
                var ids = map.idReader()
                for match in found.matches {
                    candidates.append(Candidate(id: ids.id(of: match.ordinal), length: match.length, frequencies: match.frequencies))
                }
                if let counts = found.phraseCounts {
                    for index in phrases.indices { phraseCounts[index] += counts[index] }
                    sampledPassages += live.spans.reduce(0) { $0 + $1.count }
                }
            }
            // Runs may overlap after a merge: only matches newer than every run not yet read are surely among the newest.
            let unread = next < runs.count ? runs[next].last : Int64.min
            if let limit, candidates.lazy.filter({ $0.id > unread }).count > limit { break }
            width = Self.nextRound(after: round.count, limit: limit, found: candidates.count, passagesRead: passagesRead, unread: runs[next...].map(\.passages)[...])
        }
        candidates.sort { $0.id > $1.id }
        let count = SearchCount(counted: limit.map { min(candidates.count, $0 + 1) } ?? candidates.count, limit: limit)
        guard ranking else { return Found(count: count, page: []) }
        let ranked = candidates.prefix(count.passages)
        let (passages, totalTokens) = try await statistics()
        let averageLength = passages > 0 ? BM25.averageLength(tokens: totalTokens, passages: passages) : 1
        let readEveryRun = next >= runs.count
        let idfs = phrases.indices.map { index -> Double in
            // Every run that can hold the one phrase was read: its count is exact.
            if readEveryRun && phrases.count == 1 { return BM25.idf(matching: phraseCounts[index], passages: passages) }
            // Else as dense in the whole store as among the passages sampled.
            let share = sampledPassages > 0 ? Double(phraseCounts[index]) / Double(sampledPassages) : 0
            let estimate = min(passages, max(phraseCounts[index], Int((Double(passages) * share).rounded())))
            return BM25.idf(matching: estimate, passages: passages)
        }
        let scored = ranked.map { candidate in
            (id: candidate.id, score: BM25.score(idfs: idfs, frequencies: candidate.frequencies, length: Int(candidate.length), averageLength: averageLength))
        }
        let start = min(scored.count, max(0, query.offset))
        let end = min(scored.count, start + max(0, min(query.limit, 500)))
        // Best first; ties newest first. Only the pages up to this one are put in order.
        let best = Self.first(end, of: scored) { $0.score != $1.score ? $0.score > $1.score : $0.id > $1.id }
        return Found(count: count, page: Array(best[start..<end]))
    }

    /// The first `count` of `items` in the order `precedes` gives (a strict total order), as
    /// `items.sorted(by: precedes).prefix(count)` would give them, without putting the rest in order.
    ///
    /// Why: a page of 50 is ranked among up to 5,001 matches, and sorting them all took as long as
    /// matching them (BENCHMARKS.md, "Search page rendered without a context lookup per value"). Kept
    /// in order, the best so far take a match only when it beats the last of them, which most do not.
    static func first<Item>(_ count: Int, of items: [Item], by precedes: (Item, Item) -> Bool) -> [Item] {
        guard count > 0 else { return [] }
        // Deep pages: most items are kept anyway, and one sort is cheaper than many insertions.
        guard count <= items.count / 8 else { return Array(items.sorted(by: precedes).prefix(count)) }
        var best: [Item] = []
        best.reserveCapacity(count + 1)
        for item in items {
            if best.count == count, !precedes(item, best[count - 1]) { continue }
            // After every item it follows, before the first it precedes.
            var low = 0, high = best.count
            while low < high {
                let middle = (low + high) / 2
                if precedes(best[middle], item) { low = middle + 1 } else { high = middle }
            }
            best.insert(item, at: low)
            if best.count > count { best.removeLast() }
        }
        return best
    }

    /// The page's hits, in `page`'s order, with the rank as the other paths give it (the negated score).
    static func hitRows(_ page: [(id: Int64, score: Double)]) -> PostgresQuery {
        let ids = page.map(\.id)
        let ranks = page.map { -$0.score }
        return """
            SELECT p.id, p.document_id, p.section, p.role, p.text, p.line, p.end_line,
                   d.source, d.kind, d.ministry, d.title, d.published, page.rank
            FROM unnest(\(ids)::bigint[], \(ranks)::float8[]) WITH ORDINALITY AS page(id, rank, ordinal)
            JOIN passage p ON p.id = page.id JOIN document d ON d.id = p.document_id
            ORDER BY page.ordinal
            """
    }

    /// How many of the `unread` runs (their passages, newest first) the next round reads: as many as hold
    /// the matches still wanted and a tenth more, at the rate of matches a passage so far (two at least after
    /// the first round, of one run); four times the last round when nothing matched yet, and every run left
    /// when the search has no limit.
    ///
    /// Why not doubling: a query rare at ten years took eight rounds, each a statement. Why by passages,
    /// not runs: runs differ in size (a save of a few documents makes a small one), and a round sized by a
    /// small run's matches read four large runs where one would do. Why a tenth, and no doubling after a
    /// large round: a run too many is read whole, and costs more than a round of a few runs more.
    static func nextRound(after last: Int, limit: Int?, found: Int, passagesRead: Int, unread: ArraySlice<Int>) -> Int {
        guard !unread.isEmpty else { return 0 }
        guard let limit else { return unread.count }
        guard found > 0, passagesRead > 0 else { return min(unread.count, last * 4) }
        let matchesPerPassage = Double(found) / Double(passagesRead)
        let wanted = Double(max(1, limit + 1 - found)) * 1.1
        var runs = 0
        var expected = 0.0
        for passages in unread where expected < wanted {
            expected += Double(passages) * matchesPerPassage
            runs += 1
        }
        return min(unread.count, max(last == 1 ? 2 : 1, runs))
    }

    /// The runs holding every one of `tokens`, newest first: no other run can match.
    private func runsHolding(_ tokens: [String]) async throws -> [Run] {
        var runs: [Run] = []
        // One pass over the primary key's entries of the tokens, rather than a count for each run: the runs
        // grow with the store, and at ten years (148 runs) the counts took 6 ms of every search.
        let rows = try await connection.query("""
            SELECT r.id, r.first_passage, r.last_passage, r.passages, r.xmin::text::bigint FROM search_run r
            JOIN (SELECT run FROM search_posting WHERE token = ANY(\(tokens)) GROUP BY run HAVING count(*) = \(tokens.count)) holding
              ON holding.run = r.id
            ORDER BY r.last_passage DESC, r.id DESC
            """, logger: store.logger)
        for try await (id, first, last, passages, version) in rows.decode((Int64, Int64, Int64, Int, Int64).self) {
            runs.append(Run(id: id, first: first, last: last, passages: passages, version: version))
        }
        return runs
    }

    /// A run of the index that a search may read: its passage ids, its size, and its row's version (`RunMapCache`).
    private struct Run {
        var id: Int64
        var first: Int64
        var last: Int64
        var passages: Int
        var version: Int64
    }

    /// Reads the postings of `tokens` in `runs` and the runs' passage maps, one statement a round, and calls
    /// `body` with each run's lists by token and its map, run after run as their rows arrive: the rows come
    /// ordered by run, so that a run is matched while the server still sends the next (at ten years a query
    /// rare together reads 5 MB a round, and matching once every row was in left the two cores taking turns).
    /// A map's row has no token; only the maps the store has not kept (`RunMapCache`) are read.
    private func readRound(of tokens: [String], in runs: [Run],
                           _ body: (Run, [String: PostingList], PostingRun) throws -> Void) async throws {
        var maps: [Int64: PostingRun] = [:]
        var unread: [Int64] = []
        for run in runs {
            if let map = store.runMaps.map(run: run.id, version: run.version) { maps[run.id] = map } else { unread.append(run.id) }
        }
        let rows = try await connection.query("""
            SELECT run, token, data FROM search_posting WHERE token = ANY(\(tokens)) AND run = ANY(\(runs.map(\.id)))
            UNION ALL SELECT id, NULL, passage_map FROM search_run WHERE id = ANY(\(unread))
            ORDER BY 1 DESC, 2 NULLS FIRST
            """, logger: store.logger)
        let byID = Dictionary(uniqueKeysWithValues: runs.map { ($0.id, $0) })
        var matched: Set<Int64> = []
        var current: Int64?
        var lists: [String: PostingList] = [:]
        func finish() throws {
            guard let id = current else { return }
            guard let run = byID[id], let map = maps[id] else { throw PostingIndex.damaged(run: id) }
            try body(run, lists, map)
            matched.insert(id)
            lists = [:]
        }
        for try await (id, token, data) in rows.decode((Int64, String?, ByteBuffer).self) {
            if id != current {
                try finish()
                current = id
            }
            if let token {
                guard let list = PostingList(decoding: data.readableBytesView) else { throw PostingIndex.damaged(run: id) }
                lists[token] = list
            } else {
                // From an array: reading varints through a `ByteBufferView` took a twentieth of a rare query's time.
                guard let map = PostingRun(decoding: Array(data.readableBytesView)), let run = byID[id] else { throw PostingIndex.damaged(run: id) }
                maps[id] = map
                store.runMaps.keep(map, run: id, version: run.version)
            }
        }
        try finish()
        // Every run read holds every token: a run without rows is damaged.
        if let missing = runs.first(where: { !matched.contains($0.id) }) { throw PostingIndex.damaged(run: missing.id) }
    }

    /// BM25's N and total length (`passage_stats`).
    private func statistics() async throws -> (passages: Int, tokens: Int) {
        for try await (passages, tokens) in try await connection.query("SELECT passages, tokens FROM passage_stats", logger: store.logger)
            .decode((Int, Int).self) { return (passages, tokens) }
        return (0, 0)
    }
}
