import HyokaModel
import HyokaText

/// The title of a numbered figure or table: 「■第１-１-１図／人工知能…」,
/// 「図表1-2-3 …」, 「第1-3-7表 …」, and 「■ 国連機関の国別職員数 (…)」 when
/// notes or a source follow it.
struct FigureTitle {
    let kind: Figure.Kind
    let title: String

    /// The number and 図/表 are followed by a separator (「／」, 「：」, a space)
    /// or printed after a 「■」: 「1-1-1図の俯瞰図のように」 is a reference in a sentence.
    nonisolated(unsafe) static let numbered = #/(?:[■□◆]\s*(?:図表\s*\d{1,2}(?:\s*[-－‐]\s*\d{1,2}){1,2}|第?\s*\d{1,2}(?:\s*[-－‐]\s*\d{1,2}){1,2}\s*(?<unit>[図表]))\s*[／/:：]?|(?:図表\s*\d{1,2}(?:\s*[-－‐]\s*\d{1,2}){1,2}|第\s*\d{1,2}(?:\s*[-－‐]\s*\d{1,2}){1,2}\s*(?<unit2>[図表]))(?:\s*[／/:：]|\s+))\s*\S.*/#

    init?(_ text: String) {
        // Both forms of `numbered` open with 「■」「□」「◆」, 「図表」 or 「第」.
        guard let first = text.first, "■□◆図第".contains(first), !text.hasLiteralSuffix("。"),
              text.hasCharacterCount(atMost: 90), let match = text.wholeMatch(of: Self.numbered) else { return nil }
        kind = (match.output.unit ?? match.output.unit2) == "図" ? .chart : .table
        title = text
    }

    /// 「資料：…」「出典：…」「資 料 ：…」: the line that names a figure's source.
    static func isSource(_ text: String) -> Bool {
        let compact = text.prefix(6).filter { !$0.isWhitespace }
        return compact.hasPrefix("資料") || compact.hasPrefix("出典") || compact.hasPrefix("(出典") || compact.hasPrefix("（出典")
    }

    /// 「（注1）…」「(注2) …」「注：…」: a note under a figure or table.
    static func isNote(_ text: String) -> Bool {
        MOFAPatterns.isNote(text) || text.hasPrefix("(注") || text.hasPrefix("注：") || text.hasPrefix("注:")
    }
}

extension NarrativeParse {
    /// A numbered figure or table title, with what is printed inside the
    /// figure (scattered labels of a chart, cells of a table), its notes and
    /// its source line. Inside the figure means: up to the 資料/出典 line, if
    /// one comes before the running text resumes; else the short fragments
    /// right after the title. Returns lines consumed.
    mutating func figureWithTitle(at index: Int) -> Int? {
        let line = lines[index]
        let numbered = FigureTitle(line.text)
        guard numbered != nil || isBulletedFigureTitle(at: index) else { return nil }
        flushParagraphIfEnded()
        let wrapped = numbered == nil ? [] : wrappedTitleLines(after: index)
        let titleEnd = index + wrapped.count
        var figure = Figure(kind: numbered?.kind ?? .table, title: LineShape.join([line.text] + wrapped.map(\.text)),
                            line: line.number, endLine: line.number + wrapped.count)
        claims.claim(line.number...(line.number + wrapped.count))
        var words: [String] = []
        var inNotes = false
        var cursor = titleEnd + 1
        let end = figureEnd(after: titleEnd)
        while cursor <= end, cursor < lines.count {
            let part = lines[cursor]
            cursor += 1
            guard !part.isBlank, repeated[part.number] == nil else { continue }
            if FigureTitle.isNote(part.text) || FigureTitle.isSource(part.text) || inNotes && figureNotesContinue(part) {
                figure.notes.append(part.text)
                inNotes = true
            } else {
                words.append(part.text)
                inNotes = false
            }
            figure.endLine = part.number
            claims.claim(part.number)
        }
        if !words.isEmpty { figure.text = words.joined(separator: " ") }
        figures.append(figure)
        return max(1, figure.endLine - line.number + 1)
    }

    /// The lines a figure's title wraps onto (「■第1-2-4図／東京工業大学学術国際情報」
    /// 「センターの最新スーパーコ」「ンピュータ「TSUBAME4.0」」): a title set
    /// within the body column, then up to two lines right under it, each
    /// narrower than the title's first line (the figure's own text resumes
    /// as wide as the column), with no punctuation of a sentence or a label
    /// (「、」「。」「：」 — 「提供：…」 credits the figure), no gap of a table
    /// row, and not a heading, note or source.
    private func wrappedTitleLines(after index: Int) -> [Line] {
        let title = lines[index]
        guard shape.isHardWrapped, title.width <= shape.columnWidth + 4 else { return [] }
        var result: [Line] = []
        for next in lines[(index + 1)...].prefix(2) {
            let text = next.text
            guard !next.isBlank, !shape.isPageStart(next), next.width < title.width, !LineShape.isVerticalFragment(text),
                  LineShape.loneNumber(text) == nil, !text.contains(where: { "、。：:".contains($0) }), !text.containsLiteral("  "),
                  FigureTitle(text) == nil, !FigureTitle.isNote(text), !FigureTitle.isSource(text),
                  headings.parse(next) == nil, repeated[next.number] == nil else { break }
            result.append(next)
        }
        return result
    }

    /// A note or source line continued on the next line: 「「人工知能研究の新潮流２…」」, a URL.
    private func figureNotesContinue(_ line: Line) -> Bool {
        LineShape.isURL(line.text) || line.text.hasPrefix("「") || line.text.hasPrefix("https://")
    }

    /// 「■ 国連機関の国別職員数 (国連調べ、専門職以上)」: a bulleted title that
    /// notes (注) or a source line follow within a few lines.
    private func isBulletedFigureTitle(at index: Int) -> Bool {
        let text = lines[index].text
        guard text.hasPrefix("■") || text.hasPrefix("□"), !text.containsLiteral("。") else { return false }
        let following = lines[(index + 1)...].lazy.filter { !$0.isBlank }.prefix(4)
        return following.contains { FigureTitle.isNote($0.text) || FigureTitle.isSource($0.text) }
    }

    /// The last line of a figure whose title is at `index`: its 資料/出典
    /// line (and the lines continuing it) when one comes before the running
    /// text resumes, else the last of the short fragments after the title.
    private func figureEnd(after index: Int) -> Int {
        var cursor = index + 1
        var lastFragment = index
        var proseRun = 0
        let limit = min(lines.count, index + 160)
        while cursor < limit {
            let line = lines[cursor]
            defer { cursor += 1 }
            if line.isBlank || repeated[line.number] != nil { continue }
            if FigureTitle.isSource(line.text) {
                var end = cursor
                while end + 1 < lines.count, !lines[end + 1].isBlank, figureNotesContinue(lines[end + 1]) || FigureTitle.isNote(lines[end + 1].text) {
                    end += 1
                }
                return end
            }
            if FigureTitle(line.text) != nil || NarrativeBox.label(line.text) != nil { break }
            if let heading = headings.parse(line), !heading.rank.isWeak { break }
            if isProse(line) {
                proseRun += 1
                if proseRun >= 3 || !shape.isHardWrapped { break }
            } else {
                proseRun = 0
                if cursor == lastFragment + 1 || lines[lastFragment + 1..<cursor].allSatisfy({ $0.isBlank || repeated[$0.number] != nil }) {
                    lastFragment = cursor
                }
            }
        }
        return lastFragment
    }

    /// A line of running text: it fills the column, or (set one paragraph
    /// per line) it is a long sentence.
    private func isProse(_ line: Line) -> Bool {
        if shape.isHardWrapped { return line.characterCount >= shape.fullLineLength && !FigureTitle.isNote(line.text) }
        return line.characterCount >= 60 && line.containsLiteral("。")
    }

    /// Flushes the paragraph only if its last line ended a sentence: a
    /// figure printed inside a paragraph does not end it.
    private mutating func flushParagraphIfEnded() {
        if let last = paragraph.last, last.text.hasLiteralSuffix("。") { flushParagraph(force: true) }
    }

    // MARK: Captions and charts

    /// A date opening the bracket or following a 「、」 in it: 「（11 月 21 日、東京）」,
    /// 「(最前列左から3人目が筆者、5月、ウクライナ・キエウ)」 — but not the
    /// period of a table 「（集計期間：2012年1月1日～12月31日）」.
    nonisolated(unsafe) static let captionDate = #/[（(](?:[^（）()]*、)?\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?[^（）()]*[）)]$/#

    /// Photo captions (「写真提供」「©」, or ending in a date in brackets such
    /// as 「（11 月 21 日、東京）」 or 「(11月27日、カナダ・モントリオール)」),
    /// and titles of charts whose data did not survive.
    mutating func figure(at index: Int) -> Int? {
        if box != nil, NarrativeBox.isByline(lines[index].text) {
            // 「ブルキナファソ派遣・環境教育職種（2017～2019） 江川 裕基」 under a box's subheading.
            addByline(lines[index])
            return 1
        }
        // Asked of every line of running text: four lines are enough to know
        // the run is too long, without walking the rest of its paragraph.
        let run = runOfLines(from: index, upTo: 4)
        guard let first = run.first, let last = run.last, run.count <= 3 else { return nil }
        let text = run.joinedText
        let isStandalone = (index == 0 || lines[index - 1].isBlank)
            && (last.number >= lines.count || lines[last.number].isBlank || lines[last.number].startsPage)
        let wide = run.contains { $0.width > NarrativeRecognizer.bodyColumnWidth }
        let literals = LiteralText(text)
        let credited = literals.contains("写真提供") || literals.contains("©") || literals.contains("提供：") || literals.contains("提供:")
        let lastText = last.text.trimmingJapaneseWhitespace()
        let dated = (lastText.hasLiteralSuffix("）") || lastText.hasLiteralSuffix(")")) && lastText.containsLiteral("月")
            && lastText.firstMatch(of: Self.captionDate) != nil
        let chartEndings = ["推移", "割合", "内訳", "状況", "構成", "比較", "動向", "件数", "数"]
        let chartLike = run.count == 1 && chartEndings.contains(where: { text.hasSuffix($0) })
        let looksLikeCaption = credited || dated || isStandalone && !shape.isHardWrapped && !chartLike && isCaptionPhrase(text)
        if looksLikeCaption, wide || isStandalone || text.hasCharacterCount(atMost: 39), !text.hasLiteralSuffix("。") || credited {
            figures.append(Figure(kind: .caption, title: spacedTextJoined(text), line: first.number, endLine: last.number))
            claims.claim(first.number...last.number)
            return run.count
        }
        guard run.count == 1, isStandalone, !text.containsLiteral("。"), text.hasCharacterCount(atMost: 30) else { return nil }
        if chartLike {
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
        // A short phrase standing alone between paragraphs; a line with a 「、」
        // is a piece of a sentence set apart by a page break.
        if !paragraphIsOpen || box != nil, !text.containsLiteral("、") {
            figures.append(Figure(kind: .caption, title: text, line: first.number, endLine: first.number))
            claims.claim(first.number)
            return 1
        }
        return nil
    }

    /// In text set one paragraph per line, a line standing alone that is a
    /// phrase, not a sentence (no 「。」, not ending in 「、」, not too long), is a
    /// caption: 「…第二部交流会の様子」「…発信した自治体のPR動画」, also when it
    /// opens with a date that reads like a heading number (「1月20日に…」).
    private func isCaptionPhrase(_ text: String) -> Bool {
        !text.containsLiteral("。") && !text.hasLiteralSuffix("、") && text.hasCharacterCount(atMost: 60)
            && (text.hasSuffix("様子") || !text.containsLiteral("、"))
            && NarrativeHeading.parse(text).map(\.isAmbiguous) ?? true
    }

    /// Adjacent non-blank lines from `index`, stopping where a new page
    /// starts, and after `limit` lines.
    private func runOfLines(from index: Int, upTo limit: Int) -> [Line] {
        var run: [Line] = []
        for line in lines[index...] {
            if line.isBlank || (line.startsPage && !run.isEmpty) || run.count == limit { break }
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

    // MARK: Tables

    /// A table that survived as rows: a title, then at least three lines that
    /// each carry a label and numbers (「北海道 JOCV 1,906（45）人」, 「1980年 102」).
    mutating func table(at index: Int) -> Int? {
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
