/// One page of a document imported from a PDF, as the lines it holds in the
/// stored source text.
///
/// pdftotext ends every page with a form feed, and the reading-order text
/// keeps those breaks, so each page is a run of whole lines. The page number
/// is the page's position in the PDF file (1 for its first page), not the
/// folio printed on it (a chapter printed as pages 24–39 has pages 1–16).
public struct Page: Codable, Hashable, Sendable, SourceLocated {
    /// 1-based position of the page in the PDF.
    public var number: Int
    /// First line of the page.
    public var line: Int
    /// Last line of the page (inclusive).
    public var endLine: Int

    public init(number: Int, line: Int, endLine: Int) {
        self.number = number
        self.line = line
        self.endLine = endLine
    }
}

extension EvaluationReport {
    /// The PDF page holding source line `line`: nil for a document imported
    /// from a text file (it has no pages) or for a line outside every page.
    public func page(ofLine line: Int) -> Int? {
        guard let pages, !pages.isEmpty else { return nil }
        // Pages are in order and do not overlap: find the last page starting at or before `line`.
        var low = 0, high = pages.count
        while low < high {
            let middle = (low + high) / 2
            if pages[middle].line <= line { low = middle + 1 } else { high = middle }
        }
        guard low > 0, pages[low - 1].lineRange.contains(line) else { return nil }
        return pages[low - 1].number
    }

    /// The pages an element's lines lie on (one page, or a range when the
    /// element runs over a page break); nil when the document has no pages.
    public func pages(of element: some SourceLocated) -> ClosedRange<Int>? {
        guard let first = page(ofLine: element.line), let last = page(ofLine: max(element.line, element.endLine)) else { return nil }
        return first...max(first, last)
    }
}
