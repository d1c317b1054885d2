import HyokaModel
import HyokaText

/// 参考 tables and 【参考】 boxes of the MOFA sheets.
extension MOFAParse {
    nonisolated(unsafe) static let subSeriesCell = #/（(?<number>\d{1,2})）\s*(?<rest>[^（）\s][^\s（]*)/#
    nonisolated(unsafe) static let editionLine = #/(?<year>\d{4})年版.*/#
    nonisolated(unsafe) static let titleNoteMarker = #/（注\s*\d*）$/#
    nonisolated(unsafe) static let noteMarker = #/（注\s*(\d*)）/#
    nonisolated(unsafe) static let subSeriesNumber = #/^（\d{1,2}）\s*/#
    nonisolated(unsafe) static let pageCitation = #/p\.\s*(\d+)/#
    nonisolated(unsafe) static let spacedMagnitude = #/(\d) (万|億)/#
    nonisolated(unsafe) static let yearMonthOnward = #/\d{4}年\d{1,2}月.*/#

    /// 「参考N：title」 followed by 出典, a row of years, a row of values and notes.
    /// A table whose cells are numbered per indicator (「（１）１か国」) is read
    /// as one series per number.
    mutating func parseReference(_ section: SheetSection, title rawTitle: String, into draft: inout FieldDraft, isOverview: Bool) {
        // The pattern needs 「注」: a title without it is not searched.
        let title = (rawTitle.containsLiteral("注") ? rawTitle.replacing(Self.titleNoteMarker, with: "") : rawTitle).trimmingJapaneseWhitespace()
        let first = section.headingLine?.number ?? section.lines.first?.number ?? 1
        var series = Indicator(title: title, role: .reference, line: first, endLine: first)
        var periods: [Period] = []
        var subSeries: [Int: Indicator] = [:]
        var subOrder: [Int] = []
        var lastSub: Int?

        var previousWasNote = false
        var noteOwner: Int?
        var titleOpen = !(rawTitle.hasSuffix("）") || rawTitle.hasSuffix(")"))
        for line in section.lines where !line.isBlank {
            var text = line.text
            let continuesNote = previousWasNote
            previousWasNote = false
            let structural = TableReader.yearHeader(text) != nil || TableReader.valueRow(text) != nil || LineShape.isURL(text)
                || text == "参考" || Self.isActualsHeader(text) || MOFAPatterns.isNote(text) || text.hasPrefix("（") || LineShape.loneNumber(text) != nil
            if titleOpen, periods.isEmpty, !structural {
                // The title wraps: 「…国際会議や」「セミナー等出席回数」.
                series.title += text
                claims.claim(line.number)
                titleOpen = false
                continue
            }
            titleOpen = false
            if continuesNote, !structural, let owner = noteOwner, let last = draft.series[owner].notes.popLast() {
                // A note wraps onto the next line.
                draft.series[owner].notes.append(last + text)
                previousWasNote = true
                claims.claim(line.number)
                continue
            }
            if continuesNote, !structural, let last = series.notes.popLast() {
                series.notes.append(last + text)
                previousWasNote = true
                claims.claim(line.number)
                series.endLine = max(series.endLine, line.number)
                continue
            }
            if text.hasPrefix("（出典") || text.hasPrefix("(出典") {
                if let close = text.firstIndex(of: "）") {
                    series.notes.append(String(text[...close]))
                    text = String(text[text.index(after: close)...]).trimmingJapaneseWhitespace()
                } else {
                    series.notes.append(text)
                    text = ""
                }
                claims.claim(line.number)
                if text.isEmpty { continue }
            }
            if text == "参考" || Self.isActualsHeader(text) {
                claims.claim(line.number)
                artifacts.append(LayoutArtifact(kind: .columnHeader, text: text, line: line.number, endLine: line.number))
                continue
            }
            if periods.isEmpty, let header = TableReader.yearHeader(text) {
                periods = header
                claims.claim(line.number)
                series.endLine = max(series.endLine, line.number)
                continue
            }
            if !periods.isEmpty, series.points.isEmpty, subOrder.isEmpty, let row = TableReader.valueRow(text),
               row.label.isEmpty, row.values.count == periods.count {
                for (period, value) in zip(periods, row.values) {
                    series.points.append(SeriesPoint(period: period, kind: .actual, quantity: value, line: line.number, endLine: line.number))
                }
                series.unit = row.values.compactMap(\.unit).first
                claims.claim(line.number)
                series.endLine = max(series.endLine, line.number)
                continue
            }
            if !periods.isEmpty, series.points.isEmpty, readSubSeriesLine(text, line: line, periods: periods, subSeries: &subSeries, order: &subOrder, last: &lastSub) {
                claims.claim(line.number)
                continue
            }
            if MOFAPatterns.isNote(text) {
                let note = text.replacingOccurrences(of: " 実 績 値", with: "")
                claims.claim(line.number)
                // 「（注１）」 printed under the last table belongs to the series titled with （注１）.
                if !isOverview, let marker = Self.noteMarkers(in: note).first, !Self.noteMarkers(in: rawTitle).contains(marker),
                   let owner = draft.noteMarkers[marker] {
                    draft.series[owner].notes.append(note)
                    noteOwner = owner
                } else {
                    series.notes.append(note)
                    noteOwner = nil
                }
                previousWasNote = true
                claims.claim(line.number)
                series.endLine = max(series.endLine, line.number)
                continue
            }
            if LineShape.isURL(text) {
                claims.claim(line.number)
                draft.references.append(Reference(kind: .url, text: text, url: text, line: line.number, endLine: line.number))
                continue
            }
            if let number = LineShape.loneNumber(text) {
                claims.claim(line.number)
                artifacts.append(LayoutArtifact(kind: .pageNumber, text: String(number), line: line.number, endLine: line.number))
            }
            // Anything else stays unclaimed and is reported as unparsed.
        }

        var found: [Indicator] = []
        if !series.points.isEmpty {
            found.append(series)
        } else if !subOrder.isEmpty {
            for number in subOrder {
                guard var sub = subSeries[number] else { continue }
                sub.notes = series.notes + sub.notes
                sub.title = "\(series.title)：\(sub.title)"
                found.append(sub)
            }
        } else {
            warnings.append("参考 table 「\(series.title)」 (line \(first)) has no values that could be read; its lines are kept as unparsed text.")
            return
        }
        if isOverview {
            policy.series.append(contentsOf: found)
        } else {
            for marker in Self.noteMarkers(in: rawTitle) { draft.noteMarkers[marker] = draft.series.count }
            draft.series.append(contentsOf: found)
        }
    }

    /// Footnote markers in a title or note: 「…（注１）へのアクセス件数」 → ["1"].
    /// The pattern needs 「注」: text without it is not searched.
    static func noteMarkers(in text: String) -> [String] {
        guard text.containsLiteral("注") else { return [] }
        return text.matches(of: noteMarker).map { String($0.output.1) }
    }

    /// The column header 「実績値」, however pdftotext spaced it (「実 績 値」).
    /// Text without 「値」 cannot be it: Foundation's replacing, asked of
    /// every row of every table, is skipped there.
    static func isActualsHeader(_ text: String) -> Bool {
        text.containsLiteral("値") && text.replacingOccurrences(of: " ", with: "") == "実績値"
    }

    /// Reads one line of a table whose cells are numbered per indicator:
    /// 「（１）有志国とのテロ対策協議の実施」 names indicator 1, 「（単位：実施相手国数）」
    /// gives its unit, 「（１）１か国 （１）２か国」 are its values in year order,
    /// and 「（オンライン）」 annotates the value before it.
    private func readSubSeriesLine(
        _ text: String, line: Line, periods: [Period], subSeries: inout [Int: Indicator], order: inout [Int], last: inout Int?
    ) -> Bool {
        let cells = text.matches(of: Self.subSeriesCell)
        if cells.isEmpty {
            guard text.hasPrefix("（"), text.hasSuffix("）"), let last, var sub = subSeries[last] else { return false }
            if text.hasPrefix("（単位") {
                sub.notes.append(text)
            } else if var point = sub.points.last {
                point.text += text
                point.endLine = line.number
                sub.points[sub.points.count - 1] = point
            }
            sub.endLine = line.number
            subSeries[last] = sub
            return true
        }
        for cell in cells {
            guard let number = Int(cell.output.number) else { continue }
            let quantity = QuantityParser.parse(String(cell.output.rest))
            if var sub = subSeries[number], quantity.isNumeric {
                let index = sub.points.count
                guard index < periods.count else { return false }
                sub.points.append(SeriesPoint(period: periods[index], kind: .actual, quantity: quantity, line: line.number, endLine: line.number))
                sub.unit = sub.unit ?? quantity.unit
                sub.endLine = line.number
                subSeries[number] = sub
            } else if subSeries[number] == nil, !quantity.isNumeric {
                let name = String(text[cell.range.lowerBound...]).replacing(Self.subSeriesNumber, with: "")
                subSeries[number] = Indicator(title: name, role: .reference, line: line.number, endLine: line.number)
                order.append(number)
            } else {
                return false
            }
            last = number
        }
        return true
    }

    /// 【参考】 box: figures with a common date (「令和7年4月時点」) become series;
    /// Bluebook editions become references; everything else is kept as the
    /// box's text.
    mutating func parseReferenceBox(_ section: SheetSection, title: String, into draft: inout FieldDraft) {
        let boxLines = [section.headingLine].compactMap { $0 } + section.lines
        let asOf: CalendarDate? = boxLines.lazy.compactMap { line in
            PeriodParser.periods(in: line.text).lazy.compactMap { period -> CalendarDate? in
                if case .asOf(let date) = period, line.text.contains("時点") || line.text.contains("現在") { return date }
                return nil
            }.first
        }.first
        var blocks: [TextBlock] = []
        var index = 0
        let contentLines = section.lines
        while index < contentLines.count {
            let line = contentLines[index]
            index += 1
            if line.isBlank { continue }
            let text = line.text
            if text == "参考" {
                claims.claim(line.number)
                artifacts.append(LayoutArtifact(kind: .columnHeader, text: text, line: line.number, endLine: line.number))
                continue
            }
            if let match = text.wholeMatch(of: Self.editionLine) {
                claims.claim(line.number)
                let page = text.firstMatch(of: Self.pageCitation).map { String($0.output.1) }
                draft.references.append(Reference(kind: .bluebook, text: text, page: page, number: String(match.output.year), line: line.number, endLine: line.number))
                continue
            }
            if LineShape.isURL(text) {
                claims.claim(line.number)
                draft.references.append(Reference(kind: .url, text: text, url: text, line: line.number, endLine: line.number))
                continue
            }
            if let asOf, var series = figureSeries(text, line: line, asOf: asOf) {
                // 「（令和7年4月時点。本省と在外公館の総計。）」 on the next line qualifies the figure.
                if index < contentLines.count, contentLines[index].text.hasPrefix("（"), contentLines[index].text.contains("時点") {
                    series.notes.append(contentLines[index].text)
                    series.endLine = contentLines[index].number
                    claims.claim(contentLines[index].number)
                    index += 1
                }
                claims.claim(line.number)
                draft.series.append(series)
                continue
            }
            claims.claim(line.number)
            blocks.append(TextBlock(text: text, line: line.number, endLine: line.number))
        }
        guard let headingLine = section.headingLine else { return }
        draft.sections.append(Section(
            title: title, kind: .column, level: 1, blocks: blocks,
            line: headingLine.number, endLine: blocks.last?.endLine ?? headingLine.number
        ))
    }

    /// 「・外務省公式Facebook（日英合計） 29.5 万人」 or 「フォロワー数：約1,456万人」:
    /// one figure at the end of a labelled line.
    private func figureSeries(_ text: String, line: Line, asOf: CalendarDate) -> Indicator? {
        let body = LineShape.bullet(text)?.rest ?? text
        let closedUp = body.replacing(Self.spacedMagnitude) { "\($0.output.1)\($0.output.2)" }
        guard let match = QuantityParser.quantities(in: closedUp).last,
              match.quantity.unit == "人", let value = match.quantity.value, value >= 100 else { return nil }
        let characters = Array(closedUp)
        guard match.range.upperBound >= characters.count - 1 else { return nil }
        var label = String(characters[..<match.range.lowerBound]).trimmingJapaneseWhitespace()
        var notes: [String] = []
        if let started = label.firstMatch(of: Self.yearMonthOnward) {
            notes.append(String(started.output))
            label = String(label[..<started.range.lowerBound]).trimmingJapaneseWhitespace()
        }
        if label.hasSuffix("：") || label.hasSuffix(":") { label = String(label.dropLast()) }
        guard !label.isEmpty else { return nil }
        let point = SeriesPoint(period: .asOf(asOf), kind: .actual, quantity: match.quantity, line: line.number, endLine: line.number)
        return Indicator(title: label, unit: match.quantity.unit, role: .reference, notes: notes, points: [point], line: line.number, endLine: line.number)
    }
}
