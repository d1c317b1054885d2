import Foundation
import GRDB
import GRDBSQLite

/// BM25 for a bounded search of one phrase, in parts that need no second walk of the index.
///
/// FTS5's `bm25()` computes a phrase's IDF by walking every passage that holds the phrase
/// (`xQueryPhrase`), before the first candidate is scored: 10–15 ms for 「外交」 or 「国際協力」 at one
/// year, growing with the store however few candidates the search then ranks. A bounded search walks
/// the newest matches anyway and counts them; so for a query of one phrase with no filter, the walk
/// scores each candidate without its IDF (`hyoka_bm25_saturation`, the rest of `bm25()`'s formula,
/// computed as fts5_aux.c computes it), and the IDF is applied afterwards from the walk's count:
///
/// - when the walk reached every match (no more than the candidate limit), the count is the phrase's
///   number of passages, the IDF is `bm25()`'s and so is every score, to the last bit: the hits are the
///   exact search's, in the same order, with the same scores;
/// - when there are more matches, their number is extrapolated from how far back the walk had to go
///   for the newest ones (`BM25.estimatedMatches`). One phrase's IDF multiplies every candidate's score
///   alike, so the order is the same as with the exact IDF; only the scores shown differ from
///   `bm25()`'s, by that one factor.
///
/// A query of several phrases weighs them by their IDFs, and a filtered walk does not count the
/// phrase's passages: both still rank with `bm25()`.
enum PassageRanking {
    /// Registers the functions on a connection, as it opens (`Configuration.prepareDatabase`).
    static func register(in db: Database) throws {
        let api = FTS5.api(db)
        for (name, function) in [("hyoka_bm25_saturation", saturation), ("hyoka_fts5_rows", rows)] as [(String, fts5_extension_function)] {
            let code = api.pointee.xCreateFunction(UnsafeMutablePointer(mutating: api), name, nil, function, nil)
            guard code == SQLITE_OK else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot register the FTS5 function \(name)")
            }
        }
        db.add(function: idf)
    }

    /// `hyoka_bm25_idf(walked, limit, oldest, first, last, passages)`: the IDF of the searched phrase,
    /// from the walk of its newest matches: `walked` of them, back to the passage `oldest`, the walk
    /// stopping after `limit` and one more. Every match was walked when `walked` is at most `limit`;
    /// otherwise their number is estimated (`BM25.estimatedMatches`) over the ids `first`…`last`.
    static let idf = DatabaseFunction("hyoka_bm25_idf", argumentCount: 6, pure: true) { values in
        guard let walked = Int.fromDatabaseValue(values[0]), let limit = Int.fromDatabaseValue(values[1]),
              let oldest = Int64.fromDatabaseValue(values[2]), let first = Int64.fromDatabaseValue(values[3]),
              let last = Int64.fromDatabaseValue(values[4]), let passages = Int.fromDatabaseValue(values[5]) else { return nil }
        let matching = walked <= limit ? walked : BM25.estimatedMatches(walked: walked, oldest: oldest, first: first, last: last, passages: passages)
        return BM25.idf(matching: matching, passages: passages)
    }

    /// `hyoka_bm25_saturation(passage_fts)`: for the row being read, and a query of one phrase, the BM25
    /// score divided by the phrase's IDF: `f · (k1 + 1) / (f + k1 · (1 − b + b · length / averageLength))`,
    /// with `f`, the length and the average length read as `bm25()` reads them (fts5_aux.c).
    private static let saturation: fts5_extension_function = { api, context, result, _, _ in
        guard let api = api?.pointee else { return }
        guard api.xPhraseCount(context) == 1 else {
            sqlite3_result_error(result, "hyoka_bm25_saturation ranks a query of one phrase", -1)
            return
        }
        var occurrences: Int32 = 0, length: Int32 = 0
        var code = api.xInstCount(context, &occurrences)
        if code == SQLITE_OK { code = api.xColumnSize(context, -1, &length) }
        guard code == SQLITE_OK, let totals = totals(api, context) else { sqlite3_result_error_code(result, code == SQLITE_OK ? SQLITE_ERROR : code); return }
        let averageLength = BM25.averageLength(tokens: Int(totals.tokens), passages: Int(totals.rows))
        sqlite3_result_double(result, BM25.saturation(frequency: Int(occurrences), length: Int(length), averageLength: averageLength))
    }

    /// `hyoka_fts5_rows(passage_fts)`: the passages in the index, as `bm25()` counts them for its IDF.
    private static let rows: fts5_extension_function = { api, context, result, _, _ in
        guard let api = api?.pointee, let totals = totals(api, context) else { sqlite3_result_error_code(result, SQLITE_ERROR); return }
        sqlite3_result_int64(result, totals.rows)
    }

    /// The index's rows and tokens, read once per search and function: FTS5 reads them from its
    /// averages record at each call (`xRowCount`), so they are kept with the search (`xSetAuxdata`),
    /// as `bm25()` keeps its own.
    private static func totals(_ api: Fts5ExtensionApi, _ context: OpaquePointer?) -> (rows: Int64, tokens: Int64)? {
        if let kept = api.xGetAuxdata(context, 0) {
            let pair = kept.assumingMemoryBound(to: Int64.self)
            return (pair[0], pair[1])
        }
        var rows: Int64 = 0, tokens: Int64 = 0
        guard api.xRowCount(context, &rows) == SQLITE_OK, api.xColumnTotalSize(context, -1, &tokens) == SQLITE_OK,
              let memory = sqlite3_malloc64(UInt64(2 * MemoryLayout<Int64>.size)) else { return nil }
        let pair = memory.assumingMemoryBound(to: Int64.self)
        pair[0] = rows
        pair[1] = tokens
        // FTS5 frees it with the search; on failure it has freed it already.
        guard api.xSetAuxdata(context, memory, sqlite3_free) == SQLITE_OK else { return nil }
        return (rows, tokens)
    }
}
