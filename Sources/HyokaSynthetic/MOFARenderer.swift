import HyokaModel

/// Prints a MOFA measure the way `pdftotext -layout` prints the real sheets
/// (corpus 002), recording in the domain objects the lines each element was
/// printed on.
///
/// The artefacts are those of 002: hard wraps at the column width, blank
/// lines inside wrapped paragraphs, list numbers printed after their items
/// (glued 「…する。1」 or alone), full-width single digits, page starts marked
/// by a leading space, page numbers glued to the first line of a sheet
/// (「152024（令和６）年８月」, 「6施策名：…」) or alone, the two columns
/// 取組 / 今後の方向性 emitted one after the other with their side-by-side
/// header, and continuation headers 「（続）」 on later pages.
struct MOFARenderer {
    var out = PageWriter(capacity: 65_536)
    var random: SyntheticRandom
    let fiscalYear: Int

    /// Column widths measured on 002 (display columns).
    enum Width {
        static let wide = 104, goal = 100, assessment = 124, expert = 128
        static let achievement = 78, direction = 48
    }

    static let sourcesNote = "（注）評価書を作成するに当たっては、外交青書、外務省ホームページ等を使用した。"

    init(random: SyntheticRandom, fiscalYear: Int) {
        self.random = random
        self.fiscalYear = fiscalYear
    }

    /// Text as printed: single digits full-width, 「%」 as 「％」. The
    /// recogniser's normaliser folds both back.
    func printed(_ text: String) -> String {
        PrintedText.fullWidthSingleDigits(text, percent: true)
    }

    // MARK: Measure

    mutating func render(_ measure: Policy, nextLead: TextBlock) -> (policy: Policy, artifacts: [LayoutArtifact]) {
        var policy = measure
        policy.line = out.line("施策名：" + policy.title)
        out.blank()
        out.line(PrintedText.sheetDate(year: fiscalYear, month: 8))
        out.line(policy.bureau ?? "")
        out.blank()
        renderObjectives(&policy)
        renderResults(&policy)
        renderNextObjectives(&policy, lead: nextLead)
        renderExpertsAndBudget(&policy)
        for index in policy.fields.indices {
            renderField(&policy.fields[index], measureTitle: policy.title)
        }
        policy.endLine = out.lastContentLine
        return (policy, out.artifacts)
    }

    /// Lines of a paragraph, with a blank line after each wrapped line that
    /// does not end a sentence when `blanks` is set (a PDF artefact of 002).
    @discardableResult
    mutating func paragraph(_ lines: [String], blanks: Bool) -> ClosedRange<Int> {
        var first: Int?
        var last = out.lineCount
        for (index, text) in lines.enumerated() {
            if index > 0, blanks, !PrintedText.endsSentence(lines[index - 1]) { out.blank() }
            last = out.line(text)
            if first == nil { first = last }
        }
        return (first ?? last)...last
    }

    private mutating func renderObjectives(_ policy: inout Policy) {
        guard var lead = policy.overview.first else { return }
        let leadSpan = out.lines(PrintedText.wrap(printed("施策目標：" + lead.text), width: Width.wide))
        (lead.line, lead.endLine) = (leadSpan.lowerBound, leadSpan.upperBound)
        policy.overview[0] = lead
        out.blank()
        for index in policy.objectives.indices {
            let span = numberedItem(policy.objectives[index].text, number: index + 1)
            (policy.objectives[index].line, policy.objectives[index].endLine) = (span.lowerBound, span.upperBound)
        }
        // The overview paragraph opens the next page.
        guard policy.overview.count > 1 else { return }
        out.newPage()
        let span = paragraph(PrintedText.wrap(printed(policy.overview[1].text), width: Width.assessment), blanks: true)
        (policy.overview[1].line, policy.overview[1].endLine) = (span.lowerBound, span.upperBound)
        out.blank()
    }

    /// An item whose number is printed to its left: pdftotext emits the
    /// number after the text, glued to the last line or on a line of its own.
    /// Returns the span from the first line to the number.
    private mutating func numberedItem(_ text: String, number: Int, blanks: Bool = false) -> ClosedRange<Int> {
        var lines = PrintedText.wrap(printed(text), width: Width.wide)
        let glued = random.chance(0.5)
        if glued, let last = lines.popLast() { lines.append(last + String(number)) }
        let span = paragraph(lines, blanks: blanks)
        out.blank()
        guard !glued else { return span }
        let numberLine = out.line(String(number))
        out.blank()
        return span.lowerBound...numberLine
    }

    private mutating func renderResults(_ policy: inout Policy) {
        out.line("過去３年間の取組の主な評価結果")
        out.blank()
        for index in policy.results.indices {
            let lines = PrintedText.wrap(printed(policy.results[index].text), width: Width.assessment)
            let span = paragraph(lines, blanks: true)
            out.blank()
            let numberLine = out.line(String(index + 1))
            out.blank()
            (policy.results[index].line, policy.results[index].endLine) = (span.lowerBound, numberLine)
        }
    }

    private mutating func renderNextObjectives(_ policy: inout Policy, lead: TextBlock) {
        var lead = lead
        let span = out.lines(PrintedText.wrap(printed(lead.text), width: Width.assessment))
        (lead.line, lead.endLine) = (span.lowerBound, span.upperBound)
        policy.overview.append(lead)
        out.blank()
        out.line("評価結果を踏まえた次期施策目標")
        out.blank()
        for index in policy.nextObjectives.indices {
            let span = numberedItem(policy.nextObjectives[index].text, number: index + 1, blanks: true)
            (policy.nextObjectives[index].line, policy.nextObjectives[index].endLine) = (span.lowerBound, span.upperBound)
        }
    }

    /// Experts' opinions, with the budget table printed among them and the
    /// rest of the opinions on the next page under 「（続）」, as in 002.
    private mutating func renderExpertsAndBudget(_ policy: inout Policy) {
        out.line("外部有識者の所見（概要）")
        out.blank()
        let split = random.int(in: 0...policy.expertComments.count)
        for index in 0..<split { renderOpinion(&policy.expertComments[index]) }
        renderBudget(&policy)
        out.newPage()
        out.line("外部有識者の所見（概要）（続）")
        out.blank()
        policy.notes.append(TextBlock(text: Self.sourcesNote, line: out.line(Self.sourcesNote), endLine: out.lineCount))
        out.blank()
        for index in split..<policy.expertComments.count { renderOpinion(&policy.expertComments[index]) }
        out.blank(3)
    }

    private mutating func renderOpinion(_ opinion: inout ExpertOpinion) {
        let lines = PrintedText.wrap(printed(opinion.text), width: Width.expert, firstWidth: Width.expert - 3)
        let span = bullet(lines, blankInside: random.chance(0.2))
        (opinion.line, opinion.endLine) = (span.lowerBound, span.upperBound)
        out.blank()
    }

    /// A bullet 「⚫ …」 with its wrapped lines; `blankInside` puts a blank
    /// line after the first (pdftotext does this in 002) unless that line
    /// ends a sentence.
    @discardableResult
    mutating func bullet(_ lines: [String], blankInside: Bool) -> ClosedRange<Int> {
        guard let first = lines.first else { return out.lineCount...out.lineCount }
        let start = out.line("⚫ " + first)
        var end = start
        for (index, text) in lines.dropFirst().enumerated() {
            if index == 0, blankInside, !PrintedText.endsSentence(first) { out.blank() }
            end = out.line(text)
        }
        return start...end
    }

    /// 予算額・執行額等, amounts in 百万円, four years for the measure and
    /// for contributions.
    private mutating func renderBudget(_ policy: inout Policy) {
        let years = (fiscalYear - 3)...fiscalYear
        let header = years.map { PrintedText.eraYear($0) + "年度" }.joined(separator: " ")
        out.line("予算額・執行額等 区分 " + header)
        out.blank()
        out.line("施策の予算額・執行額等")
        out.line("（分担金・拠出金除く）")
        out.blank()
        for (group, prefix) in [("measure", ""), ("contributions", "同（分担金・拠出金） ")] {
            for (kind, label) in [(Budget.Kind.budget, "予算の状況"), (.execution, "執行額")] {
                let indices = policy.budget.indices.filter { policy.budget[$0].group == group && policy.budget[$0].kind == kind }
                let row = (kind == .budget ? prefix : "") + label + " " + indices.map { policy.budget[$0].text }.joined(separator: " ")
                let number = out.line(row)
                for index in indices { (policy.budget[index].line, policy.budget[index].endLine) = (number, number) }
                out.blank()
            }
        }
        let note = "（注）百万円単位。当初予算、補正予算、繰越し等を含む。"
        policy.notes.append(TextBlock(heading: "予算額・執行額等", text: note, line: out.line(note), endLine: out.lineCount))
    }
}
