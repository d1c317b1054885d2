import HyokaModel
import HyokaText

/// 成果目標 tables: a header 「成果目標 定量的な成果指標 単位 令和2年度 …」, the
/// 目標年度 (「6年度」, in the era of the header), the goal and indicator names,
/// then rows 成果実績 / 目標値 / 達成度 (and 基準値 when present), each with its
/// unit. The last column is the target year.
enum OutcomeTables {
    static func read(_ page: [Line], used: inout Set<Int>) -> [Indicator] {
        var result: [Indicator] = []
        var index = 0
        while index < page.count {
            let line = page[index]
            index += 1
            guard line.text.hasLiteralPrefix("成果目標"), line.text.containsLiteral("成果指標"),
                  let periods = headerPeriods(line.text) else { continue }
            var consumed = [line.number]
            var targetYear: Int?
            var names: [[Line]] = [[]]
            var rows: [(kind: SeriesPoint.Kind, unit: String?, cells: [Quantity], line: Line)] = []
            let era = headerEra(line.text)
            while index < page.count {
                let next = page[index]
                let text = next.text
                if text.isEmpty {
                    if !(names.last?.isEmpty ?? true) { names.append([]) }
                    index += 1
                    continue
                }
                if text == "目標年度" {
                    consumed.append(next.number)
                } else if targetYear == nil, text.hasSuffix("年度"), text.count <= 6,
                          let period = PeriodParser.period(in: text, impliedEra: era), case .fiscalYear(let year) = period {
                    targetYear = year
                    consumed.append(next.number)
                } else if let row = row(text) {
                    rows.append((row.kind, row.unit, row.cells, next))
                    consumed.append(next.number)
                    if row.kind == .achievement { index += 1; break }
                } else if rows.isEmpty {
                    names[names.count - 1].append(next)
                    consumed.append(next.number)
                } else {
                    break
                }
                index += 1
            }
            let nameGroups = names.filter { !$0.isEmpty }
            guard !rows.isEmpty, let indicator = nameGroups.last else { continue }
            let columns = periods + (targetYear.map { [Period.fiscalYear($0)] } ?? [])
            var series = Indicator(
                title: indicator.joinedText, unit: rows.first(where: { $0.kind == .actual })?.unit ?? rows.first?.unit,
                role: .outcome, targetYear: targetYear, line: line.number, endLine: consumed.max() ?? line.number
            )
            if nameGroups.count > 1, let goal = nameGroups.first {
                series.notes.append("成果目標：" + goal.joinedText)
            }
            for row in rows {
                for (column, cell) in zip(columns, row.cells) where cell.isNumeric || !TableReader.isPlaceholderCell(cell.text) {
                    var quantity = cell
                    if quantity.unit == nil { quantity.unit = row.unit }
                    series.points.append(SeriesPoint(period: column, kind: row.kind, quantity: quantity, line: row.line.number, endLine: row.line.number))
                }
            }
            used.formUnion(consumed)
            result.append(series)
        }
        return result
    }

    private static func headerPeriods(_ text: String) -> [Period]? {
        guard let unitRange = text.range(of: "単位") else { return nil }
        return TableReader.yearHeader(String(text[unitRange.upperBound...]))
    }

    private static func headerEra(_ text: String) -> JapaneseEra? {
        JapaneseEra.allCases.first { text.contains($0.rawValue) }
    }

    /// 「成果実績 件 5,032 4,906 4,904 -」 → (actual, 件, cells).
    private static func row(_ text: String) -> (kind: SeriesPoint.Kind, unit: String?, cells: [Quantity])? {
        let kinds: [(String, SeriesPoint.Kind)] = [("成果実績", .actual), ("実績値", .actual), ("目標値", .target), ("基準値", .baseline), ("達成度", .achievement)]
        guard let (label, kind) = kinds.first(where: { text.hasPrefix($0.0) }) else { return nil }
        var tokens = text.dropFirst(label.count).split(separator: " ").map(String.init)
        var unit: String?
        if let first = tokens.first, QuantityParser.parse(first).value == nil, !TableReader.isPlaceholderCell(first) {
            unit = TextNormalizer.normalize(first)
            tokens.removeFirst()
        }
        return (kind, unit, tokens.map { QuantityParser.parse($0, defaultUnit: unit) })
    }
}

/// Tables of a quantity by fiscal year: 「年 度 21年度 22年度 … R4年度」 then
/// rows 「隊員数 89人 257人 …」. Rows may wrap onto following lines; a row
/// with fewer values than years, when nothing follows, covers the latest years.
enum YearTables {
    static func read(_ page: [Line], used: inout Set<Int>) -> [Indicator] {
        var result: [Indicator] = []
        var index = 0
        while index < page.count {
            let header = page[index]
            index += 1
            guard !used.contains(header.number), let periods = TableReader.yearHeader(header.text), periods.count >= 3 else { continue }
            var consumed = [header.number]
            var current: Indicator?
            var labelLines: [Line] = []
            func finish() {
                guard var series = current else { return }
                if series.points.count < periods.count {
                    // Right-align: a series that started late covers the latest years.
                    let offset = periods.count - series.points.count
                    for position in series.points.indices { series.points[position].period = periods[position + offset] }
                }
                result.append(series)
                current = nil
            }
            while index < page.count {
                let line = page[index]
                let text = line.text
                index += 1
                if text.isEmpty { continue }
                if let row = TableReader.valueRow(text) {
                    if !row.label.isEmpty || (current == nil && !labelLines.isEmpty) || (current?.points.count ?? 0) >= periods.count {
                        finish()
                        let label = row.label.isEmpty ? labelLines.joinedText : row.label
                        current = Indicator(title: label, unit: row.values.compactMap(\.unit).first, role: .reference,
                                         line: labelLines.first?.number ?? line.number, endLine: line.number)
                        labelLines.removeAll()
                    }
                    guard current != nil else { break }
                    for value in row.values {
                        let position = current?.points.count ?? 0
                        guard position < periods.count else { break }
                        current?.points.append(SeriesPoint(period: periods[position], kind: .actual, quantity: value, line: line.number, endLine: line.number))
                    }
                    current?.endLine = line.number
                    consumed.append(line.number)
                } else if text.hasPrefix("【") || text.hasPrefix("（"), current != nil {
                    // 【2団体】, （16人）: annotations of the value above.
                    if let last = current?.points.indices.last { current?.points[last].text += text }
                    current?.endLine = line.number
                    consumed.append(line.number)
                } else if text.hasCharacterCount(atMost: 12), !text.containsLiteral("。"), LineShape.bullet(text) == nil {
                    finish()
                    labelLines.append(line)
                    consumed.append(line.number)
                } else {
                    index -= 1
                    break
                }
            }
            finish()
            // Label lines with no values after them were not part of the table.
            let usedLines = consumed.filter { number in result.contains { $0.line <= number && number <= $0.endLine } || number == header.number }
            used.formUnion(usedLines)
        }
        return result
    }
}

/// Logic models (ロジックモデル): a line of stage names such as
/// 「活動モニタリング指標 短期アウトカム」「アクティビティ」, then cells that start
/// with 「・」, with the targets written in them (「【目標：把握した課題の70％】」).
enum LogicModels {
    static let stageNames = ["アクティビティ", "活動モニタリング指標", "アウトプット", "短期アウトカム", "中期アウトカム", "中期～長期アウトカム", "中長期アウトカム", "長期アウトカム", "初期アウトカム", "最終アウトカム"]
    nonisolated(unsafe) static let target = #/【目標[：:](?<target>[^】]+)】/#

    static func read(_ page: [Line], used: inout Set<Int>) -> LogicModel? {
        var stages: [String] = []
        var stageLines: [Int] = []
        var cells: [LogicModel.Cell] = []
        var cell: [Line] = []
        var index = 0
        func flushCell() {
            guard let block = cell.block() else { return }
            let target = block.text.firstMatch(of: Self.target).map { String($0.output.target) }
            cells.append(LogicModel.Cell(text: block.text, target: target, line: block.line, endLine: block.endLine))
            cell.removeAll()
        }
        while index < page.count {
            let line = page[index]
            index += 1
            // Only a line that starts with a stage name can be a line of stage names.
            let tokens = stageNames.contains(where: line.text.hasLiteralPrefix) ? line.text.split(separator: " ").map(String.init) : []
            if !tokens.isEmpty, tokens.allSatisfy({ stageNames.contains($0) }) {
                stages += tokens
                stageLines.append(line.number)
                continue
            }
            guard !stages.isEmpty else { continue }
            if line.isBlank {
                // A cell ends at a blank line unless a note, target or 「⇒」 follows.
                let next = page[index...].first(where: { !$0.isBlank })?.text ?? ""
                if !(next.hasPrefix("【") || next.hasPrefix("（") || next.hasPrefix("⇒")) { flushCell() }
                if cells.isEmpty == false, cell.isEmpty, !next.hasPrefix("・"), !(next.hasPrefix("【") || next.hasPrefix("（") || next.hasPrefix("⇒")) { break }
                continue
            }
            if line.text.hasPrefix("・") {
                flushCell()
                cell = [line]
            } else if !cell.isEmpty || (line.text.hasPrefix("⇒") && !cells.isEmpty) {
                if cell.isEmpty, let previous = cells.popLast() {
                    // 「⇒…」 after a blank line belongs to the cell above.
                    cells.append(LogicModel.Cell(text: previous.text + line.text, target: previous.target, line: previous.line, endLine: line.number))
                    continue
                }
                cell.append(line)
            } else if !cells.isEmpty {
                break
            }
        }
        flushCell()
        guard !stages.isEmpty, !cells.isEmpty, let first = stageLines.first else { return nil }
        // Diagrams are read column by column; the stages are reported in causal order.
        stages.sort { (stageNames.firstIndex(of: $0) ?? 0) < (stageNames.firstIndex(of: $1) ?? 0) }
        used.formUnion(stageLines)
        for cell in cells { used.formUnion(cell.line...cell.endLine) }
        return LogicModel(stages: stages, cells: cells, line: first, endLine: cells.map(\.endLine).max() ?? first)
    }
}
