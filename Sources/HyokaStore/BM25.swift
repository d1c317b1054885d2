import Foundation

/// The relevance score of a search hit, one definition for every store.
///
/// SQLite computes it with FTS5's `bm25()` (ext/fts5/fts5_aux.c,
/// `fts5Bm25Function`); the PostgreSQL store computes the same formula in
/// SQL from the same numbers, so that both rank alike. A query is a
/// conjunction of phrases (`SearchTokenizer.ftsQuery`); for a passage of
/// `length` tokens in a store whose passages average `averageLength` tokens:
///
///     score = Σ over phrases  idf · f · (k1 + 1) / (f + k1 · (1 − b + b · length / averageLength))
///
/// where `f` is how often the phrase occurs in the passage and `idf` is
/// `ln((N − n + 0.5) / (n + 0.5))`, raised to 1e-6 when not positive, for
/// `N` passages in the store of which `n` contain the phrase — counted over
/// the whole store, whatever filters the search has, as FTS5 does.
///
/// The operations are written in the order fts5_aux.c performs them, so that
/// the results agree to the last bit, and ties break the same way.
///
/// A bounded search on SQLite (`PassageRanking`) takes each phrase's `n`
/// from a walk of its newest matches that stops after the candidate limit:
/// the same doubles as `bm25()` when it walked every match, and `n`
/// estimated (`estimatedMatches`) when there are more.
public enum BM25 {
    /// Term-frequency saturation.
    public static let k1 = 1.2
    /// Length normalisation.
    public static let b = 0.75
    /// The smallest IDF: a phrase in more than half of the passages still counts a little.
    public static let minimumIDF = 1e-6

    /// The inverse document frequency of a phrase found in `matching` of `passages` passages.
    public static func idf(matching: Int, passages: Int) -> Double {
        let idf = log((Double(passages) - Double(matching) + 0.5) / (Double(matching) + 0.5))
        return idf <= 0 ? minimumIDF : idf
    }

    /// Average passage length in tokens; FTS5 divides total tokens by rows.
    public static func averageLength(tokens: Int, passages: Int) -> Double {
        Double(tokens) / Double(passages)
    }

    /// The score of one passage, from each phrase's IDF and frequency in it.
    public static func score(idfs: [Double], frequencies: [Int], length: Int, averageLength: Double) -> Double {
        var score = 0.0
        for (idf, frequency) in zip(idfs, frequencies) {
            score += idf * saturation(frequency: frequency, length: length, averageLength: averageLength)
        }
        return score
    }

    /// A phrase's share of the score before its IDF: grows with how often the phrase occurs in the
    /// passage, less and less (saturates), and is smaller in a longer passage.
    public static func saturation(frequency: Int, length: Int, averageLength: Double) -> Double {
        let f = Double(frequency)
        return (f * (k1 + 1.0)) / (f + k1 * (1 - b + b * Double(length) / averageLength))
    }

    /// How many passages hold a phrase, estimated from the newest of them: `walked` matches found among
    /// the passages from id `oldest` to the newest, `last`, in a store whose ids run from `first` to
    /// `last` over `passages` passages. The matches are taken to be as dense in the older passages as in
    /// the newer; never fewer than were walked, never more than the passages.
    public static func estimatedMatches(walked: Int, oldest: Int64, first: Int64, last: Int64, passages: Int) -> Int {
        guard walked > 0, last >= oldest, oldest >= first else { return walked }
        let share = Double(last - oldest + 1) / Double(last - first + 1)
        return max(walked, min(passages, Int((Double(walked) / share).rounded())))
    }
}
