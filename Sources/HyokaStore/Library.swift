import Foundation
import GRDB
import HyokaModel
import HyokaText

/// The evidence library in SQLite: passages indexed for Japanese full-text
/// search, facts, and confirmed evidence links.
enum Library {
    /// The WHERE clause of a search and its arguments; nil when the query has nothing to search for.
    private static func filter(_ query: SearchQuery) -> (conditions: [String], arguments: [any DatabaseValueConvertible])? {
        guard let match = SearchTokenizer.ftsQuery(query.text) else { return nil }
        var conditions = ["passage_fts MATCH ?"]
        var arguments: [any DatabaseValueConvertible] = [match]
        if let kind = query.kind { conditions.append("d.kind = ?"); arguments.append(kind.rawValue) }
        if let ministry = query.ministry { conditions.append("d.ministry = ?"); arguments.append(ministry) }
        if let year = query.year { conditions.append("substr(d.published, 1, 4) = ?"); arguments.append(String(year)) }
        return (conditions, arguments)
    }

    /// The FROM clause every search reads: the index, its passages and their documents.
    private static let searched = "passage_fts JOIN passage p ON p.id = passage_fts.rowid JOIN document d ON d.id = p.document_id"

    /// Matching passages counted up to the query's candidate limit and one more, so that the count
    /// stops where the ranking stops (see `SearchCount`).
    static func count(_ query: SearchQuery, in db: Database) throws -> SearchCount {
        guard let clause = filter(query) else { return SearchCount(passages: 0, isLowerBound: false) }
        let conditions = clause.conditions.joined(separator: " AND ")
        guard let limit = query.candidateLimit else {
            let counted = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(searched) WHERE \(conditions)",
                                           arguments: StatementArguments(clause.arguments)) ?? 0
            return SearchCount(counted: counted, limit: nil)
        }
        let counted = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM (SELECT 1 FROM \(searched) WHERE \(conditions) ORDER BY passage_fts.rowid DESC LIMIT ?)
            """, arguments: StatementArguments(clause.arguments + [max(0, limit) + 1])) ?? 0
        return SearchCount(counted: counted, limit: max(0, limit))
    }

    static func search(_ query: SearchQuery, in db: Database) throws -> [SearchHit] {
        guard query.candidateLimit == nil else { return try results(query, in: db).hits }
        guard let clause = filter(query) else { return [] }
        // bm25 is lower for better matches (see BM25); ties keep source order, then passage order.
        // Ranking sorts every match, so it reads only the sort keys; the text of the page's hits is read afterwards.
        let page = try Row.fetchAll(db, sql: """
            SELECT p.id, bm25(passage_fts) AS rank
            FROM \(searched)
            WHERE \(clause.conditions.joined(separator: " AND "))
            ORDER BY rank, d.source, p.line, p.id
            LIMIT ? OFFSET ?
            """, arguments: StatementArguments(clause.arguments + [max(0, min(query.limit, 500)), max(0, query.offset)]))
        return try hits(page.map { (id: $0["id"] as Int64, rank: $0["rank"] as Double) }, query: query, in: db)
    }

    /// The page of hits and the count, read in `db`'s one transaction. A bounded search finds both in one
    /// walk of the index: the newest `candidateLimit` matches and one more, scored as they are read
    /// (FTS5 reads the index backwards by rowid, the passage's id, larger for passages stored later, and
    /// stops there). Their number is the count; when it passes the limit, the one more (the oldest) is left
    /// out, and the rest are ranked in the exact statement's order, so that with fewer matches than the
    /// limit the hits are the exact ones, hit for hit.
    ///
    /// The walk reads the index alone when nothing filters by document: the passage and its document,
    /// which only break ties in the ranking, are then read for the page's candidates only — those
    /// ranked at or above the page's last hit, ties at that score included, so the tie-break is the
    /// exact statement's — rather than for every candidate. Reading them for 5,000 candidates spread over
    /// the file was a third of a long phrase's time at one year (BENCHMARKS.md, "Tie-breaks for the page").
    ///
    /// No phrase's IDF is taken from a walk of every passage that holds it, as `bm25()` takes it: each
    /// comes from a walk that stops after the limit too (`PassageRanking`), exact when the phrase has no
    /// more passages than the limit, estimated when it has more.
    static func results(_ query: SearchQuery, in db: Database) throws -> SearchResults {
        guard let candidateLimit = query.candidateLimit.map({ max(0, $0) }) else {
            return SearchResults(hits: try search(query, in: db), count: try count(query, in: db))
        }
        guard let clause = filter(query) else { return SearchResults(hits: [], count: SearchCount(passages: 0, isLowerBound: false)) }
        let limit = max(0, min(query.limit, 500))
        let offset = max(0, query.offset)
        // Only `passage_fts MATCH ?` when there is no filter: the walk then needs no join.
        let unfiltered = clause.conditions.count == 1
        let walked = unfiltered ? "passage_fts" : searched
        // No IDF from bm25()'s walk of every match (PassageRanking). One phrase and no filter: the walk
        // counts the phrase's passages, and the IDF comes from that count. Otherwise each phrase's IDF
        // comes from a bounded walk of that phrase alone, made first, and is given to the ranking.
        let phrases = SearchTokenizer.ftsPhrases(query.text)
        let onePhrase = unfiltered && phrases.count == 1
        var idfs: [any DatabaseValueConvertible] = []
        if !onePhrase {
            var byPhrase: [String: Double] = [:]
            for phrase in phrases where byPhrase[phrase] == nil {
                // A phrase found nowhere: nothing holds every phrase, and no walk is needed.
                guard let idf = try phraseIDF(phrase, candidateLimit: candidateLimit, in: db) else {
                    return SearchResults(hits: [], count: SearchCount(passages: 0, isLowerBound: false))
                }
                byPhrase[phrase] = idf
            }
            idfs = phrases.compactMap { byPhrase[$0] }
        }
        let scored = onePhrase ? "hyoka_bm25_saturation(passage_fts) AS saturation, hyoka_fts5_rows(passage_fts) AS passages"
                               : "hyoka_bm25(passage_fts" + String(repeating: ", ?", count: idfs.count) + ") AS rank"
        // The IDF, once per search (MATERIALIZED: not once per candidate), from the walk's count.
        let weight = onePhrase ? """
            , weight AS MATERIALIZED (
                SELECT hyoka_bm25_idf(count(*), ?, min(id), (SELECT min(id) FROM passage), (SELECT max(id) FROM passage), max(passages)) AS idf
                FROM newest
            )
            """ : ""
        let rank = onePhrase ? "-1.0 * ((SELECT idf FROM weight) * newest.saturation)" : "newest.rank"
        let rankArguments: [any DatabaseValueConvertible] = onePhrase ? [candidateLimit] : []
        // MATERIALIZED: the walk is made once, for the count and the ranking alike.
        let page = try Row.fetchAll(db, sql: """
            WITH newest AS MATERIALIZED (
                SELECT passage_fts.rowid AS id, \(scored)
                FROM \(walked)
                WHERE \(clause.conditions.joined(separator: " AND "))
                ORDER BY passage_fts.rowid DESC
                LIMIT ?
            ), found AS (SELECT count(*) AS n, min(id) AS oldest FROM newest)\(weight),
            ranked AS MATERIALIZED (
                SELECT newest.id, \(rank) AS rank FROM newest, found WHERE found.n <= ? OR newest.id > found.oldest
            ), last AS (SELECT rank FROM ranked ORDER BY rank LIMIT 1 OFFSET ?)
            SELECT ranked.id, ranked.rank, found.n
            FROM ranked JOIN passage p ON p.id = ranked.id JOIN document d ON d.id = p.document_id, found
            WHERE ranked.rank <= coalesce((SELECT rank FROM last), ranked.rank)
            ORDER BY ranked.rank, d.source, p.line, ranked.id
            LIMIT ? OFFSET ?
            """, arguments: StatementArguments(idfs + clause.arguments + [candidateLimit + 1] + rankArguments + [candidateLimit, max(0, offset + limit - 1), limit, offset]))
        // A page past the last hit carries no count: only then is it counted on its own.
        let count = if let counted = page.first?["n"] as Int? { SearchCount(counted: counted, limit: candidateLimit) } else { try self.count(query, in: db) }
        return SearchResults(hits: try hits(page.map { (id: $0["id"] as Int64, rank: $0["rank"] as Double) }, query: query, in: db), count: count)
    }

    /// One phrase's IDF as `bm25()` weighs it (`BM25.idf`), from a walk of the phrase's newest matches
    /// alone, over the whole store whatever the search filters (as `bm25()` counts): up to
    /// `candidateLimit` and one more, so that it costs what a search of that phrase costs, however many
    /// passages hold it. With no more matches than the limit, the walk counted them all and the IDF is
    /// `bm25()`'s; with more, their number is estimated from how far back the newest reach
    /// (`hyoka_bm25_idf`, `BM25.estimatedMatches`). The number of passages is read once, from the first
    /// match (an FTS5 function needs a matching row), not at each of the 5,000. Nil when no passage holds the phrase.
    static func phraseIDF(_ phrase: String, candidateLimit: Int, in db: Database) throws -> Double? {
        try Double.fetchOne(db, sql: """
            SELECT hyoka_bm25_idf(count(*), ?, min(id), (SELECT min(id) FROM passage), (SELECT max(id) FROM passage),
                                  (SELECT hyoka_fts5_rows(passage_fts) FROM passage_fts WHERE passage_fts MATCH ? LIMIT 1))
            FROM (SELECT passage_fts.rowid AS id FROM passage_fts WHERE passage_fts MATCH ? ORDER BY passage_fts.rowid DESC LIMIT ?)
            """, arguments: [candidateLimit, phrase, phrase, candidateLimit + 1])
    }

    /// The hits of a ranked page: each passage's text and document read by id, in the page's order.
    private static func hits(_ page: [(id: Int64, rank: Double)], query: SearchQuery, in db: Database) throws -> [SearchHit] {
        guard !page.isEmpty else { return [] }
        let terms = SearchTokenizer.highlightTerms(query.text)
        let byID = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
            SELECT p.id, p.document_id, d.source, d.kind, d.ministry, d.title, d.published, p.section, p.role, p.text, p.line, p.end_line
            FROM passage p JOIN document d ON d.id = p.document_id
            WHERE p.id IN (SELECT value FROM json_each(?))
            """, arguments: ["[" + page.map { String($0.id) }.joined(separator: ",") + "]"]).map { ($0["id"] as Int64, $0) })
        return page.compactMap { entry in
            guard let row = byID[entry.id] else { return nil }
            let text: String = row["text"]
            return SearchHit(
                document: row["document_id"], source: row["source"], kind: DocumentKind(rawValue: row["kind"]) ?? .unknown,
                ministry: row["ministry"], title: row["title"], published: (row["published"] as String?).flatMap(CalendarDate.init(iso8601:)),
                section: row["section"], role: row["role"], text: text, snippet: Snippets.make(text, terms: terms),
                score: -entry.rank, line: row["line"], endLine: row["end_line"]
            )
        }
    }

    static func facts(documentID: String?, in db: Database) throws -> [Fact] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT * FROM fact WHERE (? IS NULL OR document_id = ?) ORDER BY document_id, line, id
            """, arguments: [documentID, documentID])
        return rows.map { row in
            Fact(document: row["document_id"], value: row["value"], unit: row["unit"], approximate: row["approximate"],
                 subject: row["subject"], period: DocumentRows.period(kind: row["period_kind"], value: row["period"]), text: row["text"],
                 quantityText: row["quantity_text"], section: row["section"], line: row["line"], endLine: row["end_line"])
        }
    }

    static func confirm(_ link: EvidenceLink, in db: Database) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO evidence_link (document_id, line, quantity_text, evidence_document_id, evidence_line, evidence_text,
                                                  reason, score, confirmed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [link.document, link.line, link.quantityText, link.evidenceDocument, link.evidenceLine, link.evidenceText,
                             link.reason, link.score, ISO8601DateFormatter().string(from: Date())])
    }

    static func confirmedLinks(documentID: String?, in db: Database) throws -> [EvidenceLink] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM evidence_link WHERE (? IS NULL OR document_id = ?)
            ORDER BY document_id, line, quantity_text, evidence_document_id, evidence_line
            """, arguments: [documentID, documentID]).map { row in
            EvidenceLink(document: row["document_id"], line: row["line"], quantityText: row["quantity_text"],
                         evidenceDocument: row["evidence_document_id"], evidenceLine: row["evidence_line"],
                         evidenceText: row["evidence_text"], reason: row["reason"], score: row["score"])
        }
    }
}
