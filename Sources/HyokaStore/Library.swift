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
        guard let clause = filter(query) else { return [] }
        let conditions = clause.conditions
        let pageArguments: [any DatabaseValueConvertible] = [max(0, min(query.limit, 500)), max(0, query.offset)]
        let terms = SearchTokenizer.highlightTerms(query.text)
        // bm25 is lower for better matches (see BM25); ties keep source order, then passage order.
        // Ranking sorts every match, so it reads only the sort keys; the text of the page's hits is read afterwards.
        let page: [Row]
        if let candidateLimit = query.candidateLimit {
            // The newest `candidateLimit` matches: FTS5 reads the index backwards by rowid (the passage's id,
            // larger for passages stored later) and stops there, so bm25 scores at most that many. With fewer
            // matches, every match is a candidate and the order is the one below, hit for hit.
            page = try Row.fetchAll(db, sql: """
                SELECT id, rank FROM (
                    SELECT p.id, bm25(passage_fts) AS rank, d.source, p.line
                    FROM \(searched)
                    WHERE \(conditions.joined(separator: " AND "))
                    ORDER BY passage_fts.rowid DESC
                    LIMIT ?
                )
                ORDER BY rank, source, line, id
                LIMIT ? OFFSET ?
                """, arguments: StatementArguments(clause.arguments + [max(0, candidateLimit)] + pageArguments))
        } else {
            page = try Row.fetchAll(db, sql: """
                SELECT p.id, bm25(passage_fts) AS rank
                FROM \(searched)
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY rank, d.source, p.line, p.id
                LIMIT ? OFFSET ?
                """, arguments: StatementArguments(clause.arguments + pageArguments))
        }
        let ranks = Dictionary(uniqueKeysWithValues: page.map { ($0["id"] as Int64, $0["rank"] as Double) })
        let byID = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
            SELECT p.id, p.document_id, d.source, d.kind, d.ministry, d.title, d.published, p.section, p.role, p.text, p.line, p.end_line
            FROM passage p JOIN document d ON d.id = p.document_id
            WHERE p.id IN (SELECT value FROM json_each(?))
            """, arguments: ["[" + ranks.keys.map(String.init).joined(separator: ",") + "]"]).map { ($0["id"] as Int64, $0) })
        let rows = page.compactMap { byID[$0["id"] as Int64] }
        return rows.map { row in
            let text: String = row["text"]
            return SearchHit(
                document: row["document_id"], source: row["source"], kind: DocumentKind(rawValue: row["kind"]) ?? .unknown,
                ministry: row["ministry"], title: row["title"], published: (row["published"] as String?).flatMap(CalendarDate.init(iso8601:)),
                section: row["section"], role: row["role"], text: text, snippet: Snippets.make(text, terms: terms),
                score: -(ranks[row["id"] as Int64] ?? 0), line: row["line"], endLine: row["end_line"]
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
