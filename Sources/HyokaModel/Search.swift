/// What to search for, and where.
public struct SearchQuery: Sendable, Equatable {
    public var text: String
    public var kind: DocumentKind?
    public var ministry: String?
    /// Year the document was published.
    public var year: Int?
    public var limit: Int
    public var offset: Int

    public init(_ text: String, kind: DocumentKind? = nil, ministry: String? = nil, year: Int? = nil, limit: Int = 20, offset: Int = 0) {
        self.text = text
        self.kind = kind
        self.ministry = ministry
        self.year = year
        self.limit = limit
        self.offset = offset
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
