import HyokaModel

/// Gives every element of a draft its own "line" — its ordinal in reading
/// order — and writes the draft as text with that element on that line.
///
/// An imported element's line points into its source file; a draft has no
/// source file, and the lines it carried from the last cycle point into a
/// file it no longer is. Numbering the elements afresh keeps the model's
/// promise (every element has a line span, `line <= endLine`); it lets a
/// finding of the review rules — which names the line of what it is about —
/// be shown beside the very form field it concerns; and the text returned
/// is the published version's source, so that its pages cite lines as an
/// imported document's do.
public enum DraftNumbering {
    @discardableResult
    public static func renumber(_ report: inout EvaluationReport) -> String {
        var lines: [String] = []
        func take(_ text: String) -> Int {
            lines.append(text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " "))
            return lines.count
        }
        func block(_ b: inout TextBlock) {
            b.line = take((b.heading.map { "【\($0)】" } ?? "") + b.text)
            b.endLine = b.line
        }
        func goal(_ g: inout Goal, _ label: String) {
            g.line = take("\(label)\(g.number.map(String.init) ?? "")：\(g.text)")
            g.endLine = g.line
        }
        func series(_ s: inout Indicator) {
            s.line = take("指標：\(s.title)" + (s.unit.map { "（\($0)）" } ?? "") + (s.targetYear.map { " 目標年度：\($0)年度" } ?? ""))
            for index in s.points.indices {
                let point = s.points[index]
                let period = point.period.map { period -> String in
                    switch period {
                    case .fiscalYear(let y): " \(y)年度"
                    case .year(let y): " \(y)年"
                    case .asOf(let date): " \(date.iso8601)時点"
                    }
                } ?? ""
                s.points[index].line = take("\(pointName(point.kind))\(period)：\(point.text)")
                s.points[index].endLine = s.points[index].line
            }
            s.endLine = lines.count
        }
        func reference(_ r: inout Reference) {
            r.line = take("参考：\(r.text)")
            r.endLine = r.line
        }
        for p in report.policies.indices {
            var policy = report.policies[p]
            policy.line = take("\(policy.level == .measure ? "施策名" : "政策")：\(policy.title)")
            for g in policy.objectives.indices { goal(&policy.objectives[g], "目標") }
            for g in policy.nextObjectives.indices { goal(&policy.nextObjectives[g], "次期目標") }
            for b in policy.overview.indices { block(&policy.overview[b]) }
            for b in policy.results.indices { block(&policy.results[b]) }
            for f in policy.fields.indices {
                var field = policy.fields[f]
                field.line = take("分野\(field.number.map(String.init) ?? "")：\(field.title)")
                for g in field.goals.indices { goal(&field.goals[g], field.goals[g].cycle == .current ? "中期目標" : "次回評価時に向けての中期目標") }
                for i in field.initiatives.indices {
                    field.initiatives[i].line = take("取組\(field.initiatives[i].number.map(String.init) ?? "")：\(field.initiatives[i].title ?? "")")
                    for b in field.initiatives[i].achievements.indices { block(&field.initiatives[i].achievements[b]) }
                    for b in field.initiatives[i].directions.indices { block(&field.initiatives[i].directions[b]) }
                    field.initiatives[i].endLine = lines.count
                }
                if var assessment = field.assessment {
                    assessment.line = take("評価結果")
                    for b in assessment.parts.indices { block(&assessment.parts[b]) }
                    assessment.endLine = lines.count
                    field.assessment = assessment
                }
                for s in field.series.indices { series(&field.series[s]) }
                for r in field.references.indices { reference(&field.references[r]) }
                for b in field.notes.indices { block(&field.notes[b]) }
                field.endLine = lines.count
                policy.fields[f] = field
            }
            for s in policy.series.indices { series(&policy.series[s]) }
            for b in policy.budget.indices {
                let row = policy.budget[b]
                policy.budget[b].line = take("\(row.label) \(row.fiscalYear)年度：\(row.text)\(row.unit ?? "")")
                policy.budget[b].endLine = policy.budget[b].line
            }
            for c in policy.expertComments.indices {
                policy.expertComments[c].line = take("外部有識者の所見" + (policy.expertComments[c].field.map { "（分野\($0)）" } ?? "") + "：\(policy.expertComments[c].text)")
                policy.expertComments[c].endLine = policy.expertComments[c].line
            }
            for r in policy.references.indices { reference(&policy.references[r]) }
            for m in policy.logicModels.indices {
                policy.logicModels[m].line = take("ロジックモデル：" + policy.logicModels[m].stages.joined(separator: "→"))
                for c in policy.logicModels[m].cells.indices {
                    policy.logicModels[m].cells[c].line = take(policy.logicModels[m].cells[c].text)
                    policy.logicModels[m].cells[c].endLine = policy.logicModels[m].cells[c].line
                }
                policy.logicModels[m].endLine = lines.count
            }
            for b in policy.notes.indices { block(&policy.notes[b]) }
            policy.endLine = lines.count
            report.policies[p] = policy
        }
        if lines.isEmpty { _ = take(report.title ?? "") }
        report.lineCount = lines.count
        report.line = 1
        report.endLine = report.lineCount
        return lines.joined(separator: "\n") + "\n"
    }

    public static func pointName(_ kind: SeriesPoint.Kind) -> String {
        switch kind {
        case .actual: "実績値"
        case .plan: "計画"
        case .forecast: "見込み"
        case .target: "目標値"
        case .baseline: "基準値"
        case .achievement: "達成度"
        }
    }
}
