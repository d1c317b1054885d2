/// Something set apart from the running text of a narrative document: a
/// photo caption, a chart whose data did not survive PDF extraction (only
/// its title and notes remain), or a table that survived as rows of cells.
public struct Figure: Codable, Hashable, Sendable, SourceLocated {
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        /// A photo caption (写真提供 …).
        case caption
        /// A chart title without its data (「ビザ発給件数の推移」).
        case chart
        /// A table kept as rows of cells (the prefecture table of volunteers).
        case table
    }

    public var kind: Kind
    public var title: String
    /// Notes printed with it: （注１）…, 出典, legends.
    public var notes: [String]
    /// Rows of cells, for tables; empty otherwise.
    public var rows: [[String]]
    /// Words printed inside a chart or diagram (axis labels, legends, boxes),
    /// in the order the PDF gave them: they belong to the figure, not to the
    /// running text. Nil when none survived.
    public var text: String?
    public var line: Int
    public var endLine: Int

    public init(kind: Kind, title: String, notes: [String] = [], rows: [[String]] = [], text: String? = nil, line: Int, endLine: Int) {
        self.kind = kind
        self.title = title
        self.notes = notes
        self.rows = rows
        self.text = text
        self.line = line
        self.endLine = endLine
    }
}

/// 脚注: a footnote, with the marker the body text uses for it.
public struct Footnote: Codable, Hashable, Sendable, SourceLocated {
    /// The marker as printed: 「1」 for ⁽¹⁾ or （注１）.
    public var marker: String
    public var text: String
    public var line: Int
    public var endLine: Int

    public init(marker: String, text: String, line: Int, endLine: Int) {
        self.marker = marker
        self.text = text
        self.line = line
        self.endLine = endLine
    }
}
