import HyokaModel
import HyokaText

/// The state of one recognition pass over a MOFA report.
struct MOFAParse {
    let lines: [Line]
    /// The heading of each line that is one, by line number.
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

    func heading(_ line: Line) -> MOFAPatterns.Heading? { headings[line.number] }

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

    func lastNonBlank(in range: Range<Int>) -> Int {
        lines[range].last(where: { !$0.isBlank })?.number ?? lines[range.lowerBound].number
    }

    /// Index of the first line of each field sheet: the 個別分野 line and the
    /// header lines above it (date, bureau, 施策名).
    func sheetStarts() -> [Int] {
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

    func isHeaderLike(_ line: Line) -> Bool {
        if case .measureName = heading(line) { return true }
        let text = line.text
        return !text.containsLiteral("。") && LineShape.bullet(text) == nil && !LineShape.isURL(text)
            && !MOFAPatterns.isNote(text) && LineShape.loneNumber(text) == nil && line.width <= 64
            && TableReader.valueRow(text) == nil && heading(line) == nil
    }

    func sections(_ slice: ArraySlice<Line>) -> [SheetSection] {
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

    func isHeaderSection(_ heading: MOFAPatterns.Heading?) -> Bool {
        switch heading {
        case nil, .measureName, .field: true
        default: false
        }
    }

    // MARK: - Sections

    mutating func process(_ sections: [SheetSection], into draft: inout FieldDraft, isOverview: Bool) {
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
    mutating func noteHeadingLine(_ line: Line) {
        claims.claim(line.number)
        notePageNumber(line)
    }

    mutating func notePageNumber(_ line: Line) {
        if let page = line.gluedPage {
            artifacts.append(LayoutArtifact(kind: .pageNumber, text: String(page), line: line.number, endLine: line.number))
        }
    }

    mutating func appendNote(_ block: TextBlock, to draft: inout FieldDraft, isOverview: Bool) {
        if isOverview { policy.notes.append(block) } else { draft.notes.append(block) }
    }

    /// Date, bureau and title lines at the top of a sheet.
    mutating func parseHeader(_ section: SheetSection, into draft: inout FieldDraft, isOverview: Bool) {
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
}
