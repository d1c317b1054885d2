/// A reference a report cites: a URL, a page of the Diplomatic Bluebook
/// (外交青書), or an administrative review sheet (行政事業レビュー 事業番号).
public struct Reference: Codable, Hashable, Sendable, SourceLocated {
    public enum Kind: String, Codable, Hashable, Sendable {
        case url
        /// 外交青書, with its page when given.
        case bluebook
        /// 行政事業レビュー 事業番号: `ReviewSheetReference` in the glossary.
        case reviewSheet
    }

    public var kind: Kind
    public var text: String
    public var url: String?
    /// Page cited (「外交青書 p.201」 → "201").
    public var page: String?
    /// 事業番号 for a review sheet, edition year for a Bluebook.
    public var number: String?
    public var line: Int
    public var endLine: Int

    public init(kind: Kind, text: String, url: String? = nil, page: String? = nil, number: String? = nil, line: Int, endLine: Int) {
        self.kind = kind
        self.text = text
        self.url = url
        self.page = page
        self.number = number
        self.line = line
        self.endLine = endLine
    }
}

/// A logic model (ロジックモデル) drawn in a report: アクティビティ →
/// 活動モニタリング指標 → 短期アウトカム → 中期～長期アウトカム.
///
/// PDF text loses the boxes' positions, so cells are kept in reading order
/// with the targets written in them (「【目標：把握した課題の70％】」).
public struct LogicModel: Codable, Hashable, Sendable, SourceLocated {
    public struct Cell: Codable, Hashable, Sendable, SourceLocated {
        public var text: String
        /// Target written in the cell, without its brackets: 「把握した課題の70％」.
        public var target: String?
        public var line: Int
        public var endLine: Int

        public init(text: String, target: String?, line: Int, endLine: Int) {
            self.text = text
            self.target = target
            self.line = line
            self.endLine = endLine
        }
    }

    /// Stage names as the diagram prints them, in reading order.
    public var stages: [String]
    public var cells: [Cell]
    public var line: Int
    public var endLine: Int

    public init(stages: [String], cells: [Cell], line: Int, endLine: Int) {
        self.stages = stages
        self.cells = cells
        self.line = line
        self.endLine = endLine
    }
}

/// A node of a generic section tree: a heading with its text and subsections.
public struct Section: Codable, Hashable, Sendable, SourceLocated {
    public enum Kind: String, Codable, Hashable, Sendable {
        /// A heading found in running text.
        case heading
        /// A slide or diagram page, titled by its caption.
        case slide
        /// コラム
        case column
        /// 特集
        case feature
        /// Text before the first heading.
        case preamble
    }

    public var title: String
    public var kind: Kind
    /// Depth in the tree, 1 for top level.
    public var level: Int
    public var blocks: [TextBlock]
    public var children: [Section]
    public var line: Int
    public var endLine: Int

    public init(title: String, kind: Kind, level: Int, blocks: [TextBlock] = [], children: [Section] = [], line: Int, endLine: Int) {
        self.title = title
        self.kind = kind
        self.level = level
        self.blocks = blocks
        self.children = children
        self.line = line
        self.endLine = endLine
    }
}
