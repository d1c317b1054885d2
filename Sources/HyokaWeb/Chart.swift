import HyokaModel

/// An SVG line chart of an indicator: actuals as a line with points, targets
/// as diamonds, and the straight path from the first actual to the target
/// dashed. Text goes into `<title>` and `<desc>` for screen readers; the same
/// numbers are in the table printed beside it.
enum Chart {
    static let width = 480.0
    static let height = 200.0
    static let margin = 36.0

    static func svg(_ indicator: Indicator, label: String) -> String? {
        let points = indicator.points.compactMap { point -> (Double, Double, SeriesPoint)? in
            guard let value = point.value, let year = position(point.period) else { return nil }
            return (year, value, point)
        }
        guard points.count >= 2 || points.contains(where: { $0.2.kind == .target }) else { return nil }
        let years = points.map(\.0), values = points.map(\.1) + [0]
        let minYear = years.min() ?? 0, maxYear = max(years.max() ?? 1, minYear + 1)
        let maxValue = max(values.max() ?? 1, 1) * 1.1
        func x(_ year: Double) -> Double { margin + (year - minYear) / (maxYear - minYear) * (width - 2 * margin) }
        func y(_ value: Double) -> Double { height - margin - value / maxValue * (height - 2 * margin) }
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
            let cx = x(target.0), cy = y(target.1)
            shapes.append("<polygon class=\"target\" points=\"\(fmt(cx)),\(fmt(cy - 6)) \(fmt(cx + 6)),\(fmt(cy)) \(fmt(cx)),\(fmt(cy + 6)) \(fmt(cx - 6)),\(fmt(cy))\"/>")
        }
        let axis = "<line class=\"axis\" x1=\"\(fmt(margin))\" y1=\"\(fmt(height - margin))\" x2=\"\(fmt(width - margin))\" y2=\"\(fmt(height - margin))\"/>"
        let ticks = Set(years).sorted().map { year in
            "<text x=\"\(fmt(x(year)))\" y=\"\(fmt(height - margin + 16))\" text-anchor=\"middle\">\(Int(year))</text>"
        }
        let description = points.map { "\($0.2.period.map { "\($0)" } ?? "") \($0.2.kind.rawValue) \($0.2.text)" }.joined(separator: "; ")
        return """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="chart-\(indicator.line)-title chart-\(indicator.line)-desc" xmlns="http://www.w3.org/2000/svg">\
            <title id="chart-\(indicator.line)-title">\(HTML.escape(label)): \(HTML.escape(indicator.title))</title>\
            <desc id="chart-\(indicator.line)-desc">\(HTML.escape(description))</desc>\
            \(axis)\(ticks.joined())\(shapes.joined())</svg>
            """
    }

    /// Budget (outlined bar) beside execution (filled bar) per fiscal year, with the execution rate above.
    static func budgetSVG(_ years: [(year: Int, budget: Double, execution: Double?)], group: String, label: String) -> String? {
        guard !years.isEmpty else { return nil }
        let top = max(years.map { max($0.budget, $0.execution ?? 0) }.max() ?? 1, 1) * 1.15
        let slot = (width - 2 * margin) / Double(years.count)
        let barWidth = min(28, slot / 3)
        func y(_ value: Double) -> Double { height - margin - value / top * (height - 2 * margin) }
        var shapes: [String] = []
        for (index, entry) in years.enumerated() {
            let center = margin + slot * (Double(index) + 0.5)
            shapes.append("<rect class=\"budget\" x=\"\(fmt(center - barWidth))\" y=\"\(fmt(y(entry.budget)))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(height - margin - y(entry.budget)))\"/>")
            if let execution = entry.execution {
                shapes.append("<rect class=\"execution\" x=\"\(fmt(center))\" y=\"\(fmt(y(execution)))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(height - margin - y(execution)))\"/>")
                if entry.budget > 0 {
                    shapes.append("<text x=\"\(fmt(center))\" y=\"\(fmt(y(max(entry.budget, execution)) - 4))\" text-anchor=\"middle\">\(Int((execution / entry.budget * 100).rounded()))%</text>")
                }
            }
            shapes.append("<text x=\"\(fmt(center))\" y=\"\(fmt(height - margin + 16))\" text-anchor=\"middle\">FY\(entry.year)</text>")
        }
        let axis = "<line class=\"axis\" x1=\"\(fmt(margin))\" y1=\"\(fmt(height - margin))\" x2=\"\(fmt(width - margin))\" y2=\"\(fmt(height - margin))\"/>"
        let description = years.map { "FY\($0.year): \(WebApp.number($0.budget)) / \($0.execution.map(WebApp.number) ?? "—")" }.joined(separator: "; ")
        // Deterministic (hashValue is seeded per process): the sum of the group's scalars.
        let id = "budget-\(group.unicodeScalars.reduce(0) { $0 + Int($1.value) })"
        return """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">\
            <title id="\(id)-title">\(HTML.escape(label)): \(HTML.escape(group))</title>\
            <desc id="\(id)-desc">\(HTML.escape(description))</desc>\
            \(axis)\(shapes.joined())</svg>
            """
    }

    private static func position(_ period: Period?) -> Double? {
        switch period {
        case .fiscalYear(let year), .year(let year): Double(year)
        case .asOf(let date): Double(date.year) + Double((date.month ?? 1) - 1) / 12
        case nil: nil
        }
    }

    private static func fmt(_ value: Double) -> String { String((value * 10).rounded() / 10) }
}
