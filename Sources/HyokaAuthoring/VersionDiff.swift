import HyokaModel

/// Two versions of an evaluation side by side: every goal, series cell, text
/// and budget row of either, matched by what it is (the field's number, the
/// series' title, the cell's kind and 年度) rather than by its position, so
/// that a cell added for the new year or a goal reworded shows as one row.
///
/// Pure: the pages render it, and it works on any two reports — two versions
/// of a draft, two published versions, or an imported evaluation and its
/// next cycle.
public struct VersionDiff: Sendable, Equatable {
    /// The part of the evaluation a row belongs to, in the order the page shows them.
    public enum Part: String, Sendable, CaseIterable {
        case goals, series, texts, budget
    }

    public enum Change: String, Sendable {
        case same, changed, added, removed
    }

    /// One element in both versions.
    public struct Row: Sendable, Equatable {
        public var part: Part
        /// What the element is, in the report's words (「分野3 中期目標 1」「…アクセス件数 実績値 2025年度」).
        public var label: String
        public var old: String?
        public var new: String?

        public var change: Change {
            switch (old, new) {
            case (nil, _?): .added
            case (_?, nil): .removed
            case let (old?, new?): old == new ? .same : .changed
            case (nil, nil): .same
            }
        }
    }

    public var rows: [Row]

    /// The rows of one part.
    public func rows(_ part: Part) -> [Row] { rows.filter { $0.part == part } }

    /// How many rows differ.
    public var changeCount: Int { rows.filter { $0.change != .same }.count }

    /// Rows in the new version's order; an element only the old version has
    /// follows the element it followed there.
    public static func compare(_ old: EvaluationReport, _ new: EvaluationReport) -> VersionDiff {
        let before = elements(of: old)
        let after = elements(of: new)
        let oldByKey = Dictionary(before.map { ($0.key, $0) }) { first, _ in first }
        let newKeys = Set(after.map(\.key))
        var rows: [Row] = []
        var seen: Set<String> = []
        // An old element missing from the new version is placed after its predecessor there.
        var removedAfter: [String: [Element]] = [:]
        var leadingRemoved: [Element] = []
        var previous: String?
        for element in before {
            if !newKeys.contains(element.key) {
                if let previous { removedAfter[previous, default: []].append(element) } else { leadingRemoved.append(element) }
            } else {
                previous = element.key
            }
        }
        func removedRow(_ element: Element) -> Row { Row(part: element.part, label: element.label, old: element.text, new: nil) }
        rows += leadingRemoved.map(removedRow)
        for element in after where seen.insert(element.key).inserted {
            rows.append(Row(part: element.part, label: element.label, old: oldByKey[element.key]?.text, new: element.text))
            rows += (removedAfter[element.key] ?? []).map(removedRow)
        }
        return VersionDiff(rows: rows)
    }

    /// One comparable element: `key` matches it across versions, `label` names it.
    struct Element {
        var part: Part
        var key: String
        var label: String
        var text: String
    }

    static func elements(of report: EvaluationReport) -> [Element] {
        var result: [Element] = []
        func add(_ part: Part, _ key: String, _ label: String, _ text: String) {
            result.append(Element(part: part, key: part.rawValue + "\u{1F}" + key, label: label, text: text))
        }
        func blocks(_ blocks: [TextBlock], _ key: String, _ label: String) {
            for (index, block) in blocks.enumerated() {
                let name = block.heading.map { "\(label)【\($0)】" } ?? "\(label) \(index + 1)"
                add(.texts, "\(key)/\(block.heading ?? String(index))", name, block.text)
            }
        }
        func goals(_ goals: [Goal], _ key: String, _ label: String) {
            for (index, goal) in goals.enumerated() {
                add(.goals, "\(key)/\(goal.number.map(String.init) ?? "#\(index)")", "\(label) \(goal.number ?? index + 1)", goal.text)
            }
        }
        func series(_ all: [Indicator], _ key: String, _ label: String) {
            for (index, indicator) in all.enumerated() {
                // Titles repeat rarely, but can: the position among same-titled series keeps them apart.
                let repeatIndex = all[..<index].filter { $0.title == indicator.title }.count
                let seriesKey = "\(key)/\(indicator.title)#\(repeatIndex)"
                let name = label.isEmpty ? indicator.title : "\(label) \(indicator.title)"
                add(.series, seriesKey + "/unit", "\(name)（単位）", indicator.unit ?? "")
                if indicator.targetYear != nil || indicator.points.contains(where: { $0.kind == .target }) {
                    add(.series, seriesKey + "/targetYear", "\(name)（目標年度）", indicator.targetYear.map { "\($0)年度" } ?? "")
                }
                for point in indicator.points {
                    let period = point.period.map(periodText) ?? ""
                    let kind = DraftNumbering.pointName(point.kind)
                    add(.series, "\(seriesKey)/\(point.kind.rawValue)/\(period)", "\(name) \(kind) \(period)".trimmingCharacters(in: .whitespaces), point.text)
                }
            }
        }
        for (p, policy) in report.policies.enumerated() {
            let key = "p\(p)"
            add(.texts, key + "/title", policy.level == .measure ? "施策名" : "政策名", policy.title)
            goals(policy.objectives, key + "/objectives", "施策目標")
            goals(policy.nextObjectives, key + "/nextObjectives", "次期施策目標")
            blocks(policy.overview, key + "/overview", "施策の概要")
            blocks(policy.results, key + "/results", "評価結果")
            for field in policy.fields {
                let fieldKey = "\(key)/f\(field.number.map(String.init) ?? field.title)"
                let label = "分野\(field.number.map(String.init) ?? "")"
                add(.texts, fieldKey + "/title", label, field.title)
                goals(field.goals.filter { $0.cycle == .current }, fieldKey + "/goals", "\(label) 中期目標")
                goals(field.goals.filter { $0.cycle == .next }, fieldKey + "/nextGoals", "\(label) 次回評価時に向けての中期目標")
                for (i, initiative) in field.initiatives.enumerated() {
                    let initiativeKey = "\(fieldKey)/i\(initiative.number.map(String.init) ?? "#\(i)")"
                    let name = "\(label) 取組\(initiative.number ?? i + 1)"
                    add(.texts, initiativeKey, name, initiative.title ?? "")
                    blocks(initiative.achievements, initiativeKey + "/achievements", "\(name) 主な成果")
                    blocks(initiative.directions, initiativeKey + "/directions", "\(name) 今後の方向性")
                }
                if let assessment = field.assessment { blocks(assessment.parts, fieldKey + "/assessment", "\(label) 評価結果") }
                series(field.series, fieldKey + "/series", label)
            }
            series(policy.series, key + "/series", "")
            for row in policy.budget {
                let kind = row.kind == .budget ? "予算額" : "執行額"
                add(.budget, "\(key)/\(row.group)/\(row.label)/\(row.kind.rawValue)/\(row.stage?.rawValue ?? "")/\(row.fiscalYear)",
                    "\(row.label)（\(kind)）\(row.fiscalYear)年度", row.text.isEmpty ? "" : row.text + (row.unit ?? ""))
            }
            for (index, opinion) in policy.expertComments.enumerated() {
                add(.texts, "\(key)/experts/\(index)", "外部有識者の所見 \(index + 1)" + (opinion.field.map { "（分野\($0)）" } ?? ""), opinion.text)
            }
            blocks(policy.notes, key + "/notes", "注記")
        }
        return result
    }

    /// A period as the reports write it: 2025年度, 2025年, 2025-04時点.
    public static func periodText(_ period: Period) -> String {
        switch period {
        case .fiscalYear(let year): "\(year)年度"
        case .year(let year): "\(year)年"
        case .asOf(let date): "\(date.iso8601)時点"
        }
    }
}
