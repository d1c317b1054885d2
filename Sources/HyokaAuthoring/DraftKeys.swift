import HyokaModel

/// The names of a draft's editable values — in forms, in the audit log — and
/// their way back to typed edits.
///
/// A form sends every value it shows; `edits(from:current:)` keeps those
/// that differ from what is stored, so that a value imported as written
/// (「公表予定」) is not refused merely for being sent back unchanged.
public enum DraftKeys {
    /// Every editable value of `report` by its key, as a form shows it.
    public static func values(of report: EvaluationReport) -> [String: String] {
        var values: [String: String] = [:]
        for (p, policy) in report.policies.enumerated() {
            values[TextElement.measureName(policy: p).key] = policy.title
            values[TextElement.overview(policy: p).key] = policy.overview.map(\.text).joined(separator: "\n")
            for (i, goal) in policy.objectives.enumerated() { values[TextElement.objective(policy: p, index: i).key] = goal.text }
            values[TextElement.result(policy: p).key] = policy.results.first { $0.heading != StatedRating.heading }?.text ?? ""
            values[TextElement.expertKnowledge(policy: p).key] = policy.notes.first { $0.heading == StandardTemplate.expertKnowledge }?.text ?? ""
            values[DraftEdit.setStatedRating(policy: p, field: nil, nil).key] = StatedRating.read(policy.results)?.rawValue ?? ""
            for (f, field) in policy.fields.enumerated() {
                values[TextElement.fieldTitle(policy: p, field: f).key] = field.title
                for (i, goal) in field.goals.filter({ $0.cycle == .current }).enumerated() { values[TextElement.goal(policy: p, field: f, index: i).key] = goal.text }
                values[TextElement.fieldAssessment(policy: p, field: f).key] = field.assessment?.parts.first { $0.heading != StatedRating.heading }?.text ?? ""
                values[DraftEdit.setStatedRating(policy: p, field: f, nil).key] = StatedRating.read(field.assessment?.parts ?? [])?.rawValue ?? ""
                for (s, series) in field.series.enumerated() { addSeries(series, SeriesRef(policy: p, field: f, index: s), to: &values) }
            }
            for (s, series) in policy.series.enumerated() { addSeries(series, SeriesRef(policy: p, index: s), to: &values) }
            for row in policy.budget where row.stage != .total {
                values[DraftEdit.setBudget(policy: p, group: row.group, kind: row.kind, fiscalYear: row.fiscalYear, text: "").key] = row.text
            }
        }
        return values
    }

    static func addSeries(_ series: Indicator, _ ref: SeriesRef, to values: inout [String: String]) {
        values[TextElement.indicatorTitle(ref).key] = series.title
        values[DraftEdit.setUnit(ref, text: "").key] = series.unit ?? ""
        values[DraftEdit.setTargetYear(ref, text: "").key] = series.targetYear.map(String.init) ?? ""
        for point in series.points where editable(point) {
            values[DraftEdit.setPoint(ref, kind: point.kind, fiscalYear: point.period.flatMap(DraftEditor.year), text: "").key] = point.text
        }
    }

    /// Cells a form offers: those by year (年度 or 年) or without a period; a
    /// value stated at a date (「令和7年4月時点」) is shown, not edited.
    public static func editable(_ point: SeriesPoint) -> Bool {
        switch point.period {
        case .fiscalYear, .year, nil: true
        case .asOf: false
        }
    }

    /// The edits a submitted form asks for: the keys it knows whose value changed.
    /// Keys that name nothing in the draft are ignored (a form is not trusted to name only real elements).
    ///
    /// An indicator's unit and target year come before its cells: a cell is
    /// checked against them, so a form that changes the unit and retypes a
    /// value in it (or sets a target with its target year) is read as one
    /// change, not refused because 「…target」 sorts before 「…targetYear」.
    public static func edits(from form: [String: String], current: [String: String]) -> [DraftEdit] {
        let changed = form.keys.sorted().compactMap { key -> DraftEdit? in
            guard let old = current[key], let new = form[key], normalizedLines(new) != normalizedLines(old) else { return nil }
            return edit(key: key, value: normalizedLines(new))
        }
        return changed.filter(\.describesSeries) + changed.filter { !$0.describesSeries }
    }

    /// Browsers send line breaks in a textarea as CR LF.
    static func normalizedLines(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// The edit that sets the value named `key` to `value`; nil for a key of no known shape.
    public static func edit(key: String, value: String) -> DraftEdit? {
        var parts = key.split(separator: ".").map(String.init)
        guard let first = parts.first, let p = number(first, "p") else { return nil }
        parts.removeFirst()
        guard let next = parts.first else { return nil }
        if next == "budget" {
            guard parts.count >= 4, let kind = Budget.Kind(rawValue: parts[parts.count - 2]), let year = number(parts[parts.count - 1], "FY") else { return nil }
            return .setBudget(policy: p, group: parts[1..<(parts.count - 2)].joined(separator: "."), kind: kind, fiscalYear: year, text: value)
        }
        var field: Int?
        if let f = number(next, "f") {
            field = f
            parts.removeFirst()
        }
        guard let element = parts.first else { return nil }
        if let s = number(element, "s") {
            let ref = SeriesRef(policy: p, field: field, index: s)
            parts.removeFirst()
            guard let attribute = parts.first else { return nil }
            switch attribute {
            case "title" where parts.count == 1: return .setText(.indicatorTitle(ref), value)
            case "unit" where parts.count == 1: return .setUnit(ref, text: value)
            case "targetYear" where parts.count == 1: return .setTargetYear(ref, text: value)
            default:
                guard let kind = SeriesPoint.Kind(rawValue: attribute), parts.count <= 2 else { return nil }
                if parts.count == 2 {
                    guard let year = number(parts[1], "FY") else { return nil }
                    return .setPoint(ref, kind: kind, fiscalYear: year, text: value)
                }
                return .setPoint(ref, kind: kind, fiscalYear: nil, text: value)
            }
        }
        guard parts.count == 1 else { return nil }
        if element == "rating" {
            let rating = Rating(rawValue: value)
            guard rating != nil || value.isEmpty else { return nil }
            return .setStatedRating(policy: p, field: field, rating)
        }
        if let field {
            if element == "title" { return .setText(.fieldTitle(policy: p, field: field), value) }
            if element == "assessment" { return .setText(.fieldAssessment(policy: p, field: field), value) }
            if let i = number(element, "goal") { return .setText(.goal(policy: p, field: field, index: i), value) }
            return nil
        }
        switch element {
        case "title": return .setText(.measureName(policy: p), value)
        case "overview": return .setText(.overview(policy: p), value)
        case "result": return .setText(.result(policy: p), value)
        case "expertKnowledge": return .setText(.expertKnowledge(policy: p), value)
        default:
            if let i = number(element, "objective") { return .setText(.objective(policy: p, index: i), value) }
            return nil
        }
    }

    static func number(_ text: String, _ prefix: String) -> Int? {
        guard text.hasPrefix(prefix) else { return nil }
        let digits = text.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = Int(digits), value >= 0 else { return nil }
        return value
    }
}
