
/// A run of text from a document with its lines and the section it sits in:
/// the unit facts are read from and search indexes.
public struct Passage: Sendable, Hashable, SourceLocated {
    /// What kind of element the text came from (paragraph, achievement, goal …).
    public var role: String
    public var text: String
    /// Title of the enclosing section, field or series.
    public var section: String?
    public var line: Int
    public var endLine: Int

    public init(role: String, text: String, section: String?, line: Int, endLine: Int) {
        self.role = role
        self.text = text
        self.section = section
        self.line = line
        self.endLine = endLine
    }
}

extension EvaluationReport {
    /// Every piece of running text in the document, in source order.
    public var passages: [Passage] {
        var result: [Passage] = []
        func add(_ role: String, _ blocks: [TextBlock], _ section: String?) {
            result += blocks.map { Passage(role: role, text: $0.text, section: section, line: $0.line, endLine: $0.endLine) }
        }
        func add(_ sections: [Section], parent: String?) {
            for section in sections {
                let title = section.title.isEmpty ? nil : section.title
                // A heading is a passage of its own, so that a search for the
                // words of a (sub)section's title finds the section itself,
                // as a short, exact hit, and not only the paragraphs under it.
                // Slides are titled by their captions, which are furniture.
                if let title, section.kind != .slide, section.kind != .preamble {
                    result.append(Passage(role: "heading", text: title, section: parent, line: section.line, endLine: section.line))
                }
                add(section.kind == .slide ? "slide" : "paragraph", section.blocks, title)
                add(section.children, parent: title ?? parent)
            }
        }
        add(sections, parent: nil)
        add("footnote", footnotes.map { TextBlock(text: $0.text, line: $0.line, endLine: $0.endLine) }, nil)
        for policy in policies {
            let goals = policy.objectives + policy.nextObjectives
            add("objective", goals.map { TextBlock(text: $0.text, line: $0.line, endLine: $0.endLine) }, policy.title)
            add("result", policy.results + policy.overview, policy.title)
            add("expertOpinion", policy.expertComments.map { TextBlock(text: $0.text, line: $0.line, endLine: $0.endLine) }, policy.title)
            add("note", policy.notes, policy.title)
            add(policy.sections, parent: policy.title)
            for field in policy.fields {
                add("goal", field.goals.map { TextBlock(text: $0.text, line: $0.line, endLine: $0.endLine) }, field.title)
                for initiative in field.initiatives {
                    add("achievement", initiative.achievements, initiative.title ?? field.title)
                    add("direction", initiative.directions, initiative.title ?? field.title)
                }
                add("assessment", field.assessment?.parts ?? [], field.title)
                add("note", field.notes, field.title)
                add(field.sections, parent: field.title)
            }
        }
        return result.sorted { ($0.line, $0.endLine) < ($1.line, $1.endLine) }
    }
}
