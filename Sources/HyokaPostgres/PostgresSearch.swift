import HyokaModel
import HyokaStore
import HyokaText
import PostgresNIO

/// Japanese full-text search in PostgreSQL, two ways:
///
/// - Every search reads Hyoka's own posting index, newest first when the search is bounded
///   (`SearchQuery.candidateLimit`, every search of the web application and the API by default), and
///   ranks by BM25 in Swift (`PostingSearch`, `SearchPostings`).
/// - With `ranking=exact` in the URL, exactly as SQLite's FTS5 ranks, in SQL (see `BM25`).
///
/// Ranked exactly, candidates come from the GIN-indexed `search_vector` with a phrase query
/// (`'地方' <-> '方自' …`); each phrase's frequency is counted on the
/// passage's token array, and the score is computed in SQL from IDFs and an
/// average length computed in Swift, in FTS5's order of operations. Ties
/// break on file name, line and passage order, as in SQLite.
struct PostgresSearch {
    let store: PostgresStore

    func search(_ query: SearchQuery) async throws -> [SearchHit] {
        try await run(query, counting: false).hits
    }

    /// The page of hits and the count, from one snapshot and one count.
    func results(_ query: SearchQuery) async throws -> SearchResults {
        let found = try await run(query, counting: true)
        return SearchResults(hits: found.hits, count: found.count ?? SearchCount(passages: 0, isLowerBound: false))
    }

    /// How many passages match, with the query's filters: the conditions the ranking reads, counted up to
    /// the query's candidate limit and one more, so that counting stops where the ranking stops (see `SearchCount`).
    func count(_ query: SearchQuery) async throws -> SearchCount {
        let phrases = SearchTokenizer.phrases(query.text)
        guard !phrases.isEmpty else { return SearchCount(passages: 0, isLowerBound: false) }
        return try await store.client.withConnection { connection in
            if readsPostings {
                return try await store.readOnly(on: connection) {
                    try await PostingSearch(store: store, connection: connection).find(query, phrases: phrases, limit: query.candidateLimit.map { max(0, $0) }, ranking: false).count
                }
            }
            return try await count(query, phrases: phrases, on: connection)
        }
    }

    /// Whether search reads the posting index (`SearchPostings`): always, unless the URL asks for the exact
    /// ranking, which ranks as SQLite's FTS5 does, in SQL.
    var readsPostings: Bool { !store.location.exactRanking }

    /// The hits of `query`'s page, and its count when `counting` (always when the search is bounded: the
    /// count up to the candidate limit and one more is what tells whether the bound applies, so it is made
    /// once and serves both). Nothing is ranked when the count says the page is empty.
    private func run(_ query: SearchQuery, counting: Bool) async throws -> (hits: [SearchHit], count: SearchCount?) {
        let phrases = SearchTokenizer.phrases(query.text)
        guard !phrases.isEmpty else { return ([], counting ? SearchCount(passages: 0, isLowerBound: false) : nil) }
        // Statistics, count and hits from one snapshot, as SQLite reads them in one transaction: a save in
        // between would otherwise rank with counts that no longer hold.
        let (rows, count) = try await store.client.withConnection { connection in
            try await store.readOnly(on: connection) { () async throws -> ([PostgresRandomAccessRow], SearchCount?) in
                if readsPostings {
                    let found = try await PostingSearch(store: store, connection: connection).find(query, phrases: phrases, limit: query.candidateLimit.map { max(0, $0) }, ranking: true)
                    return (found.page.isEmpty ? [] : try await store.rows(PostingSearch.hitRows(found.page), on: connection), found.count)
                }
                let count = counting || query.candidateLimit != nil ? try await self.count(query, phrases: phrases, on: connection) : nil
                if let count, !count.isLowerBound, count.passages <= max(0, query.offset) { return ([], count) }
                // More matches than the query ranks: rank the newest `candidateLimit` of them (see `SearchQuery.candidateLimit`).
                // Up to the limit, every match is ranked as before, so the order there is the one the store always had.
                let candidates = count?.isLowerBound == true ? count?.passages : nil
                return (try await rankedRows(query, phrases: phrases, candidates: candidates, on: connection), count)
            }
        }
        let terms = SearchTokenizer.highlightTerms(query.text)
        let hits = try rows.filter { try $0["id"].decode(Int?.self) != nil }.map { row in
            let text = try row["text"].decode(String.self)
            return SearchHit(
                document: try row["document_id"].decode(String.self), source: try row["source"].decode(String.self),
                kind: DocumentKind(rawValue: try row["kind"].decode(String.self)) ?? .unknown,
                ministry: try row["ministry"].decode(String?.self), title: try row["title"].decode(String?.self),
                published: try row["published"].decode(String?.self).flatMap(CalendarDate.init(iso8601:)),
                section: try row["section"].decode(String?.self), role: try row["role"].decode(String.self), text: text,
                snippet: Snippets.make(text, terms: terms), score: -(try row["rank"].decode(Double.self)),
                line: try row["line"].decode(Int.self), endLine: try row["end_line"].decode(Int.self)
            )
        }
        return (hits, count)
    }

    /// Counts the matches on `connection`: every one, or up to the candidate limit and one more.
    private func count(_ query: SearchQuery, phrases: [[String]], on connection: PostgresConnection) async throws -> SearchCount {
        let limit = query.candidateLimit.map { max(0, $0) }
        let counted = try await store.rows(Self.counting(query, phrases: phrases, upTo: limit.map { $0 + 1 }), on: connection).first?["n"].decode(Int.self) ?? 0
        return SearchCount(counted: counted, limit: limit)
    }

    /// Counts the matches: all of them, or the newest `upTo`, which the planner can find by reading the
    /// primary key backwards (filtering each row by the query) and stopping, where a word is common.
    private static func counting(_ query: SearchQuery, phrases: [[String]], upTo: Int?) -> PostgresQuery {
        var sql = SQLBuilder()
        let matching = "FROM passage p JOIN document d ON d.id = p.document_id WHERE " + conditions(query, phrases: phrases, sql: &sql).joined(separator: " AND ")
        guard let upTo else { return sql.query("SELECT count(*) AS n \(matching)") }
        let limit = sql.bind(upTo)  // bound before `sql.query` reads the bindings
        // No order: whichever plan the planner picks (a scan of the table for a common word, the GIN index for a
        // rarer one) stops at the limit. Ordered by id, a phrase whose frequency the planner underestimates
        // (its bigrams occur together far more often than independent words would) was counted in full.
        return sql.query("SELECT count(*) AS n FROM (SELECT 1 \(matching) LIMIT \(limit)) AS counted")
    }

    /// Passages read from the newest to sample how densely a query matches there (see `walkNewestFirst`).
    static let densitySample = 2_000

    /// The share of matches among the newest passages above which the newest `candidates` matches are found
    /// by reading the primary key backwards rather than by collecting every match through the index.
    ///
    /// Walking to K candidates at density d reads K/d passages, testing each on its vector (about 4 µs a
    /// passage); collecting every match through the index tests d·N of them on the heap, where the phrase
    /// is checked again (about 17.6 µs a match: EXPLAIN ANALYZE of 人材育成 at one year, 43,405 matches,
    /// BENCHMARKS.md, issue 14). The walk wins above d = √(K·4 / (N·17.6)): 4.6% at one year with K = 5,000,
    /// 1.5% at ten years. A fixed 10% had sent 人材育成 (9.4%) through the index: 948 ms against 288 ms.
    static func walkDensity(candidates: Int, passages: Int) -> Double {
        guard passages > 0 else { return 1 }
        return (Double(candidates) * walkMicroseconds / (Double(passages) * collectMicroseconds)).squareRoot()
    }
    private static let walkMicroseconds = 4.0
    private static let collectMicroseconds = 17.6

    /// Whether the newest candidates are best found by reading the primary key backwards: when the query
    /// matches densely among the newest passages (see `walkDensity`). The planner would choose this itself
    /// with a true estimate of how many passages match, but it multiplies the bigrams' frequencies as if
    /// they were independent, and for 国際協力 expected 8,117 matches of 97,403, so it collected all of them
    /// through the index.
    private func walkNewestFirst(_ query: SearchQuery, candidates: Int, phrases: [[String]], on connection: PostgresConnection) async throws -> Bool {
        var sql = SQLBuilder()
        let sample = sql.bind(Self.densitySample)
        let matching = Self.conditions(query, phrases: phrases, sql: &sql).joined(separator: " AND ")
        let statement = sql.query("""
            SELECT count(*) AS n, (SELECT passages FROM passage_stats) AS passages
            FROM (SELECT * FROM passage ORDER BY id DESC LIMIT \(sample)) AS p
            JOIN document d ON d.id = p.document_id WHERE \(matching)
            """)
        guard let row = try await store.rows(statement, on: connection).first else { return false }
        let (matched, passages) = (try row["n"].decode(Int.self), try row["passages"].decode(Int?.self) ?? 0)
        return Double(matched) >= Self.walkDensity(candidates: candidates, passages: passages) * Double(Self.densitySample)
    }

    /// Before a query for the newest candidates: steers the planner to the walk along the primary key
    /// when `walkNewestFirst` says so, for this transaction only.
    private func prepareNewestCandidates(_ query: SearchQuery, candidates: Int, phrases: [[String]], on connection: PostgresConnection) async throws {
        guard try await walkNewestFirst(query, candidates: candidates, phrases: phrases, on: connection) else { return }
        try await connection.query("SET LOCAL enable_bitmapscan = off", logger: store.logger)
        try await connection.query("SET LOCAL enable_seqscan = off", logger: store.logger)
    }

    /// The ids of the newest `candidates` matches, for a ranking of those alone: passage ids grow as passages are stored.
    private static func newest(_ candidates: Int, _ query: SearchQuery, phrases: [[String]], sql: inout SQLBuilder) -> String {
        let matches = conditions(query, phrases: phrases, sql: &sql).joined(separator: " AND ")
        return """
            SELECT p.id FROM passage p JOIN document d ON d.id = p.document_id
            WHERE \(matches)
            ORDER BY p.id DESC LIMIT \(sql.bind(candidates))
            """
    }

    /// Every phrase matches, and the document passes the query's filters.
    private static func conditions(_ query: SearchQuery, phrases: [[String]], sql: inout SQLBuilder) -> [String] {
        phrases.map { sql.match($0) } + filters(query, sql: &sql)
    }

    /// The document passes the query's filters (kind, ministry, year).
    private static func filters(_ query: SearchQuery, sql: inout SQLBuilder) -> [String] {
        var conditions: [String] = []
        if let kind = query.kind { conditions.append("d.kind = \(sql.bind(kind.rawValue))") }
        if let ministry = query.ministry { conditions.append("d.ministry = \(sql.bind(ministry))") }
        if let year = query.year { conditions.append("substr(d.published, 1, 4) = \(sql.bind(String(year)))") }
        return conditions
    }

    private func rankedRows(_ query: SearchQuery, phrases: [[String]], candidates: Int?, on connection: PostgresConnection) async throws -> [PostgresRandomAccessRow] {
        let statistics = try await self.statistics(phrases, on: connection)
        // A phrase no passage holds means no hit for the conjunction; an empty store has nothing to rank.
        guard statistics.passages > 0, !statistics.matching.contains(0) else { return [] }
        let idfs = statistics.matching.map { BM25.idf(matching: $0, passages: statistics.passages) }
        let averageLength = BM25.averageLength(tokens: statistics.tokens, passages: statistics.passages)
        if let candidates { try await prepareNewestCandidates(query, candidates: candidates, phrases: phrases, on: connection) }
        return try await store.rows(ranked(query, phrases: phrases, idfs: idfs, averageLength: averageLength, candidates: candidates), on: connection)
    }

    /// BM25's N, total tokens, and how many passages of the whole store hold each phrase.
    private func statistics(_ phrases: [[String]], on connection: PostgresConnection) async throws -> (passages: Int, tokens: Int, matching: [Int]) {
        var sql = SQLBuilder()
        let counts = phrases.enumerated().map { index, phrase in
            "(SELECT count(*) FROM passage p WHERE \(sql.match(phrase))) AS n\(index)"
        }
        let query = sql.query("SELECT s.passages, s.tokens, \(counts.joined(separator: ", ")) FROM passage_stats s")
        guard let row = try await store.rows(query, on: connection).first else { return (0, 0, []) }
        return (try row["passages"].decode(Int.self), try row["tokens"].decode(Int.self),
                try phrases.indices.map { try row["n\($0)"].decode(Int.self) })
    }

    /// The page of hits, best first, with their rank (the negated score, as FTS5's `bm25()` returns it):
    /// of every match, or of the newest `candidates` (the IDFs are still those of the whole store).
    private func ranked(_ query: SearchQuery, phrases: [[String]], idfs: [Double], averageLength: Double, candidates: Int?) -> PostgresQuery {
        var sql = SQLBuilder()
        let matching = if let candidates {
            // The frequencies are counted in the join, on the candidates alone.
            "FROM (\(Self.newest(candidates, query, phrases: phrases, sql: &sql))) AS candidate JOIN passage p ON p.id = candidate.id JOIN document d ON d.id = p.document_id"
        } else {
            "FROM passage p JOIN document d ON d.id = p.document_id WHERE " + Self.conditions(query, phrases: phrases, sql: &sql).joined(separator: " AND ")
        }
        let frequencies = phrases.enumerated().map { index, phrase in "\(sql.frequency(phrase))::float8 AS f\(index)" }
        let score = sql.bm25(idfs: idfs.map { sql.bind($0) }, averageLength: averageLength)
        let limit = sql.bind(max(0, min(query.limit, 500)))
        let offset = sql.bind(max(0, query.offset))
        // MATERIALIZED: each frequency is counted once per passage, not once per use in the rank.
        // Ranking sorts every match, so only the sort keys are carried; the text is read for the page's hits.
        return sql.query("""
            WITH hit AS MATERIALIZED (
                SELECT p.id, p.token_count::float8 AS length, d.source, p.line, \(frequencies.joined(separator: ", "))
                \(matching)
            ), page AS (
                SELECT id, -(\(score)) AS rank, source, line FROM hit
                ORDER BY rank, source, line, id
                LIMIT \(limit) OFFSET \(offset)
            )
            SELECT p.id, p.document_id, p.section, p.role, p.text, p.line, p.end_line,
                   d.source, d.kind, d.ministry, d.title, d.published, page.rank
            FROM page JOIN passage p ON p.id = page.id JOIN document d ON d.id = p.document_id
            ORDER BY page.rank, page.source, page.line, page.id
            """)
    }
}

/// Builds a statement whose values are all bound parameters (`$1`, `$2` …),
/// for queries whose shape depends on the search: one clause per phrase.
struct SQLBuilder {
    private var bindings = PostgresBindings()

    /// Binds `value` and returns its placeholder.
    mutating func bind(_ value: String) -> String { bindings.append(value); return placeholder }

    /// The BM25 score of a passage, summed over the phrases in order exactly as
    /// FTS5's `bm25()` does (fts5_aux.c: score += idf * ((f * (k1 + 1)) / (f + k1 *
    /// (1 - b + b * D / avgdl)))), so that both stores rank alike. `idfs` are
    /// SQL expressions, one per phrase (a bound value, or `idf(matching:passages:)`'s
    /// result). The query must carry each phrase's frequency as `f0`, `f1`, … and
    /// the passage's token count as `length`.
    mutating func bm25(idfs: [String], averageLength: Double) -> String {
        let (k1, k1PlusOne, b, oneMinusB) = (bind(BM25.k1), bind(BM25.k1 + 1.0), bind(BM25.b), bind(1 - BM25.b))
        let average = bind(averageLength)
        return idfs.enumerated().map { index, idf in
            "\(idf) * ((f\(index) * \(k1PlusOne)) / (f\(index) + \(k1) * (\(oneMinusB) + \(b) * length / \(average))))"
        }.joined(separator: " + ")
    }

    /// `BM25.idf` in SQL, the same operations in the same order on float8 (`ln` is the C library's `log`,
    /// as Swift's is): the IDF of a phrase found in `matching` (a float8 expression) of `passages` passages.
    mutating func idf(matching: String, passages: String) -> String {
        let ratio = "ln((\(passages)::float8 - \(matching) + 0.5) / (\(matching) + 0.5))"
        return "CASE WHEN \(ratio) <= 0 THEN \(bind(BM25.minimumIDF)) ELSE \(ratio) END"
    }

    mutating func bind(_ value: Int) -> String { bindings.append(value); return placeholder }
    mutating func bind(_ value: Double) -> String { bindings.append(value); return "\(placeholder)::float8" }
    mutating func bind(_ value: [String]) -> String { bindings.append(value); return "\(placeholder)::text[]" }

    private var placeholder: String { "$\(bindings.count)" }

    /// Passage `p` holds `phrase`: its vector matches the phrase query; a
    /// vector without every position (see `SearchVector`) is checked on the tokens.
    mutating func match(_ phrase: [String]) -> String {
        let phraseQuery = bind(SearchVector.phraseQuery([phrase]))
        let tokensQuery = bind(SearchVector.tokensQuery(phrase))
        return "(p.search_vector @@ \(phraseQuery)::tsquery OR (NOT p.positions_complete AND p.search_vector @@ \(tokensQuery)::tsquery AND \(frequency(phrase)) > 0))"
    }

    /// How many times `phrase` occurs in passage `p`, overlapping occurrences included, as FTS5 counts phrase instances:
    /// the places of its first token that the rest of the phrase follows. (Trying every place in the passage
    /// instead made a search for 外交 twenty times slower.)
    ///
    /// With `repeated` (a `jsonb` column of the tokens a passage holds more than once, `SearchVector.repeatedJSON`),
    /// a one-token phrase is counted there, without reading the token array: in a passage the phrase matched,
    /// a token the column leaves out occurs once.
    mutating func frequency(_ phrase: [String], repeated: String? = nil) -> String {
        if phrase.count == 1, let repeated { return "coalesce((\(repeated) ->> \(bind(phrase[0])))::bigint, 1)" }
        // One token: its places are its occurrences. Counted without a subquery a row, which was two thirds of
        // ranking the 290 review-sheet passages that hold 外交.
        if phrase.count == 1 { return "coalesce(cardinality(array_positions(p.tokens, \(bind(phrase[0])))), 0)" }
        let first = bind(phrase[0])
        let length = bind(phrase.count)
        let tokens = bind(phrase)
        return """
            (SELECT count(*) FROM unnest(array_positions(p.tokens, \(first))) AS s(i) \
            WHERE p.tokens[s.i:s.i + \(length)::int - 1] = \(tokens))
            """
    }

    func query(_ sql: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}
