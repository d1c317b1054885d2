/// What to search for, and where.
public struct SearchQuery: Sendable, Equatable {
    public var text: String
    public var kind: DocumentKind?
    public var ministry: String?
    /// Year the document was published.
    public var year: Int?
    public var limit: Int
    public var offset: Int
    /// How many matching passages are ranked at most: when more match, the
    /// hits are the best of the `candidateLimit` passages added to the store
    /// last, and the count says "at least" (see `SearchCount`). nil ranks every
    /// match, however many: the exact order, and a time that grows with the matches.
    public var candidateLimit: Int?

    /// The candidates a search ranks by default (K): the most recently added
    /// matching passages, read newest first from the index until K are found.
    ///
    /// Why a bound: ranking every match costs time in proportion to the
    /// matches, and a common word matches half of all passages (「外交」: about
    /// 200,000 at one year, 2.1 million at ten), so the best 20 of them took 0.2 s
    /// (SQLite, one year) to 16 s (PostgreSQL, ten years) to find. Search
    /// engines stop early by reading postings in a static order; ours is the
    /// order passages were stored in, newest first, which the full-text index
    /// of both stores can read backwards and stop at K. Up to K matches, the
    /// ranking is exact: every match is ranked, as before. 5,000 is a hundred
    /// pages of 50, more than a reader pages through, and ranks in tens of
    /// milliseconds at one year (BENCHMARKS.md, issue 14).
    public static let defaultCandidateLimit = 5_000

    public init(_ text: String, kind: DocumentKind? = nil, ministry: String? = nil, year: Int? = nil, limit: Int = 20, offset: Int = 0,
                candidateLimit: Int? = SearchQuery.defaultCandidateLimit) {
        self.text = text
        self.kind = kind
        self.ministry = ministry
        self.year = year
        self.limit = limit
        self.offset = offset
        self.candidateLimit = candidateLimit
    }
}

/// How many passages match a search: exact, or a lower bound when more match
/// than the search ranks (`SearchQuery.candidateLimit`).
///
/// Counting every match of a common word is itself linear in the matches, so
/// the stores count up to the candidate limit and stop: `passages` is then the
/// limit, `isLowerBound` is true, and the pages of hits go up to `passages`,
/// so that the count and the pages agree.
public struct SearchCount: Sendable, Equatable, Codable {
    /// Matching passages counted: all of them, or `SearchQuery.candidateLimit` when more match.
    public var passages: Int
    /// More passages match than `passages`: the hits are the best of the newest `passages` matches.
    public var isLowerBound: Bool

    public init(passages: Int, isLowerBound: Bool) {
        self.passages = passages
        self.isLowerBound = isLowerBound
    }

    /// The count of `counted` matches found by counting up to `limit + 1` (`limit` nil: every match).
    public init(counted: Int, limit: Int?) {
        if let limit, counted > limit {
            self.init(passages: limit, isLowerBound: true)
        } else {
            self.init(passages: counted, isLowerBound: false)
        }
    }
}

/// A page of hits and the count it is part of, found together: the count
/// of a bounded search is the same walk of the index that finds the
/// candidates, so a store that finds both at once walks it once.
public struct SearchResults: Sendable, Equatable {
    /// The page's hits, best first.
    public var hits: [SearchHit]
    /// How many passages match, whatever the page (see `SearchCount`).
    public var count: SearchCount

    public init(hits: [SearchHit], count: SearchCount) {
        self.hits = hits
        self.count = count
    }
}

/// One passage that matches a search, best first.
public struct SearchHit: Sendable, Equatable, Codable {
    public var document: String
    public var source: String
    public var kind: DocumentKind
    public var ministry: String?
    public var title: String?
    public var published: CalendarDate?
    public var section: String?
    /// What the passage is: paragraph, achievement, goal, slide …
    public var role: String
    public var text: String
    public var snippet: Snippet
    /// Relevance: higher is better.
    public var score: Double
    public var line: Int
    public var endLine: Int

    public init(document: String, source: String, kind: DocumentKind, ministry: String?, title: String?, published: CalendarDate?,
                section: String?, role: String, text: String, snippet: Snippet, score: Double, line: Int, endLine: Int) {
        self.document = document
        self.source = source
        self.kind = kind
        self.ministry = ministry
        self.title = title
        self.published = published
        self.section = section
        self.role = role
        self.text = text
        self.snippet = snippet
        self.score = score
        self.line = line
        self.endLine = endLine
    }
}

/// A short extract of a passage around the matched words, with where they are.
public struct Snippet: Sendable, Equatable, Codable {
    public var text: String
    /// Character offsets of the matched words within `text`.
    public var highlights: [Highlight]

    public struct Highlight: Sendable, Equatable, Codable {
        public var start: Int
        public var length: Int
        public init(start: Int, length: Int) {
            self.start = start
            self.length = length
        }
    }

    public init(text: String, highlights: [Highlight]) {
        self.text = text
        self.highlights = highlights
    }

    /// The snippet with each highlight wrapped in `open` … `close`.
    public func marked(open: String = "【", close: String = "】") -> String {
        var characters = Array(text)
        for highlight in highlights.sorted(by: { $0.start > $1.start }) {
            let end = min(characters.count, highlight.start + highlight.length)
            guard highlight.start >= 0, highlight.start < end else { continue }
            characters.insert(contentsOf: close, at: end)
            characters.insert(contentsOf: open, at: highlight.start)
        }
        return String(characters)
    }
}

/// A passage of a review sheet (行政事業レビュー) that matches a search: the
/// project's name, purpose, issues, overview or the review's text, with the
/// RS file and line it was read from.
///
/// Review sheets are ranked among themselves (BM25 over their own passages),
/// not against evaluations: the two kinds of text differ too much in length
/// and vocabulary for one score to order both.
public struct ProjectSearchHit: Sendable, Equatable, Codable {
    /// The sheet's 事業年度 and 予算事業ID: the project page is /projects/ID?year=FY.
    public var fiscalYear: Int
    public var projectID: Int
    public var name: String
    public var ministry: String
    /// name, purpose, issues, overview or review.
    public var role: String
    /// The sheet's heading for the text: 事業名, 事業の目的, 現状・課題, 事業の概要, 点検結果 …
    public var section: String
    public var text: String
    public var snippet: Snippet
    /// Relevance: higher is better.
    public var score: Double
    public var file: String
    public var line: Int
    public var endLine: Int

    public init(fiscalYear: Int, projectID: Int, name: String, ministry: String, role: String, section: String, text: String,
                snippet: Snippet, score: Double, file: String, line: Int, endLine: Int) {
        self.fiscalYear = fiscalYear
        self.projectID = projectID
        self.name = name
        self.ministry = ministry
        self.role = role
        self.section = section
        self.text = text
        self.snippet = snippet
        self.score = score
        self.file = file
        self.line = line
        self.endLine = endLine
    }
}
