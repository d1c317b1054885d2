/// One imported document: a published evaluation report (政策評価書), or a
/// document whose layout was not recognised and was kept as sections.
///
/// This type, with everything it contains, is the export contract
/// (docs/export-schema.json): its JSON keys are stable.
public struct EvaluationReport: Codable, Hashable, Sendable, SourceLocated {
    /// Stable identifier derived from the content hash of the source file.
    public var id: String
    /// File name of the source, without directories.
    public var source: String
    /// SHA-256 of the source bytes, hex encoded.
    public var contentHash: String
    public var kind: DocumentKind
    /// Which recogniser understood the layout.
    public var layout: ReportLayout
    /// Ministry in Japanese (外務省, 総務省), when the report says or implies it.
    public var ministry: String?
    public var title: String?
    /// When the report was published, at the precision it states.
    public var published: CalendarDate?
    public var policies: [Policy]
    /// Generic section tree for text that belongs to no policy (cover pages,
    /// tables of contents, and the whole of an unknown layout).
    public var sections: [Section]
    /// Captions, data-less charts and tables set apart from the text.
    public var figures: [Figure] = []
    /// Footnotes, set apart from the sentences that cite them.
    public var footnotes: [Footnote] = []
    /// Page furniture set apart from content: page numbers, running heads,
    /// repeated column headers. Kept so that nothing is lost.
    public var layoutArtifacts: [LayoutArtifact]
    /// Lines no recogniser claimed, in source order. Stored and shown.
    public var unparsed: [TextBlock]
    /// Problems met while recognising, in plain language.
    public var warnings: [String]
    /// Number of lines in the source file.
    public var lineCount: Int
    /// For a document imported from a PDF, its pages in order, each with the
    /// lines it holds, so that every element's page follows from its line span
    /// (`page(ofLine:)`). Nil for a text file, and then absent from the JSON.
    public var pages: [Page]?
    public var line: Int
    public var endLine: Int

    public init(
        id: String, source: String, contentHash: String, kind: DocumentKind, layout: ReportLayout,
        ministry: String? = nil, title: String? = nil, published: CalendarDate? = nil,
        policies: [Policy] = [], sections: [Section] = [], layoutArtifacts: [LayoutArtifact] = [],
        unparsed: [TextBlock] = [], warnings: [String] = [], lineCount: Int
    ) {
        self.id = id
        self.source = source
        self.contentHash = contentHash
        self.kind = kind
        self.layout = layout
        self.ministry = ministry
        self.title = title
        self.published = published
        self.policies = policies
        self.sections = sections
        self.layoutArtifacts = layoutArtifacts
        self.unparsed = unparsed
        self.warnings = warnings
        self.lineCount = lineCount
        self.line = 1
        self.endLine = max(1, lineCount)
    }
}

/// What kind of document this is.
public enum DocumentKind: String, Codable, Hashable, Sendable, CaseIterable {
    /// 政策評価書: a policy evaluation report.
    case evaluation
    /// 外交青書: the Diplomatic Bluebook.
    case bluebook
    /// 白書: a ministry white paper.
    case whitePaper
    /// A layout Hyoka does not recognise; imported as sections and text.
    case unknown
}

/// The layout a recogniser understood.
public enum ReportLayout: String, Codable, Hashable, Sendable, CaseIterable {
    /// Ministry of Foreign Affairs evaluation sheets: 施策名 / 個別分野 / 中期目標 …
    case mofaSheet = "mofa-sheet"
    /// Ministry of Internal Affairs and Communications 主要な政策に係る評価書.
    case micMajorPolicy = "mic-major-policy"
    /// A narrative document (外交青書, 白書): sections, figures and footnotes.
    case narrative
    /// No known layout: a generic section tree.
    case generic
}

/// Page furniture that is not content.
public struct LayoutArtifact: Codable, Hashable, Sendable, SourceLocated {
    public enum Kind: String, Codable, Hashable, Sendable {
        case pageNumber
        case runningHead
        /// A page footer such as 「225外交青書 2013」.
        case pageFooter
        case columnHeader
        case verticalText
        /// A table-of-contents entry (title and page number) printed before the text.
        case tableOfContents
    }

    public var kind: Kind
    public var text: String
    public var line: Int
    public var endLine: Int

    public init(kind: Kind, text: String, line: Int, endLine: Int) {
        self.kind = kind
        self.text = text
        self.line = line
        self.endLine = endLine
    }
}
