import HyokaModel
import HyokaStore
import HyokaText
import PostgresNIO

/// Full-text search over review sheets in PostgreSQL, ranked as SQLite's
/// `rs_passage_fts` ranks them: the same BM25 formula and candidate query as
/// `PostgresSearch`, over `rs_passage`. BM25's N and average length are
/// those of the snapshot the hits come from: counted once for each stored
/// export and kept (`ReviewSheetStatisticsCache`), since summing the tokens
/// of 44,000 passages took 44 ms of every search.
struct PostgresReviewSheetSearch {
    let store: PostgresStore

    /// The passages, with tokens and vector as `passage` has them, and the tokens they hold more than once.
    static let columns = ReviewSheetPassageRows.columns + PostgresWriter.searchColumns + ["repeated"]

    /// Writes `passage` as a row of `rs_passage` in COPY's binary form: its
    /// columns, its tokens, their count, their `tsvector`, whether it
    /// holds every position and its repeated tokens (`columns`' order).
    static func write(_ passage: ReviewSheetPassageRows, to copy: inout BinaryCopy) {
        copy.appendReviewSheetPassage(passage.row, tokens: passage.tokens)
    }

    func search(_ query: SearchQuery) async throws -> [ProjectSearchHit] {
        let phrases = SearchTokenizer.phrases(query.text)
        guard query.kind == nil, !phrases.isEmpty else { return [] }
        let rows = try await store.client.withConnection { connection in
            try await store.readOnly(on: connection) { try await rankedRows(query, phrases: phrases, on: connection) }
        }
        let terms = SearchTokenizer.highlightTerms(query.text)
        return try rows.map { row in
            ReviewSheetPassageRows.hit(
                fiscalYear: try row["fiscal_year"].decode(Int.self), projectID: try row["project_id"].decode(Int.self),
                name: try row["name"].decode(String.self), ministry: try row["ministry"].decode(String.self), role: try row["role"].decode(String.self),
                section: try row["section"].decode(String.self), text: try row["text"].decode(String.self), file: try row["file"].decode(String.self),
                line: try row["line"].decode(Int.self), endLine: try row["end_line"].decode(Int.self), rank: try row["rank"].decode(Double.self),
                terms: terms)
        }
    }

    /// N and the tokens of every passage, as of the export `version` names: counted and kept.
    private func statistics(version: String, on connection: PostgresConnection) async throws -> ReviewSheetStatisticsCache.Statistics {
        let sql = SQLBuilder()
        let counted = sql.query("""
            SELECT (SELECT count(*) FROM rs_passage) AS passages, (SELECT coalesce(sum(token_count), 0) FROM rs_passage)::bigint AS tokens
            """)
        guard let row = try await store.rows(counted, on: connection).first else { return .init(passages: 0, tokens: 0) }
        let statistics = ReviewSheetStatisticsCache.Statistics(passages: try row["passages"].decode(Int.self), tokens: try row["tokens"].decode(Int.self))
        store.reviewSheetStatistics.keep(statistics, version: version)
        return statistics
    }

    /// The page of hits, in one statement when the statistics kept are still those of the stored export.
    ///
    /// The statistics are those of the export last counted, used on trust: the statement returns the name of
    /// the export its snapshot sees, and when that is another, the statistics are counted for it and the
    /// statement runs again in the same snapshot. Nearly always the trust holds, and a search is one
    /// statement — where it was one to count the phrases' matches and read the name, then one to rank.
    private func rankedRows(_ query: SearchQuery, phrases: [[String]], on connection: PostgresConnection) async throws -> [PostgresRandomAccessRow] {
        var (version, statistics): (String, ReviewSheetStatisticsCache.Statistics)
        if let kept = store.reviewSheetStatistics.latest {
            (version, statistics) = kept
        } else {
            let sql = SQLBuilder()
            guard let row = try await store.rows(sql.query("SELECT \(ReviewSheetStatisticsCache.versionColumn) AS version"), on: connection).first else { return [] }
            version = try row["version"].decode(String.self)
            statistics = try await self.statistics(version: version, on: connection)
        }
        // Twice at most: the second run counts with the statistics of the export its snapshot sees.
        for _ in 0..<2 {
            let rows = try await store.rows(ranked(query, phrases: phrases, statistics: statistics), on: connection)
            // The statement always returns a row, with the snapshot's export; no hits leave its other columns null.
            guard let first = rows.first else { return [] }
            let seen = try first["version"].decode(String.self)
            guard seen == version else {
                (version, statistics) = (seen, try await self.statistics(version: seen, on: connection))
                continue
            }
            return try first["id"].decode(Int64?.self) == nil ? [] : rows
        }
        throw StoreError.databaseError(reason: "searching review sheets: the stored export changed within one snapshot")
    }

    /// The statement ranking the hits with BM25, each phrase's IDF worked out in SQL from its matches and
    /// `statistics` as `BM25.idf` works it out; every row carries the export's name (`versionColumn`).
    private func ranked(_ query: SearchQuery, phrases: [[String]], statistics: ReviewSheetStatisticsCache.Statistics) -> PostgresQuery {
        var sql = SQLBuilder()
        var conditions = phrases.map { sql.match($0) }
        // Every passage has its project (a foreign key): joined only to filter by ministry.
        var projects = ""
        if let ministry = query.ministry {
            projects = "JOIN rs_project r ON r.fiscal_year = p.fiscal_year AND r.project_id = p.project_id"
            conditions.append("r.ministry = \(sql.bind(ministry))")
        }
        if let year = query.year { conditions.append("p.fiscal_year = \(sql.bind(year))") }
        let frequencies = phrases.enumerated().map { index, phrase in "\(sql.frequency(phrase, repeated: "p.repeated"))::float8 AS f\(index)" }
        // A phrase's matches among all the sheets, for its IDF: when the hits are all of them (one phrase,
        // no filter), counted from the hits rather than found again.
        let matches = phrases.count == 1 && query.ministry == nil && query.year == nil
            ? ["(SELECT count(*) FROM hit)"]
            : phrases.map { "(SELECT count(*) FROM rs_passage p WHERE \(sql.match($0)))" }
        let passages = sql.bind(statistics.passages)
        let idfs = matches.indices.map { sql.idf(matching: "n\($0)", passages: passages) }
        // No passages, no hits: the length is then never divided by.
        let averageLength = statistics.passages > 0 ? BM25.averageLength(tokens: statistics.tokens, passages: statistics.passages) : 1
        let score = sql.bm25(idfs: idfs.indices.map { "matched.idf\($0)" }, averageLength: averageLength)
        let limit = sql.bind(max(0, min(query.limit, 500)))
        let offset = sql.bind(max(0, query.offset))
        return sql.query("""
            WITH hit AS MATERIALIZED (
                SELECT p.id, p.token_count::float8 AS length, p.fiscal_year, p.project_id, \(frequencies.joined(separator: ", "))
                FROM rs_passage p \(projects)
                WHERE \(conditions.joined(separator: " AND "))
            ), matched AS (
                SELECT version, \(idfs.enumerated().map { "\($1) AS idf\($0)" }.joined(separator: ", "))
                FROM (SELECT \(ReviewSheetStatisticsCache.versionColumn) AS version,
                             \(matches.enumerated().map { "\($1)::float8 AS n\($0)" }.joined(separator: ", "))) AS counted
            ), page AS (
                SELECT hit.id, -(\(score)) AS rank, hit.fiscal_year, hit.project_id FROM hit CROSS JOIN matched
                ORDER BY rank, fiscal_year DESC, project_id, id
                LIMIT \(limit) OFFSET \(offset)
            )
            SELECT matched.version, shown.id, shown.fiscal_year, shown.project_id, shown.name, shown.ministry, shown.role,
                   shown.section, shown.text, shown.file, shown.line, shown.end_line, shown.rank
            FROM matched LEFT JOIN (
                SELECT page.id, p.fiscal_year, p.project_id, r.name, r.ministry, p.role, p.section, p.text, p.file, p.line, p.end_line,
                       page.rank
                FROM page JOIN rs_passage p ON p.id = page.id
                -- A lookup by key for each of the page's rows: joined plainly, the planner hashed all of rs_project (3 ms).
                CROSS JOIN LATERAL (SELECT name, ministry FROM rs_project r WHERE r.fiscal_year = p.fiscal_year AND r.project_id = p.project_id LIMIT 1) r
            ) shown ON true
            ORDER BY shown.rank, shown.fiscal_year DESC, shown.project_id, shown.id
            """)
    }
}
