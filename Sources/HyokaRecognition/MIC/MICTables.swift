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
            guard line.text.hasLiteralPrefix("成果目標"), line.containsLiteral("成果指標"),
                  let periods = headerPeriods(line) else { continue }
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

    private static func headerPeriods(_ line: Line) -> [Period]? {
        let text = line.text
        // In text of standalone scalars a match of the literal's UTF-8 is a
        // match of its characters: no need for Foundation's `range(of:)`,
        // which copies the text to UTF-16 (other text still uses it).
        guard let unitRange = line.isStandalone ? text.utf8.firstRange(of: "単位".utf8) : text.range(of: "単位") else { return nil }
        return TableReader.yearHeader(String(text[unitRange.upperBound...]))
    }

    private static func headerEra(_ text: String) -> JapaneseEra? {
        JapaneseEra.allCases.first { text.contains($0.rawValue) }
    }

    /// 「成果実績 件 5,032 4,906 4,904 -」 → (actual, 件, cells).
    private static func row(_ text: String) -> (kind: SeriesPoint.Kind, unit: String?, cells: [Quantity])? {
        let kinds: [(String, SeriesPoint.Kind)] = [("成果実績", .actual), ("実績値", .actual), ("目標値", .target), ("基準値", .baseline), ("達成度", .achievement)]
        guard let (label, kind) = kinds.first(where: { text.hasLiteralPrefix($0.0) }) else { return nil }
        var tokens = text.dropFirst(label.count).split(separator: " ").map(String.init)
        var unit: String?
        if let first = tokens.first, QuantityParser.parse(first).value == nil, !TableReader.isPlaceholderCell(first) {
            unit = TextNormalizer.normalize(first)
            tokens.removeFirst()
        }
        return (kind, unit, tokens.map { QuantityParser.parse($0, defaultUnit: unit) })
    }
}

/// Tables of a quantity by fiscal year: 「年 度 21年度 22年度 … R4年度」 or
/// 「令和元年度 令和２年度 令和３年度 令和７年度」, then rows. Two shapes of row:
///
/// - rows that name their quantity (「隊員数 89人 257人 …」, 「箇所数 2,223 4,804 6,000」):
///   one series each. They may wrap onto following lines; a row with fewer
///   values than years, when nothing follows, covers the latest years.
/// - rows that name what they are (「目標 ー ー ー 857億円」「実績 525億円 …」,
///   「見込み件数 10 10 10」「実績件数※ ９（15） …」): the rows about the same
///   quantity are one series, each cell a point of the row's kind.
///
/// A note under the header (「（見込み）」) gives the kind of the last columns.
/// The table's name is the 【caption】 printed above or below it (see `TableCaptions`).
enum YearTables {
    /// One table read from a slide: its series and the lines it covers.
    struct Table {
        var series: [Indicator]
        var header: Int
        var lastLine: Int
    }

    static func read(_ page: [Line], used: inout Set<Int>) -> [Indicator] {
        var tables: [Table] = []
        var index = 0
        while index < page.count {
            let header = page[index]
            index += 1
            // A header has 「年」: the line's own literal test skips the rest (most lines of a slide).
            guard !used.contains(header.number), header.containsLiteral("年"), let periods = TableReader.yearHeader(header.text), periods.count >= 3,
                  isConsecutive(periods) else { continue }
            var consumed = [header.number]
            var result: [Indicator] = []
            var current: Indicator?
            var labelLines: [Line] = []
            var columnKinds: [SeriesPoint.Kind?] = Array(repeating: nil, count: periods.count)
            // Series of rows that name their kind, by the quantity they are about.
            var bySubject: [String: Int] = [:]
            func finish() {
                guard var series = current else { return }
                if series.points.count < periods.count {
                    // Right-align: a series that started late covers the latest years.
                    let offset = periods.count - series.points.count
                    for position in series.points.indices { series.points[position].period = periods[position + offset] }
                }
                for position in series.points.indices {
                    guard let period = series.points[position].period, let column = periods.firstIndex(of: period),
                          let kind = columnKinds[column] else { continue }
                    series.points[position].kind = kind
                }
                result.append(series)
                current = nil
            }
            if index < page.count, let kinds = MICRow.columnKinds(page[index].text) {
                for (offset, kind) in kinds.reversed().enumerated() where offset < periods.count {
                    columnKinds[periods.count - 1 - offset] = kind
                }
                consumed.append(page[index].number)
                index += 1
            }
            while index < page.count {
                let line = page[index]
                let text = line.text
                index += 1
                if text.isEmpty { continue }
                // Parsed once: a row that names no kind is tried as a row of values next.
                let row = MICRow.parse(text)
                if let row, let kind = row.kind {
                    finish()
                    let points = kindRowPoints(row, kind: kind, periods: periods, columnKinds: columnKinds, line: line)
                    if let existing = bySubject[row.subject] {
                        result[existing].points += points
                        result[existing].endLine = line.number
                    } else {
                        let title = row.subject.isEmpty ? labelLines.joinedText : row.subject
                        bySubject[row.subject] = result.count
                        result.append(Indicator(title: title, unit: row.cells.compactMap(\.unit).first, role: .reference, points: points,
                                                line: labelLines.first?.number ?? line.number, endLine: line.number))
                        labelLines.removeAll()
                    }
                    consumed.append(line.number)
                } else if let row, !isPageNumber(row, columns: periods.count) {
                    if !row.label.isEmpty || (current == nil && !labelLines.isEmpty) || (current?.points.count ?? 0) >= periods.count {
                        finish()
                        let label = row.label.isEmpty ? labelLines.joinedText : row.label
                        current = Indicator(title: label, unit: row.cells.compactMap(\.unit).first, role: .reference,
                                            line: labelLines.first?.number ?? line.number, endLine: line.number)
                        labelLines.removeAll()
                    }
                    guard current != nil else { break }
                    for value in row.cells {
                        let position = current?.points.count ?? 0
                        guard position < periods.count else { break }
                        current?.points.append(point(value, period: periods[position], kind: .actual, line: line))
                    }
                    current?.endLine = line.number
                    consumed.append(line.number)
                } else if text.hasPrefix("【") || text.hasPrefix("（"), current != nil {
                    // 【2団体】, （16人）: annotations of the value above.
                    if let last = current?.points.indices.last { current?.points[last].text += text }
                    current?.endLine = line.number
                    consumed.append(line.number)
                } else if text.hasCharacterCount(atMost: 12), !text.containsLiteral("。"), LineShape.bullet(text) == nil,
                          !text.hasPrefix("【"), !text.hasPrefix("＜") {
                    finish()
                    labelLines.append(line)
                    consumed.append(line.number)
                } else {
                    index -= 1
                    break
                }
            }
            finish()
            result.removeAll { $0.points.isEmpty }
            guard !result.isEmpty else { continue }
            // Label lines with no values after them were not part of the table.
            let usedLines = consumed.filter { number in result.contains { $0.line <= number && number <= $0.endLine } || number == header.number }
            used.formUnion(usedLines)
            tables.append(Table(series: result, header: header.number, lastLine: result.map(\.endLine).max() ?? header.number))
        }
        TableCaptions.name(&tables, on: page, used: &used)
        return tables.flatMap(\.series)
    }

    /// A table by year runs through consecutive years, the last column only
    /// allowed to jump to a target year (「令和元年度 … 令和３年度 令和７年度」).
    /// Years far apart (「１９５０年 １９８５年 ２０２３年」) are a chart's axis.
    private static func isConsecutive(_ periods: [Period]) -> Bool {
        let years = periods.compactMap { period -> Int? in
            switch period {
            case .fiscalYear(let year), .year(let year): year
            case .asOf: nil
            }
        }
        guard years.count == periods.count else { return true }
        let steps = zip(years, years.dropFirst()).map { $1 - $0 }
        return steps.dropLast().allSatisfy { $0 == 1 } && (steps.last ?? 1) >= 1
    }

    /// 「５Ｇの基地局整備状況 12」 under a chart's axis years (「1993年 2001年 2010年 2020年」):
    /// a slide title and its page number, not a row. A row of a table of three
    /// or more years has more than one value, or a unit.
    private static func isPageNumber(_ row: MICRow, columns: Int) -> Bool {
        columns > 2 && row.cells.count == 1 && row.cells[0].unit == nil && !row.label.isEmpty
    }

    /// The points of a row that names its kind. Placeholder cells (「ー」) are
    /// no point: a 目標 row with 「ー」 under past years states no target for them.
    private static func kindRowPoints(
        _ row: MICRow, kind: SeriesPoint.Kind, periods: [Period], columnKinds: [SeriesPoint.Kind?], line: Line
    ) -> [SeriesPoint] {
        let offset = max(0, periods.count - row.cells.count)
        return row.cells.prefix(periods.count).enumerated().compactMap { position, cell in
            guard cell.isNumeric || !TableReader.isPlaceholderCell(cell.text) else { return nil }
            // A 実績 row under a 「（見込み）」 column is still an actual: the row says so.
            return point(cell, period: periods[position + offset], kind: kind, line: line)
        }
    }

    private static func point(_ cell: Quantity, period: Period, kind: SeriesPoint.Kind, line: Line) -> SeriesPoint {
        var point = SeriesPoint(period: period, kind: kind, quantity: cell, line: line.number, endLine: line.number)
        if !cell.isNumeric { point.text = MICRow.noteText(cell.text) }
        return point
    }
}

/// Names tables by the 【caption】 or ＜caption＞ printed with them. Slides put
/// a table's name above it or below it, so each caption goes to the nearest
/// table it is not cut off from (by another table's values), nearest pairs
/// first, one caption per table.
enum TableCaptions {
    /// Furthest a caption stands from its table, in non-blank lines.
    static let reach = 6

    struct Caption {
        var text: String
        var lines: [Int]
        /// Position among the page's non-blank lines.
        var first: Int
        var last: Int
    }

    static func name(_ tables: inout [YearTables.Table], on page: [Line], used: inout Set<Int>) {
        guard !tables.isEmpty else { return }
        let content = page.filter { !$0.isBlank }
        let captions = captions(content, used: used)
        guard !captions.isEmpty else { return }
        let position = Dictionary(uniqueKeysWithValues: content.enumerated().map { ($1.number, $0) })
        var pairs: [(distance: Int, caption: Int, table: Int)] = []
        for (captionIndex, caption) in captions.enumerated() {
            for (tableIndex, table) in tables.enumerated() {
                guard let top = position[table.header], let bottom = position[table.lastLine],
                      caption.last < top || caption.first > bottom else { continue }
                let gap = caption.last < top ? (caption.last + 1)..<top : (bottom + 1)..<max(bottom + 1, caption.first)
                let distance = gap.count + 1
                guard distance <= reach, !gap.contains(where: { isTableLine(content[$0].text) }) else { continue }
                pairs.append((distance, captionIndex, tableIndex))
            }
        }
        var named = Set<Int>(), taken = Set<Int>()
        for pair in pairs.sorted(by: { ($0.distance, $0.caption) < ($1.distance, $1.caption) })
        where !named.contains(pair.table) && !taken.contains(pair.caption) {
            named.insert(pair.table)
            taken.insert(pair.caption)
            let caption = captions[pair.caption]
            let distinct = Set(tables[pair.table].series.map(\.title)).count > 1
            for index in tables[pair.table].series.indices {
                let title = tables[pair.table].series[index].title
                tables[pair.table].series[index].title = distinct && !title.isEmpty ? "\(caption.text)：\(title)" : caption.text
            }
            used.formUnion(caption.lines)
        }
    }

    /// 【…】 and ＜…＞ lines, joined when wrapped (「【ローカル５Ｇ等の…して」「地域課題の解決に取り組んだ地域数】」).
    /// A bracket holding a count (【2団体】) annotates a value and names nothing.
    private static func captions(_ content: [Line], used: Set<Int>) -> [Caption] {
        var result: [Caption] = []
        var index = 0
        while index < content.count {
            let start = index
            index += 1
            let text = content[start].text
            guard !used.contains(content[start].number), let open = text.first, let close = closing[open] else { continue }
            var lines = [content[start]]
            while lines.last?.text.last != close, lines.count < 3, index < content.count { lines.append(content[index]); index += 1 }
            let joined = lines.joinedText
            guard joined.last == close, !joined.dropFirst().contains(open) else { index = start + 1; continue }
            let inner = String(joined.dropFirst().dropLast()).trimmingJapaneseWhitespace()
            guard inner.count >= 3, QuantityParser.parse(inner).value == nil else { continue }
            result.append(Caption(text: inner, lines: lines.map(\.number), first: start, last: start + lines.count - 1))
        }
        return result
    }

    private static let closing: [Character: Character] = ["【": "】", "＜": "＞"]

    private static func isTableLine(_ text: String) -> Bool {
        MICRow.parse(text) != nil || TableReader.yearHeader(text) != nil
    }
}

/// Logic models (ロジックモデル): a line of stage names such as
/// 「活動モニタリング指標 短期アウトカム」「アクティビティ」, then cells that start
/// with 「・」, with the targets written in them (「【目標：把握した課題の70％】」).
enum LogicModels {
    static let stageNames = ["アクティビティ", "活動モニタリング指標", "アウトプット", "短期アウトカム", "中期アウトカム", "中期～長期アウトカム", "中長期アウトカム", "長期アウトカム", "初期アウトカム", "最終アウトカム"]
    nonisolated(unsafe) static let target = #/【目標[：:](?<target>[^】]+)】/#

    /// The scalars stage names open with (ア, 活, 短, 中, 長, 初, 最).
    private static let stageInitials = Set(stageNames.compactMap(\.unicodeScalars.first))

    /// True when the line opens with a stage name. A line of standalone
    /// scalars opens with one only if its first scalar opens one (a scalar
    /// is a whole character there): most lines are answered by that scalar.
    static func opensWithStageName(_ line: Line) -> Bool {
        if line.isStandalone, let first = line.text.unicodeScalars.first, !stageInitials.contains(first) { return false }
        return stageNames.contains(where: line.text.hasLiteralPrefix)
    }

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
            let tokens = opensWithStageName(line) ? line.text.split(separator: " ").map(String.init) : []
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
