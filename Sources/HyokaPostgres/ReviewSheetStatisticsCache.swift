import Synchronization

/// BM25's statistics of the review sheets' passages — how many there are and
/// how many tokens they hold — kept between searches by the process, for
/// the export stored when they were counted.
///
/// Why: counting them read all of `rs_passage` (44,000 passages for the RS
/// export of 2024), 50 ms of every review-sheet search, and the search page
/// runs one beside every search of the evaluations: at ten years it served
/// 44 pages a second under load where the evaluations alone allowed 200.
///
/// They change only when a review-sheet import replaces a year, and that
/// import deletes and inserts the year's `rs_file` rows in the transaction
/// that swaps its passages. So the export is named by those rows' versions,
/// the transaction ids that wrote them (`xmin`): a search reads the name in
/// its own snapshot (`versionColumn`) and counts again when it differs from
/// the one kept.
final class ReviewSheetStatisticsCache: Sendable {
    struct Statistics: Sendable, Equatable {
        /// N: the passages stored.
        var passages: Int
        /// Their tokens, for the average length.
        var tokens: Int
    }

    /// A column naming the stored export: each year with the transaction that wrote its files.
    static let versionColumn = """
        (SELECT coalesce(string_agg(fiscal_year::text || ':' || xmin::text, ',' ORDER BY fiscal_year, file), '') FROM rs_file)
        """

    private let kept = Mutex<(version: String, statistics: Statistics)?>(nil)

    /// The export last counted and its statistics, if any: a search uses them on trust and checks the
    /// name its snapshot reads (`PostgresReviewSheetSearch`).
    var latest: (version: String, statistics: Statistics)? {
        kept.withLock { $0 }
    }

    /// Keeps `statistics` as those of `version`, in place of any before.
    func keep(_ statistics: Statistics, version: String) {
        kept.withLock { $0 = (version, statistics) }
    }
}
