import Foundation
import GRDB
import HyokaModel
import HyokaText

/// The passages of review sheets that full-text search indexes, the same for
/// both stores: what a reader looks for in a sheet — the project's name
/// (事業名), 事業の目的, 現状・課題, 事業の概要, and the review's own words
/// (点検結果, 改善の方向性, 外部有識者の所見, 推進チームの所見の詳細, 反映状況).
/// Each passage keeps the RS file and line of the record it was read from.
///
/// They sit in their own index (`rs_passage`) beside the evaluations'
/// passages: saving a 事業年度 replaces its passages with its projects, and
/// the scores are BM25 over the sheets alone (see `ProjectSearchHit`).
public struct ReviewSheetPassageRows: Sendable, Equatable {
    public static let columns = ["fiscal_year", "project_id", "role", "section", "text", "file", "line", "end_line"]

    public var row: [ColumnValue]
    public var tokens: [String]

    /// Every passage of `projects`, in project order and, within one, in the sheet's order.
    public static func rows(_ projects: [ReviewProject]) -> [ReviewSheetPassageRows] {
        projects.flatMap { project in
            passages(project).map { passage in
                ReviewSheetPassageRows(
                    row: [.integer(project.fiscalYear), .integer(project.projectID), .text(passage.role), .text(passage.section),
                          .text(passage.text), .text(passage.source.file), .integer(passage.source.line), .integer(passage.source.endLine)],
                    tokens: SearchTokenizer.tokens(passage.section + " " + passage.text))
            }
        }
    }

    /// The searchable texts of one project, with the sheet's headings.
    static func passages(_ project: ReviewProject) -> [(role: String, section: String, text: String, source: RecordSource)] {
        var found: [(role: String, section: String, text: String, source: RecordSource)] = []
        func add(_ role: String, _ section: String, _ text: String?, _ source: RecordSource) {
            guard let text = text.map(trimmed), !text.isEmpty else { return }
            found.append((role, section, text, source))
        }
        if let source = project.overview?.source ?? project.records.first?.source { add("name", "事業名", project.name, source) }
        for overview in project.overviews {
            add("purpose", "事業の目的", overview.purpose, overview.source)
            add("issues", "現状・課題", overview.issues, overview.source)
            add("overview", "事業の概要", overview.summary, overview.source)
        }
        if let assessment = project.assessment {
            add("review", "点検結果", assessment.selfCheck, assessment.source)
            add("review", "改善の方向性", assessment.direction, assessment.source)
            add("review", "外部有識者の所見", assessment.expertOpinion, assessment.source)
            add("review", "行政事業レビュー推進チームの所見", assessment.verdictDetail, assessment.source)
            add("review", "所見を踏まえた改善点／概算要求における反映状況", assessment.reflectionDetail, assessment.source)
        }
        return found
    }

    /// `text` without the spaces and line breaks around it, as
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` trims it. Nearly
    /// every text has none, and is then returned as it is: Foundation's
    /// trimming copies each text (some hold thousands of characters) whatever it finds.
    static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        if !isSpaceOrBreak(first), !isSpaceOrBreak(last) { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A scalar of `CharacterSet.whitespacesAndNewlines` as Foundation has
    /// it here: the Unicode separators (Zs, Zl, Zp), tab, the line breaks
    /// U+000A…U+000D and NEL, and the zero-width space U+200B, which
    /// Foundation still counts as a space (the test compares the two).
    static func isSpaceOrBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0x200B: return true
        case 0..<0x80: return false
        default:
            switch scalar.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
            default: return false
            }
        }
    }

    /// A hit from a stored passage and its project's name and ministry.
    public static func hit(fiscalYear: Int, projectID: Int, name: String, ministry: String, role: String, section: String, text: String,
                           file: String, line: Int, endLine: Int, rank: Double, terms: [String]) -> ProjectSearchHit {
        ProjectSearchHit(fiscalYear: fiscalYear, projectID: projectID, name: name, ministry: ministry, role: role, section: section,
                         text: text, snippet: Snippets.make(text, terms: terms), score: -rank, file: file, line: line, endLine: endLine)
    }
}

/// The review-sheet index in SQLite: `rs_passage` and its FTS5 table, whose
/// rowid is the passage's id (as `passage_fts` is `passage`'s).
enum ReviewSheetSearchIndex {
    /// Removes the passages of `years`. Their rows in `rs_passage` also go
    /// with their projects by cascade; the FTS5 table must be told.
    static func remove(years: [Int], in db: Database) throws {
        for year in years {
            try db.execute(sql: "DELETE FROM rs_passage_fts WHERE rowid IN (SELECT id FROM rs_passage WHERE fiscal_year = ?)", arguments: [year])
            try db.execute(sql: "DELETE FROM rs_passage WHERE fiscal_year = ?", arguments: [year])
        }
    }

    /// Runs `body`, which inserts passages (`insert`), with FTS5's merging
    /// deferred until they are all in (see `FTS5Merging`): a full export is
    /// 44,000 passages, inserted slice by slice.
    static func withMergingDeferred<T>(in db: Database, _ body: () throws -> T) throws -> T {
        try FTS5Merging.deferred(in: "rs_passage_fts", db, body)
    }

    /// Inserts `passages` into `rs_passage` and its FTS5 table.
    static func insert(_ passages: [ReviewSheetPassageRows], with writer: inout SQLiteRowWriter) throws {
        for row in passages {
            let id = try writer.insert(into: "rs_passage", columns: ReviewSheetPassageRows.columns, row.row)
            try writer.insertTokens(into: "rs_passage_fts", rowid: id, row.tokens)
        }
    }

    static func search(_ query: SearchQuery, in db: Database) throws -> [ProjectSearchHit] {
        // Review sheets are no DocumentKind: a search for one kind of document leaves them out.
        guard query.kind == nil, let match = SearchTokenizer.ftsQuery(query.text) else { return [] }
        var conditions = ["rs_passage_fts MATCH ?"]
        var arguments: [any DatabaseValueConvertible] = [match]
        if let ministry = query.ministry { conditions.append("r.ministry = ?"); arguments.append(ministry) }
        if let year = query.year { conditions.append("p.fiscal_year = ?"); arguments.append(year) }
        arguments += [max(0, min(query.limit, 500)), max(0, query.offset)]
        let terms = SearchTokenizer.highlightTerms(query.text)
        return try Row.fetchAll(db, sql: """
            SELECT p.fiscal_year, p.project_id, r.name, r.ministry, p.role, p.section, p.text, p.file, p.line, p.end_line,
                   bm25(rs_passage_fts) AS rank
            FROM rs_passage_fts JOIN rs_passage p ON p.id = rs_passage_fts.rowid
            JOIN rs_project r ON r.fiscal_year = p.fiscal_year AND r.project_id = p.project_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY rank, p.fiscal_year DESC, p.project_id, p.id
            LIMIT ? OFFSET ?
            """, arguments: StatementArguments(arguments)).map { row in
            ReviewSheetPassageRows.hit(fiscalYear: row["fiscal_year"], projectID: row["project_id"], name: row["name"], ministry: row["ministry"],
                                       role: row["role"], section: row["section"], text: row["text"], file: row["file"], line: row["line"],
                                       endLine: row["end_line"], rank: row["rank"], terms: terms)
        }
    }
}
