/// An element that knows where it came from.
///
/// Every recognised element carries the 1-based, inclusive line span of the
/// source file it was read from, so that any value can be traced back to the
/// exact lines of the published report. `line <= endLine` always holds.
public protocol SourceLocated {
    /// First source line of the element (1-based).
    var line: Int { get }
    /// Last source line of the element (1-based, inclusive).
    var endLine: Int { get }
}

extension SourceLocated {
    /// The element's lines as a closed range.
    public var lineRange: ClosedRange<Int> { line...max(line, endLine) }
}

/// A run of source text with its provenance: a paragraph, a bullet, a cell,
/// or a block of text no recogniser understood.
public struct TextBlock: Codable, Hashable, Sendable, SourceLocated {
    /// A heading the block sits under inside its element, such as 「【外交青書】」.
    public var heading: String?
    public var text: String
    public var line: Int
    public var endLine: Int

    public init(heading: String? = nil, text: String, line: Int, endLine: Int) {
        self.heading = heading
        self.text = text
        self.line = line
        self.endLine = endLine
    }
}
