import HyokaModel
import HyokaText

/// One field sheet (個別分野): its goals, the two columns 取組 / 今後の方向性,
/// the assessment, the next cycle's goals and what is left over.
extension MOFAParse {
    // MARK: Field goals

    /// 中期目標: numbered 「1 …」 items with wrapped lines, or one plain paragraph.
    mutating func parseGoals(_ section: SheetSection, into draft: inout FieldDraft) {
        var current: (number: Int?, lines: [Line], texts: [String])?
        func flush(_ draft: inout FieldDraft, _ parse: inout MOFAParse) {
            guard let goal = current, let first = goal.lines.first, let last = goal.lines.last else { return }
            parse.claims.claim(first.number...last.number)
            draft.goals.append(Goal(number: goal.number, text: LineShape.join(goal.texts), cycle: .current, line: first.number, endLine: last.number))
            current = nil
        }
        for line in section.lines where !line.isBlank {
            if let match = line.text.wholeMatch(of: MOFAPatterns.numberedItem), let number = Int(match.output.number) {
                flush(&draft, &self)
                current = (number, [line], [String(match.output.text)])
            } else if current != nil {
                current?.lines.append(line)
                current?.texts.append(line.text)
            } else {
                current = (nil, [line], [line.text])
            }
        }
        flush(&draft, &self)
    }

    // MARK: Two columns: 取組 and 今後の方向性

    /// Items of the two-column pages. Bullets narrower than the 取組 column
    /// are 今後の方向性; a plain line that does not end a sentence is an
    /// initiative's title. Directions printed beside an initiative come out
    /// of pdftotext just before it, so they wait for the next initiative.
    mutating func parseColumns(_ items: [LineItem], into draft: inout FieldDraft) {
        for item in items {
            guard let first = item.lines.first, let last = item.lines.last else { continue }
            let span = first.number...last.number
            if keepFurniture(item, into: &draft) { continue }
            switch item {
            case .numberedBracket(_, let number, let title):
                claims.claim(span)
                draft.startNumberedInitiative(number: number, title: title, line: first.number)
            case .bracket(_, let title):
                claims.claim(span)
                draft.subtitle = title
            case .url, .loneNumber, .note:
                continue
            case .bullet:
                claims.claim(span)
                let block = TextBlock(heading: draft.subtitle, text: item.text, line: first.number, endLine: last.number)
                if draft.numberedDirectionsTarget != nil || (draft.numberedDirectionsTarget == nil && !draft.isNumberedLayout && item.width <= LineItems.narrowColumnWidth) {
                    draft.addDirection(TextBlock(text: item.text, line: first.number, endLine: last.number))
                } else {
                    draft.addAchievement(block)
                }
            case .text(let lines):
                claims.claim(span)
                let text = item.text
                if text.hasPrefix("（"), text.hasSuffix("）"), draft.appendToLastEntry(text, endLine: last.number) {
                    // 「（海賊対処レポート（内閣官房）（詳細））」 annotates the bullet above it.
                    continue
                }
                if LineItems.endsSentence(lines) {
                    if item.width <= LineItems.narrowColumnWidth && !draft.isNumberedLayout {
                        draft.addDirection(TextBlock(text: text, line: first.number, endLine: last.number))
                    } else {
                        draft.addAchievement(TextBlock(heading: draft.subtitle, text: text, line: first.number, endLine: last.number))
                    }
                } else {
                    draft.addTitle(lines)
                }
            }
        }
    }

    /// URLs, page numbers and notes read the same in every part of a field
    /// sheet: a reference, a page-number artifact, a note. Returns false for
    /// any other item.
    mutating func keepFurniture(_ item: LineItem, into draft: inout FieldDraft) -> Bool {
        guard let first = item.lines.first, let last = item.lines.last else { return false }
        switch item {
        case .url:
            draft.references.append(Reference(kind: .url, text: item.text, url: item.text, line: first.number, endLine: last.number))
        case .loneNumber(_, let number):
            artifacts.append(LayoutArtifact(kind: .pageNumber, text: String(number), line: first.number, endLine: first.number))
        case .note:
            if let block = item.lines.block() { draft.notes.append(block) }
        default:
            return false
        }
        claims.claim(first.number...last.number)
        return true
    }

    // MARK: Assessment and next goals

    mutating func parseAssessment(_ section: SheetSection, into draft: inout FieldDraft) {
        let items = LineItems.group(section.lines)
        var heading: String?
        for (index, item) in items.enumerated() {
            guard let first = item.lines.first, let last = item.lines.last else { continue }
            let span = first.number...last.number
            if keepFurniture(item, into: &draft) { continue }
            switch item {
            case .bracket(_, let title):
                claims.claim(span)
                heading = title
            case .bullet where item.width <= LineItems.narrowColumnWidth:
                // 今後の方向性 bullets: the rest of this page is a two-column block.
                parseColumns(Array(items[index...]), into: &draft)
                return
            case .bullet, .text:
                claims.claim(span)
                draft.assessmentParts.append(TextBlock(heading: heading, text: item.text, line: first.number, endLine: last.number))
            case .numberedBracket:
                parseColumns([item], into: &draft)
            case .url, .loneNumber, .note:
                continue
            }
        }
    }

    mutating func parseNextGoals(_ section: SheetSection, into draft: inout FieldDraft) {
        var heading: String?
        for item in LineItems.group(section.lines) {
            guard let first = item.lines.first, let last = item.lines.last else { continue }
            let span = first.number...last.number
            if keepFurniture(item, into: &draft) { continue }
            switch item {
            case .bracket(_, let title):
                claims.claim(span)
                heading = title
            case .bullet, .text:
                claims.claim(span)
                var number: Int?
                var text = item.text
                if case .text = item, let match = text.wholeMatch(of: MOFAPatterns.numberedItem), let parsed = Int(match.output.number) {
                    number = parsed
                    text = String(match.output.text)
                }
                draft.goals.append(Goal(number: number, heading: heading, text: text, cycle: .next, line: first.number, endLine: last.number))
            case .numberedBracket, .url, .loneNumber, .note:
                continue
            }
        }
    }

    /// Lines after a note that belong to no section: URLs and page furniture.
    mutating func parseLeftovers(_ sectionLines: [Line], into draft: inout FieldDraft, isOverview: Bool) {
        for item in LineItems.group(sectionLines) {
            guard let first = item.lines.first, let last = item.lines.last else { continue }
            switch item {
            case .url:
                claims.claim(first.number...last.number)
                let reference = Reference(kind: .url, text: item.text, url: item.text, line: first.number, endLine: last.number)
                if isOverview { policy.references.append(reference) } else { draft.references.append(reference) }
            case .loneNumber(_, let number):
                claims.claim(first.number)
                artifacts.append(LayoutArtifact(kind: .pageNumber, text: String(number), line: first.number, endLine: first.number))
            default:
                continue
            }
        }
    }
}
