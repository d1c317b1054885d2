import HyokaModel
import HyokaText

/// One pass over a narrative document.
///
/// Each line is asked, in order: is it page furniture, a table-of-contents
/// entry, a footnote's definition, a heading, a figure (its title and the
/// words printed inside it), a photo caption, a table — and otherwise it is
/// running text, joined into paragraphs.
struct NarrativeParse {
    let lines: [Line]
    let shape: NarrativeShape
    var claims: LineClaims
    var sections: [Section] = []
    var figures: [Figure] = []
    var footnotes: [Footnote] = []
    var artifacts: [LayoutArtifact] = []
    var editionYear: Int?
    var title: String?

    /// Open sections, outermost first, with the rank of the heading that
    /// opened each (nil for the text before the first heading).
    var stack: [(section: Section, rank: NarrativeHeading.Rank?)] = []
    /// The last number of each rank under the open headings: 「（2）」 follows 「（1）」.
    var lastNumbers: [NarrativeHeading.Rank: Int] = [:]
    var paragraph: [Line] = []
    /// A boxed column or feature (コラム / 特集) being read.
    var box: Section?
    var markers = FootnoteMarkers()
    /// Furniture found by repetition, by line number.
    let repeated: [Int: LayoutArtifact.Kind]
    /// Each line read as a heading once (the score may have read them already).
    let headings: NarrativeHeadings
    /// The first chapter and section headings, for the document's title.
    var chapterTitle: String?
    var sectionTitle: String?

    nonisolated(unsafe) static let loneMarker = #/[（(⁽]\d{1,2}[）)⁾]/#

    /// 「(4)」 alone on its line. Asked of every line of running text, so the
    /// pattern runs only on a short line that opens with a bracket.
    static func isLoneMarker(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "（" || first == "(" || first == "⁽",
              text.hasCharacterCount(atMost: 4) else { return false }
        return text.wholeMatch(of: loneMarker) != nil
    }

    init(lines: [Line], headings: NarrativeHeadings? = nil) {
        self.lines = lines
        self.headings = headings ?? NarrativeHeadings(lineCount: lines.last?.number ?? 0)
        self.shape = NarrativeShape(lines: lines)
        self.claims = LineClaims(lineCount: lines.count)
        // Headings below the divisions (「1 …」「（1）…」「ア …」): a division repeated at the head of pages is a running head.
        let furniture = RepeatedFurniture.find(in: lines) { line in NarrativeHeading.parse(line.text).map { $0.rank >= .number } ?? false }
        self.repeated = Dictionary(furniture.map { ($0.line, $0.kind) }, uniquingKeysWith: { first, _ in first })
    }

    mutating func run() {
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.isBlank { index += 1; continue }
            if shape.isPageStart(line), box != nil, shape.isHardWrapped { closeBox() }
            if let consumed = furniture(at: index) {
                index += consumed
                // Furniture then a blank line after a finished sentence: the
                // paragraph ended before the page's furniture.
                if paragraphEndsSentence, index < lines.count, lines[index].isBlank { flushParagraph(force: true) }
                continue
            }
            if let consumed = contentsEntry(at: index) ?? footnote(at: index)
                ?? figureWithTitle(at: index) ?? heading(at: index) ?? figure(at: index) ?? table(at: index) {
                index += consumed
                continue
            }
            if Self.isLoneMarker(line.text) || LineShape.loneNumber(line.text) != nil {
                // 「(4)」 or 「2」 alone between the halves of a paragraph: a
                // marker the PDF printed apart from its word, a page number
                // or a stray digit of a figure. Not text: kept as unparsed,
                // and it neither joins nor holds open a paragraph.
                markers.scan("…" + line.text)
                index += 1
                continue
            }
            markers.scan(line.text)
            appendToParagraph(line)
            index += 1
        }
        flushParagraph(force: true)
        closeBox()
        while !stack.isEmpty { closeSection() }
        if title == nil { title = documentTitle() }
    }

    /// 「第4章 第1節 世界とのつながりを深める日本社会と日本人」 from the
    /// first chapter and section headings; the chapter's own title when it has no 節.
    private func documentTitle() -> String? {
        guard let chapterTitle else { return sectionTitle }
        guard let sectionTitle else { return chapterTitle }
        let chapterMarker = chapterTitle.split(separator: " ").first.map(String.init) ?? chapterTitle
        return "\(chapterMarker) \(sectionTitle)"
    }

    // MARK: Sections

    /// A line (or a marker and the title on the line after it) read as a
    /// heading, opened as a section or a box. Returns lines consumed.
    private mutating func heading(at index: Int) -> Int? {
        let line = lines[index]
        if let consumed = boxLabel(at: index) { return consumed }
        var lastLine = line
        var parsed = headings.parse(line, gluedKana: true)
        if parsed == nil, let rest = bracketContinuation(after: index) {
            // 「● 欧州評議会の「AI、人権、民主主義、」「法の支配に関する枠組条約」」
            parsed = NarrativeHeading.parse(LineShape.join([line.text, rest.text]), gluedKana: true)
            if parsed != nil { lastLine = rest }
        }
        guard var heading = parsed else { return nil }
        if lastLine.number != line.number {
            // Already joined to the line that closes its bracket.
        } else if heading.words.isEmpty {
            // 「第1節」 on its own line, its title on the next.
            guard let next = nextNonBlank(after: index), isTitleLine(next) else { return nil }
            heading.words = NarrativeHeading.closeUpLetterSpacing(next.text)
            lastLine = next
        } else {
            for next in wrappedTitleLines(after: index, heading: heading) {
                // 「（AI Japan」「R&D Network）の設立」: Latin words keep their space.
                heading.words = LineShape.join([heading.words, next.text])
                lastLine = next
            }
        }
        if box != nil, heading.rank == .bullet, NarrativeBox.isInterviewee(heading.words) {
            // 「●岡野原大輔氏」: the person a column interviews, a byline.
            addByline(lines[index])
            return 1
        }
        if isRepeatedDivision(heading) {
            // 「第1節世界とのつながり…」 again, or 第1部 after the chapter has
            // begun: the division's title printed as a running head.
            artifacts.append(LayoutArtifact(kind: .runningHead, text: line.text, line: line.number, endLine: lastLine.number))
            claims.claim(line.number...lastLine.number)
            return lastLine.number - line.number + 1
        }
        guard accepts(heading, line: line) else { return nil }
        heading.words = stripGluedMarkers(heading.words, at: index)
        // A boxed feature interrupts the page, not the paragraph around it.
        if box == nil || heading.rank < .number { flushParagraph(force: true) }
        claims.claim(line.number...lastLine.number)
        open(heading, line: line.number, endLine: lastLine.number)
        return lastLine.number - line.number + 1
    }

    /// A 第N部/章/節 heading out of sequence: the same number as the one
    /// open, or a first one after headings of lower rank have begun.
    private func isRepeatedDivision(_ heading: NarrativeHeading) -> Bool {
        guard heading.rank <= .section, let number = heading.number else { return false }
        if let last = lastNumbers[heading.rank] { return number <= last }
        return lastNumbers.keys.contains { $0 > heading.rank }
    }

    /// Whether a parsed heading is one here: weak ranks need a paragraph to
    /// have ended and their number to follow the last of their rank.
    private func accepts(_ heading: NarrativeHeading, line: Line) -> Bool {
        if heading.rank == .bullet {
            // 「■ …」「● …」 heads a block of text only when one follows.
            return !paragraphIsOpen || box != nil || paragraphEndsSentence
        }
        // A heading never interrupts a sentence: 「第4章に示すとおり…」 continuing
        // a paragraph is a reference, not a chapter.
        // Only a 第N節 (章, 部) that continues its sequence, set apart from its
        // title, is strong enough to end a paragraph that never finished its
        // sentence: the cells of a table left open above it.
        if paragraphIsOpen && box == nil && !paragraphEndsSentence && !line.text.utf8.contains(0x09)
            && !continuesDivisions(heading, line: line) { return false }
        guard heading.rank.isWeak else { return true }
        guard let number = heading.number else { return true }
        if box != nil, heading.rank == .dotted || heading.rank == .number { return true }
        // 「イスラエルは…」 after a sentence is text even where イ would come next.
        if heading.readsAsWord, !isTitleShaped(line) { return false }
        guard let last = lastNumbers[heading.rank] else { return !heading.isAmbiguous || number == 1 }
        return number == last + 1
    }

    /// 「第3節 基盤モデルの…」 after 第2節: a division in sequence, its number
    /// set apart from a title that carries no 「、」. References in a sentence
    /// (「第3節では、」「第3節参照」) run on without a gap, or carry a particle.
    private func continuesDivisions(_ heading: NarrativeHeading, line: Line) -> Bool {
        guard heading.rank <= .section, heading.separated, let number = heading.number else { return false }
        return number == (lastNumbers[heading.rank] ?? 0) + 1 && !line.containsLiteral("、")
    }

    /// The line that finishes a heading wrapped inside a bracket: the first
    /// line ends in 「、」 (which no heading does) with a 「 or （ still open,
    /// and the next line closes it and ends there
    /// (「● 欧州評議会の「AI、人権、民主主義、」「法の支配に関する枠組条約」」).
    private func bracketContinuation(after index: Int) -> Line? {
        let first = lines[index]
        guard first.text.hasLiteralSuffix("、"), index + 1 < lines.count else { return nil }
        let opened = Self.openBrackets(first)
        guard opened > 0 else { return nil }
        let next = lines[index + 1]
        guard !next.isBlank, !shape.isPageStart(next), !next.containsLiteral("。"),
              let last = next.text.last, "」）』)".contains(last) else { return nil }
        // Standalone scalars are characters of their own whatever stands
        // beside them, so the joined lines' brackets are the two lines' sum.
        let closed = first.isStandalone && next.isStandalone
            ? opened + Self.openBrackets(next) == 0 : Self.openBrackets(first.text + next.text) == 0
        return closed ? next : nil
    }

    /// Brackets opened and not yet closed in the line (「」, （）, 『』):
    /// counted by scalar in a line of standalone scalars, where each scalar
    /// is a character, without comparing `Character`s.
    private static func openBrackets(_ line: Line) -> Int {
        guard line.isStandalone else { return openBrackets(line.text) }
        var depth = 0
        for scalar in line.text.unicodeScalars {
            switch scalar {
            case "「", "（", "『", "(": depth += 1
            case "」", "）", "』", ")": depth -= 1
            default: break
            }
        }
        return depth
    }

    /// Brackets opened and not yet closed in `text` (「」, （）, 『』).
    private static func openBrackets(_ text: String) -> Int {
        var depth = 0
        for character in text {
            if "「（『(".contains(character) { depth += 1 }
            if "」）』)".contains(character) { depth -= 1 }
        }
        return depth
    }

    /// A line shaped like a title rather than like the first line of a
    /// paragraph: no 「、」, and in a hard-wrapped column short of the
    /// column's edge (a paragraph's lines fill it, give or take the
    /// punctuation allowed to hang over it).
    private func isTitleShaped(_ line: Line) -> Bool {
        !line.containsLiteral("、") && (!shape.isHardWrapped || line.width < shape.columnWidth - 3)
    }

    private mutating func open(_ heading: NarrativeHeading, line: Int, endLine: Int) {
        if let current = box {
            // Inside a box: its own numbered and bulleted headings are its
            // children; a heading that continues the chapter's numbering ends the box.
            let continuesChapter = heading.number.map { number in lastNumbers[heading.rank].map { number == $0 + 1 } ?? false } ?? false
            if heading.rank > .overview, !continuesChapter || heading.rank == .bullet || heading.rank == .dotted,
               !(heading.rank == .bullet && returnsToColumn(from: current, headingLine: line, endLine: endLine)) {
                var updated = current
                updated.children.append(Section(title: heading.title, kind: .heading, level: current.level + 1, line: line, endLine: endLine))
                box = updated
                return
            }
            closeBox()
        }
        flushParagraph(force: true)
        while let last = stack.last, last.rank.map({ $0 >= heading.rank }) ?? true { closeSection() }
        for rank in NarrativeHeading.Rank.allCases where rank > heading.rank { lastNumbers[rank] = nil }
        if let number = heading.number { lastNumbers[heading.rank] = number }
        if heading.rank == .chapter, chapterTitle == nil { chapterTitle = heading.title }
        if heading.rank == .section, sectionTitle == nil { sectionTitle = heading.title }
        stack.append((Section(title: heading.title, kind: .heading, level: stack.count + 1, line: line, endLine: endLine), heading.rank))
    }

    /// A column set across the page (its lines far wider than the body
    /// column), then a bulleted heading in the body column with text of the
    /// body column's width under it: the box has ended and the chapter goes
    /// on (ch3: コラム1-3, then 「● 欧州評議会の…」).
    private func returnsToColumn(from box: Section, headingLine: Int, endLine: Int) -> Bool {
        guard shape.isHardWrapped, let last = (box.blocks + box.children.flatMap(\.blocks)).max(by: { $0.endLine < $1.endLine }),
              let boxWidth = lines[(last.line - 1)..<last.endLine].map(\.width).max(),
              boxWidth > shape.columnWidth * 3 / 2, lines[headingLine - 1].width <= shape.columnWidth + 4,
              let text = nextNonBlank(after: endLine - 1) else { return false }
        return text.width <= shape.columnWidth + 4
    }

    /// 「コラム」「COLUMN」「コラム１-１」 and 「…特集」 open a box; its title is
    /// the next short line when one follows (else the label), and a short
    /// line after the title that ends in a name is its byline.
    private mutating func boxLabel(at index: Int) -> Int? {
        let line = lines[index]
        guard let label = NarrativeBox.label(line.text) else { return nil }
        var consumed = [line]
        var title = label.title
        var cursor = index
        // 「コラム」 then 「COLUMN」: one label printed twice.
        while let next = nextNonBlank(after: cursor), let again = NarrativeBox.label(next.text), again.title.isEmpty, label.kind == again.kind {
            consumed.append(next)
            cursor = next.number - 1
        }
        if title.isEmpty, let next = nextNonBlank(after: cursor), isTitleLine(next) {
            title = NarrativeHeading.closeUpLetterSpacing(next.text)
            consumed.append(next)
            cursor = next.number - 1
        }
        // A box interrupts the page, not the paragraph around it: no flush.
        closeBox()
        for part in consumed { claims.claim(part.number) }
        let level = (stack.last?.section.level ?? 0) + 1
        var opened = Section(title: title.isEmpty ? label.name : title, kind: label.kind, level: level, line: line.number, endLine: consumed.last?.number ?? line.number)
        if let byline = nextNonBlank(after: cursor), NarrativeBox.isByline(byline.text) {
            opened.blocks.append(TextBlock(heading: "byline", text: byline.text, line: byline.number, endLine: byline.number))
            claims.claim(byline.number)
            cursor = byline.number - 1
        }
        box = opened
        return cursor - index + 1
    }

    /// A byline under a box's title or subheading.
    mutating func addByline(_ line: Line) {
        guard var current = box else { return }
        let byline = TextBlock(heading: "byline", text: line.text, line: line.number, endLine: line.number)
        if current.children.isEmpty { current.blocks.append(byline) } else { current.children[current.children.count - 1].blocks.append(byline) }
        box = current
        claims.claim(line.number)
    }

    /// A line that can be a title: short, not a sentence, not itself a heading.
    private func isTitleLine(_ line: Line) -> Bool {
        // In a column, a line as wide as the column is text, not a title.
        guard !shape.isHardWrapped || line.width < shape.columnWidth else { return false }
        return !line.text.hasLiteralSuffix("。") && !line.text.hasLiteralSuffix("、")
            && line.text.hasCharacterCount(atMost: NarrativeHeading.maximumLength)
            && headings.parse(line) == nil && NarrativeBox.label(line.text) == nil
            && FigureTitle(line.text) == nil
    }

    /// A heading that (nearly) fills the body column continues on the next
    /// lines (「（1）法の支配に基づく自由で開かれた国際秩序」「に対する挑戦」):
    /// up to two lines without punctuation, each narrower than the column,
    /// the second only if the first nearly filled it. A heading wider than
    /// the column was not wrapped, and takes nothing.
    private func wrappedTitleLines(after index: Int, heading: NarrativeHeading) -> [Line] {
        let column = shape.columnWidth
        let first = lines[index]
        guard shape.isHardWrapped, first.width >= column * 3 / 4, first.width <= column + 4 else { return [] }
        var result: [Line] = []
        var cursor = index + 1
        while result.count < 2, cursor < lines.count {
            let next = lines[cursor]
            // A title's words carry no 「、」 or 「。」: a line with one starts the text.
            guard !next.isBlank, !shape.isPageStart(next), !next.containsLiteral("。"), !next.containsLiteral("、"),
                  next.width < column - 2, headings.parse(next) == nil, FigureTitle(next.text) == nil else { break }
            result.append(next)
            if next.width < column * 8 / 10 { break }
            cursor += 1
        }
        return result
    }

    /// 「…研究センター1の設立」「AI技術の潮流3」: a footnote marker printed as
    /// a plain digit after a word of a title — one digit before a particle
    /// or at the end — is dropped and remembered as a marker. 「60周年」 stays.
    ///
    /// After a Latin word the digit may be part of a name (「G7」「Web3」), so
    /// there it is a marker only where a footnote with its number is printed
    /// further down the same page: 「（GPAI3）」 over 「3 The Global Partnership…」.
    private mutating func stripGluedMarkers(_ words: String, at lineIndex: Int) -> String {
        let characters = Array(words)
        var result = ""
        for (index, character) in characters.enumerated() {
            guard character.isASCII, character.isNumber, let digit = character.wholeNumberValue, index > 0 else {
                result.append(character)
                continue
            }
            let before = characters[index - 1]
            let endsWord = index + 1 == characters.count || "のをがはとにへで".contains(characters[index + 1])
            if !before.isASCII, !"第約計全各".contains(before), endsWord {
                markers.expect(digit, style: .bare)
                continue
            }
            if before.isLetter, before.isASCII, endsWord || "）)」".contains(characters[index + 1]),
               footnoteFollowsOnPage(digit, after: lineIndex) {
                markers.expect(digit, style: .bare)
                continue
            }
            result.append(character)
        }
        return result
    }

    /// True when a footnote numbered `number` is defined below `index`
    /// before the page ends.
    private func footnoteFollowsOnPage(_ number: Int, after index: Int) -> Bool {
        for line in lines[(index + 1)...].prefix(200) {
            if shape.isPageStart(line) { return false }
            if FootnoteDefinition(line.text)?.number == number { return true }
        }
        return false
    }

    mutating func closeSection() {
        guard var (section, _) = stack.popLast() else { return }
        section.endLine = max(section.endLine, section.blocks.last?.endLine ?? section.line, section.children.last?.endLine ?? section.line)
        if stack.isEmpty {
            sections.append(section)
        } else {
            stack[stack.count - 1].section.children.append(section)
        }
    }

    mutating func closeBox() {
        guard var finished = box else { return }
        box = nil
        let lastLine = ([finished.blocks.last?.endLine] + finished.children.map { $0.blocks.last?.endLine ?? $0.endLine }).compactMap { $0 }.max()
        finished.endLine = max(finished.line, lastLine ?? finished.line)
        if stack.isEmpty {
            sections.append(finished)
        } else {
            stack[stack.count - 1].section.children.append(finished)
        }
    }

    // MARK: Paragraphs

    var paragraphIsOpen: Bool { !paragraph.isEmpty }

    /// The open paragraph's last line ends a sentence (its column was too
    /// full to tell whether the paragraph ends there too).
    var paragraphEndsSentence: Bool {
        guard let last = paragraph.last?.text else { return true }
        return last.hasLiteralSuffix("。") || last.hasLiteralSuffix("。」") || last.hasLiteralSuffix("。）")
    }

    /// A paragraph ends at a line that ends a sentence and is short (in a
    /// narrow column the last line of a paragraph rarely fills the width) or
    /// is followed by a blank line; in text set one paragraph per line, at
    /// every line that ends a sentence.
    private mutating func appendToParagraph(_ line: Line) {
        claims.claim(line.number)
        if box != nil {
            if endsPoliteBox(before: line) { closeBox() } else {
                addBoxLine(line)
                return
            }
        }
        paragraph.append(line)
        guard line.text.hasLiteralSuffix("。") || line.text.hasLiteralSuffix("。）") || line.text.hasLiteralSuffix("。」") else { return }
        if !shape.isHardWrapped || line.width < shape.shortLineWidth || nextIsBlank(after: line) {
            flushParagraph(force: false)
        }
    }

    /// Columns are written in the polite style (です・ます); the chapter in
    /// the plain style (である). A paragraph in the plain style after a box
    /// whose paragraphs were polite is the chapter again: the box has ended.
    private func endsPoliteBox(before line: Line) -> Bool {
        guard let current = box, line.text.hasLiteralSuffix("。") else { return false }
        let blocks = current.blocks + current.children.flatMap(\.blocks)
        guard let last = blocks.last, last.text.hasLiteralSuffix("。"), blocks.contains(where: { NarrativeBox.isPolite($0.text) }) else { return false }
        return !NarrativeBox.isPolite(line.text)
    }

    private func nextIsBlank(after line: Line) -> Bool {
        let index = line.number // lines are 1-based; index of the next line is `number`
        return index >= lines.count || lines[index].isBlank
    }

    func nextNonBlank(after index: Int) -> Line? {
        lines[(index + 1)...].first { !$0.isBlank }
    }

    mutating func flushParagraph(force: Bool) {
        guard let block = paragraph.block() else { return }
        paragraph.removeAll()
        if stack.isEmpty {
            stack.append((Section(title: "", kind: .preamble, level: 1, line: block.line, endLine: block.line), nil))
        }
        stack[stack.count - 1].section.blocks.append(block)
    }

    /// Box text: paragraphs end at 「。」 (boxes are set wider and unwrapped less regularly).
    private mutating func addBoxLine(_ line: Line) {
        guard var current = box else { return }
        if let childIndex = current.children.indices.last {
            Self.append(line, to: &current.children[childIndex].blocks)
        } else {
            Self.append(line, to: &current.blocks)
        }
        box = current
    }

    private static func append(_ line: Line, to blocks: inout [TextBlock]) {
        if var last = blocks.last, last.heading == nil, !last.text.hasSuffix("。") {
            last.text = LineShape.join([last.text, line.text])
            last.endLine = line.number
            blocks[blocks.count - 1] = last
        } else {
            blocks.append(TextBlock(text: line.text, line: line.number, endLine: line.number))
        }
    }
}

/// Measurements of the whole document that the parse needs before it starts.
struct NarrativeShape {
    /// The typical length (characters) of a line of running text.
    let lineLength: Int

    /// The width (display columns) of the text column: wider lines are few.
    let columnWidth: Int
    /// The text marks pages with form feeds (a PDF), so a single leading
    /// space is indentation, not a page start.
    let hasFormFeeds: Bool

    init(lines: [Line]) {
        let text = lines.filter { $0.containsLiteral("。") || !$0.text.hasCharacterCount(atMost: 11) }
        let lengths = text.map(\.characterCount).sorted()
        lineLength = lengths.isEmpty ? 0 : lengths[lengths.count * 3 / 4]
        columnWidth = Self.mostCommonWidth(text.map(\.width))
        hasFormFeeds = lines.contains(where: \.opensWithFormFeed)
    }

    /// The width most lines have (counted in windows of three columns, so
    /// that a column of 44–46 is one peak): the body column. Footnotes,
    /// tables and headings set across the page are wider but fewer.
    static func mostCommonWidth(_ widths: [Int]) -> Int {
        guard let widest = widths.max() else { return 0 }
        var counts = Array(repeating: 0, count: widest + 2)
        for width in widths { counts[width] += 1 }
        var best = 0, bestCount = -1
        for width in 1...widest {
            let window = counts[width - 1] + counts[width] + counts[width + 1]
            if window > bestCount { best = width; bestCount = window }
        }
        return best + 1
    }

    func isPageStart(_ line: Line) -> Bool { hasFormFeeds ? line.opensWithFormFeed : line.startsPage }

    /// A line ending a sentence ends its paragraph when narrower than this:
    /// the last line of a paragraph rarely fills the column (003: column 48,
    /// paragraphs end below 34).
    var shortLineWidth: Int { columnWidth * 71 / 100 }

    /// Text wrapped to a column (003, PDFs) rather than one paragraph per
    /// line (001): a line of the column is at most a few dozen characters.
    var isHardWrapped: Bool { lineLength > 0 && lineLength <= 50 }

    /// A line this long fills the column.
    var fullLineLength: Int { max(8, lineLength * 85 / 100) }
}

/// The label of a boxed column or feature.
enum NarrativeBox {
    nonisolated(unsafe) static let columnLabel = #/(?:コラム|COLUMN|Column)\s*(?<number>\d{1,2}(?:\s*[-－‐]\s*\d{1,2})?)?\s*(?<title>.*)/#
    nonisolated(unsafe) static let featureSuffix = #/(?<title>.*?)\s*特\s*集/#
    nonisolated(unsafe) static let featurePrefix = #/特\s*集\s*(?<number>\d{1,2})?\s+(?<title>\S.*)/#
    /// A byline ends in a person's name: family and given name with a space between.
    nonisolated(unsafe) static let byline = #/.{2,60}\S[ 　][\p{Han}]{1,3}[ 　][\p{Han}\p{Hiragana}\p{Katakana}]{1,4}/#

    struct Label {
        let kind: Section.Kind
        /// The label as printed (「コラム1-1」), the box's title when it has no other.
        let name: String
        /// A title printed on the label's line.
        let title: String
    }

    static func label(_ text: String) -> Label? {
        guard text.hasCharacterCount(atMost: NarrativeHeading.maximumLength), !text.hasLiteralSuffix("。") else { return nil }
        if text.hasLiteralPrefix("コラム") || text.hasLiteralPrefix("COLUMN") || text.hasLiteralPrefix("Column"), let match = text.wholeMatch(of: columnLabel) {
            // 「コラム１-１のとおり、…」 is a reference to the column, not its label.
            let title = String(match.output.title)
            if title.hasPrefix("の") || title.hasPrefix("を") || title.hasPrefix("に") || title.hasPrefix("参照") { return nil }
            let number = match.output.number.map { $0.filter { !$0.isWhitespace } } ?? ""
            return Label(kind: .column, name: "コラム" + number, title: title.trimmingJapaneseWhitespace())
        }
        // Asked of nearly every line: one without 「集」 is no feature label,
        // and is not copied without its spaces to find that out.
        guard text.containsLiteral("集") else { return nil }
        let compact = text.filter { $0 != " " && $0 != "\t" }
        if compact.hasSuffix("特集"), let match = text.wholeMatch(of: featureSuffix) {
            return Label(kind: .feature, name: "特集", title: String(match.output.title).trimmingJapaneseWhitespace())
        }
        if compact.hasPrefix("特集"), let match = text.wholeMatch(of: featurePrefix) {
            return Label(kind: .feature, name: "特集", title: String(match.output.title).trimmingJapaneseWhitespace())
        }
        return nil
    }

    /// 「岡野原大輔氏」: a name with its honorific, the subject of an interview.
    static func isInterviewee(_ words: String) -> Bool {
        words.hasSuffix("氏") && words.hasCharacterCount(atMost: 12) && !words.containsLiteral("、")
    }

    static func isByline(_ text: String) -> Bool {
        !text.containsLiteral("。") && text.hasCharacterCount(atMost: 60) && text.wholeMatch(of: byline) != nil
    }

    /// A sentence in the polite style (です・ます).
    static func isPolite(_ text: String) -> Bool {
        let trimmed = text.hasSuffix("。」") || text.hasSuffix("。）") ? String(text.dropLast()) : text
        return ["ます。", "ました。", "です。", "でした。", "ません。", "でしょう。", "ください。"].contains { trimmed.hasSuffix($0) }
    }
}
