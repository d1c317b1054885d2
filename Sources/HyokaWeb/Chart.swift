import Foundation
import HyokaModel

/// SVG charts that explain themselves: a title, a y-axis with its scale and
/// unit, years along the x-axis, and a legend naming every mark. Text goes
/// into `<title>` and `<desc>` for screen readers as well; the same numbers
/// are in the table printed beside each chart.
///
/// The drawing is 400 units wide and scales down to the column: at a phone's
/// 390 px the 15-unit text is still about 13 px high.
enum Chart {
    static let width = 400.0
    static let height = 250.0
    /// Room for the y-axis labels (left), the year labels (bottom) and the legend (top).
    static let left = 56.0, right = 16.0, top = 40.0, bottom = 34.0

    /// An indicator: actuals as a line with points, targets as diamonds, and
    /// the straight path from the first actual to the last target dashed.
    static func svg(_ indicator: Indicator, _ language: Language) -> String? {
        let labels = language.labels
        let points = indicator.points.compactMap { point -> (Double, Double, SeriesPoint)? in
            guard let value = point.value, let year = position(point.period) else { return nil }
            return (year, value, point)
        }
        guard points.count >= 2 || points.contains(where: { $0.2.kind == .target }) else { return nil }
        let years = points.map(\.0)
        let minYear = years.min() ?? 0, maxYear = max(years.max() ?? 1, minYear + 1)
        let scale = Scale(maximum: points.map(\.1).max() ?? 1)
        func x(_ year: Double) -> Double { left + (year - minYear) / (maxYear - minYear) * (width - left - right) }
        let y = scale.y
        let actuals = points.filter { $0.2.kind == .actual }
        let targets = points.filter { $0.2.kind == .target }
        var shapes: [String] = []
        if actuals.count >= 2 {
            shapes.append("<polyline class=\"actual\" points=\"\(actuals.map { "\(fmt(x($0.0))),\(fmt(y($0.1)))" }.joined(separator: " "))\"/>")
        }
        for point in actuals {
            shapes.append("<circle class=\"actual\" cx=\"\(fmt(x(point.0)))\" cy=\"\(fmt(y(point.1)))\" r=\"4\"/>")
        }
        if let start = actuals.first, let target = targets.last {
            shapes.append("<line class=\"path\" x1=\"\(fmt(x(start.0)))\" y1=\"\(fmt(y(start.1)))\" x2=\"\(fmt(x(target.0)))\" y2=\"\(fmt(y(target.1)))\"/>")
        }
        for target in targets {
            shapes.append(diamond(x(target.0), y(target.1)))
        }
        let ticks = Set(years.map { $0.rounded(.down) }).sorted().map { year in
            "<text class=\"tick\" x=\"\(fmt(x(year)))\" y=\"\(fmt(height - bottom + 18))\" text-anchor=\"middle\">\(Int(year))</text>"
        }
        var legend: [(String, String)] = [("actual", labels["actualLegend"] ?? "")]
        if !targets.isEmpty { legend.append(("target", labels["targetLegend"] ?? "")) }
        if !actuals.isEmpty, !targets.isEmpty { legend.append(("path", labels["pathLegend"] ?? "")) }
        let unit = indicator.unit ?? indicator.points.lazy.compactMap(\.unit).first ?? ""
        let description = points.map { "\(language.period($0.2.period)) \(language.pointKind($0.2.kind)) \($0.2.text)" }.joined(separator: "; ")
        let id = "chart-\(indicator.line)"
        return """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">\
            <title id="\(id)-title" lang="ja">\(HTML.escape(indicator.title))</title>\
            <desc id="\(id)-desc">\(HTML.escape(description))</desc>\
            \(scale.axis(unit: unit))\(ticks.joined())\(shapes.joined())\(Self.legend(legend))</svg>
            """
    }

    /// Budget (outlined bar) beside execution (filled bar) per fiscal year, with the execution rate above.
    /// `anchor` (the group's first source line, or a project's id) keeps the ids apart when a page
    /// has several charts of groups with the same name, one per policy.
    static func budgetSVG(_ years: [(year: Int, budget: Double, execution: Double?)], group: String, unit: String, anchor: Int, _ language: Language) -> String? {
        guard !years.isEmpty else { return nil }
        let labels = language.labels
        let scale = Scale(maximum: years.map { max($0.budget, $0.execution ?? 0) }.max() ?? 1)
        let y = scale.y
        let slot = (width - left - right) / Double(years.count)
        let barWidth = min(28, slot / 3)
        var shapes: [String] = []
        for (index, entry) in years.enumerated() {
            let center = left + slot * (Double(index) + 0.5)
            shapes.append("<rect class=\"budget\" x=\"\(fmt(center - barWidth))\" y=\"\(fmt(y(entry.budget)))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(y(0) - y(entry.budget)))\"/>")
            if let execution = entry.execution {
                shapes.append("<rect class=\"execution\" x=\"\(fmt(center))\" y=\"\(fmt(y(execution)))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(y(0) - y(execution)))\"/>")
                if entry.budget > 0 {
                    shapes.append("<text x=\"\(fmt(center))\" y=\"\(fmt(y(max(entry.budget, execution)) - 4))\" text-anchor=\"middle\">\(Int((execution / entry.budget * 100).rounded()))%</text>")
                }
            }
            shapes.append("<text class=\"tick\" x=\"\(fmt(center))\" y=\"\(fmt(height - bottom + 18))\" text-anchor=\"middle\">\(entry.year)</text>")
        }
        let description = years.map {
            "\(language.period(.fiscalYear($0.year))): \(WebApp.number($0.budget)) / \($0.execution.map(WebApp.number) ?? "—")"
        }.joined(separator: "; ")
        let id = "budget-\(anchor)"
        let legend = Self.legend([("budget", labels["budgetLegend"] ?? ""), ("execution", labels["executionLegend"] ?? "")])
        return """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">\
            <title id="\(id)-title" lang="ja">\(HTML.escape(group))</title>\
            <desc id="\(id)-desc">\(HTML.escape(labels["budget"] ?? "")) (\(HTML.escape(unit))): \(HTML.escape(description))</desc>\
            \(scale.axis(unit: unit))\(shapes.joined())\(legend)</svg>
            """
    }

    /// A y-scale from zero to a round number above the data, with four or five labelled gridlines.
    struct Scale {
        let top: Double
        let step: Double

        init(maximum: Double) {
            let raw = Swift.max(maximum, 1) / 4
            let magnitude = pow10(floor(log10(raw)))
            let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
            self.step = step
            self.top = (Swift.max(maximum, 1) / step).rounded(.up) * step
        }

        func y(_ value: Double) -> Double { Chart.height - Chart.bottom - value / top * (Chart.height - Chart.bottom - Chart.top) }

        /// Gridlines with their values, the baseline, and the unit above the axis.
        func axis(unit: String) -> String {
            var parts: [String] = []
            var value = 0.0
            while value <= top + step / 2 {
                let at = Chart.fmt(y(value))
                parts.append("<line class=\"grid\" x1=\"\(Chart.fmt(Chart.left))\" y1=\"\(at)\" x2=\"\(Chart.fmt(Chart.width - Chart.right))\" y2=\"\(at)\"/>")
                parts.append("<text class=\"tick\" x=\"\(Chart.fmt(Chart.left - 4))\" y=\"\(Chart.fmt(y(value) + 5))\" text-anchor=\"end\">\(Chart.short(value))</text>")
                value += step
            }
            parts.append("<line class=\"axis\" x1=\"\(Chart.fmt(Chart.left))\" y1=\"\(Chart.fmt(y(0)))\" x2=\"\(Chart.fmt(Chart.width - Chart.right))\" y2=\"\(Chart.fmt(y(0)))\"/>")
            parts.append("<line class=\"axis\" x1=\"\(Chart.fmt(Chart.left))\" y1=\"\(Chart.fmt(Chart.top - 6))\" x2=\"\(Chart.fmt(Chart.left))\" y2=\"\(Chart.fmt(y(0)))\"/>")
            if !unit.isEmpty {
                parts.append("<text class=\"unit\" x=\"4\" y=\"\(Chart.fmt(Chart.top - 14))\" lang=\"ja\">(\(HTML.escape(unit)))</text>")
            }
            return parts.joined()
        }
    }

    /// A row of marks with their names along the top right.
    static func legend(_ entries: [(String, String)]) -> String {
        var x = width - right
        var parts: [String] = []
        for (mark, label) in entries.reversed() {
            let textWidth = Double(label.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 15 : 8) })
            x -= textWidth
            parts.append("<text x=\"\(fmt(x))\" y=\"18\">\(HTML.escape(label))</text>")
            let markX = x - 8
            switch mark {
            case "target": parts.append(diamond(markX, 13))
            case "path": parts.append("<line class=\"path\" x1=\"\(fmt(markX - 8))\" y1=\"13\" x2=\"\(fmt(markX + 4))\" y2=\"13\"/>")
            case "budget", "execution": parts.append("<rect class=\"\(mark) key\" x=\"\(fmt(markX - 8))\" y=\"6\" width=\"12\" height=\"12\"/>")
            default: parts.append("<circle class=\"actual\" cx=\"\(fmt(markX - 2))\" cy=\"13\" r=\"4\"/>")
            }
            x -= 30
        }
        return "<g class=\"legend\">" + parts.joined() + "</g>"
    }

    static func diamond(_ cx: Double, _ cy: Double) -> String {
        "<polygon class=\"target\" points=\"\(fmt(cx)),\(fmt(cy - 6)) \(fmt(cx + 6)),\(fmt(cy)) \(fmt(cx)),\(fmt(cy + 6)) \(fmt(cx - 6)),\(fmt(cy))\"/>"
    }

    /// 12,000 → 「12,000」, 2,500,000 → 「2.5M」: axis labels stay short.
    static func short(_ value: Double) -> String {
        value >= 1_000_000 ? WebApp.number(value / 1_000_000) + "M" : WebApp.number(value)
    }

    private static func position(_ period: Period?) -> Double? {
        switch period {
        case .fiscalYear(let year), .year(let year): Double(year)
        case .asOf(let date): Double(date.year) + Double((date.month ?? 1) - 1) / 12
        case nil: nil
        }
    }

    static func fmt(_ value: Double) -> String { String((value * 10).rounded() / 10) }
}

private func pow10(_ exponent: Double) -> Double {
    var result = 1.0
    if exponent >= 0 { for _ in 0..<Int(exponent) { result *= 10 } } else { for _ in 0..<Int(-exponent) { result /= 10 } }
    return result
}
