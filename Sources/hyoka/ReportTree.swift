import HyokaImport
import HyokaModel

/// The readable tree `hyoka show` prints: document → policies → fields →
/// goals, initiatives, assessment, series → budget → expert opinions →
/// references → sections → unparsed text.
///
/// Every element carries its line span (`[L319–L322]`), so that any value can
/// be checked against the source; for a document imported from a PDF the span
/// starts with the page (`[p.3 L120–L124]`). Long texts are cut to one line of about 80
/// columns, except unparsed blocks, which are printed in full: text Hyoka did
/// not understand must stay in plain sight.
struct ReportTree {
    var report: EvaluationReport

    /// Columns a shortened text may take.
    static let excerptWidth = 80

    var text: String {
        var tree = Outline(report: report)
        document(into: &tree)
        return tree.lines.joined(separator: "\n")
    }

    private func document(into tree: inout Outline) {
        tree.add(0, "Document \(report.id)  \(report.source)", report)
        tree.add(1, "kind: \(report.kind.rawValue), layout: \(report.layout.rawValue), lines: \(report.lineCount)")
        if let ministry = report.ministry { tree.add(1, "ministry: \(ministry)") }
        if let title = report.title { tree.add(1, "title: \(title)") }
        if let published = report.published { tree.add(1, "published: \(published.iso8601)") }
        tree.add(1, "content hash: \(report.contentHash)")
        let counts = ImportReport.Counts(report)
        tree.add(1, counts.sentence)
        if !report.warnings.isEmpty {
            tree.add(1, "Warnings (\(report.warnings.count))")
            for warning in report.warnings { tree.add(2, warning) }
        }
        for policy in report.policies { self.policy(policy, depth: 1, into: &tree) }
        sections(report.sections, heading: "Sections", depth: 1, into: &tree)
        figures(into: &tree)
        blocks(report.footnotes.map { TextBlock(heading: "(\($0.marker))", text: $0.text, line: $0.line, endLine: $0.endLine) },
               heading: "Footnotes", depth: 1, into: &tree)
        layoutArtifacts(into: &tree)
        unparsed(into: &tree)
    }

    /// Captions, charts and tables set apart from the text.
    private func figures(into tree: inout Outline) {
        guard !report.figures.isEmpty else { return }
        tree.add(1, "Figures")
        for figure in report.figures {
            let rows = figure.rows.isEmpty ? "" : " (\(plural(figure.rows.count, "row")))"
            tree.add(2, "\(figure.kind.rawValue): \(excerpt(figure.title))\(rows)", figure)
            for note in figure.notes { tree.add(3, "note: \(excerpt(note))") }
        }
    }

    private func policy(_ policy: Policy, depth: Int, into tree: inout Outline) {
        let label = policy.level == .policy ? "Policy" : "Measure"
        tree.add(depth, "\(label)\(policy.number.map { " \($0)" } ?? ""): \(policy.title)", policy)
        if let bureau = policy.bureau { tree.add(depth + 1, "bureau: \(bureau)") }
        if let author = policy.author { tree.add(depth + 1, "author: \(author)") }
        if let evaluated = policy.evaluated { tree.add(depth + 1, "evaluated: \(evaluated.iso8601)") }
        goals(policy.objectives, heading: "Objectives", depth: depth + 1, into: &tree)
        goals(policy.nextObjectives, heading: "Next objectives", depth: depth + 1, into: &tree)
        blocks(policy.overview, heading: "Overview", depth: depth + 1, into: &tree)
        blocks(policy.results, heading: "Results", depth: depth + 1, into: &tree)
        for field in policy.fields { self.field(field, depth: depth + 1, into: &tree) }
        series(policy.series, depth: depth + 1, into: &tree)
        budget(policy.budget, depth: depth + 1, into: &tree)
        if !policy.expertComments.isEmpty {
            tree.add(depth + 1, "Expert opinions")
            for opinion in policy.expertComments {
                let cited = opinion.field.map { "(field \($0)) " } ?? ""
                tree.add(depth + 2, cited + excerpt(opinion.text), opinion)
            }
        }
        references(policy.references, depth: depth + 1, into: &tree)
        for model in policy.logicModels {
            tree.add(depth + 1, "Logic model: \(model.stages.joined(separator: " → ")) (\(model.cells.count) cells)", model)
        }
        blocks(policy.notes, heading: "Notes", depth: depth + 1, into: &tree)
        sections(policy.sections, heading: "Sections", depth: depth + 1, into: &tree)
    }

    private func field(_ field: Field, depth: Int, into tree: inout Outline) {
        tree.add(depth, "Field\(field.number.map { " \($0)" } ?? ""): \(field.title)", field)
        if let bureau = field.bureau { tree.add(depth + 1, "bureau: \(bureau)") }
        if let evaluated = field.evaluated { tree.add(depth + 1, "evaluated: \(evaluated.iso8601)") }
        goals(field.goals, heading: "Goals", depth: depth + 1, into: &tree)
        if !field.initiatives.isEmpty {
            tree.add(depth + 1, "Initiatives")
            for initiative in field.initiatives {
                let number = initiative.number.map { "\($0). " } ?? ""
                let achievements = plural(initiative.achievements.count, "achievement")
                tree.add(depth + 2, "\(number)\(initiative.title.map(excerpt) ?? "(untitled)") — \(achievements)", initiative)
                for direction in initiative.directions {
                    tree.add(depth + 3, "direction: " + excerpt(direction.text), direction)
                }
            }
        }
        if let assessment = field.assessment {
            tree.add(depth + 1, "Assessment: " + excerpt(assessment.text), assessment)
        }
        series(field.series, depth: depth + 1, into: &tree)
        references(field.references, depth: depth + 1, into: &tree)
        blocks(field.notes, heading: "Notes", depth: depth + 1, into: &tree)
    }

    private func goals(_ goals: [Goal], heading: String, depth: Int, into tree: inout Outline) {
        guard !goals.isEmpty else { return }
        tree.add(depth, heading)
        for goal in goals {
            let number = goal.number.map { "\($0). " } ?? ""
            let under = goal.heading.map { "\($0) " } ?? ""
            tree.add(depth + 1, "(\(goal.cycle.rawValue)) \(number)\(under)" + excerpt(goal.text), goal)
        }
    }

    private func series(_ series: [Indicator], depth: Int, into tree: inout Outline) {
        for item in series {
            var details = [item.role.rawValue]
            if let unit = item.unit { details.insert(unit, at: 0) }
            if let target = item.targetYear { details.append("target FY\(target)") }
            tree.add(depth, "Indicator: \(item.title) (\(details.joined(separator: ", ")))", item)
            for point in item.points {
                tree.add(depth + 1, "\(point.kind.rawValue): " + Self.pointText(point, seriesUnit: item.unit), point)
            }
            for note in item.notes { tree.add(depth + 1, "note: " + excerpt(note)) }
        }
    }

    /// `FY2021 3,223 百万円 (approx)`: period, value (or the cell text when it
    /// is not a number), unit, and a mark when the source hedges.
    static func pointText(_ point: SeriesPoint, seriesUnit: String?) -> String {
        var parts: [String] = []
        if let period = point.period { parts.append(period.description) }
        if let value = point.value {
            parts.append(TextLayout.number(value))
            if let unit = point.unit ?? seriesUnit { parts.append(unit) }
        } else {
            parts.append("“\(point.text)”")
        }
        if point.approximate { parts.append("(approx)") }
        return parts.joined(separator: " ")
    }

    private func budget(_ lines: [Budget], depth: Int, into tree: inout Outline) {
        guard !lines.isEmpty else { return }
        tree.add(depth, "Budget")
        for line in lines {
            let amount = line.amount.map { TextLayout.number($0) + (line.unit.map { " \($0)" } ?? "") } ?? "“\(line.text)”"
            tree.add(depth + 1, "FY\(line.fiscalYear) \(line.kind.rawValue) \(line.group) (\(line.label)): \(amount)", line)
        }
    }

    private func references(_ references: [Reference], depth: Int, into tree: inout Outline) {
        guard !references.isEmpty else { return }
        tree.add(depth, "References")
        for reference in references {
            var text = "\(reference.kind.rawValue): " + excerpt(reference.url ?? reference.text)
            if let page = reference.page { text += " p.\(page)" }
            if let number = reference.number { text += " (\(number))" }
            tree.add(depth + 1, text, reference)
        }
    }

    private func blocks(_ blocks: [TextBlock], heading: String, depth: Int, into tree: inout Outline) {
        guard !blocks.isEmpty else { return }
        tree.add(depth, heading)
        for block in blocks {
            tree.add(depth + 1, (block.heading.map { "\($0) " } ?? "") + excerpt(block.text), block)
        }
    }

    private func sections(_ sections: [Section], heading: String, depth: Int, into tree: inout Outline) {
        guard !sections.isEmpty else { return }
        tree.add(depth, heading)
        func add(_ section: Section, depth: Int) {
            tree.add(depth, "\(section.title) (\(section.kind.rawValue), \(plural(section.blocks.count, "block")))", section)
            for child in section.children { add(child, depth: depth + 1) }
        }
        for section in sections { add(section, depth: depth + 1) }
    }

    private func layoutArtifacts(into tree: inout Outline) {
        guard !report.layoutArtifacts.isEmpty else { return }
        let counts = Dictionary(grouping: report.layoutArtifacts, by: \.kind.rawValue).mapValues(\.count)
        let detail = counts.keys.sorted().map { "\($0) \(counts[$0] ?? 0)" }.joined(separator: ", ")
        tree.add(1, "Layout artifacts: \(report.layoutArtifacts.count) (\(detail))")
    }

    private func unparsed(into tree: inout Outline) {
        let lines = report.unparsed.reduce(0) { $0 + $1.lineRange.count }
        guard !report.unparsed.isEmpty else {
            tree.add(1, "Unparsed: none")
            return
        }
        tree.add(1, "Unparsed (\(plural(report.unparsed.count, "block")), \(plural(lines, "line")))")
        for block in report.unparsed {
            let text = (block.heading.map { "\($0)\n" } ?? "") + block.text
            tree.addVerbatim(2, tree.span(block), text)
        }
    }

    private func excerpt(_ text: String) -> String {
        TextLayout.truncated(text, to: Self.excerptWidth)
    }
}

/// Indented lines, each element followed by its line span.
private struct Outline {
    /// The document, for the pages of its elements.
    let report: EvaluationReport
    var lines: [String] = []

    func span(_ element: some SourceLocated) -> String {
        TextLayout.span(element, pages: report.pages(of: element))
    }

    mutating func add(_ depth: Int, _ text: String, _ element: (any SourceLocated)? = nil) {
        let suffix = element.map { "  " + span($0) } ?? ""
        lines.append(String(repeating: "  ", count: depth) + text + suffix)
    }

    /// `span` then `text` in full, continuation lines aligned under the first.
    mutating func addVerbatim(_ depth: Int, _ span: String, _ text: String) {
        let indent = String(repeating: "  ", count: depth)
        let hanging = String(repeating: " ", count: TextLayout.displayWidth(span) + 1)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            lines.append(indent + (index == 0 ? span + " " : hanging) + line)
        }
    }
}
