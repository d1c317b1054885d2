import HyokaModel
import HyokaText

/// Recognises narrative documents — chapters of the Diplomatic Bluebook
/// (外交青書) and ministry white papers (白書) — as a section tree
/// (総論 / 各論, 1, （1）, ア, 特集, コラム) with paragraphs rebuilt from
/// hard-wrapped lines, and with captions, data-less charts, tables, page
/// footers and running heads set apart from the text.
struct NarrativeRecognizer: LayoutRecognizer {
    nonisolated(unsafe) static let footer = #/(?<edition>外交青書|[^\s\d]{1,12}白書)\s*(?<year>\d{4})/#
    nonisolated(unsafe) static let runningHead = #/第\s*\d{1,2}\s*[章節].+/#
    nonisolated(unsafe) static let captionDate = #/（\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?[^（）]*）$/#
    nonisolated(unsafe) static let footnoteLine = #/(?:⁽(?<sup>[0-9]+)⁾|（注\s*(?<note>\d+)）)\s*(?<text>.+)/#
    // Section headings: 「1 総論」 (level 2), 「（1）…」 (3), 「ア …」 (4), 「1．…」 inside a box.
    nonisolated(unsafe) static let featureSuffix = #/\s*特\s*集$/#
    nonisolated(unsafe) static let numberedHeading = #/\d{1,2}\s+\S.{1,30}/#
    nonisolated(unsafe) static let bracketedHeading = #/（\d{1,2}）\S.{0,38}/#
    nonisolated(unsafe) static let kanaHeading = #/[ア-ン]\s+\S.{1,30}/#
    nonisolated(unsafe) static let boxHeading = #/\d{1,2}．\S.{1,38}/#
    nonisolated(unsafe) static let chapterPrefix = #/^(第\s*\d+\s*[章節])\s*/#
    nonisolated(unsafe) static let verticalChapter = #/第\d{1,2}[章節部]/#

    /// The widest line of the body's text column, with a margin. Wider lines
    /// are captions, boxes or tables (measured on 003: body ≤ 48, captions 58–80).
    static let bodyColumnWidth = 50

    var layout: ReportLayout { .narrative }

    /// `LayoutScore.generalStructure` for a page footer that names an
    /// edition (「225外交青書 2013」, 「…白書 2024」); else 0.
    func score(_ lines: [Line]) -> Double {
        Self.accepts(lines) ? LayoutScore.generalStructure : 0
    }

    static func accepts(_ lines: [Line]) -> Bool {
        lines.contains { line in line.gluedPage != nil && line.text.wholeMatch(of: footer) != nil }
    }

    func recognize(_ lines: [Line], into report: inout EvaluationReport, claims: inout LineClaims) {
        var parse = NarrativeParse(lines: lines)
        parse.run()
        claims.merge(parse.claims)
        report.kind = parse.isBluebook ? .bluebook : .whitePaper
        report.layout = .narrative
        report.ministry = parse.isBluebook ? "外務省" : nil
        report.published = parse.editionYear.map { CalendarDate(year: $0) }
        report.title = parse.title
        report.sections = parse.sections
        report.figures = parse.figures
        report.footnotes = parse.footnotes
        report.layoutArtifacts = parse.artifacts
    }
}

/// One pass over a narrative document.
struct NarrativeParse {
    let lines: [Line]
    var claims: LineClaims
    var sections: [Section] = []
    var figures: [Figure] = []
    var footnotes: [Footnote] = []
    var artifacts: [LayoutArtifact] = []
    var isBluebook = false
    var editionYear: Int?
    var title: String?

    /// Open sections, outermost first.
    private var stack: [Section] = []
    private var paragraph: [Line] = []
    /// A boxed feature (特集 / コラム) being read; it ends at the next page.
    private var box: Section?

    init(lines: [Line]) {
        self.lines = lines
        self.claims = LineClaims(lineCount: lines.count)
    }

    mutating func run() {
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.isBlank { index += 1; continue }
            if line.startsPage, box != nil { closeBox() }
            if let consumed = furniture(at: index) { index += consumed; continue }
            if let (level, kind, title) = heading(line) {
                // A boxed feature interrupts the page, not the paragraph around it.
                if kind != .feature && kind != .column && box == nil { flushParagraph(force: true) }
                claims.claim(line.number)
                if kind == .feature || kind == .column {
                    closeBox()
                    box = Section(title: title, kind: kind, level: (stack.last?.level ?? 0) + 1, line: line.number, endLine: line.number)
                } else if var current = box, kind == .heading, title.first?.isNumber == true {
                    current.children.append(Section(title: title, kind: .heading, level: current.level + 1, line: line.number, endLine: line.number))
                    box = current
                } else {
                    closeBox()
                    openSection(Section(title: title, kind: kind, level: level, line: line.number, endLine: line.number))
                }
                index += 1
                continue
            }
            if let consumed = figure(at: index) { index += consumed; continue }
            if let consumed = table(at: index) { index += consumed; continue }
            if box == nil, !paragraphIsOpen, line.text.hasLiteralPrefix("⁽") || line.text.hasLiteralPrefix("（注"),
               let match = line.text.wholeMatch(of: NarrativeRecognizer.footnoteLine) {
                let marker = String(match.output.sup ?? match.output.note ?? "")
                footnotes.append(Footnote(marker: marker, text: String(match.output.text), line: line.number, endLine: line.number))
                claims.claim(line.number)
                index += 1
                continue
            }
            appendToParagraph(line)
            index += 1
        }
        flushParagraph(force: true)
        closeBox()
        while !stack.isEmpty { closeSection() }
    }

    // MARK: Sections

    /// Asked of every line, so the common case (a line of body text, which
    /// ends in 「。」 or 「、」 or is too long) is answered before any copy.
    private func heading(_ line: Line) -> (level: Int, kind: Section.Kind, title: String)? {
        // Spaces and tabs closed up to one space change neither end of the (trimmed) line.
        guard !line.text.hasLiteralSuffix("。"), !line.text.hasLiteralSuffix("、") else { return nil }
        let spaced = line.text.utf8.contains(0x20) || line.text.utf8.contains(0x09)
        let text = spaced ? line.text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") : line.text
        guard text.hasCharacterCount(atMost: 40) else { return nil }
        let compact = text.utf8.contains(0x20) ? text.replacingOccurrences(of: " ", with: "") : text
        if compact.hasLiteralSuffix("特集") { return (0, .feature, text.replacing(NarrativeRecognizer.featureSuffix, with: "")) }
        if compact.hasLiteralPrefix("コラム") { return (0, .column, String(text.dropFirst(3)).trimmingJapaneseWhitespace()) }
        if compact.isLiteral("総論") || compact.isLiteral("各論") { return (1, .heading, compact == "総論" ? "総論" : "各論") }
        let tabbed = line.text.utf8.contains(0x09)
        if tabbed, text.first?.isNumber == true, text.wholeMatch(of: NarrativeRecognizer.numberedHeading) != nil { return (2, .heading, text) }
        if text.first == "（", text.wholeMatch(of: NarrativeRecognizer.bracketedHeading) != nil { return (3, .heading, text) }
        if tabbed, text.wholeMatch(of: NarrativeRecognizer.kanaHeading) != nil { return (4, .heading, text) }
        if box != nil, text.first?.isNumber == true, text.wholeMatch(of: NarrativeRecognizer.boxHeading) != nil { return (0, .heading, text) }
        return nil
    }

    private mutating func openSection(_ section: Section) {
        while let last = stack.last, last.level >= section.level { closeSection() }
        stack.append(section)
    }

    private mutating func closeSection() {
        guard var section = stack.popLast() else { return }
        section.endLine = max(section.endLine, section.blocks.last?.endLine ?? section.line, section.children.last?.endLine ?? section.line)
        if stack.isEmpty {
            sections.append(section)
        } else {
            stack[stack.count - 1].children.append(section)
        }
    }

    private mutating func closeBox() {
        guard var finished = box else { return }
        box = nil
        let lastLine = ([finished.blocks.last?.endLine] + finished.children.map { $0.blocks.last?.endLine ?? $0.line }).compactMap { $0 }.max()
        finished.endLine = max(finished.line, lastLine ?? finished.line)
        if stack.isEmpty {
            sections.append(finished)
        } else {
            stack[stack.count - 1].children.append(finished)
        }
    }

    // MARK: Paragraphs

    private var paragraphIsOpen: Bool { !paragraph.isEmpty }

    /// A paragraph ends at a short line that ends a sentence: in a narrow
    /// column the last line of a paragraph rarely fills the width.
    private mutating func appendToParagraph(_ line: Line) {
        claims.claim(line.number)
        if box != nil {
            addBoxLine(line)
            return
        }
        paragraph.append(line)
        if line.text.hasSuffix("。"), line.width < NarrativeRecognizer.bodyColumnWidth - 16 || nextIsBlank(after: line) {
            flushParagraph(force: false)
        }
    }

    private func nextIsBlank(after line: Line) -> Bool {
        let index = line.number // lines are 1-based; index of the next line is `number`
        return index >= lines.count || lines[index].isBlank
    }

    private mutating func flushParagraph(force: Bool) {
        guard let block = paragraph.block() else { return }
        paragraph.removeAll()
        if stack.isEmpty {
            stack.append(Section(title: "", kind: .preamble, level: 1, line: block.line, endLine: block.line))
        }
        stack[stack.count - 1].blocks.append(block)
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
        if var last = blocks.last, !last.text.hasSuffix("。") {
            last.text = LineShape.join([last.text, line.text])
            last.endLine = line.number
            blocks[blocks.count - 1] = last
        } else {
            blocks.append(TextBlock(text: line.text, line: line.number, endLine: line.number))
        }
    }

    // MARK: Furniture, figures and tables

    /// Page footers (「225外交青書 2013」), running heads (「第１節…」) and the
    /// chapter number set vertically (「第」「４」「章」). Returns lines consumed.
    private mutating func furniture(at index: Int) -> Int? {
        let line = lines[index]
        if let page = line.gluedPage, let match = line.text.wholeMatch(of: NarrativeRecognizer.footer) {
            isBluebook = match.output.edition == "外交青書"
            editionYear = Int(match.output.year)
            artifacts.append(LayoutArtifact(kind: .pageNumber, text: String(page), line: line.number, endLine: line.number))
            artifacts.append(LayoutArtifact(kind: .pageFooter, text: line.text, line: line.number, endLine: line.number))
            claims.claim(line.number)
            return 1
        }
        if line.text.hasLiteralPrefix("第"), line.text.wholeMatch(of: NarrativeRecognizer.runningHead) != nil, line.width > 20 {
            artifacts.append(LayoutArtifact(kind: .runningHead, text: line.text, line: line.number, endLine: line.number))
            claims.claim(line.number)
            if title == nil { title = line.text.replacing(NarrativeRecognizer.chapterPrefix) { "\($0.output.1) " } }
            return 1
        }
        // 「第」「４」「章」 on three lines.
        if line.text == "第", index + 2 < lines.count {
            let run = lines[index...].prefix(while: { !$0.isBlank }).prefix(4)
            let joined = run.map(\.text).joined()
            if joined.wholeMatch(of: NarrativeRecognizer.verticalChapter) != nil {
                artifacts.append(LayoutArtifact(kind: .verticalText, text: joined, line: line.number, endLine: run.last?.number ?? line.number))
                for part in run { claims.claim(part.number) }
                if let chapter = title.flatMap({ $0.hasPrefix("第") && $0.contains("節") ? $0 : nil }), !chapter.contains("章") {
                    title = "\(joined) \(chapter)"
                }
                return run.count
            }
        }
        return nil
    }

    /// Photo captions (「写真提供」, or ending in a date in brackets such as
    /// 「（11 月 21 日、東京）」) and titles of charts whose data did not survive.
    private mutating func figure(at index: Int) -> Int? {
        let run = runOfLines(from: index)
        guard let first = run.first, let last = run.last, run.count <= 3 else { return nil }
        let text = run.joinedText
        let isStandalone = (index == 0 || lines[index - 1].isBlank)
            && (last.number >= lines.count || lines[last.number].isBlank || lines[last.number].startsPage)
        let wide = run.contains { $0.width > NarrativeRecognizer.bodyColumnWidth }
        let credited = text.containsLiteral("写真提供")
        let lastText = last.text.trimmingJapaneseWhitespace()
        // A caption date ends the line: 「…）」 with a 月 in it.
        let looksLikeCaption = credited || lastText.hasLiteralSuffix("）") && lastText.containsLiteral("月")
            && lastText.firstMatch(of: NarrativeRecognizer.captionDate) != nil
        if looksLikeCaption, wide || isStandalone || text.hasCharacterCount(atMost: 39), !text.hasLiteralSuffix("。") || credited {
            figures.append(Figure(kind: .caption, title: spacedTextJoined(text), line: first.number, endLine: last.number))
            claims.claim(first.number...last.number)
            return run.count
        }
        guard run.count == 1, isStandalone, !text.containsLiteral("。"), text.hasCharacterCount(atMost: 30) else { return nil }
        let chartEndings = ["推移", "割合", "内訳", "状況", "構成", "比較", "動向", "件数", "数"]
        if chartEndings.contains(where: { text.hasSuffix($0) }) {
            var figure = Figure(kind: .chart, title: text, line: first.number, endLine: first.number)
            claims.claim(first.number)
            // Notes that follow the chart title: （注１）…
            var cursor = index + 1
            while cursor < lines.count, lines[cursor].isBlank || MOFAPatterns.isNote(lines[cursor].text) {
                if !lines[cursor].isBlank {
                    figure.notes.append(lines[cursor].text)
                    figure.endLine = lines[cursor].number
                    claims.claim(lines[cursor].number)
                }
                cursor += 1
                if cursor < lines.count, !lines[cursor].isBlank, !MOFAPatterns.isNote(lines[cursor].text) { break }
            }
            figures.append(figure)
            return cursor - index
        }
        if !paragraphIsOpen || box != nil {
            figures.append(Figure(kind: .caption, title: text, line: first.number, endLine: first.number))
            claims.claim(first.number)
            return 1
        }
        return nil
    }

    /// Adjacent non-blank lines from `index`, stopping where a new page starts.
    private func runOfLines(from index: Int) -> [Line] {
        var run: [Line] = []
        for line in lines[index...] {
            if line.isBlank || (line.startsPage && !run.isEmpty) { break }
            run.append(line)
        }
        return run
    }

    /// 「軍 縮・ 不 拡 散 に つ い て」: letter-spaced caption text closed up.
    private func spacedTextJoined(_ text: String) -> String {
        let spaces = text.filter { $0 == " " }.count
        guard spaces * 3 > text.count else { return text }
        return text.split(separator: " ", omittingEmptySubsequences: true).joined()
    }

    /// A table that survived as rows: a title, then at least three lines that
    /// each carry a label and numbers (「北海道 JOCV 1,906（45）人」, 「1980年 102」).
    private mutating func table(at index: Int) -> Int? {
        let titleLine = lines[index]
        // A table is set apart: its title opens a page or follows a blank line, even inside an open paragraph.
        guard titleLine.width <= 70, !titleLine.text.hasSuffix("。"),
              titleLine.startsPage || index == 0 || lines[index - 1].isBlank else { return nil }
        var cursor = index + 1
        var rows: [[String]] = []
        var rowLines: [Int] = []
        var notes: [String] = []
        var lastRowLine = titleLine.number
        while cursor < lines.count {
            let line = lines[cursor]
            if line.isBlank { cursor += 1; continue }
            if isTableRow(line.text) || (rows.isEmpty && line.text.split(separator: " ").count >= 2 && line.width <= 30 && !line.text.contains("。")) {
                rows.append(cells(line.text))
                rowLines.append(line.number)
                lastRowLine = line.number
                cursor += 1
                continue
            }
            break
        }
        let numericRows = rows.filter { row in row.contains { QuantityParser.quantities(in: $0).isEmpty == false } }
        guard numericRows.count >= 3 else { return nil }
        // A legend that follows the rows (「都道府県名 … ：累計（2012年中の派遣人数）」).
        while cursor < lines.count {
            let line = lines[cursor]
            if line.isBlank { cursor += 1; continue }
            guard line.text.contains("\t") || line.text.contains("：累計") else { break }
            notes.append(line.text.replacingOccurrences(of: "\t", with: " "))
            claims.claim(line.number)
            lastRowLine = line.number
            cursor += 1
        }
        claims.claim(titleLine.number)
        for number in rowLines { claims.claim(number) }
        figures.append(Figure(kind: .table, title: titleLine.text, notes: notes, rows: rows, line: titleLine.number, endLine: lastRowLine))
        return cursor - index
    }

    private func isTableRow(_ text: String) -> Bool {
        guard !text.containsLiteral("。"), LineShape.displayWidth(text) <= 40 else { return false }
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard tokens.count >= 2 else { return false }
        return tokens.dropFirst().contains { token in token.first?.isNumber == true || token.hasPrefix("（") && token.dropFirst().first?.isNumber == true }
    }

    private func cells(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "\t" }).flatMap { $0.split(separator: " ", omittingEmptySubsequences: true) }
            .map { String($0).trimmingJapaneseWhitespace() }.filter { !$0.isEmpty }
    }
}
