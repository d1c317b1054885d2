import Foundation
import HyokaModel

/// Horizontal stacked bars, one per ministry: how a ministry's evaluations
/// spread over the five ratings (and 評価なし), or its findings over the
/// severities. Bars lie flat so that a ministry's name (up to eight
/// characters) reads on one line at any width; the scale runs along the
/// bottom with its unit, and the legend below names every colour. The same
/// numbers are in the table printed under each chart, each a link.
enum CompareChart {
    static let width = 400.0
    static let labelWidth = 124.0
    static let right = 16.0, top = 30.0, rowHeight = 28.0, barHeight = 18.0

    /// One series of the stack: its CSS class, its name, and a value per ministry.
    struct Series {
        var mark: String
        var label: String
        var values: [Int]
    }

    /// About how wide a label is drawn at 15 px: a full-width character 15 units, another 8 (as `Chart.legend` reckons).
    static func textWidth(_ text: String) -> Double {
        Double(text.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 15 : 8) })
    }

    static func svg(id: String, title: String, categories: [String], series: [Series], unit: String, _ language: Language) -> String? {
        guard !categories.isEmpty else { return nil }
        let totals = categories.indices.map { index in series.reduce(0) { $0 + $1.values[index] } }
        let scale = Chart.Scale(maximum: Double(totals.max() ?? 1))
        let plotLeft = labelWidth, plotRight = width - right
        let x = { (value: Double) in plotLeft + value / scale.top * (plotRight - plotLeft) }
        let plotBottom = top + Double(categories.count) * rowHeight
        var parts: [String] = []
        // The scale: gridlines with their values, and the unit above the first.
        var value = 0.0
        while value <= scale.top + scale.step / 2 {
            parts.append("<line class=\"grid\" x1=\"\(Chart.fmt(x(value)))\" y1=\"\(Chart.fmt(top - 4))\" x2=\"\(Chart.fmt(x(value)))\" y2=\"\(Chart.fmt(plotBottom))\"/>")
            parts.append("<text class=\"tick\" x=\"\(Chart.fmt(x(value)))\" y=\"\(Chart.fmt(plotBottom + 18))\" text-anchor=\"middle\">\(Chart.short(value))</text>")
            value += scale.step
        }
        parts.append("<line class=\"axis\" x1=\"\(Chart.fmt(plotLeft))\" y1=\"\(Chart.fmt(top - 4))\" x2=\"\(Chart.fmt(plotLeft))\" y2=\"\(Chart.fmt(plotBottom))\"/>")
        parts.append("<text class=\"unit\" x=\"\(Chart.fmt(plotRight))\" y=\"\(Chart.fmt(top - 12))\" text-anchor=\"end\">(\(HTML.escape(unit)))</text>")
        for (index, category) in categories.enumerated() {
            let y = top + Double(index) * rowHeight + (rowHeight - barHeight) / 2
            parts.append("<text x=\"\(Chart.fmt(plotLeft - 6))\" y=\"\(Chart.fmt(y + barHeight - 4))\" text-anchor=\"end\" lang=\"ja\">\(HTML.escape(category))</text>")
            var start = 0.0
            for entry in series where entry.values[index] > 0 {
                let end = start + Double(entry.values[index])
                parts.append("<rect class=\"\(entry.mark)\" x=\"\(Chart.fmt(x(start)))\" y=\"\(Chart.fmt(y))\" width=\"\(Chart.fmt(x(end) - x(start)))\" height=\"\(Chart.fmt(barHeight))\"/>")
                start = end
            }
        }
        // The legend under the scale: two entries a row when the longest name fits half the width, else one.
        let legendTop = plotBottom + 34
        let perRow = series.allSatisfy { 26 + textWidth($0.label) <= width / 2 } ? 2 : 1
        for (index, entry) in series.enumerated() {
            let column = Double(index % perRow) * (width / 2), row = Double(index / perRow) * 22
            parts.append("<rect class=\"\(entry.mark) key\" x=\"\(Chart.fmt(column + 8))\" y=\"\(Chart.fmt(legendTop + row))\" width=\"12\" height=\"12\"/>")
            parts.append("<text x=\"\(Chart.fmt(column + 26))\" y=\"\(Chart.fmt(legendTop + row + 11))\">\(HTML.escape(entry.label))</text>")
        }
        let height = legendTop + Double((series.count + perRow - 1) / perRow) * 22 + 4
        let description = categories.enumerated().map { index, category in
            category + ": " + series.map { "\($0.label) \($0.values[index])" }.joined(separator: ", ")
        }.joined(separator: "; ")
        return """
            <svg class="chart bars" viewBox="0 0 \(Int(width)) \(Int(height.rounded(.up)))" role="img" aria-label="\(HTML.escape(title))" aria-describedby="\(id)-desc" xmlns="http://www.w3.org/2000/svg">\
            <title>\(HTML.escape(title))</title>\
            <desc id="\(id)-desc">\(HTML.escape(description))</desc>\
            \(parts.joined())</svg>
            """
    }
}

extension WebApp {
    /// The two distributions of the comparison: ratings per ministry, findings per severity and ministry,
    /// each with the table of its numbers (the chart's text alternative, every count a link).
    static func compareCharts(_ data: CompareData, _ filter: ComparisonFilter, ministries: [String], _ language: Language) -> [[String: Any]] {
        let labels = language.labels
        let names = ministries.map { ministryLabel($0, language) }
        let evaluations = data.records.evaluations.filter(filter.matches)
        let findings = data.records.findings.filter(filter.matches)
        func scoped(_ ministry: String, _ change: (inout ComparisonFilter) -> Void) -> ComparisonFilter {
            var scope = filter
            scope.ministry = ministry
            change(&scope)
            return scope
        }
        let ratingChoices: [(RatingChoice, String, String)] = Rating.allCases.map { (.rating($0), "r-\($0.rawValue)", language.rating($0)) }
            + [(.none, "r-none", labels["notRated"] ?? "")]
        let ratingSeries = ratingChoices.map { choice, mark, label in
            CompareChart.Series(mark: mark, label: label, values: ministries.map { ministry in
                evaluations.count { $0.document.ministry == ministry && choice.matches($0.computed) }
            })
        }
        let severitySeries = Finding.Severity.allCases.map { severity in
            CompareChart.Series(mark: "s-\(severity.rawValue)", label: language.severity(severity), values: ministries.map { ministry in
                findings.count { $0.document.ministry == ministry && $0.finding.severity == severity }
            })
        }
        let ratingRows = ministries.enumerated().map { index, ministry -> [String: Any] in
            ["label": names[index], "labelIsData": ministry != Comparison.unknown, "cells": ratingChoices.enumerated().map { position, choice in
                countCell(ratingSeries[position].values[index],
                          href: compareLink("/compare/evaluations", scoped(ministry) { $0 = $0.forEvaluations; $0.rating = choice.0 }, language))
            }]
        }
        let severityRows = ministries.enumerated().map { index, ministry -> [String: Any] in
            ["label": names[index], "labelIsData": ministry != Comparison.unknown, "cells": Finding.Severity.allCases.enumerated().map { position, severity in
                countCell(severitySeries[position].values[index], href: compareLink("/compare/findings", scoped(ministry) { $0.severity = severity }, language))
            }]
        }
        return [
            ["id": "chart-ratings", "heading": labels["ratingsByMinistry"] ?? "",
             "svg": CompareChart.svg(id: "chart-ratings", title: labels["ratingsByMinistry"] ?? "", categories: names, series: ratingSeries,
                                     unit: labels["evaluationUnit"] ?? "", language) ?? "",
             "columns": ratingChoices.map { ["label": $0.2] }, "rows": ratingRows],
            ["id": "chart-severities", "heading": labels["findingsBySeverity"] ?? "",
             "svg": CompareChart.svg(id: "chart-severities", title: labels["findingsBySeverity"] ?? "", categories: names, series: severitySeries,
                                     unit: labels["findingUnit"] ?? "", language) ?? "",
             "columns": Finding.Severity.allCases.map { ["label": language.severity($0)] }, "rows": severityRows],
        ]
    }
}
