import HyokaModel
import HyokaText

/// A field (個別分野) being assembled while its sheet is read.
struct FieldDraft {
    var number: Int?
    var title: String?
    var bureau: String?
    var evaluated: CalendarDate?
    var goals: [Goal] = []
    var initiatives: [Initiative] = []
    var assessmentParts: [TextBlock] = []
    var series: [Indicator] = []
    var references: [Reference] = []
    var notes: [TextBlock] = []
    var sections: [Section] = []
    /// Footnote marker → index in `series` of the table whose title carries it.
    var noteMarkers: [String: Int] = [:]

    /// Heading for the achievements that follow (a sub-title such as 「外交青書」).
    var subtitle: String?
    /// True for sheets whose initiatives are numbered 「1 【…】」 in both columns.
    private(set) var isNumberedLayout = false
    /// In a numbered layout, the initiative whose directions are being read.
    private(set) var numberedDirectionsTarget: Int?
    /// 今後の方向性 read but not yet placed beside an initiative.
    private var pendingDirections: [TextBlock] = []
    private var current: Int?

    // MARK: Two-column assembly

    mutating func startNumberedInitiative(number: Int, title: String, line: Int) {
        isNumberedLayout = true
        subtitle = nil
        if let existing = initiatives.firstIndex(where: { $0.number == number }) {
            // The same heading again: this is the 今後の方向性 column.
            numberedDirectionsTarget = existing
            current = existing
            extend(existing, to: line)
        } else {
            numberedDirectionsTarget = nil
            initiatives.append(Initiative(number: number, title: title, line: line, endLine: line))
            current = initiatives.count - 1
        }
    }

    mutating func addDirection(_ block: TextBlock) {
        if let target = numberedDirectionsTarget {
            initiatives[target].directions.append(block)
            extend(target, to: block.endLine)
        } else {
            pendingDirections.append(block)
        }
    }

    mutating func addAchievement(_ block: TextBlock) {
        let index: Int
        if let current {
            index = current
        } else {
            initiatives.append(Initiative(title: nil, line: block.line, endLine: block.endLine))
            index = initiatives.count - 1
            current = index
        }
        attachPendingDirections(to: index)
        initiatives[index].achievements.append(block)
        extend(index, to: block.endLine)
    }

    /// Appends an annotation to the achievement or direction read last.
    /// Returns false when there is none.
    mutating func appendToLastEntry(_ text: String, endLine: Int) -> Bool {
        if numberedDirectionsTarget == nil, var direction = pendingDirections.popLast() {
            direction.text += text
            direction.endLine = endLine
            pendingDirections.append(direction)
            return true
        }
        guard let current, var achievement = initiatives[current].achievements.popLast() else { return false }
        achievement.text += text
        achievement.endLine = endLine
        initiatives[current].achievements.append(achievement)
        extend(current, to: endLine)
        return true
    }

    /// A plain line that does not end a sentence: a new initiative's title
    /// when directions are waiting for one (or none exists yet), otherwise a
    /// sub-title inside the current initiative.
    mutating func addTitle(_ lines: [Line]) {
        guard let first = lines.first else { return }
        var titleLines = [first]
        var rest = Array(lines.dropFirst())
        // A title as wide as the column wraps onto the next line.
        if first.width >= 56, let next = rest.first {
            titleLines.append(next)
            rest.removeFirst()
        }
        let title = titleLines.joinedText
        let startsNew = !pendingDirections.isEmpty || current == nil || isNumberedLayout
        if startsNew {
            initiatives.append(Initiative(title: title, line: first.number, endLine: (titleLines.last ?? first).number))
            current = initiatives.count - 1
            subtitle = nil
            if let current { attachPendingDirections(to: current) }
        } else {
            subtitle = title
        }
        if !rest.isEmpty { subtitle = rest.joinedText }
        if let current, let last = lines.last { extend(current, to: last.number) }
    }

    /// Places directions still waiting at the end of the columns beside the
    /// last initiative.
    mutating func finishColumns() {
        guard !pendingDirections.isEmpty else { return }
        if let current {
            attachPendingDirections(to: current)
        } else if let first = pendingDirections.first {
            initiatives.append(Initiative(title: nil, line: first.line, endLine: first.endLine))
            attachPendingDirections(to: initiatives.count - 1)
        }
    }

    private mutating func attachPendingDirections(to index: Int) {
        guard !pendingDirections.isEmpty else { return }
        initiatives[index].directions.append(contentsOf: pendingDirections)
        for direction in pendingDirections {
            initiatives[index].line = min(initiatives[index].line, direction.line)
            extend(index, to: direction.endLine)
        }
        pendingDirections.removeAll()
    }

    private mutating func extend(_ index: Int, to line: Int) {
        initiatives[index].endLine = max(initiatives[index].endLine, line)
    }

    // MARK: Result

    var isEmpty: Bool {
        number == nil && title == nil && goals.isEmpty && initiatives.isEmpty && assessmentParts.isEmpty
            && series.isEmpty && notes.isEmpty && sections.isEmpty && references.isEmpty
    }

    func field(firstLine: Int, lastLine: Int) -> Field? {
        guard !isEmpty else { return nil }
        var field = Field(
            number: number, title: title ?? "", bureau: bureau?.trimmingJapaneseWhitespace(), evaluated: evaluated,
            goals: goals, initiatives: initiatives, series: series, references: references, notes: notes,
            line: firstLine, endLine: max(firstLine, lastLine)
        )
        if let first = assessmentParts.first, let last = assessmentParts.last {
            field.assessment = Assessment(parts: assessmentParts, line: first.line, endLine: last.endLine)
        }
        field.sections = sections
        field.references += Citations.references(in: citableBlocks)
        return field
    }

    private var citableBlocks: [TextBlock] {
        initiatives.flatMap { $0.achievements + $0.directions } + assessmentParts + notes
    }
}

/// References written inside sentences: 「外交青書 p.201」, 「行政事業レビュー 事業番号0187」.
enum Citations {
    nonisolated(unsafe) static let bluebookPage = #/外交青書\s*(?:(?<year>\d{4})年版)?\s*[（(]?\s*(?:PDF版\s*)?p\.\s*(?<page>\d+)/#
    nonisolated(unsafe) static let reviewSheet = #/事業番号\s*(?<number>\d{3,5})/#

    static func references(in blocks: [TextBlock]) -> [Reference] {
        var references: [Reference] = []
        for block in blocks {
            // Each pattern starts with a literal: look for it before running the regex.
            if block.text.containsLiteral("外交青書") {
                for match in block.text.matches(of: bluebookPage) {
                    references.append(Reference(
                        kind: .bluebook, text: String(match.output.0), page: String(match.output.page),
                        number: match.output.year.map(String.init), line: block.line, endLine: block.endLine
                    ))
                }
            }
            if block.text.containsLiteral("行政事業レビュー") {
                for match in block.text.matches(of: reviewSheet) {
                    references.append(Reference(
                        kind: .reviewSheet, text: String(match.output.0), number: String(match.output.number),
                        line: block.line, endLine: block.endLine
                    ))
                }
            }
        }
        return references
    }
}
