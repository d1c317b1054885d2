import HyokaAssessment
import HyokaModel

/// The rows of `review_count`: one document's `StoredReview.Tally`, written
/// beside its stored review in the same save, replaced with it and deleted
/// with it (the table refers to `document` with `ON DELETE CASCADE`).
///
/// Why rows and not a running total: a total kept by adding and subtracting
/// on each save can drift (a replaced document's old counts must be taken
/// off exactly), while per-document rows summed by `GROUP BY` are always the
/// sum of what is stored. The document's source, kind and ministry are
/// copied into each row, so that the totals and the first breakdowns are
/// read from this small table alone: reading them from `document` would
/// touch the pages of every document's text. They cannot go stale: a
/// document's id is its content hash, so any change is a new save.
///
/// Measures (`measure`, `value`, `edition`, `count`):
/// - `rating`: policies with the computed rating `value` (NULL: 評価なし);
/// - `finding`: findings of severity `value`; with an `edition`, those raised
///   only while the library lacks that Bluebook edition (see `StoredReview`);
/// - `budget_row`: budget rows (one programme in one budget year);
/// - `breakdown`: breakdown tables with at least one group.
public enum ReviewCountRows {
    public static let table = "review_count"
    public static let columns = ["document_id", "source", "kind", "ministry", "measure", "value", "edition", "count"]

    enum Measure: String {
        case rating
        case finding
        case budgetRow = "budget_row"
        case breakdown
    }

    /// The rows of `report`'s tally; no row for a count of zero.
    public static func rows(_ report: EvaluationReport, tally: StoredReview.Tally) -> TableRows {
        rows(id: report.id, source: report.source, kind: report.kind.rawValue, ministry: report.ministry, tally: tally)
    }

    /// The rows of a stored document's tally, from its columns (for the migration that fills the table).
    public static func rows(id: String, source: String, kind: String, ministry: String?, tally: StoredReview.Tally) -> TableRows {
        var rows = TableRows(table: table, columns: columns)
        func append(_ measure: Measure, _ value: String?, edition: Int? = nil, _ count: Int) {
            guard count > 0 else { return }
            rows.append(id, source, kind, ministry, measure.rawValue, value, edition, count)
        }
        // Sorted, so that the same document always gives the same rows in the same order.
        for (rating, count) in tally.ratings.sorted(by: { ($0.key?.rawValue ?? "") < ($1.key?.rawValue ?? "") }) {
            append(.rating, rating?.rawValue, count)
        }
        for (severity, count) in tally.severities.sorted(by: { $0.key < $1.key }) { append(.finding, severity.rawValue, count) }
        for (edition, severities) in tally.missingEditionFindings.sorted(by: { $0.key < $1.key }) {
            for (severity, count) in severities.sorted(by: { $0.key < $1.key }) { append(.finding, severity.rawValue, edition: edition, count) }
        }
        append(.budgetRow, nil, tally.budgetRows)
        append(.breakdown, nil, tally.breakdowns)
        return rows
    }
}

/// What the dashboard counts of every stored document of a kind (its
/// ratings, findings and budget rows), added up by the store from
/// `review_count` and completed with the Bluebook editions the library holds
/// when it is read. Equal, by construction and by test, to the counts of the
/// records the comparison view lists.
public struct ReviewTotals: Sendable, Equatable {
    /// Policies by computed rating; nil: 評価なし.
    public var ratings: [Rating?: Int] = [:]
    /// Findings by severity, `evidence-not-found` for the editions the library lacks included.
    public var severities: [Finding.Severity: Int] = [:]
    /// Budget rows by the document's ministry as stored (nil: none named).
    public var budgetRowsByMinistry: [String?: Int] = [:]
    /// Breakdown tables with at least one group.
    public var breakdowns = 0

    public init() {}

    /// One group of the stores' `SELECT measure, value, edition, ministry, SUM(count) FROM review_count
    /// WHERE kind = ? GROUP BY measure, value, edition, ministry`.
    package struct Group {
        var measure: String
        var value: String?
        var edition: Int?
        var ministry: String?
        var count: Int

        package init(measure: String, value: String?, edition: Int?, ministry: String?, count: Int) {
            self.measure = measure
            self.value = value
            self.edition = edition
            self.ministry = ministry
            self.count = count
        }
    }

    /// The totals from the grouped rows; a finding tied to an edition the library holds is not counted.
    package init(groups: [Group], libraryEditions: Set<Int>) {
        for group in groups {
            switch ReviewCountRows.Measure(rawValue: group.measure) {
            case .rating:
                ratings[group.value.flatMap(Rating.init(rawValue:)), default: 0] += group.count
            case .finding:
                if let edition = group.edition, libraryEditions.contains(edition) { continue }
                if let severity = group.value.flatMap(Finding.Severity.init(rawValue:)) { severities[severity, default: 0] += group.count }
            case .budgetRow:
                budgetRowsByMinistry[group.ministry, default: 0] += group.count
            case .breakdown:
                breakdowns += group.count
            case nil:
                continue
            }
        }
    }

    /// The same totals added up from tallies in memory: for stores without
    /// `review_count` (tests' stand-ins), and the sum the stores' SQL must equal.
    public init(_ tallies: some Sequence<(ministry: String?, tally: StoredReview.Tally)>, libraryEditions: Set<Int>) {
        for (ministry, tally) in tallies {
            ratings.merge(tally.ratings, uniquingKeysWith: +)
            severities.merge(tally.severities(libraryEditions: libraryEditions), uniquingKeysWith: +)
            if tally.budgetRows > 0 { budgetRowsByMinistry[ministry, default: 0] += tally.budgetRows }
            breakdowns += tally.breakdowns
        }
    }
}

/// How many documents one ministry published in one calendar year (nil: not
/// stated), for the dashboard's table of documents by ministry and year.
public struct DocumentCount: Sendable, Equatable {
    public var ministry: String?
    public var year: Int?
    public var documents: Int

    public init(ministry: String?, year: Int?, documents: Int) {
        self.ministry = ministry
        self.year = year
        self.documents = documents
    }

    /// Counts grouped by ministry and the `published` column as stored, merged by calendar year.
    package static func merged(_ groups: [(ministry: String?, published: String?, documents: Int)]) -> [DocumentCount] {
        struct Key: Hashable { var ministry: String?, year: Int? }
        var counts: [Key: DocumentCount] = [:]
        for group in groups {
            let year = group.published.flatMap(CalendarDate.init(iso8601:))?.year
            counts[Key(ministry: group.ministry, year: year), default: DocumentCount(ministry: group.ministry, year: year, documents: 0)].documents += group.documents
        }
        return counts.values.sorted { ($0.ministry ?? "", $0.year ?? Int.min) < ($1.ministry ?? "", $1.year ?? Int.min) }
    }
}

/// A stored review with the document it belongs to, for lists that show where a figure comes from.
public struct SourcedReview: Sendable {
    public var documentID: String
    public var source: String
    public var review: StoredReview

    public init(documentID: String, source: String, review: StoredReview) {
        self.documentID = documentID
        self.source = source
        self.review = review
    }
}
