import HyokaModel
import HyokaText

/// The slides of a MIC report, each printed as one page of corpus 004.
extension MICRenderer {
    mutating func renderSlide(_ slide: MICSlide, into policy: inout Policy) {
        let title: String
        out.markRegion()
        switch slide {
        case .text(let caption, let bullets):
            title = caption
            textSlide(caption: caption, bullets: bullets, policy: policy)
        case .outcome(let heading, let goal, var indicator):
            title = heading
            outcomeSlide(heading: heading, goal: goal, indicator: &indicator)
            policy.series.append(indicator)
        case .yearTable(let programme, var budget, var series):
            title = programme + (budget.map { " " + TextNormalizer.normalize($0.label) } ?? "")
            yearTableSlide(programme: programme, budget: &budget, series: &series)
            policy.series += series
            if let budget { policy.budget.append(budget) }
        case .logicModel(let caption, var model):
            title = caption
            logicModelSlide(caption: caption, model: &model, policy: policy)
            policy.logicModels.append(model)
        case .links(var references):
            title = "関係資料（リンク集）"
            linksSlide(&references, policy: policy)
            policy.references += references
        }
        let start = out.regionStart ?? out.lineCount
        endSlide()
        policy.sections.append(Section(title: title, kind: .slide, level: 1, line: start, endLine: out.lastContentLine))
    }

    /// A slide ends with blank lines; sometimes its page number is printed
    /// alone at its foot, and the next slide then starts without the
    /// page-start mark (the reader starts a page after the number).
    private mutating func endSlide() {
        out.blank()
        if random.chance(0.3) {
            out.line(String(out.page))
            out.blank(3)
            out.newPageUnmarked()
        } else {
            out.blank()
            out.newPage()
        }
    }

    /// 「① …（制度概要）政策２：…」: the caption pdftotext prints at the top or the foot of a slide.
    private func captionLine(_ caption: String, policy: Policy) -> String {
        let number = Int(policy.number ?? "") ?? 0
        return "\(caption)政策\(PrintedText.sheetNumber(number))：\(policy.title)"
    }

    private mutating func textSlide(caption: String, bullets: [String], policy: Policy) {
        let atTop = random.chance(0.5)
        if atTop {
            out.line(captionLine(caption, policy: policy))
            out.blank()
        }
        for bullet in bullets {
            out.lines(PrintedText.wrap("○" + bullet, width: 110))
            out.blank()
        }
        if !atTop { out.line(captionLine(caption, policy: policy)) }
    }

    // MARK: 成果目標

    private mutating func outcomeSlide(heading: String, goal: String, indicator: inout Indicator) {
        out.line(heading)
        out.blank()
        out.line("【成果目標\(random.pick(["①", "②", "③"]))】")
        out.blank()
        let actuals = indicator.points.filter { $0.kind == .actual }
        let header = actuals.compactMap { point -> String? in
            guard case .fiscalYear(let year) = point.period else { return nil }
            return "\(PrintedText.eraYear(year, fullWidthDigits: false))年度"
        }.joined(separator: " ")
        indicator.line = out.line("成果目標 定量的な成果指標 単位 " + header)
        out.line("目標年度")
        out.blank()
        out.line(targetYearCell(indicator.targetYear ?? fiscalYear, header: header))
        out.blank()
        out.lines(PrintedText.wrap(goal, width: 26))
        out.blank()
        out.lines(PrintedText.wrap(indicator.title, width: 26))
        out.blank()
        outcomeRows(&indicator, columns: actuals.count)
    }

    /// The 目標年度 cell: without its era when the header implies it, as in
    /// 004 (「6年度」); a reader takes the header's era to be 平成 if it names
    /// 平成 at all, so a 令和 target under such a header keeps its era.
    private func targetYearCell(_ year: Int, header: String) -> String {
        let target = PrintedText.era(of: year)
        let impliedEra = header.contains("平成") ? "平成" : "令和"
        return target.name == impliedEra ? "\(PrintedText.eraNumber(target.year, fullWidthDigits: false))年度"
            : "\(PrintedText.eraYear(year, fullWidthDigits: false))年度"
    }

    /// 成果実績 / 目標値 / 達成度 rows: actuals by year, the target in the last
    /// column, 「-」 where there is nothing.
    private mutating func outcomeRows(_ indicator: inout Indicator, columns: Int) {
        let unit = indicator.unit == "%" ? "％" : indicator.unit ?? ""
        let dashes = { (count: Int) in Array(repeating: "-", count: count).joined(separator: " ") }
        let actualRow = out.line("成果実績 \(unit) " + indicator.points.filter { $0.kind == .actual }.map(\.text).joined(separator: " ") + " -")
        out.blank()
        let targetRow = out.line("目標値 \(unit) " + dashes(columns) + " " + indicator.points.filter { $0.kind == .target }.map(\.text).joined(separator: " "))
        out.blank()
        indicator.endLine = out.line("達成度 ％ " + dashes(columns + 1))
        for index in indicator.points.indices {
            let row = indicator.points[index].kind == .actual ? actualRow : targetRow
            (indicator.points[index].line, indicator.points[index].endLine) = (row, row)
        }
    }
}

// MARK: Programme slides, logic models and links

extension MICRenderer {
    /// The legend 「国費 / 特交 / その他」 set vertically, whose last character
    /// pdftotext glues to the title beside it (「他 地域おこし協力隊について R５予算額 208百万円」),
    /// a note, and a table by fiscal year whose cells are sometimes glued (「147団体207団体」).
    mutating func yearTableSlide(programme: String, budget: inout Budget?, series: inout [Indicator]) {
        out.lines(["国", "費"])
        out.blank()
        out.lines(["特", "交"])
        out.blank()
        out.line("そ")
        out.line("の")
        let titleLine = out.line("他 " + programme + (budget.map { " " + PrintedText.fullWidthSingleDigits($0.label) } ?? ""))
        budget?.line = titleLine
        budget?.endLine = titleLine
        out.blank()
        out.line("※ \(programme)の実績は、各年度末時点の調査による。")
        out.blank()
        guard let first = series.first else { return }
        out.line("年 度 " + yearCells(first.points).joined(separator: " "))
        out.blank()
        for index in series.indices {
            var cells = series[index].points.map(\.text)
            if cells.count > 2, random.chance(0.2) {
                let glued = random.int(in: 0..<(cells.count - 1))
                cells[glued] += cells.remove(at: glued + 1)
            }
            let row = out.line(series[index].title + " " + cells.joined(separator: " "))
            series[index].line = row
            series[index].endLine = row
            for point in series[index].points.indices {
                (series[index].points[point].line, series[index].points[point].endLine) = (row, row)
            }
            out.blank()
        }
        out.lines(PrintedText.wrap("○ \(programme)の実績は年々増加しており、取組の成果が着実に現れている。", width: 110))
    }

    /// Header cells in one of the styles of 004: 「R元年度 R2年度」, 「令和2年度」,
    /// or bare years read from a 「元年度」 among them (「30年度 元年度 ２年度」).
    private mutating func yearCells(_ points: [SeriesPoint]) -> [String] {
        let years = points.compactMap { point -> Int? in
            if case .fiscalYear(let year) = point.period { return year }
            return nil
        }
        let style = years.contains(2019) ? random.int(in: 0...2) : random.int(in: 0...1)
        return years.map { year in
            let (name, letter, number) = PrintedText.era(of: year)
            switch style {
            case 0: return "\(letter)\(PrintedText.eraNumber(number, fullWidthDigits: false))年度"
            case 1: return "\(name)\(PrintedText.eraNumber(number, fullWidthDigits: false))年度"
            default: return "\(PrintedText.eraNumber(number, fullWidthDigits: random.chance(0.5)))年度"
            }
        }
    }

    /// A logic model: stage names in reading order (the diagram's columns),
    /// then cells starting with 「・」, their targets 「【目標：…】」 and notes on lines of their own.
    mutating func logicModelSlide(caption: String, model: inout LogicModel, policy: Policy) {
        out.line(captionLine(caption, policy: policy))
        out.blank()
        model.line = out.line("活動モニタリング指標 短期アウトカム")
        out.blank()
        out.line("アクティビティ")
        out.blank()
        out.line("中期～長期アウトカム")
        out.blank()
        for index in model.cells.indices {
            let pieces = cellPieces(model.cells[index].text)
            let span = out.lines(pieces.flatMap { PrintedText.wrap(PrintedText.fullWidthSingleDigits($0, percent: true), width: 40) })
            (model.cells[index].line, model.cells[index].endLine) = (span.lowerBound, span.upperBound)
            out.blank()
        }
        model.endLine = model.cells.last?.endLine ?? model.line
        out.line("活動モニタリング指標の状況")
        out.blank()
        out.line("（毎年度の状況と認識を記載）")
    }

    /// A cell's text split where its target and note begin, each printed on a line of its own.
    private func cellPieces(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            if (character == "【" || character == "（"), !current.isEmpty, !current.hasSuffix("【") {
                pieces.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// 関係資料（リンク集）: 「label https://…」, the URL cut at the page's edge
    /// and continued on the next line, as pdftotext prints it.
    mutating func linksSlide(_ references: inout [Reference], policy: Policy) {
        out.line("関係資料（リンク集）" + captionLine("", policy: policy))
        out.blank()
        out.line("該当ページ 関係資料 リンク")
        out.blank()
        for index in references.indices {
            let url = references[index].url ?? ""
            let room = max(20, 100 - LineShape.displayWidth(references[index].text) - 1)
            let cut = min(room, url.count - 6)
            let start = out.line(references[index].text + " " + String(url.prefix(cut)))
            var end = start
            if cut < url.count { end = out.line(String(url.dropFirst(cut))) }
            (references[index].line, references[index].endLine) = (start, end)
            out.blank()
        }
    }
}
