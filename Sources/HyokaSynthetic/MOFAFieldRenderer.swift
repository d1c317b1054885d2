import HyokaModel
import HyokaText

/// The field sheets (個別分野) of a MOFA measure, as printed in 002.
extension MOFARenderer {
    mutating func renderField(_ field: inout Field, measureTitle: String) {
        out.blank(3)
        out.newPageUnmarked()
        renderFieldHeader(&field, measureTitle: measureTitle)
        renderGoals(&field)
        renderColumns(&field)
        renderAssessment(&field)
        renderNextGoals(&field)
        renderSeries(&field)
        field.endLine = out.lastContentLine
    }

    /// The field's title, wrapped after a 「、」 when it is long, as 002 prints
    /// 「個別分野６：…地位向上、」「望ましい国連の実現」.
    func titleLines(_ field: Field) -> [String] {
        let heading = "個別分野\(PrintedText.sheetNumber(field.number ?? 0))："
        if field.title.count > 16, let comma = field.title.firstIndex(of: "、") {
            let next = field.title.index(after: comma)
            return [heading + printed(String(field.title[..<next])), printed(String(field.title[next...]))]
        }
        return [heading + printed(field.title)]
    }

    /// Two header orders occur in 002: the measure first with the page number
    /// glued to it (「6施策名：…」), or the date first (「152024（令和６）年８月」).
    private mutating func renderFieldHeader(_ field: inout Field, measureTitle: String) {
        let date = PrintedText.sheetDate(year: fiscalYear, month: 8)
        let bureauLines = (field.bureau ?? "").split(separator: " ").map(String.init)
        if random.chance(0.3) {
            field.line = out.lineWithGluedPageNumber("施策名：" + measureTitle)
            out.blank()
            out.lines(titleLines(field))
            out.blank()
            out.line(date)
            out.lines(bureauLines)
        } else {
            field.line = out.lineWithGluedPageNumber(date)
            out.lines(bureauLines)
            out.blank()
            out.line("施策名：" + measureTitle)
            out.blank()
            out.lines(titleLines(field))
        }
        out.blank()
    }

    /// 中期目標: 「1 …」 items, or one paragraph, wrapped.
    private mutating func renderGoals(_ field: inout Field) {
        out.line("中期目標")
        for index in field.goals.indices where field.goals[index].cycle == .current {
            let goal = field.goals[index]
            let prefix = goal.number.map { "\($0) " } ?? ""
            let lines = PrintedText.wrap(prefix + printed(goal.text), width: Width.goal)
            let span = paragraph(lines, blanks: random.chance(0.3))
            (field.goals[index].line, field.goals[index].endLine) = (span.lowerBound, span.upperBound)
        }
        out.blank()
    }

    func columnHeader(continued: Bool) -> String {
        let first = fiscalYear - 3, last = fiscalYear - 1
        let (firstEra, _, firstNumber) = PrintedText.era(of: first)
        let (lastEra, _, lastNumber) = PrintedText.era(of: last)
        let range = firstEra == lastEra
            ? "\(firstEra)\(PrintedText.eraNumber(firstNumber))～\(PrintedText.eraNumber(lastNumber))年度"
            : "\(firstEra)\(PrintedText.eraNumber(firstNumber))～\(lastEra)\(PrintedText.eraNumber(lastNumber))年度"
        let mark = continued ? "（続）" : ""
        return "過去３年度（\(range)）の主な取組\(mark) 今後の方向性\(mark)"
    }

    /// The side-by-side header line of the two columns, set apart as a column header.
    private mutating func columnHeaderLine(continued: Bool) {
        let header = columnHeader(continued: continued)
        out.loneArtifact(.columnHeader, header, recorded: TextNormalizer.normalize(header))
        out.blank()
    }

    /// 取組 and 今後の方向性. pdftotext emits the narrow 今後の方向性 column
    /// before the initiative beside it, then the initiative's title and its
    /// achievements in the wide column.
    private mutating func renderColumns(_ field: inout Field) {
        out.newPage()
        columnHeaderLine(continued: false)
        for index in field.initiatives.indices {
            renderInitiative(&field.initiatives[index])
            if random.chance(0.3) {
                out.line("https://www.mofa.go.jp/mofaj/files/\(random.int(in: 100_000_000...100_999_999)).pdf")
            }
            if index + 1 < field.initiatives.count, random.chance(0.4) {
                out.newPage()
                columnHeaderLine(continued: true)
            } else {
                out.blank()
            }
        }
    }

    private mutating func renderInitiative(_ initiative: inout Initiative) {
        var first: Int?
        for index in initiative.directions.indices {
            let lines = PrintedText.wrap(printed(initiative.directions[index].text), width: Width.direction, firstWidth: Width.direction - 3)
            let span = bullet(lines, blankInside: random.chance(0.15))
            (initiative.directions[index].line, initiative.directions[index].endLine) = (span.lowerBound, span.upperBound)
            first = first ?? span.lowerBound
            out.blank()
        }
        let titleLine = out.line(printed(initiative.title ?? ""))
        for index in initiative.achievements.indices {
            let lines = PrintedText.wrap(printed(initiative.achievements[index].text), width: Width.achievement, firstWidth: Width.achievement - 3)
            let span = bullet(lines, blankInside: random.chance(0.6))
            (initiative.achievements[index].line, initiative.achievements[index].endLine) = (span.lowerBound, span.upperBound)
            if index + 1 < initiative.achievements.count, random.chance(0.5) { out.blank() }
        }
        initiative.line = first ?? titleLine
        initiative.endLine = out.lastContentLine
        out.blank()
    }

    /// 評価結果: parts under 【headings】 or not, as bullets or plain text.
    private mutating func renderAssessment(_ field: inout Field) {
        guard var assessment = field.assessment else { return }
        if random.chance(0.4) { out.newPage() }
        out.line("評価結果")
        let asBullets = random.chance(0.7)
        for index in assessment.parts.indices {
            if let heading = assessment.parts[index].heading { out.line("【\(printed(heading))】") }
            let lines = PrintedText.wrap(printed(assessment.parts[index].text), width: Width.assessment, firstWidth: Width.assessment - (asBullets ? 3 : 0))
            let span = asBullets ? bullet(lines, blankInside: random.chance(0.5)) : paragraph(lines, blanks: random.chance(0.5))
            (assessment.parts[index].line, assessment.parts[index].endLine) = (span.lowerBound, span.upperBound)
            out.blank()
        }
        assessment.line = assessment.parts.first?.line ?? 0
        assessment.endLine = assessment.parts.last?.endLine ?? 0
        field.assessment = assessment
        if random.chance(0.3) {
            // A page number printed alone at the foot of the page, as 「18」 in 002.
            out.blank(2)
            out.loneArtifact(.pageNumber, String(out.page))
            out.blank()
            out.newPageUnmarked()
        }
        field.notes.append(TextBlock(text: Self.sourcesNote, line: out.line(Self.sourcesNote), endLine: out.lineCount))
        out.blank()
    }

    /// 次回評価時（令和N年度）に向けての中期目標.
    private mutating func renderNextGoals(_ field: inout Field) {
        out.line("次回評価時（\(PrintedText.eraYear(fiscalYear + 3))年度）に向けての中期目標")
        for index in field.goals.indices where field.goals[index].cycle == .next {
            let goal = field.goals[index]
            let span: ClosedRange<Int>
            if let heading = goal.heading {
                out.line("【\(printed(heading))】")
                span = bullet(PrintedText.wrap(printed(goal.text), width: Width.assessment, firstWidth: Width.assessment - 3), blankInside: random.chance(0.5))
            } else {
                let prefix = goal.number.map { "\($0) " } ?? ""
                span = paragraph(PrintedText.wrap(prefix + printed(goal.text), width: Width.assessment), blanks: random.chance(0.5))
            }
            (field.goals[index].line, field.goals[index].endLine) = (span.lowerBound, span.upperBound)
        }
        out.blank()
    }

    /// 参考 tables on a page of their own: title (with a note marker such as
    /// 「（注１）」), 出典, 「実 績 値」, a row of years and a row of values;
    /// the notes of all tables are printed under the last one.
    mutating func renderSeries(_ field: inout Field) {
        out.newPage()
        var footnotes: [(marker: Int, text: String, owner: Int)] = []
        let markers = field.series.indices.map { _ in random.chance(0.4) }
        for index in field.series.indices {
            let marker = markers[index] ? footnotes.count + 1 : nil
            // The box label 「参考」 is printed once, beside the first table; it
            // never ends a sheet in 002 when a measure-first sheet follows.
            let label = index == 0 && (field.series.count > 1 || markers.contains(true))
            renderTable(&field.series[index], number: index + 1, marker: marker, label: label)
            if let marker {
                footnotes.append((marker, "（注\(marker)）\(field.series[index].title)の集計は年度ごと。", index))
            }
        }
        for note in footnotes {
            let number = out.line(printed(note.text))
            field.series[note.owner].notes.append(note.text)
            // Notes extend the table they are printed under, whichever series they belong to.
            field.series[field.series.count - 1].endLine = number
            out.blank()
        }
    }

    private mutating func renderTable(_ series: inout Indicator, number: Int, marker: Int?, label: Bool) {
        let markerText = marker.map { "（注\(PrintedText.sheetNumber($0))）" } ?? ""
        series.line = out.line("参考\(PrintedText.sheetNumber(number))：\(printed(series.title))\(markerText)")
        out.blank()
        for note in series.notes { out.line(printed(note)) }
        out.loneArtifact(.columnHeader, "実 績 値")
        out.blank()
        let years = series.points.compactMap { point -> String? in
            guard case .fiscalYear(let year) = point.period else { return nil }
            return PrintedText.eraYear(year) + "年度"
        }
        out.line(years.joined(separator: " "))
        out.blank()
        let row = out.line(printed(series.points.map(\.text).joined(separator: " ")))
        for index in series.points.indices { (series.points[index].line, series.points[index].endLine) = (row, row) }
        series.endLine = row
        out.blank()
        guard label else { return }
        out.loneArtifact(.columnHeader, "参考")
        out.blank()
    }
}

// MARK: A single field sheet with numbered columns (corpus 000)

extension MOFARenderer {
    /// One field sheet printed on its own, as corpus 000: the field's title,
    /// the columns' header, the 取組 column with its initiatives numbered
    /// 「1 【…】」, then the sheet's date (page number glued), bureau, 施策名
    /// and 中期目標, then the 今後の方向性 column under the same numbered
    /// headings, and the 参考 tables.
    mutating func renderFieldSheet(_ field: Field, measureTitle: String) -> Policy {
        var field = field
        out.blank()
        field.line = out.line(titleLines(field).joined().replacingOccurrences(of: "個別分野", with: "分野"))
        out.blank()
        // 000 words its header 「…の主な成果 課題及び今後の方向性」.
        let header = columnHeader(continued: false).replacingOccurrences(of: "主な取組", with: "主な成果")
            .replacingOccurrences(of: "今後の方向性", with: "課題及び今後の方向性")
        out.loneArtifact(.columnHeader, header, recorded: TextNormalizer.normalize(header))
        out.blank()
        numberedColumn(&field, directions: false)
        out.blank()
        out.lineWithGluedPageNumber(PrintedText.sheetDate(year: fiscalYear, month: 8))
        let bureauLines = (field.bureau ?? "").split(separator: " ").map(String.init)
        out.lines(bureauLines, blankBetween: true)
        out.blank()
        out.line("施策名：" + measureTitle)
        out.blank()
        out.line("中期目標")
        for index in field.goals.indices {
            let span = out.lines(PrintedText.wrap(printed(field.goals[index].text), width: Width.goal))
            (field.goals[index].line, field.goals[index].endLine) = (span.lowerBound, span.upperBound)
        }
        out.blank()
        numberedColumn(&field, directions: true)
        field.notes.append(TextBlock(text: Self.sourcesNote, line: out.line(Self.sourcesNote), endLine: out.lineCount))
        out.blank()
        renderSeries(&field)
        field.endLine = out.lastContentLine
        return Policy(level: .measure, title: measureTitle, fields: [field], line: field.line, endLine: field.endLine)
    }

    /// One column of a numbered sheet: 「N 【title】」, then its bullets.
    private mutating func numberedColumn(_ field: inout Field, directions: Bool) {
        for index in field.initiatives.indices {
            let number = field.initiatives[index].number ?? index + 1
            let heading = out.line("\(number)\(random.chance(0.2) ? "  " : " ")【\(printed(field.initiatives[index].title ?? ""))】")
            out.blank()
            if !directions { field.initiatives[index].line = heading }
            var blocks = directions ? field.initiatives[index].directions : field.initiatives[index].achievements
            for block in blocks.indices {
                let span = bullet(PrintedText.wrap(printed(blocks[block].text), width: 62, firstWidth: 59), blankInside: false)
                (blocks[block].line, blocks[block].endLine) = (span.lowerBound, span.upperBound)
                out.blank()
            }
            if directions {
                field.initiatives[index].directions = blocks
                field.initiatives[index].endLine = blocks.last?.endLine ?? heading
            } else {
                field.initiatives[index].achievements = blocks
            }
        }
    }
}
