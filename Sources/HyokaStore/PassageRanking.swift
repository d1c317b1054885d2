import Foundation
import GRDB
import GRDBSQLite

/// BM25 for a bounded search, in parts that need no walk of every match.
///
/// FTS5's `bm25()` computes each phrase's IDF by walking every passage that holds the phrase
/// (`xQueryPhrase`), before the first candidate is scored: 10–15 ms for 「外交」 or 「国際協力」 at one
/// year, ten times that at ten years (150 ms for 「行政サービス デジタル化」's two phrases), growing with
/// the store however few candidates the search then ranks. A bounded search needs only each phrase's
/// number of passages, and takes it from a walk that stops after the candidate limit:
///
/// - **One phrase, no filter**: the search's own walk of the newest matches counts the phrase's
///   passages. It scores each candidate without its IDF (`hyoka_bm25_saturation`, the rest of
///   `bm25()`'s formula, computed as fts5_aux.c computes it), and the IDF is applied afterwards from the
///   walk's count (`hyoka_bm25_idf`). One IDF multiplies every candidate's score alike, so the order is
///   the same as with the exact IDF, whatever its error.
/// - **Several phrases, or a filter**: the search's walk counts the passages that hold them all, or
///   that pass the filter, not each phrase's. So each phrase is first walked alone, newest first, up to
///   the limit and one more (`Library.phraseIDF`), and the search's walk scores each candidate with
///   those IDFs given (`hyoka_bm25(passage_fts, idf₁, …, idfₙ)`, `bm25()` with the IDFs as arguments).
///   Each phrase's walk is as bounded as a one-phrase search's, and costs about as much.
///
/// Either way, a phrase with no more passages than the limit was counted whole: its IDF is `bm25()`'s,
/// to the last bit, and when every phrase is so, so is every score: the hits are the exact search's, in
/// the same order, with the same scores. A phrase with more passages has their number extrapolated
/// from how far back the walk had to go for the newest ones (`BM25.estimatedMatches`): its IDF is
/// estimated, and so are the scores; with several phrases, whose IDFs weigh them against each other,
/// two candidates can then change places where their exact scores are close.
enum PassageRanking {
    /// Registers the functions on a connection, as it opens (`Configuration.prepareDatabase`).
    static func register(in db: Database) throws {
        let api = FTS5.api(db)
        for (name, function) in [("hyoka_bm25_saturation", saturation), ("hyoka_bm25", weighted), ("hyoka_fts5_rows", rows)] as [(String, fts5_extension_function)] {
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

    /// `hyoka_bm25(passage_fts, idf₁, …, idfₙ)`: `bm25()`'s score of the row being read, one IDF given
    /// for each of the query's n phrases, in the query's order: `−Σ idfᵢ · saturationᵢ`, with each
    /// phrase's frequency counted over its instances (`xInst`), the length and the average length read
    /// as fts5_aux.c reads them, and the operations in its order (as `BM25.score` adds them up), so that with `bm25()`'s
    /// IDFs it is `bm25()` to the last bit.
    private static let weighted: fts5_extension_function = { api, context, result, count, values in
        guard let api = api?.pointee else { return }
        let phrases = Int(api.xPhraseCount(context))
        guard Int(count) == phrases, let values else {
            sqlite3_result_error(result, "hyoka_bm25 takes one IDF for each of the query's \(phrases) phrases", -1)
            return
        }
        // Called for every candidate: the frequencies are counted on the stack, not in an array allocated each time.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: phrases) { frequencies in
            frequencies.initialize(repeating: 0)
            var instances: Int32 = 0, length: Int32 = 0
            var code = api.xInstCount(context, &instances)
            var instance: Int32 = 0
            while code == SQLITE_OK && instance < instances {
                var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
                code = api.xInst(context, instance, &phrase, &column, &offset)
                if code == SQLITE_OK { frequencies[Int(phrase)] += 1 }
                instance += 1
            }
            if code == SQLITE_OK { code = api.xColumnSize(context, -1, &length) }
            guard code == SQLITE_OK, let totals = totals(api, context) else { sqlite3_result_error_code(result, code == SQLITE_OK ? SQLITE_ERROR : code); return }
            let averageLength = BM25.averageLength(tokens: Int(totals.tokens), passages: Int(totals.rows))
            // BM25.score's sum, in its order.
            var score = 0.0
            for phrase in 0..<phrases {
                score += sqlite3_value_double(values[phrase]) * BM25.saturation(frequency: frequencies[phrase], length: Int(length), averageLength: averageLength)
            }
            sqlite3_result_double(result, -1.0 * score)
        }
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
