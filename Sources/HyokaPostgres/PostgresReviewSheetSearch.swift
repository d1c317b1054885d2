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

    /// The passages, with tokens and vector as `passage` has them.
    static let columns = ReviewSheetPassageRows.columns + PostgresWriter.searchColumns

    /// Writes `passage` as a row of `rs_passage` in COPY's binary form: its
    /// columns, its tokens, their count, their `tsvector` and whether it
    /// holds every position (`columns`' order).
    static func write(_ passage: ReviewSheetPassageRows, to copy: inout BinaryCopy) {
        copy.appendPassage(passage.row, tokens: passage.tokens)
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

    /// N and the tokens of every passage, as of the export `version` names: kept, or counted and kept.
    private func statistics(version: String, on connection: PostgresConnection) async throws -> ReviewSheetStatisticsCache.Statistics {
        if let kept = store.reviewSheetStatistics.statistics(version: version) { return kept }
        let sql = SQLBuilder()
        let counted = sql.query("""
            SELECT (SELECT count(*) FROM rs_passage) AS passages, (SELECT coalesce(sum(token_count), 0) FROM rs_passage)::bigint AS tokens
            """)
        guard let row = try await store.rows(counted, on: connection).first else { return .init(passages: 0, tokens: 0) }
        let statistics = ReviewSheetStatisticsCache.Statistics(passages: try row["passages"].decode(Int.self), tokens: try row["tokens"].decode(Int.self))
        store.reviewSheetStatistics.keep(statistics, version: version)
        return statistics
    }

    private func rankedRows(_ query: SearchQuery, phrases: [[String]], on connection: PostgresConnection) async throws -> [PostgresRandomAccessRow] {
        var counting = SQLBuilder()
        let counts = phrases.enumerated().map { index, phrase in "(SELECT count(*) FROM rs_passage p WHERE \(counting.match(phrase))) AS n\(index)" }
        let matches = counting.query("""
            SELECT \(ReviewSheetStatisticsCache.versionColumn) AS version, \(counts.joined(separator: ", "))
            """)
        guard let row = try await store.rows(matches, on: connection).first else { return [] }
        let statistics = try await self.statistics(version: try row["version"].decode(String.self), on: connection)
        let matching = try phrases.indices.map { try row["n\($0)"].decode(Int.self) }
        guard statistics.passages > 0, !matching.contains(0) else { return [] }
        let idfs = matching.map { BM25.idf(matching: $0, passages: statistics.passages) }
        let averageLength = BM25.averageLength(tokens: statistics.tokens, passages: statistics.passages)

        var sql = SQLBuilder()
        var conditions = phrases.map { sql.match($0) }
        // Every passage has its project (a foreign key): joined only to filter by ministry.
        var projects = ""
        if let ministry = query.ministry {
            projects = "JOIN rs_project r ON r.fiscal_year = p.fiscal_year AND r.project_id = p.project_id"
            conditions.append("r.ministry = \(sql.bind(ministry))")
        }
        if let year = query.year { conditions.append("p.fiscal_year = \(sql.bind(year))") }
        let frequencies = phrases.enumerated().map { index, phrase in "\(sql.frequency(phrase))::float8 AS f\(index)" }
        let score = sql.bm25(idfs: idfs, averageLength: averageLength)
        let limit = sql.bind(max(0, min(query.limit, 500)))
        let offset = sql.bind(max(0, query.offset))
        return try await store.rows(sql.query("""
            WITH hit AS MATERIALIZED (
                SELECT p.id, p.token_count::float8 AS length, p.fiscal_year, p.project_id, \(frequencies.joined(separator: ", "))
                FROM rs_passage p \(projects)
                WHERE \(conditions.joined(separator: " AND "))
            ), page AS (
                SELECT id, -(\(score)) AS rank, fiscal_year, project_id FROM hit
                ORDER BY rank, fiscal_year DESC, project_id, id
                LIMIT \(limit) OFFSET \(offset)
            )
            SELECT p.fiscal_year, p.project_id, r.name, r.ministry, p.role, p.section, p.text, p.file, p.line, p.end_line, page.rank
            FROM page JOIN rs_passage p ON p.id = page.id
            -- A lookup by key for each of the page's rows: joined plainly, the planner hashed all of rs_project (3 ms).
            CROSS JOIN LATERAL (SELECT name, ministry FROM rs_project r WHERE r.fiscal_year = p.fiscal_year AND r.project_id = p.project_id LIMIT 1) r
            ORDER BY page.rank, page.fiscal_year DESC, page.project_id, page.id
            """), on: connection)
    }
}
