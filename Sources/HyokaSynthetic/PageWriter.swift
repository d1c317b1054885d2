import HyokaModel

/// Accumulates the lines of one document and numbers them, so that every
/// rendered value knows the line it was printed on.
///
/// It also prints the page furniture the way `pdftotext -layout` shows it in
/// the real reports: the first line of a new page begins with one space
/// (how pdftotext marks a page start in these files), and page numbers
/// either stand alone or are glued to the first text of the next page.
struct PageWriter {
    private(set) var text = ""
    /// Number of the last line written (1-based); 0 before the first.
    private(set) var lineCount = 0
    /// Number of the last line that is not blank.
    private(set) var lastContentLine = 0
    /// The first line that is not blank since `markRegion()`.
    private(set) var regionStart: Int?
    /// The number of the page being written.
    private(set) var page = 1
    private var pageStartPending = false
    /// Page furniture written so far, as the recogniser should set it apart.
    var artifacts: [LayoutArtifact] = []

    /// - Parameter firstPage: the number of the first page (a chapter of a
    ///   white paper starts far into the volume).
    init(capacity: Int = 16_384, firstPage: Int = 1) {
        text.reserveCapacity(capacity)
        page = firstPage
        pageStartPending = true
    }

    /// Writes one line and returns its number. The first line after
    /// `newPage()` gets the leading space that marks a page start.
    @discardableResult
    mutating func line(_ content: String) -> Int {
        if pageStartPending, !content.isEmpty {
            text += " "
            pageStartPending = false
        }
        text += content
        text += "\n"
        lineCount += 1
        if !content.isEmpty {
            lastContentLine = lineCount
            if regionStart == nil { regionStart = lineCount }
        }
        return lineCount
    }

    mutating func blank(_ count: Int = 1) {
        for _ in 0..<count { line("") }
    }

    /// Writes lines and returns the span they occupy.
    @discardableResult
    mutating func lines(_ contents: [String], blankBetween: Bool = false) -> ClosedRange<Int> {
        var first: Int?
        var last = lineCount
        for (index, content) in contents.enumerated() {
            if blankBetween, index > 0 { blank() }
            last = line(content)
            if first == nil { first = last }
        }
        return (first ?? last)...last
    }

    /// Starts a region (a slide, a section) whose first non-blank line `regionStart` gives.
    mutating func markRegion() {
        regionStart = nil
    }

    /// Starts a new page: the next non-empty line is marked as a page start.
    mutating func newPage() {
        page += 1
        pageStartPending = true
    }

    /// Starts a new page without the page-start mark (pdftotext does not
    /// always emit it, for instance after a page number it printed alone).
    mutating func newPageUnmarked() {
        page += 1
        pageStartPending = false
    }

    /// Writes `content` with the current page's number glued in front of it,
    /// as pdftotext prints a page number set in the margin beside the first
    /// line: 「152024（令和６）年８月」.
    @discardableResult
    mutating func lineWithGluedPageNumber(_ content: String) -> Int {
        pageStartPending = false
        let number = line("\(page)\(content)")
        artifacts.append(LayoutArtifact(kind: .pageNumber, text: String(page), line: number, endLine: number))
        return number
    }

    /// Writes a line of page furniture and records it; `recorded` is the
    /// text the recogniser reports when it differs from the line (normalised).
    @discardableResult
    mutating func loneArtifact(_ kind: LayoutArtifact.Kind, _ content: String, recorded: String? = nil) -> Int {
        let number = line(content)
        artifacts.append(LayoutArtifact(kind: kind, text: recorded ?? content, line: number, endLine: number))
        return number
    }
}
