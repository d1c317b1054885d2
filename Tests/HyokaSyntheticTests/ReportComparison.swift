import HyokaModel
import HyokaRecognition
import HyokaSynthetic
import HyokaText

/// Compares what the recogniser read with what the generator printed, element
/// by element, and collects every difference in words.
///
/// Elements are described as one line each (values, then their line span),
/// so that a failure shows the first element that differs and how.
struct ReportComparison {
    private(set) var differences: [String] = []

    mutating func same<T: Equatable>(_ what: String, _ recognised: T, _ expected: T) {
        if recognised != expected { differences.append("\(what): read \(recognised), expected \(expected)") }
    }

    /// Compares two lists of descriptions; reports the count and the first differing element.
    mutating func sameList(_ what: String, _ recognised: [String], _ expected: [String]) {
        guard recognised != expected else { return }
        if recognised.count != expected.count {
            differences.append("\(what): read \(recognised.count) elements, expected \(expected.count)")
        }
        for (index, pair) in zip(recognised, expected).enumerated() where pair.0 != pair.1 {
            differences.append("\(what)[\(index)]:\n    read     \(pair.0)\n    expected \(pair.1)")
            return
        }
        if recognised.count > expected.count, let extra = recognised.dropFirst(expected.count).first {
            differences.append("\(what): extra \(extra)")
        } else if let missing = expected.dropFirst(recognised.count).first {
            differences.append("\(what): missing \(missing)")
        }
    }

    // MARK: Descriptions

    static func span(_ element: some SourceLocated) -> String { "L\(element.line)–\(element.endLine)" }

    static func goal(_ goal: Goal) -> String {
        "\(goal.cycle) #\(goal.number.map(String.init) ?? "-") [\(goal.heading ?? "")] \(goal.text) \(span(goal))"
    }

    static func block(_ block: TextBlock) -> String { "[\(block.heading ?? "")] \(block.text) \(span(block))" }

    static func point(_ point: SeriesPoint) -> String {
        "\(point.period.map(String.init(describing:)) ?? "-") \(point.kind) \(point.value.map { String($0) } ?? "nil") "
            + "「\(point.text)」 \(point.unit ?? "-")\(point.approximate ? " approx" : "") L\(point.line)"
    }

    static func series(_ series: Indicator) -> String {
        "\(series.title) (\(series.unit ?? "-"), \(series.role), target year \(series.targetYear.map(String.init) ?? "-")) "
            + "notes \(series.notes) \(span(series))"
    }

    static func budget(_ budget: Budget) -> String {
        "\(budget.group) \(budget.kind) FY\(budget.fiscalYear) \(budget.amount.map { String($0) } ?? "nil") \(budget.unit ?? "-") L\(budget.line)"
    }

    static func artifact(_ artifact: LayoutArtifact) -> String { "\(artifact.kind) 「\(artifact.text)」 \(span(artifact))" }

    static func initiative(_ initiative: Initiative) -> String {
        "\(initiative.title ?? "-") \(span(initiative))"
    }

    static func section(_ section: Section, depth: Int = 0) -> [String] {
        let head = String(repeating: "  ", count: depth) + "\(section.kind) L\(section.level) 「\(section.title)」 \(span(section))"
        return [head] + section.blocks.map { String(repeating: "  ", count: depth + 1) + block($0) }
            + section.children.flatMap { Self.section($0, depth: depth + 1) }
    }

    // MARK: Whole reports

    mutating func compareDocument(_ read: EvaluationReport, _ expected: EvaluationReport) {
        same("layout", read.layout, expected.layout)
        same("kind", read.kind, expected.kind)
        same("ministry", read.ministry, expected.ministry)
        same("title", read.title, expected.title)
        same("published", read.published, expected.published)
        same("line count", read.lineCount, expected.lineCount)
        sameList("page furniture", read.layoutArtifacts.map(Self.artifact), expected.layoutArtifacts.map(Self.artifact))
    }

    mutating func compareMOFA(_ read: Policy, _ expected: Policy) {
        same("measure title", read.title, expected.title)
        same("measure bureau", read.bureau, expected.bureau)
        same("measure date", read.evaluated, expected.evaluated)
        same("measure span", Self.span(read), Self.span(expected))
        sameList("objectives", read.objectives.map(Self.goal), expected.objectives.map(Self.goal))
        sameList("next objectives", read.nextObjectives.map(Self.goal), expected.nextObjectives.map(Self.goal))
        sameList("results", read.results.map(Self.block), expected.results.map(Self.block))
        sameList("overview", read.overview.map(Self.block), expected.overview.map(Self.block))
        sameList("expert opinions", read.expertComments.map { "field \($0.field.map(String.init) ?? "-") \($0.text) \(Self.span($0))" },
                 expected.expertComments.map { "field \($0.field.map(String.init) ?? "-") \($0.text) \(Self.span($0))" })
        sameList("budget", read.budget.map(Self.budget).sorted(), expected.budget.map(Self.budget).sorted())
        same("field count", read.fields.count, expected.fields.count)
        for (readField, expectedField) in zip(read.fields, expected.fields) {
            compareField(readField, expectedField)
        }
    }

    mutating func compareField(_ read: Field, _ expected: Field) {
        let name = "field \(expected.number.map(String.init) ?? "-")"
        same("\(name) number", read.number, expected.number)
        same("\(name) title", read.title, expected.title)
        same("\(name) bureau", read.bureau, expected.bureau)
        same("\(name) date", read.evaluated, expected.evaluated)
        same("\(name) span", Self.span(read), Self.span(expected))
        sameList("\(name) goals", read.goals.map(Self.goal), expected.goals.map(Self.goal))
        sameList("\(name) initiatives", read.initiatives.map(Self.initiative), expected.initiatives.map(Self.initiative))
        for (readInitiative, expectedInitiative) in zip(read.initiatives, expected.initiatives) {
            sameList("\(name) 「\(expectedInitiative.title ?? "")」 achievements", readInitiative.achievements.map(Self.block), expectedInitiative.achievements.map(Self.block))
            sameList("\(name) 「\(expectedInitiative.title ?? "")」 directions", readInitiative.directions.map(Self.block), expectedInitiative.directions.map(Self.block))
        }
        sameList("\(name) assessment", read.assessment?.parts.map(Self.block) ?? [], expected.assessment?.parts.map(Self.block) ?? [])
        compareSeries(name, read.series, expected.series)
    }

    mutating func compareSeries(_ name: String, _ read: [Indicator], _ expected: [Indicator]) {
        sameList("\(name) series", read.map(Self.series), expected.map(Self.series))
        for (readSeries, expectedSeries) in zip(read, expected) {
            sameList("\(name) 「\(expectedSeries.title)」 points", readSeries.points.map(Self.point), expectedSeries.points.map(Self.point))
        }
    }

    mutating func compareSections(_ read: [Section], _ expected: [Section]) {
        sameList("sections", read.flatMap { Self.section($0) }, expected.flatMap { Self.section($0) })
    }

    mutating func compareFigures(_ read: [Figure], _ expected: [Figure]) {
        let describe = { (figure: Figure) in "\(figure.kind) 「\(figure.title)」 notes \(figure.notes) \(Self.span(figure))" }
        sameList("figures", read.map(describe), expected.map(describe))
    }

    mutating func compareMIC(_ read: [Policy], _ expected: [Policy]) {
        same("policy count", read.count, expected.count)
        for (policy, expectedPolicy) in zip(read, expected) {
            let name = "policy \(expectedPolicy.number ?? "-")"
            same("\(name) number", policy.number, expectedPolicy.number)
            same("\(name) title", policy.title, expectedPolicy.title)
            same("\(name) bureau", policy.bureau, expectedPolicy.bureau)
            same("\(name) author", policy.author, expectedPolicy.author)
            same("\(name) evaluated", policy.evaluated, expectedPolicy.evaluated)
            same("\(name) span", Self.span(policy), Self.span(expectedPolicy))
            compareSeries(name, policy.series, expectedPolicy.series)
            let model = { (model: LogicModel) in
                ["stages \(model.stages) \(Self.span(model))"] + model.cells.map { "「\($0.text)」 target \($0.target ?? "-") \(Self.span($0))" }
            }
            sameList("\(name) logic models", policy.logicModels.flatMap(model), expectedPolicy.logicModels.flatMap(model))
            let reference = { (reference: Reference) in "\(reference.kind) 「\(reference.text)」 \(reference.url ?? "-") \(Self.span(reference))" }
            sameList("\(name) references", policy.references.map(reference), expectedPolicy.references.map(reference))
            let budget = { (budget: Budget) in "\(Self.budget(budget)) \(budget.group) 「\(budget.label)」" }
            sameList("\(name) budget", policy.budget.map(budget), expectedPolicy.budget.map(budget))
            let slide = { (section: Section) in "\(section.kind) 「\(section.title)」 \(Self.span(section))" }
            sameList("\(name) slides", policy.sections.map(slide), expectedPolicy.sections.map(slide))
        }
    }
}
