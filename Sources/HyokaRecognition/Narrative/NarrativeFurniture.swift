import HyokaModel
import HyokaText

/// Page furniture, table-of-contents entries and footnotes: what a narrative
/// document prints around its text.
extension NarrativeParse {
    nonisolated(unsafe) static let runningHead = #/第\s*\d{1,2}\s*[章節].+/#
    nonisolated(unsafe) static let chapterPrefix = #/^(第\s*\d+\s*[章節])\s*/#
    nonisolated(unsafe) static let verticalChapter = #/第\d{1,2}[章節部]/#
    /// 「外交青書 2025 015」「014 DIPLOMATIC BLUEBOOK 2025」: a footer with its page number set apart.
    nonisolated(unsafe) static let spacedFooter = #/(?<before>\d{1,3}\s+)?(?<name>(?:外交青書|DIPLOMATIC\s*BLUEBOOK|[^\s\d]{1,12}白書)\s*\d{4})(?<after>\s+\d{1,3})?/#

    /// Page footers (「225外交青書 2013」), running heads (「第１節…」) after
    /// them, the chapter number set vertically (「第」「４」「章」), and lines
    /// that repeat at the edges of pages (`RepeatedFurniture`). Returns lines consumed.
    mutating func furniture(at index: Int) -> Int? {
        let line = lines[index]
        if let page = line.gluedPage, let match = line.text.wholeMatch(of: NarrativeRecognizer.footer) {
            editionYear = Int(match.output.year)
            addArtifact(.pageNumber, String(page), line)
            addArtifact(.pageFooter, line.text, line)
            return 1
        }
        if line.text.last?.isNumber == true, let match = line.text.wholeMatch(of: Self.spacedFooter),
           let page = (match.output.before ?? match.output.after).map({ String($0).trimmingJapaneseWhitespace() }) {
            addArtifact(.pageNumber, page, line)
            addArtifact(.pageFooter, String(match.output.name), line)
            return 1
        }
        if line.text.hasLiteralPrefix("第"), line.width > 20, followsFurniture(index), line.text.wholeMatch(of: Self.runningHead) != nil {
            addArtifact(.runningHead, line.text, line)
            if title == nil { title = line.text.replacing(Self.chapterPrefix) { "\($0.output.1) " } }
            return 1
        }
        // 「第」「４」「章」 on three lines.
        if line.text == "第", index + 2 < lines.count {
            let run = lines[index...].prefix(while: { !$0.isBlank }).prefix(4)
            let joined = run.map(\.text).joined()
            if joined.wholeMatch(of: Self.verticalChapter) != nil {
                artifacts.append(LayoutArtifact(kind: .verticalText, text: joined, line: line.number, endLine: run.last?.number ?? line.number))
                for part in run { claims.claim(part.number) }
                if let chapter = title.flatMap({ $0.hasPrefix("第") && $0.contains("節") ? $0 : nil }), !chapter.contains("章") {
                    title = "\(joined) \(chapter)"
                }
                return run.count
            }
        }
        // 「第」 glued to the end of a line, 「2」, then 「章」 alone: the same
        // side tab broken up by the column it is printed beside. A line that
        // is only one of these characters is never running text (a wrapped
        // line of prose fills its column), and kept in a paragraph it would
        // hold the paragraph open past its last sentence.
        if line.characterCount == 1, "第章節部".contains(line.text) {
            addArtifact(.verticalText, line.text, line)
            return 1
        }
        if let kind = repeated[line.number] {
            addArtifact(kind, line.text, line)
            return 1
        }
        return nil
    }

    private mutating func addArtifact(_ kind: LayoutArtifact.Kind, _ text: String, _ line: Line) {
        artifacts.append(LayoutArtifact(kind: kind, text: text, line: line.number, endLine: line.number))
        claims.claim(line.number)
    }

    /// True when the previous non-blank line was a page footer:
    /// a running head follows the footer of the page before. (Under a running
    /// head, a chapter's own title is a heading.)
    private func followsFurniture(_ index: Int) -> Bool {
        guard let previous = lines[..<index].last(where: { !$0.isBlank }), let last = artifacts.last else { return false }
        return last.line == previous.number && last.kind == .pageFooter
    }

    /// 「第1節⇥世界とのつながりを深める日本社会と日本人⇥312」: a contents entry.
    mutating func contentsEntry(at index: Int) -> Int? {
        let line = lines[index]
        guard NarrativeHeading.isContentsEntry(line.text, heading: headings.parse(line)) else { return nil }
        addArtifact(.tableOfContents, line.text.split(whereSeparator: { $0 == "\t" }).joined(separator: " "), line)
        return 1
    }

    // MARK: Footnotes

    /// A footnote's definition: one whose marker the text has used, an
    /// explicit form (「⁽¹⁾」「（注1）」) between paragraphs, or the numbered
    /// block that ends a page (「1 McCarthy, J., …」「2 Graphics Processing Unit」),
    /// with the lines that continue it. Returns lines consumed.
    mutating func footnote(at index: Int) -> Int? {
        let line = lines[index]
        guard let definition = FootnoteDefinition(line.text) else { return nil }
        if markers.isPending(definition.number, style: definition.style) || definition.isExplicit && !paragraphIsOpen && box == nil {
            var parts = [line]
            // A URL wrapped onto the next line belongs to the note.
            if let next = nextNonBlank(after: index), LineShape.isURL(next.text) || next.text.hasPrefix("<http") {
                parts.append(next)
            }
            addFootnote(definition, parts)
            return parts.last!.number - line.number + 1
        }
        guard shape.isHardWrapped, let block = pageEndNotes(from: index) else { return nil }
        for (note, parts) in block { addFootnote(note, parts) }
        return (block.last?.1.last?.number ?? line.number) - line.number + 1
    }

    private mutating func addFootnote(_ definition: FootnoteDefinition, _ parts: [Line]) {
        let text = LineShape.join([definition.text] + parts.dropFirst().map(\.text))
        footnotes.append(Footnote(marker: String(definition.number), text: text, line: parts[0].number, endLine: parts.last?.number ?? parts[0].number))
        for part in parts { claims.claim(part.number) }
        markers.define(definition.number, style: definition.style)
    }

    /// The notes printed at the foot of a page: from `index` to the page's
    /// end, numbered definitions counting up by one, each continued on at
    /// most five lines, and nothing else. Nil when the lines are not such a
    /// block: a heading 「2 国際社会で活躍する日本人」 is followed by a page
    /// of text, not by notes.
    private func pageEndNotes(from index: Int) -> [(FootnoteDefinition, [Line])]? {
        var notes: [(FootnoteDefinition, [Line])] = []
        var cursor = index
        while cursor < lines.count {
            let line = lines[cursor]
            // The page ends at the next page, its page number or its furniture.
            if cursor > index, shape.isPageStart(line) || repeated[line.number] != nil || LineShape.loneNumber(line.text) != nil { break }
            cursor += 1
            if line.isBlank { continue }
            if let definition = FootnoteDefinition(line.text), notes.isEmpty || definition.number == (notes.last?.0.number ?? 0) + 1 {
                notes.append((definition, [line]))
            } else if let last = notes.last, last.1.count <= 5, FigureTitle(line.text) == nil,
                      headings.parse(line).map({ $0.rank == .bullet }) ?? true {
                notes[notes.count - 1].1.append(line)
            } else {
                return nil
            }
            if notes.count > 30 { return nil }
        }
        // One note alone is a note only if a URL continues it: a heading
        // 「1 食料安全保障に関する…」 can be the last line of a page too.
        if notes.count == 1, let only = notes.first,
           only.1.count < 2 || !only.1.dropFirst().allSatisfy({ LineShape.isURL($0.text) }) { return nil }
        return notes.isEmpty ? nil : notes
    }
}
