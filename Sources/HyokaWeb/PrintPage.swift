import Foundation
import HyokaAuthoring
import HyokaModel

/// The print-ready rendering of an evaluation: one HTML page in the layout
/// the evaluation is published in, with an A4 print stylesheet
/// (`Static/print.css`), which Chromium turns into the published PDF
/// (`PDFPrinter`).
///
/// A MOFA evaluation is printed as the ministry's sheets are: for each
/// 個別分野 the date and bureau, 施策名, 分野N：title, 中期目標, 評価結果, the
/// numbered 【取組】 with their 成果 and 今後の方向性, figures stated at a date in a
/// 【参考】 box, and each yearly series as a 「参考：title」 table of 年度 and
/// values. Any other evaluation is printed in the standard format
/// (`StandardTemplate`): 施策名, 施策の概要, 達成すべき目標, 測定指標 (基準値,
/// 実績値 by 年度, 目標値), 施策の予算額・執行額等, 評価結果 with the 評価区分,
/// 学識経験を有する者の知見の活用.
///
/// Values are printed as they were written (`SeriesPoint.text`), so the
/// printed document says exactly what the model holds, and reading the PDF
/// back (`hyoka import`) yields the same values: the round trip is a test.
/// Every text is escaped by the template.
enum PrintLayout {
    /// What a cell with no value prints: a placeholder the table readers know as "no number".
    static let emptyCell = "－"

    static func model(_ report: EvaluationReport) -> [String: Any] {
        let mofa = report.layout == .mofaSheet
        var model: [String: Any] = ["mofa": mofa, "standard": !mofa, "title": report.title ?? report.policies.first?.title ?? report.source]
        model["policies"] = report.policies.map { policy -> [String: Any] in
            let date = sheetDate(report.published ?? policy.evaluated)
            var item: [String: Any] = [
                "title": policy.title, "bureau": policy.bureau ?? "", "date": date,
                "measureHeading": policy.level == .measure ? StandardTemplate.measureName : "政策名",
                "objectives": numbered(policy.objectives), "nextObjectives": numbered(policy.nextObjectives),
                "overview": blocks(policy.overview.filter { $0.heading != StandardTemplate.overview || !$0.text.isEmpty }),
                "results": blocks(policy.results.filter { $0.heading != StatedRating.heading }),
                "rating": StatedRating.read(policy.results)?.label ?? "",
                "expertKnowledge": blocks(policy.notes.filter { $0.heading == StandardTemplate.expertKnowledge }),
                "notes": blocks(policy.notes.filter { $0.heading != StandardTemplate.expertKnowledge }),
                "experts": policy.expertComments.map { ["text": $0.text, "field": $0.field.map { "（個別分野\($0)）" } ?? ""] },
                "references": policy.references.map(reference),
            ]
            item["hasOverviewSheet"] = mofa && (!policy.objectives.isEmpty || !policy.nextObjectives.isEmpty || !policy.results.isEmpty
                || !policy.overview.isEmpty || !policy.series.isEmpty || !policy.budget.isEmpty || !policy.expertComments.isEmpty)
            let budget = budget(policy.budget)
            item["budget"] = budget.isEmpty ? [] : [budget]
            let (boxes, tables) = seriesViews(policy.series)
            item["boxes"] = boxes
            item["tables"] = tables
            item["indicators"] = policy.series.map(indicatorTable)
            item["fields"] = policy.fields.map { field -> [String: Any] in
                let current = field.goals.filter { $0.cycle == .current }
                let (boxes, tables) = seriesViews(field.series)
                return [
                    "date": sheetDate(report.published ?? field.evaluated ?? policy.evaluated),
                    "bureau": field.bureau ?? policy.bureau ?? "",
                    "measure": policy.title,
                    "heading": "分野\(field.number.map(String.init) ?? "")：\(field.title)",
                    "goals": current.count == 1 ? [["text": current[0].text]] : numbered(current),
                    "nextGoals": numbered(field.goals.filter { $0.cycle == .next }),
                    "assessment": blocks(field.assessment?.parts ?? []),
                    "initiatives": field.initiatives.enumerated().map { index, initiative -> [String: Any] in
                        let heading = "\(initiative.number ?? index + 1) 【\(initiative.title ?? "")】"
                        return ["heading": heading, "achievements": initiative.achievements.map(\.text),
                                "directions": initiative.directions.map(\.text), "hasDirectionList": !initiative.directions.isEmpty]
                    },
                    "boxes": boxes, "tables": tables,
                    "references": field.references.map(reference),
                    "notes": field.notes.map(\.text),
                ] as [String: Any]
            }
            return item
        }
        return model
    }

    /// A reference as printed: its text, a link when it is a web address (clickable in the PDF too).
    static func reference(_ reference: Reference) -> [String: Any] {
        let url = reference.url.flatMap { $0.hasPrefix("https://") || $0.hasPrefix("http://") ? $0 : nil } ?? ""
        return ["text": reference.text, "url": url]
    }

    /// 「2026（令和8）年12月」, the date line a MOFA sheet opens with; empty when the date is unknown.
    static func sheetDate(_ date: CalendarDate?) -> String {
        guard let date else { return "" }
        let era = date.year >= 2019 ? "令和\(date.year == 2019 ? "元" : String(date.year - 2018))" : "平成\(date.year - 1988)"
        return "\(date.year)（\(era)）年" + (date.month.map { "\($0)月" } ?? "")
    }

    /// Goals as a numbered list: 「1 text」, the shape the sheets number them in.
    static func numbered(_ goals: [Goal]) -> [[String: Any]] {
        goals.enumerated().map { index, goal in ["text": "\(goal.number ?? index + 1) \(goal.text)"] }
    }

    static func blocks(_ blocks: [TextBlock]) -> [[String: Any]] {
        blocks.map { ["heading": $0.heading.map { "【\($0)】" } ?? "", "text": $0.text] }
    }

    /// A series' cells split into what the sheets print apart: figures stated
    /// at one date go into a 【参考】 box of that date (「・title value」), the
    /// others into a 参考 table with a header row of 年度.
    static func seriesViews(_ all: [Indicator]) -> (boxes: [[String: Any]], tables: [[String: Any]]) {
        var boxes: [(date: CalendarDate, lines: [[String: Any]])] = []
        var tables: [[String: Any]] = []
        for (index, series) in all.enumerated() {
            if series.points.count == 1, case .asOf(let date)? = series.points[0].period {
                let point = series.points[0]
                let line: [String: Any] = ["text": "・\(series.title) \(cellText(point, series))", "notes": series.notes.map(parenthesised)]
                if let at = boxes.firstIndex(where: { $0.date == date }) { boxes[at].lines.append(line) } else { boxes.append((date, [line])) }
                continue
            }
            var table = indicatorTable(series)
            table["heading"] = "参考\(index + 1)：\(series.title)"
            tables.append(table)
        }
        let boxViews = boxes.map { box -> [String: Any] in
            ["heading": "【参考】\(box.date.year)年\(box.date.month.map { "\($0)月" } ?? "")\(box.date.day.map { "\($0)日" } ?? "")時点", "lines": box.lines]
        }
        return (boxViews, tables)
    }

    /// One series as a table: a header row of its periods and a row per kind
    /// of cell (実績値, 目標値 …), the kind named only when there is more than one.
    static func indicatorTable(_ series: Indicator) -> [String: Any] {
        var periods: [Period?] = []
        for point in series.points where !periods.contains(point.period) { periods.append(point.period) }
        var kinds: [SeriesPoint.Kind] = []
        for point in series.points where !kinds.contains(point.kind) { kinds.append(point.kind) }
        let labelled = kinds.count > 1 || periods.contains(nil)
        let rows = kinds.map { kind -> [String: Any] in
            let cells = periods.map { period -> String in
                guard let point = series.points.first(where: { $0.kind == kind && $0.period == period }) else { return emptyCell }
                return cellText(point, series)
            }
            return ["label": DraftNumbering.pointName(kind), "cells": cells]
        }
        let headers = periods.map { $0.map(VersionDiff.periodText) ?? "" }
        return [
            "title": series.title, "heading": "\(StandardTemplate.indicators)：\(series.title)",
            // The unit is stated apart only when the cells do not already carry it.
            "unit": series.unit.map { unit in
                series.points.allSatisfy { $0.text.isEmpty || cellText($0, series).hasSuffix(unit) } ? "" : "（単位：\(unit)）"
            } ?? "",
            "targetYear": series.targetYear.map { "目標年度：\($0)年度" } ?? "",
            "labelled": labelled, "headers": headers, "rows": rows,
            "notes": series.notes.map(parenthesised),
        ]
    }

    /// A cell as written, with the series' unit when the text has none (「1,234」 → 「1,234件」).
    static func cellText(_ point: SeriesPoint, _ series: Indicator) -> String {
        let text = point.text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return emptyCell }
        if let last = text.last, last.isNumber, let unit = point.unit ?? series.unit { return text + unit }
        return text
    }

    /// A note as the sheets print it: in full-width parentheses unless it already is (「（注1）…」).
    static func parenthesised(_ note: String) -> String {
        note.hasPrefix("（") || note.hasPrefix("(") ? note : "（\(note)）"
    }

    /// The budget table: a header row of 年度 after 「予算額・執行額等」 and one row per label and kind, in the unit stated above it.
    static func budget(_ rows: [Budget]) -> [String: Any] {
        let shown = rows.filter { $0.stage != .total }
        guard !shown.isEmpty else { return [:] }
        let years = Array(Set(shown.map(\.fiscalYear))).sorted()
        var lines: [(label: String, kind: Budget.Kind)] = []
        for row in shown where !lines.contains(where: { $0.label == row.label && $0.kind == row.kind }) { lines.append((row.label, row.kind)) }
        let unit = shown.compactMap(\.unit).first
        return [
            "unit": unit.map { "（単位：\($0)）" } ?? "",
            "headers": years.map { "\($0)年度" },
            "rows": lines.map { line -> [String: Any] in
                let kind = line.kind == .budget ? "予算額" : "執行額"
                let label = line.label.contains(kind) ? line.label : "\(line.label)（\(kind)）"
                return ["label": label, "cells": years.map { year -> String in
                    guard let row = shown.first(where: { $0.label == line.label && $0.kind == line.kind && $0.fiscalYear == year }),
                          !row.text.isEmpty else { return emptyCell }
                    return row.text
                }]
            },
        ]
    }
}
