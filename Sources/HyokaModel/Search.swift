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
