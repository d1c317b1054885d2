import HyokaModel

/// A chapter section of the Diplomatic Bluebook (外交青書), as corpus 003:
/// 総論 and 各論 with numbered headings (1 → （1） → ア), paragraphs
/// hard-wrapped in a narrow column, chart titles whose data did not survive,
/// photo captions, and the furniture of each spread — the footer with the
/// page number glued to it (「225外交青書 2013」), the running head
/// (「第１節…」) and the chapter number set vertically (「第」「４」「章」).
struct NarrativeRenderer {
    var out: PageWriter
    var phrases: Phrases
    let edition: Int
    let chapter: Int
    let sectionNumber: Int
    let sectionTitle: String
    /// Lines written on the current page; a new page starts past `pageLength`.
    private var linesOnPage = 0
    private var pageLength: Int
    private var figures: [Figure] = []

    static let sectionTitles = [
        "世界とのつながりを深める日本社会と日本人", "国民の理解と支持に向けた取組", "分野別外交の展開",
        "国際社会の平和と安定への貢献", "日本の国益と世界全体の利益を増進する経済外交", "地球規模課題への取組",
        "海外における日本人への支援", "国際社会における日本への理解促進",
    ]
    static let places = ["東京", "大阪", "京都", "ニューヨーク", "ジュネーブ", "ジャカルタ", "ナイロビ", "在キルギス大使館", "ブリュッセル"]

    /// Body column width of 003 (24 characters); paragraph ends are found
    /// by short last lines, so the width matters to the reader.
    static let bodyWidth = 48

    init(random: SyntheticRandom, edition: Int) {
        phrases = Phrases(random: random)
        self.edition = edition
        chapter = phrases.random.int(in: 1...5)
        sectionNumber = phrases.random.int(in: 1...4)
        sectionTitle = phrases.random.pick(Self.sectionTitles)
        pageLength = phrases.random.int(in: 40...60)
        out = PageWriter(capacity: 32_768, firstPage: phrases.random.int(in: 10...400))
    }

    var random: SyntheticRandom {
        get { phrases.random }
        set { phrases.random = newValue }
    }

    // MARK: Document

    mutating func render() -> (text: String, report: EvaluationReport) {
        var sections = [overview(), specifics()]
        if out.artifacts.isEmpty { furniture() }
        for index in sections.indices { Self.closeSpans(&sections[index]) }
        var report = EvaluationReport(
            id: "", source: "", contentHash: "", kind: .bluebook, layout: .narrative, ministry: "外務省",
            title: "第\(chapter)章 第\(sectionNumber)節 \(sectionTitle)", published: CalendarDate(year: edition),
            sections: sections, layoutArtifacts: out.artifacts, lineCount: out.lineCount
        )
        report.figures = figures
        report.layoutArtifacts.sort { ($0.line, $0.kind.rawValue) < ($1.line, $1.kind.rawValue) }
        return (out.text, report)
    }

    /// 総論: paragraphs only.
    private mutating func overview() -> Section {
        var section = Section(title: "総論", kind: .heading, level: 1, line: out.line("総　論"), endLine: 0)
        for _ in 0..<random.int(in: 3...7) { section.blocks.append(paragraph()) }
        return section
    }

    /// 各論: numbered sections, each with （n） subsections and ア, イ items.
    private mutating func specifics() -> Section {
        out.blank()
        var section = Section(title: "各論", kind: .heading, level: 1, line: out.line("各　論"), endLine: 0)
        out.blank()
        for number in 1...random.int(in: 2...4) {
            section.children.append(numbered(number))
        }
        return section
    }

    private mutating func numbered(_ number: Int) -> Section {
        let title = "\(number) \(headingTopic())"
        var section = Section(title: title, kind: .heading, level: 2, line: out.line("\t \(number)\t \(headingTopic(title))"), endLine: 0)
        out.blank()
        if random.chance(0.3) { section.blocks.append(paragraph()) }
        for sub in 1...random.int(in: 1...4) {
            var subsection = Section(title: "（\(sub)）\(headingTopic())", kind: .heading, level: 3, line: 0, endLine: 0)
            subsection.line = out.line(subsection.title)
            out.blank()
            for _ in 0..<random.int(in: 1...4) { subsection.blocks.append(paragraph()) }
            if random.chance(0.3) {
                for (offset, kana) in ["ア", "イ", "ウ"].prefix(random.int(in: 2...3)).enumerated() {
                    let name = itemTopic(offset)
                    var item = Section(title: "\(kana) \(name)", kind: .heading, level: 4, line: out.line("\(kana)\t \(name)"), endLine: 0)
                    for _ in 0..<random.int(in: 1...2) { item.blocks.append(paragraph()) }
                    subsection.children.append(item)
                }
            }
            section.children.append(subsection)
        }
        return section
    }

    /// A heading's text; given the full title 「1 …」, the part after the number.
    private mutating func headingTopic(_ title: String? = nil) -> String {
        if let title, let space = title.firstIndex(of: " ") { return String(title[title.index(after: space)...]) }
        let (a, b) = phrases.topicPair()
        return random.pick(["\(a)への対応", "\(a)をめぐる取組", "\(a)と\(b)の連携", "国際社会で活躍する\(a)", "\(a)に関する協力の推進"])
    }

    private mutating func itemTopic(_ offset: Int) -> String {
        let topic = phrases.topic()
        return random.pick(["\(topic)分野", "その他の\(topic)分野における連携", "\(topic)に関する支援"])
    }

    // MARK: Paragraphs and pages

    /// A paragraph of 2–5 sentences wrapped in the body column, followed by a
    /// blank line; sometimes a blank line inside it (a PDF artefact of 003),
    /// a page break, or the spread's furniture in the middle of it.
    private mutating func paragraph() -> TextBlock {
        let text = phrases.paragraph(random.int(in: 3...7)) { $0.narrative(year: edition - 1) }
        let lines = PrintedText.wrap(text, width: Self.bodyWidth)
        var first: Int?
        var last = out.lineCount
        for (index, line) in lines.enumerated() {
            let previous = index > 0 ? lines[index - 1] : nil
            if index >= 2, let previous, !PrintedText.endsSentence(previous), index + 1 < lines.count {
                // Breaks inside a paragraph only where its line does not end a sentence
                // (a line ending in 「。」 before a blank ends the paragraph for a reader),
                // and not after its first line, which would then stand alone like a caption.
                breakInside()
            }
            last = writeBodyLine(line)
            if first == nil { first = last }
        }
        out.blank()
        linesOnPage += 1
        let block = TextBlock(text: text, line: first ?? last, endLine: last)
        afterParagraph()
        return block
    }

    private mutating func writeBodyLine(_ line: String) -> Int {
        linesOnPage += 1
        return out.line(line)
    }

    /// A blank line, a new page, or the spread's furniture, inside a paragraph.
    private mutating func breakInside() {
        if linesOnPage >= pageLength {
            pageBreak()
        } else if random.chance(0.04) {
            out.blank()
        }
    }

    private mutating func pageBreak() {
        if out.page % 2 == 0 { furniture() }
        out.newPage()
        linesOnPage = 0
        pageLength = random.int(in: 40...60)
    }

    /// Between paragraphs: sometimes a chart title or a photo caption, and a
    /// page break when the page is full.
    private mutating func afterParagraph() {
        if random.chance(0.12) { chart() } else if random.chance(0.08) { caption() }
        if linesOnPage >= pageLength { pageBreak() }
    }

    /// The furniture of a spread: footer with the page number glued to it,
    /// running head, and the chapter number set vertically.
    private mutating func furniture() {
        out.blank()
        let footer = "外交青書 \(edition)"
        let footerLine = out.lineWithGluedPageNumber(footer)
        out.artifacts.append(LayoutArtifact(kind: .pageFooter, text: footer, line: footerLine, endLine: footerLine))
        out.blank()
        out.loneArtifact(.runningHead, "第\(PrintedText.fullWidth(sectionNumber))節\(sectionTitle)", recorded: "第\(sectionNumber)節\(sectionTitle)")
        out.blank()
        let start = out.line("第")
        out.line(PrintedText.fullWidth(chapter))
        let end = out.line("章")
        out.artifacts.append(LayoutArtifact(kind: .verticalText, text: "第\(chapter)章", line: start, endLine: end))
        out.blank(3)
    }

    /// A chart whose data did not survive extraction: only its title, and
    /// sometimes a note, remain.
    private mutating func chart() {
        let (a, _) = phrases.topicPair()
        let title = random.pick(["\(a)関連事業の件数の推移", "\(a)に関する\(phrases.activity())の実施件数", "\(a)分野の予算の内訳"])
        var figure = Figure(kind: .chart, title: title, line: out.line(title), endLine: 0)
        figure.endLine = figure.line
        out.blank()
        if random.chance(0.4) {
            let note = "（注）各年12月末現在の数値。"
            figure.endLine = out.line(note)
            figure.notes = [note]
            out.blank()
        }
        figures.append(figure)
        linesOnPage += 3
    }

    /// A photo caption ending in a date in brackets: 「…（11 月 21 日、東京）」.
    private mutating func caption() {
        let text = "\(phrases.topic())に関する\(phrases.activity())の様子（\(random.int(in: 1...12)) 月 \(random.int(in: 1...28)) 日、\(random.pick(Self.places))）"
        figures.append(Figure(kind: .caption, title: text, line: out.line(text), endLine: out.lineCount))
        out.blank()
        linesOnPage += 2
    }

    /// A section ends with the last line of its own text or of its last child.
    static func closeSpans(_ section: inout Section) {
        for index in section.children.indices { closeSpans(&section.children[index]) }
        section.endLine = max(section.line, section.blocks.last?.endLine ?? section.line, section.children.last?.endLine ?? section.line)
    }
}
