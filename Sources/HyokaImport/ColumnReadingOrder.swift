/// Puts `pdftotext -layout` output into reading order: on every page, text
/// set in columns is emitted column by column (left to right), while lines
/// that span the page (titles, headings across the columns, wide figures,
/// tables, footnotes) stay where they are.
///
/// ## Why the `-layout` text and not `-bbox-layout` coordinates
/// `-layout` has already done the hard part: it groups glyphs into lines by
/// baseline and pads each line with spaces so that every word starts at a
/// character cell derived from its x position. A gutter between two columns
/// therefore shows as a band of cells that is blank on the lines of both
/// columns. Working on that text keeps one `pdftotext` call per file, keeps
/// pages without columns (evaluation sheets, slides, tables) byte for byte
/// what the recognisers were written against, and makes the logic a pure
/// text-to-text function that synthetic pages can test. `-bbox-layout` would
/// give exact coordinates, but its own flows and blocks are not in reading
/// order either, so lines would have to be rebuilt from words, and every
/// table re-spaced by hand.
///
/// ## Cells, not display columns
/// pdftotext gives every character one cell, whatever its width: a kanji and
/// a Latin letter both take one. A line's cells are therefore its Unicode
/// scalars, not its display width (a CJK character is one cell here, not
/// two). The consequence: a column's *first* cell is stable (it comes from
/// the x position), but its *last* cell is ragged, because a line with
/// half-width letters and digits needs more cells than a line of kanji of the
/// same width. A line is therefore cut just before the next column's first
/// cell, or in the gutter's middle for the few lines pdftotext sets early.
///
/// ## How a page is read
/// 1. **Gutters.** Every line votes for the blank bands (three or more spaces)
///    between its stretches of text, when the stretches on both sides are
///    long enough to be lines of a column (a chart's tick labels do not vote).
///    A band that at least `minimumRows` lines, and at least half as many
///    lines as the best band, leave blank is a gutter.
/// 2. **Runs.** The lines are cut into runs. A line that has text across a
///    gutter (a title or heading centred on the page, a footnote, a figure)
///    starts a new run. So does, below a blank line, a line with text in the
///    first column only (a heading across the page that happens to be short:
///    the columns above it are finished; but pdftotext also leaves blank
///    lines around superscripts, so a full line of the column followed by a
///    full line of the next column goes on with them), a line whose first column runs
///    wider than the page's first column (another layout starts there), and
///    any line when the lines above have not yet shown columns side by side
///    in `minimumRows` lines (a figure's last labels, a title).
/// 3. **Columns.** A run of lines that keep to the gutters is emitted column
///    by column, provided its columns look like set text (left-aligned and
///    mostly filled to the same width; a run too short to judge must keep to
///    the columns the rest of the page sets); a table or a figure whose cells
///    happen to leave the gutter blank is left as it is. A run that crosses
///    the gutters, and each column of a run, is read again on its own, so a
///    three-column box inside a two-column page still finds its gutters.
///
/// Measured on the bundled 白書 and 外交青書 chapters (Tests/Fixtures/keys/
/// reading-order): all key sentences in reading order and on their pages.
/// Known limits: side tabs (the vertical 「第1章」 at the page edge) and
/// furigana stay where pdftotext put them, inside the nearest column; a
/// left column that goes on below a blank line after the right column has
/// ended is read after it.
public struct ColumnReadingOrder: Sendable {
    /// Fewest spaces that can separate two columns. Words in one column are
    /// separated by one or two.
    public var minimumGutter = 3
    /// Fewest lines with text on both sides of a band before it is believed to
    /// be a gutter.
    public var minimumRows = 3
    /// Narrowest column, in cells: a column of set text holds a dozen or more
    /// characters per line.
    public var minimumColumnWidth = 8

    public init() {}

    /// `text` (pages separated by form feeds) with every page in reading order.
    /// Pages without columns come back unchanged, character for character.
    public func reorder(_ text: String) -> String {
        text.split(separator: "\u{0C}", omittingEmptySubsequences: false)
            .map { reorderPage(String($0)) }
            .joined(separator: "\u{0C}")
    }

    /// One page (no form feed) in reading order.
    public func reorderPage(_ page: String) -> String {
        let rows = page.split(separator: "\n", omittingEmptySubsequences: false).map(LayoutRow.init)
        let arranged = arrange(rows[...])
        return arranged.map(\.text).joined(separator: "\n")
    }

    // MARK: - Runs

    /// `rows` in reading order: cut into runs at the lines that cross the
    /// gutters or start below finished columns, each run read by its columns.
    func arrange(_ rows: ArraySlice<LayoutRow>, depth: Int = 0) -> [LayoutRow] {
        // Each level reads a narrower or shorter block; four levels are more
        // than any page sets (columns in a box in a column).
        guard depth < 4 else { return Array(rows) }
        var grid = ColumnGrid(gutters: gutters(of: rows))
        guard !grid.gutters.isEmpty else { return Array(rows) }
        grid.learnColumns(from: rows, width: minimumColumnWidth, gutter: minimumGutter)
        var output: [LayoutRow] = []
        var run: [LayoutRow] = []
        var runFits: Bool?
        var firstColumnGap = false
        var afterBlankRow = false
        var sideBySideSoFar = 0
        var runHasText = false
        for index in rows.indices {
            let row = rows[index]
            guard !row.isBlank else {
                run.append(row)
                firstColumnGap = true
                afterBlankRow = true
                continue
            }
            // Furigana set on a line of their own read with the line below:
            // they neither close a run nor end a blank gap.
            if row.isFurigana {
                run.append(row)
                continue
            }
            let fits = grid.fits(row)
            // A heading across the page that happens to be short: the columns
            // above are finished. But a full line of the first column followed
            // by the columns side by side again goes on with them (pdftotext
            // leaves blank lines around superscripts); a caption as long as a
            // column line is followed by its figure.
            let startsBelowColumns = fits && firstColumnGap && grid.hasTextInFirstColumnOnly(row) && sideBySideSoFar > 0
                && !(grid.isFullLine(grid.part(of: row, column: 0), column: 0)
                    && rows[(index + 1)...].first(where: { !$0.isBlank }).map(grid.continuesLaterColumns) == true)
            // Below a blank line, lines that never became columns (a figure's
            // last labels, a title) are a block of their own; only an
            // established run of columns carries on across blank lines.
            // So is a line below a blank line whose first column runs wider
            // than the page's first column: another layout starts there.
            let endsUnsettledBlock = fits && afterBlankRow && grid.hasTextInFirstColumn(row)
                && (sideBySideSoFar < minimumRows || !grid.keepsToTypicalColumn(grid.part(of: row, column: 0), column: 0))
            if let mode = runFits, fits != mode || startsBelowColumns || endsUnsettledBlock {
                output += emit(run, fits: mode, grid: grid, within: rows.count, depth: depth)
                run = []
                sideBySideSoFar = 0
                runHasText = false
            }
            if grid.isSideBySide(row) { sideBySideSoFar += 1 }
            if !runHasText { runFits = fits }
            runHasText = true
            run.append(row)
            // The gap lasts until the first column has text again; a line of
            // the other columns alone (a bracket pdftotext set apart) neither
            // opens nor closes it.
            if !fits || grid.hasTextInFirstColumn(row) { firstColumnGap = false }
            afterBlankRow = false
        }
        output += emit(run, fits: runFits, grid: grid, within: rows.count, depth: depth)
        return output
    }

    /// One run's rows in reading order; blank rows before and after the run
    /// stay outside it.
    private func emit(_ run: [LayoutRow], fits: Bool?, grid: ColumnGrid, within total: Int, depth: Int) -> [LayoutRow] {
        guard let first = run.firstIndex(where: { !$0.isBlank }), let last = run.lastIndex(where: { !$0.isBlank }),
              let fits else { return run }
        let body = run[first...last]
        let arranged: [LayoutRow]
        if !fits {
            arranged = body.count < total ? arrange(body, depth: depth + 1) : Array(body)
        } else {
            // Too few lines to judge their shape: they must then stay inside
            // the columns the whole page sets (a figure's labels do not).
            let sideBySide = body.filter(grid.isSideBySide)
            let isColumns = sideBySide.count >= minimumRows ? looksLikeSetText(body, grid: grid)
                : !sideBySide.isEmpty && sideBySide.allSatisfy(grid.keepsToTypicalColumns)
            arranged = isColumns ? grid.columnByColumn(body) { arrange($0, depth: depth + 1) } : Array(body)
        }
        return Array(run[..<first]) + arranged + Array(run[(last + 1)...])
    }

    // MARK: - Gutters

    /// The bands of cells that many lines leave blank between text on both
    /// sides, left to right.
    func gutters(of rows: ArraySlice<LayoutRow>) -> [Range<Int>] {
        let width = rows.map(\.cells.count).max() ?? 0
        var votes = [Int](repeating: 0, count: width)
        for row in rows {
            for gap in row.gaps(atLeast: minimumGutter, between: minimumColumnWidth) {
                for cell in gap { votes[cell] += 1 }
            }
        }
        let best = votes.max() ?? 0
        guard best >= minimumRows else { return [] }
        let threshold = max(minimumRows, (best + 1) / 2)
        var gutters: [Range<Int>] = []
        var cell = 0
        while cell < width {
            guard votes[cell] >= threshold else { cell += 1; continue }
            let start = cell
            while cell < width, votes[cell] >= threshold { cell += 1 }
            if cell - start >= minimumGutter { gutters.append(start..<cell) }
        }
        return gutters
    }

    /// True when every column of `rows` is set text: at least `minimumRows`
    /// lines, `minimumColumnWidth` cells wide, and most lines ending near the
    /// same cell (justified text fills the column; table cells and figure
    /// labels end anywhere).
    func looksLikeSetText(_ rows: ArraySlice<LayoutRow>, grid: ColumnGrid) -> Bool {
        (0...grid.cuts.count).allSatisfy { column in
            let spans = rows.compactMap { grid.part(of: $0, column: column).textSpan }
            guard spans.count >= minimumRows, let start = spans.map(\.lowerBound).min(),
                  let end = spans.map(\.upperBound).max() else { return false }
            let width = end - start
            guard width >= minimumColumnWidth else { return false }
            let ends = spans.map(\.upperBound).sorted()
            let median = ends[ends.count / 2]
            let tolerance = max(2, width / 5)
            return ends.count(where: { abs($0 - median) <= tolerance }) * 2 >= ends.count
        }
    }
}

/// The gutters of a page and where lines are cut at them.
struct ColumnGrid {
    let gutters: [Range<Int>]
    /// Where each gutter is cut by default: in its middle (see `cuts(of:)`).
    let cuts: [Int]
    /// Per column, where its lines usually start (the most common first
    /// cell) and end (the median last cell), over the lines that show the
    /// columns side by side.
    private(set) var typical: [Range<Int>?] = []

    init(gutters: [Range<Int>]) {
        self.gutters = gutters
        self.cuts = gutters.map { ($0.lowerBound + $0.upperBound) / 2 }
    }

    /// Learns `typical` from the lines that show every column as one stretch
    /// of text at least `width` cells long (no gap of `gutter` cells inside):
    /// lines of text, not a figure's labels that happen to fit the gutters.
    mutating func learnColumns(from rows: some Sequence<LayoutRow>, width: Int, gutter: Int) {
        let sideBySide = rows.filter { row in
            isSideBySide(row) && parts(of: row).allSatisfy { part in
                guard let span = part.textSpan else { return true }
                return span.count >= width && part.gaps(atLeast: gutter, between: 1).isEmpty
            }
        }
        typical = (0...cuts.count).map { column in
            let parts = sideBySide.map { part(of: $0, column: column) }
            let ends = parts.compactMap(\.textSpan?.upperBound).sorted()
            guard let start = Self.mostCommonStart(parts), !ends.isEmpty else { return nil }
            return start..<max(start + 1, ends[ends.count / 2])
        }
    }

    /// True when every column of `row` starts no earlier than its column
    /// usually does (less a cell or two for hanging punctuation) and ends not
    /// much later: the line is set like the page's columns.
    func keepsToTypicalColumns(_ row: LayoutRow) -> Bool {
        parts(of: row).enumerated().allSatisfy { column, part in keepsToTypicalColumn(part, column: column) }
    }

    /// True when `part` is a full line of column `column`: it starts where
    /// the column's lines start (or a cell or two further, a paragraph's
    /// first line) and ends where they end. A heading is shorter, or runs
    /// past the column.
    func isFullLine(_ part: LayoutRow, column: Int) -> Bool {
        guard let span = part.textSpan, column < typical.count, let usual = typical[column] else { return false }
        let tolerance = max(2, usual.count / 5)
        return abs(span.lowerBound - usual.lowerBound) <= 2 && abs(span.upperBound - usual.upperBound) <= tolerance
    }

    func keepsToTypicalColumn(_ part: LayoutRow, column: Int) -> Bool {
        guard let span = part.textSpan else { return true }
        guard column < typical.count, let usual = typical[column] else { return false }
        let tolerance = max(2, usual.count / 5)
        return span.lowerBound >= usual.lowerBound - 2 && span.upperBound <= usual.upperBound + tolerance
    }

    /// Where `row` is cut at each gutter, or nil when its text runs across a
    /// gutter (a title, a footnote, a figure spanning the page).
    ///
    /// A column's first cell is stable and its last cell ragged (see
    /// `ColumnReadingOrder`), so a line is cut just before the next column's
    /// first cell when it is blank there. But pdftotext sets a line that
    /// starts with a bracket (「) a few cells early, so a line with text there
    /// and none in the middle of the gutter is cut in the middle instead.
    func cuts(of row: LayoutRow) -> [Int]? {
        var result: [Int] = []
        for (gutter, middle) in zip(gutters, cuts) {
            let nearNextColumn = max(gutter.lowerBound + 1, gutter.upperBound - 2)
            if !row.hasText(in: (nearNextColumn - 1)..<(nearNextColumn + 1)) {
                result.append(nearNextColumn)
            } else if !row.hasText(in: (middle - 1)..<(middle + 1)) {
                result.append(middle)
            } else {
                return nil
            }
        }
        return result
    }

    /// True when `row` can be cut at every gutter: it keeps to the columns
    /// rather than spanning them.
    func fits(_ row: LayoutRow) -> Bool {
        cuts(of: row) != nil
    }

    /// Column `column` of `row` (0 is the first), at its cells on the page.
    func part(of row: LayoutRow, column: Int) -> LayoutRow {
        let rowCuts = cuts(of: row) ?? cuts
        let start = column == 0 ? 0 : rowCuts[column - 1]
        let end = column == rowCuts.count ? Int.max : rowCuts[column]
        return row.slice(start..<end)
    }

    func parts(of row: LayoutRow) -> [LayoutRow] {
        (0...cuts.count).map { part(of: row, column: $0) }
    }

    func isSideBySide(_ row: LayoutRow) -> Bool {
        fits(row) && parts(of: row).count(where: { !$0.isBlank }) >= 2
    }

    /// True when `row` holds a full line of a column after the first: the
    /// columns are still being set side by side (not a figure's labels).
    func continuesLaterColumns(_ row: LayoutRow) -> Bool {
        fits(row) && parts(of: row).enumerated().dropFirst().contains { column, part in isFullLine(part, column: column) }
    }

    func hasTextInFirstColumn(_ row: LayoutRow) -> Bool {
        !part(of: row, column: 0).isBlank
    }

    func hasTextInFirstColumnOnly(_ row: LayoutRow) -> Bool {
        hasTextInFirstColumn(row) && parts(of: row).dropFirst().allSatisfy(\.isBlank)
    }

    /// `rows` column by column. The first column keeps its lines as they are;
    /// the lines of later columns get the first column's margin plus their own
    /// indentation (a paragraph's first line is indented by a cell or two), so
    /// every column reads like the first. A blank line is kept where the page
    /// has a blank line between two lines of the column; a line blank only in
    /// this column (another column had text there, a ruby line say) is not
    /// kept, so that it does not cut a paragraph in two.
    ///
    /// Each column's lines are first read again on their own by
    /// `arrangeColumn`, so that columns within a column (a three-column box
    /// in a two-column page) are found too.
    func columnByColumn(_ rows: ArraySlice<LayoutRow>, arrangeColumn: (ArraySlice<LayoutRow>) -> [LayoutRow]) -> [LayoutRow] {
        let margin = Self.mostCommonStart(rows.map { part(of: $0, column: 0) }) ?? 0
        var output: [LayoutRow] = []
        for column in 0...cuts.count {
            let parts = rows.map { (row: $0, part: part(of: $0, column: column)) }
            let start = Self.mostCommonStart(parts.map(\.part)) ?? 0
            var lines: [LayoutRow] = []
            var blankRowSince = false
            for (row, part) in parts {
                guard !part.isBlank else {
                    blankRowSince = blankRowSince || row.isBlank
                    continue
                }
                if blankRowSince, !lines.isEmpty { lines.append(LayoutRow("")) }
                blankRowSince = false
                lines.append(part)
            }
            for line in arrangeColumn(lines[...]) {
                guard let span = line.textSpan else {
                    output.append(LayoutRow(""))
                    continue
                }
                let indent = column == 0 ? span.lowerBound : margin + max(0, span.lowerBound - start)
                output.append(line.reindented(from: span.lowerBound, to: indent))
            }
        }
        return output
    }

    /// The cell most lines of `parts` start at (the smallest on a tie): the
    /// column's left edge, not fooled by indented first lines.
    static func mostCommonStart(_ parts: [LayoutRow]) -> Int? {
        var counts: [Int: Int] = [:]
        for part in parts { if let start = part.textSpan?.lowerBound { counts[start, default: 0] += 1 } }
        return counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key
    }
}

/// One line of `pdftotext -layout` output as cells: one Unicode scalar per
/// cell, the way pdftotext places them.
struct LayoutRow {
    /// The line exactly as given, for a line read from the page (returned
    /// unchanged when not rearranged); nil for a piece cut from one.
    private let original: String?
    let cells: [Unicode.Scalar]
    /// Cells from the first to the last non-blank one, nil for a blank line.
    let textSpan: Range<Int>?

    /// The line as text. Pieces build theirs only when written out: a page is
    /// cut into pieces many times while its runs are found.
    var text: String { original ?? Self.string(cells) }

    init(_ line: some StringProtocol) {
        self.init(original: String(line), cells: Array(line.unicodeScalars))
    }

    private init(original: String?, cells: [Unicode.Scalar]) {
        self.original = original
        self.cells = cells
        if let first = cells.firstIndex(where: { !Self.isBlank($0) }), let last = cells.lastIndex(where: { !Self.isBlank($0) }) {
            textSpan = first..<(last + 1)
        } else {
            textSpan = nil
        }
    }

    var isBlank: Bool { textSpan == nil }

    static let space: Unicode.Scalar = " "

    /// True for a line of a few kana only (ふりがな, ルビ): pdftotext sets the
    /// reading of a kanji on a line of its own above it.
    var isFurigana: Bool {
        let letters = cells.filter { !Self.isBlank($0) }
        return !letters.isEmpty && letters.count <= 8 && letters.allSatisfy { (0x3041...0x30FF).contains($0.value) }
    }

    /// pdftotext pads with ASCII spaces; an ideographic space (U+3000) is part
    /// of the text (it indents Japanese paragraphs).
    static func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" || scalar == "\r" }

    func hasText(in range: Range<Int>) -> Bool {
        let lower = max(0, range.lowerBound)
        let upper = min(cells.count, range.upperBound)
        return lower < upper && cells[lower..<upper].contains { !Self.isBlank($0) }
    }

    /// Runs of at least `minimum` blank cells between two stretches of text
    /// (words closer than `minimum` cells count as one stretch) that are each
    /// at least `stretch` cells long: lines of text on both sides, not a
    /// figure's tick labels or a footnote's number.
    func gaps(atLeast minimum: Int, between stretch: Int) -> [Range<Int>] {
        guard let span = textSpan else { return [] }
        var stretches: [Range<Int>] = []
        var start = span.lowerBound
        var cell = span.lowerBound
        while cell < span.upperBound {
            guard Self.isBlank(cells[cell]) else { cell += 1; continue }
            let blankStart = cell
            while cell < span.upperBound, Self.isBlank(cells[cell]) { cell += 1 }
            if cell - blankStart >= minimum {
                stretches.append(start..<blankStart)
                start = cell
            }
        }
        stretches.append(start..<span.upperBound)
        return zip(stretches, stretches.dropFirst()).compactMap { left, right in
            left.count >= stretch && right.count >= stretch ? left.upperBound..<right.lowerBound : nil
        }
    }

    /// The cells in `range`, at their places: cells before the range become
    /// blanks, so that positions stay those of the page.
    func slice(_ range: Range<Int>) -> LayoutRow {
        let lower = min(cells.count, max(0, range.lowerBound))
        let upper = min(cells.count, max(lower, range.upperBound))
        let kept = Array(repeating: Self.space, count: lower) + cells[lower..<upper]
        return LayoutRow(original: nil, cells: kept)
    }

    /// This line with its text moved from cell `start` to cell `indent`, and
    /// without trailing blanks.
    func reindented(from start: Int, to indent: Int) -> LayoutRow {
        let end = textSpan?.upperBound ?? start
        let moved = Array(repeating: Self.space, count: indent) + cells[start..<end]
        return LayoutRow(original: nil, cells: moved)
    }

    private static func string(_ cells: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: cells)
        return String(view)
    }
}
