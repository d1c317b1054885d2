import HyokaModel
import HyokaText

/// Recognises the Ministry of Foreign Affairs evaluation sheets (施策 level
/// overview followed by one sheet per 個別分野).
///
/// The sheets are recognised by structure: headings (施策名, 個別分野N,
/// 中期目標, 評価結果 …), bullets, and the width of the two columns —
/// never by line numbers.
struct MOFASheetRecognizer {
    /// The heading of each line that is one, by line number: read once, as
    /// every stage of the parse asks for them.
    let headings: [Int: MOFAPatterns.Heading]

    /// Nil unless `lines` are a MOFA sheet: a 施策名 heading, and a 個別分野,
    /// 中期目標 or 施策目標 heading.
    init?(_ lines: [Line]) {
        var headings: [Int: MOFAPatterns.Heading] = [:]
        var hasMeasure = false
        var hasStructure = false
        for line in lines {
            guard let heading = MOFAPatterns.heading(line.text) else { continue }
            headings[line.number] = heading
            switch heading {
            case .measureName: hasMeasure = true
            case .field, .goals, .objectives: hasStructure = true
            default: break
            }
        }
        guard hasMeasure && hasStructure else { return nil }
        self.headings = headings
    }

    func recognize(_ lines: [Line], claims: inout LineClaims) -> (policy: Policy, artifacts: [LayoutArtifact], warnings: [String]) {
        var parse = MOFAParse(lines: lines, headings: headings)
        parse.run()
        claims.merge(parse.claims)
        return (parse.policy, parse.artifacts, parse.warnings)
    }
}

/// The state of one recognition pass over a MOFA report.
struct MOFAParse {
    let lines: [Line]
    /// See `MOFASheetRecognizer.headings`.
    let headings: [Int: MOFAPatterns.Heading]
    var claims: LineClaims
    var policy = Policy(level: .measure, title: "", line: 1, endLine: 1)
    var artifacts: [LayoutArtifact] = []
    var warnings: [String] = []

    init(lines: [Line], headings: [Int: MOFAPatterns.Heading]) {
        self.lines = lines
        self.headings = headings
        self.claims = LineClaims(lineCount: lines.count)
    }

    private func heading(_ line: Line) -> MOFAPatterns.Heading? { headings[line.number] }

    // MARK: - Segmentation

    /// A run of lines under one heading.
    struct SheetSection {
        var heading: MOFAPatterns.Heading?
        var headingLine: Line?
        var lines: [Line] = []
    }

    mutating func run() {
        let fieldStarts = sheetStarts()
        let overviewEnd = fieldStarts.first ?? lines.count
        if overviewEnd > 0 {
            var overview = FieldDraft()
            process(sections(lines[0..<overviewEnd]), into: &overview, isOverview: true)
        }
        for (position, start) in fieldStarts.enumerated() {
            let end = position + 1 < fieldStarts.count ? fieldStarts[position + 1] : lines.count
            var draft = FieldDraft()
            process(sections(lines[start..<end]), into: &draft, isOverview: false)
            if let field = draft.field(firstLine: lines[start].number, lastLine: lastNonBlank(in: start..<end)) {
                policy.fields.append(field)
            }
        }
        if let first = lines.first(where: { !$0.isBlank }), let last = lines.last(where: { !$0.isBlank }) {
            policy.line = first.number
            policy.endLine = last.number
        }
        if policy.title.isEmpty {
            warnings.append("No 施策名 (measure title) found.")
        }
    }

    private func lastNonBlank(in range: Range<Int>) -> Int {
        lines[range].last(where: { !$0.isBlank })?.number ?? lines[range.lowerBound].number
    }

    /// Index of the first line of each field sheet: the 個別分野 line and the
    /// header lines above it (date, bureau, 施策名).
    private func sheetStarts() -> [Int] {
        var starts: [Int] = []
        for (index, line) in lines.enumerated() {
            guard case .field = heading(line) else { continue }
            var start = index
            var cursor = index - 1
            var headerLines = 0
            while cursor >= 0, headerLines < 6 {
                let candidate = lines[cursor]
                if candidate.isBlank { cursor -= 1; continue }
                if MOFAPatterns.isSheetDate(candidate.text) { start = cursor; break }
                guard isHeaderLike(candidate) else { break }
                start = cursor
                headerLines += 1
                cursor -= 1
            }
            if let previous = starts.last, start <= previous { start = index }
            starts.append(start)
        }
        return starts
    }

    private func isHeaderLike(_ line: Line) -> Bool {
        if case .measureName = heading(line) { return true }
        let text = line.text
        return !text.containsLiteral("。") && LineShape.bullet(text) == nil && !LineShape.isURL(text)
            && !MOFAPatterns.isNote(text) && LineShape.loneNumber(text) == nil && line.width <= 64
            && TableReader.valueRow(text) == nil && heading(line) == nil
    }

    private func sections(_ slice: ArraySlice<Line>) -> [SheetSection] {
        var result: [SheetSection] = [SheetSection()]
        for line in slice {
            if line.isBlank {
                result[result.count - 1].lines.append(line)
                continue
            }
            if let heading = heading(line) {
                let previous = result[result.count - 1].heading
                result.append(SheetSection(heading: heading, headingLine: line))
                // The sources note sits inside a section; what follows it continues that section.
                if heading == .sourcesNote, let previous, previous != .sourcesNote {
                    result.append(SheetSection(heading: previous, headingLine: nil))
                }
                continue
            }
            let currentHeading = result[result.count - 1].heading
            if MOFAPatterns.isSheetDate(line.text), !isHeaderSection(currentHeading) {
                result.append(SheetSection(heading: nil, headingLine: nil, lines: [line]))
                continue
            }
            // Field goals end where the columns begin: at the first bullet or 「1 【…】」 heading.
            if currentHeading == .goals, LineShape.bullet(line.text) != nil || line.text.wholeMatch(of: MOFAPatterns.numberedBracket) != nil {
                result.append(SheetSection(heading: .columnHeader, headingLine: nil, lines: [line]))
                continue
            }
            result[result.count - 1].lines.append(line)
        }
        return result
    }

    private func isHeaderSection(_ heading: MOFAPatterns.Heading?) -> Bool {
        switch heading {
        case nil, .measureName, .field: true
        default: false
        }
    }

    // MARK: - Sections

    private mutating func process(_ sections: [SheetSection], into draft: inout FieldDraft, isOverview: Bool) {
        for section in sections {
            if let headingLine = section.headingLine { noteHeadingLine(headingLine) }
            switch section.heading {
            case nil, .measureName, .field:
                if case .measureName(let title) = section.heading, policy.title.isEmpty {
                    policy.title = title.trimmingJapaneseWhitespace()
                }
                if case .field(let number, let title) = section.heading {
                    draft.number = number
                    draft.title = title.trimmingJapaneseWhitespace()
                }
                parseHeader(section, into: &draft, isOverview: isOverview)
            case .objectives(let lead):
                var leadLines: [Line] = []
                if let headingLine = section.headingLine, !lead.isEmpty { leadLines = [headingLine] }
                parseNumberedList(section, lead: leadLines, leadText: lead, kind: .objectives, draft: &draft)
            case .results:
                parseNumberedList(section, lead: [], leadText: "", kind: .results, draft: &draft)
            case .nextObjectives:
                parseNumberedList(section, lead: [], leadText: "", kind: .nextObjectives, draft: &draft)
            case .experts:
                parseExperts(section)
            case .budget:
                parseBudget(section)
            case .goals:
                parseGoals(section, into: &draft)
            case .columnHeader:
                if let headingLine = section.headingLine {
                    artifacts.append(LayoutArtifact(kind: .columnHeader, text: headingLine.text, line: headingLine.number, endLine: headingLine.number))
                }
                parseColumns(LineItems.group(section.lines), into: &draft)
            case .assessment:
                parseAssessment(section, into: &draft)
            case .nextGoals:
                parseNextGoals(section, into: &draft)
            case .referenceTitle(let title):
                parseReference(section, title: title, into: &draft, isOverview: isOverview)
            case .referenceBox(let title):
                parseReferenceBox(section, title: title, into: &draft)
            case .sourcesNote:
                if let headingLine = section.headingLine, let block = [headingLine].block() {
                    appendNote(block, to: &draft, isOverview: isOverview)
                }
                parseLeftovers(section.lines, into: &draft, isOverview: isOverview)
            }
        }
        draft.finishColumns()
    }

    /// Claims a heading line; a page number glued to it becomes an artifact.
    private mutating func noteHeadingLine(_ line: Line) {
        claims.claim(line.number)
        notePageNumber(line)
    }

    private mutating func notePageNumber(_ line: Line) {
        if let page = line.gluedPage {
            artifacts.append(LayoutArtifact(kind: .pageNumber, text: String(page), line: line.number, endLine: line.number))
        }
    }

    private mutating func appendNote(_ block: TextBlock, to draft: inout FieldDraft, isOverview: Bool) {
        if isOverview { policy.notes.append(block) } else { draft.notes.append(block) }
    }

    /// Date, bureau and title lines at the top of a sheet.
    private mutating func parseHeader(_ section: SheetSection, into draft: inout FieldDraft, isOverview: Bool) {
        var bureauLines: [Line] = []
        var remaining = section.lines.filter { !$0.isBlank }[...]
        // A field title that ends in 「、」 wraps onto the next line.
        if case .field = section.heading, let title = draft.title, title.hasSuffix("、") || title.hasSuffix("・"),
           let next = remaining.first, !MOFAPatterns.isSheetDate(next.text) {
            draft.title = title + next.text
            claims.claim(next.number)
            remaining = remaining.dropFirst()
        }
        for line in remaining {
            if MOFAPatterns.isSheetDate(line.text) {
                let date = PeriodParser.date(in: line.text)
                if isOverview { policy.evaluated = policy.evaluated ?? date } else { draft.evaluated = draft.evaluated ?? date }
                claims.claim(line.number)
                notePageNumber(line)
            } else if isHeaderLike(line) {
                bureauLines.append(line)
                claims.claim(line.number)
            }
        }
        let bureau = bureauLines.map(\.text).joined(separator: " ")
        guard !bureau.isEmpty else { return }
        if isOverview {
            policy.bureau = [policy.bureau, bureau].compactMap { $0 }.joined(separator: " ")
        } else {
            draft.bureau = [draft.bureau, bureau].compactMap { $0 }.joined(separator: " ")
        }
    }

    // MARK: Numbered lists whose numbers follow their items

    enum ListKind { case objectives, results, nextObjectives }

    /// 施策目標, 主な評価結果 and 次期施策目標 print each item's number to its
    /// left, vertically centred, so pdftotext emits it after the item's text:
    /// glued to the last line (「…発信する。1」) or on a line of its own. A
    /// number lost at a page break is inferred from the sequence.
    private mutating func parseNumberedList(_ section: SheetSection, lead: [Line], leadText: String, kind: ListKind, draft: inout FieldDraft) {
        var pending: [Line] = []
        var pendingText: [String] = []
        var pendingStartsPage = false
        var lastNumber = 0
        var leadLines = lead
        var leadTexts = leadText.isEmpty ? [] : [leadText]

        func emit(_ number: Int, extra: Line? = nil, into parse: inout MOFAParse) {
            guard let first = pending.first else { return }
            let last = extra ?? pending[pending.count - 1]
            let text = LineShape.join(pendingText)
            parse.claims.claim(first.number...last.number)
            switch kind {
            case .objectives:
                parse.policy.objectives.append(Goal(number: number, text: text, cycle: .current, line: first.number, endLine: last.number))
            case .nextObjectives:
                parse.policy.nextObjectives.append(Goal(number: number, text: text, cycle: .next, line: first.number, endLine: last.number))
            case .results:
                parse.policy.results.append(TextBlock(heading: String(number), text: text, line: first.number, endLine: last.number))
            }
            lastNumber = number
            pending = []
            pendingText = []
            pendingStartsPage = false
        }

        for line in section.lines {
            if line.isBlank { continue }
            if line.startsPage, !pending.isEmpty {
                emit(lastNumber + 1, into: &self)
            }
            if let number = LineShape.loneNumber(line.text), !pending.isEmpty {
                emit(number, extra: line, into: &self)
                continue
            }
            if let number = LineShape.loneNumber(line.text) {
                claims.claim(line.number)
                artifacts.append(LayoutArtifact(kind: .pageNumber, text: String(number), line: line.number, endLine: line.number))
                continue
            }
            if LineShape.isURL(line.text) {
                claims.claim(line.number)
                policy.references.append(Reference(kind: .url, text: line.text, url: line.text, line: line.number, endLine: line.number))
                continue
            }
            if pending.isEmpty { pendingStartsPage = line.startsPage }
            if lastNumber == 0, pending.isEmpty, !leadTexts.isEmpty, !LineItems.endsSentence(leadLines) {
                // The lead sentence of 施策目標 wraps onto this line.
                leadLines.append(line)
                leadTexts.append(line.text)
                continue
            }
            if let split = LineShape.trailingItemNumber(line.text), split.number == lastNumber + 1 || split.number == lastNumber + 2 {
                pending.append(line)
                pendingText.append(split.text)
                emit(split.number, into: &self)
                continue
            }
            pending.append(line)
            pendingText.append(line.text)
        }
        if let block = leadLines.block(heading: kind == .objectives ? "施策目標" : nil, text: LineShape.join(leadTexts)) {
            claims.claim(block.line...block.endLine)
            policy.overview.append(block)
        }
        guard !pending.isEmpty else { return }
        let text = LineShape.join(pendingText)
        // Text that opens a page, or the 「以下を達成する。」 lead, introduces the next section.
        if pendingStartsPage || text.hasSuffix("以下を達成する。") {
            if let block = pending.block(heading: text.hasSuffix("以下を達成する。") ? "次期施策目標" : nil, text: text) {
                claims.claim(block.line...block.endLine)
                policy.overview.append(block)
            }
        } else {
            emit(lastNumber + 1, into: &self)
        }
    }

    // MARK: Experts and budget

    private mutating func parseExperts(_ section: SheetSection) {
        for item in LineItems.group(section.lines) {
            guard let first = item.lines.first, let last = item.lines.last else { continue }
            switch item {
            case .bullet:
                claims.claim(first.number...last.number)
                policy.expertComments.append(ExpertOpinion(
                    text: item.text, field: MOFAPatterns.citedField(item.text), line: first.number, endLine: last.number
                ))
            case .url:
                claims.claim(first.number...last.number)
                policy.references.append(Reference(kind: .url, text: item.text, url: item.text, line: first.number, endLine: last.number))
            case .note:
                claims.claim(first.number...last.number)
                if let block = item.lines.block() { policy.notes.append(block) }
            default:
                continue
            }
        }
    }

    /// 予算額・執行額等: a header row of fiscal years, rows labelled 予算の状況 /
    /// 執行額, groups 「施策の予算額・執行額等（分担金・拠出金除く）」 and
    /// 「同（分担金・拠出金）」, and a note giving the unit (「百万円単位」).
    private mutating func parseBudget(_ section: SheetSection) {
        guard let headingLine = section.headingLine, let years = TableReader.yearHeader(headingLine.text) else {
            warnings.append("Budget table without a row of fiscal years; kept as text.")
            return
        }
        var group = "measure"
        var label = ""
        var unit: String?
        var rows: [(line: Line, kind: Budget.Kind, group: String, label: String, values: [Quantity])] = []
        for line in section.lines where !line.isBlank {
            let text = line.text
            if text.contains("単位") {
                unit = text.contains("百万円") ? "百万円" : text.contains("千円") ? "千円" : text.contains("億円") ? "億円" : unit
                claims.claim(line.number)
                policy.notes.append(TextBlock(heading: "予算額・執行額等", text: text, line: line.number, endLine: line.number))
                continue
            }
            if let row = TableReader.valueRow(text) {
                var rowLabel = row.label
                if rowLabel.contains("分担金・拠出金") && !rowLabel.contains("除く") {
                    group = "contributions"
                    label = rowLabel.components(separatedBy: " ").first ?? rowLabel
                    rowLabel = String(rowLabel.dropFirst(label.count)).trimmingJapaneseWhitespace()
                }
                let kind: Budget.Kind = rowLabel.contains("執行") ? .execution : .budget
                rows.append((line, kind, group, label, row.values))
                claims.claim(line.number)
            } else {
                // Group label lines: 「施策の予算額・執行額等」「（分担金・拠出金除く）」.
                label = label.isEmpty || rows.count > 0 && rows.last?.label != label ? text : label + text
                if text.contains("分担金・拠出金") && !text.contains("除く") { group = "contributions" }
                claims.claim(line.number)
            }
        }
        for row in rows {
            for (index, value) in row.values.enumerated() where index < years.count {
                guard case .fiscalYear(let year) = years[index] else { continue }
                policy.budget.append(Budget(
                    group: row.group, label: row.label.isEmpty ? row.group : row.label, kind: row.kind, fiscalYear: year,
                    amount: value.value, text: value.text, unit: value.unit ?? unit, line: row.line.number, endLine: row.line.number
                ))
            }
        }
    }

    // MARK: Field goals

    /// 中期目標: numbered 「1 …」 items with wrapped lines, or one plain paragraph.
    private mutating func parseGoals(_ section: SheetSection, into draft: inout FieldDraft) {
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

    private mutating func parseAssessment(_ section: SheetSection, into draft: inout FieldDraft) {
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

    private mutating func parseNextGoals(_ section: SheetSection, into draft: inout FieldDraft) {
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
    private mutating func parseLeftovers(_ sectionLines: [Line], into draft: inout FieldDraft, isOverview: Bool) {
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
