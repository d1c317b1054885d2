import HyokaModel
import HyokaText

/// An administrative project review sheet (行政事業レビューシート).
///
/// No real review sheet is in the corpus (they are published as
/// spreadsheets and PDFs of a fixed form), so this follows a simple text
/// rendering of that form's parts, in their order: the ministry and year,
/// 【事業名】 with 事業番号 / 担当部局庁 / 事業開始年度 / 根拠法令, then numbered
/// parts 1．事業の目的, 2．事業概要, 3．予算額・執行額 (a table by fiscal
/// year: 当初予算, 補正予算, 計, 執行額, 執行率), 4．成果目標及び成果実績
/// (アウトカム), 5．活動指標及び活動実績 (アウトプット), 6．単位当たりコスト,
/// 7．点検・改善結果, and on a new page 8．行政事業レビュー推進チームの所見 and
/// 9．支出先上位10者リスト. Hyoka has no recogniser for this form, so it
/// imports as `generic`: a section per heading, its lines joined into
/// paragraphs that end at 「。」, and a warning that the layout is unknown.
struct ReviewSheetRenderer: PhraseDrawing {
    var out = PageWriter(capacity: 8_192)
    var phrases: Phrases
    let fiscalYear: Int
    private var sections: [Section] = []

    static let ministries = [
        "総務省", "外務省", "財務省", "文部科学省", "厚生労働省", "農林水産省", "経済産業省", "国土交通省", "環境省",
        "防衛省", "内閣府", "法務省", "警察庁", "金融庁", "消費者庁", "復興庁",
    ]
    static let kinds = ["推進事業", "対策費", "基盤整備事業", "支援事業", "等経費", "事業費補助金"]

    init(random: SyntheticRandom, fiscalYear: Int) {
        phrases = Phrases(random: random)
        self.fiscalYear = fiscalYear
    }

    mutating func render() -> (text: String, report: EvaluationReport) {
        let ministry = random.pick(Self.ministries)
        let project = phrases.topic() + random.pick(Self.kinds)
        preamble(ministry: ministry)
        header(project: project, ministry: ministry)
        prose("１．事業の目的", sentences: 2) { $0.review() }
        prose("２．事業概要", sentences: random.int(in: 2...5)) { $0.review() }
        budgetTable()
        outcome()
        outputs()
        prose("７．点検・改善結果", sentences: random.int(in: 3...6)) { $0.review() }
        out.blank(2)
        out.newPage()
        prose("８．行政事業レビュー推進チームの所見", sentences: random.int(in: 2...4)) { $0.review() }
        payees()
        let report = EvaluationReport(
            id: "", source: "", contentHash: "", kind: .unknown, layout: .generic,
            title: sections.first(where: { $0.kind != .preamble })?.title, sections: sections,
            warnings: ["Layout not recognised: imported as sections and text."], lineCount: out.lineCount
        )
        return (out.text, report)
    }

    // MARK: Parts

    private mutating func preamble(ministry: String) {
        let lines = [ministry, "\(PrintedText.eraYear(fiscalYear))年度 行政事業レビューシート"]
        let span = out.lines(lines)
        sections.append(Section(title: "", kind: .preamble, level: 1, blocks: [block(lines, span)], line: span.lowerBound, endLine: span.upperBound))
        out.blank()
    }

    private mutating func header(project: String, ministry: String) {
        let heading = "【\(project)】"
        var section = Section(title: heading, kind: .heading, level: 1, line: out.line(heading), endLine: 0)
        let start = fiscalYear - random.int(in: 0...12)
        let lines = [
            "事業番号 " + PrintedText.padded(random.int(in: 1...9_999), width: 4),
            "担当部局庁 \(ministry)\(random.pick(["大臣官房", "政策局", "総合政策局"])) 作成責任者 \(random.pick(["企画課長", "総務課長", "政策課長"]))",
            "事業開始年度 \(PrintedText.eraYear(start))年度 事業終了（予定）年度 終了予定なし",
            "根拠法令 \(phrases.topic())に関する基本方針",
        ]
        let span = out.lines(lines)
        section.blocks = [block(lines, span)]
        section.endLine = span.upperBound
        sections.append(section)
        out.blank()
    }

    /// A numbered part of prose, wrapped so that no line but a paragraph's
    /// last ends in 「。」 (the generic reader ends a paragraph there).
    private mutating func prose(_ heading: String, sentences: Int, _ sentence: (inout Phrases) -> String) {
        var section = Section(title: TextNormalizer.normalize(heading), kind: .heading, level: 1, line: out.line(heading), endLine: 0)
        let text = phrases.paragraph(sentences, sentence)
        let span = out.lines(PrintedText.wrap(text, width: 80, avoidSentenceEnds: true))
        section.blocks = [TextBlock(text: text, line: span.lowerBound, endLine: span.upperBound)]
        section.endLine = span.upperBound
        sections.append(section)
        out.blank()
    }

    /// 予算額・執行額: the form's table, which a generic reader keeps as one run of text.
    private mutating func budgetTable() {
        let heading = "３．予算額・執行額（単位：百万円）"
        var section = Section(title: TextNormalizer.normalize(heading), kind: .heading, level: 1, line: out.line(heading), endLine: 0)
        let years = (fiscalYear - 3)...fiscalYear
        var initial = years.map { _ in random.int(in: 20...9_000) }
        let supplementary = initial.map { random.chance(0.3) ? $0 / random.int(in: 5...20) : 0 }
        initial[initial.count - 1] = initial[initial.count - 2] * random.int(in: 90...120) / 100
        let total = zip(initial, supplementary).map { $0 + $1 }
        let executed = total.dropLast().map { $0 * random.int(in: 70...99) / 100 }
        let rates = zip(executed, total).map { String($0 * 100 / max(1, $1)) }
        let rows = [
            "区分 " + years.map { "\(PrintedText.eraYear($0))年度" + ($0 == fiscalYear ? "要求" : "") }.joined(separator: " "),
            "当初予算 " + initial.map(PrintedText.grouped).joined(separator: " "),
            "補正予算 " + supplementary.dropLast().map(PrintedText.grouped).joined(separator: " ") + " -",
            "計 " + total.map(PrintedText.grouped).joined(separator: " "),
            "執行額 " + executed.map(PrintedText.grouped).joined(separator: " ") + " -",
            "執行率（％） " + rates.joined(separator: " ") + " -",
        ]
        let span = out.lines(rows)
        section.blocks = [block(rows, span)]
        section.endLine = span.upperBound
        sections.append(section)
        out.blank()
    }

    /// 成果目標及び成果実績: the goal in a sentence, then its rows.
    private mutating func outcome() {
        let heading = "４．成果目標及び成果実績（アウトカム）"
        var section = Section(title: TextNormalizer.normalize(heading), kind: .heading, level: 1, line: out.line(heading), endLine: 0)
        let goal = phrases.goal()
        let goalSpan = out.lines(PrintedText.wrap(goal, width: 80, avoidSentenceEnds: true))
        let unit = random.pick(["件", "人", "団体", "回"])
        var value = random.int(in: 50...5_000)
        let actuals = (0..<3).map { _ in
            value = value * random.int(in: 92...125) / 100
            return PrintedText.grouped(value)
        }
        let measure = ["件": "実施件数", "人": "参加者数", "団体": "参加団体数", "回": "開催回数"][unit] ?? "実施件数"
        let rows = [
            "成果指標 \(phrases.topic())に関する\(phrases.activity())の\(measure) 単位 \(unit)",
            "成果実績 " + actuals.joined(separator: " ") + " -",
            "目標値 - - - " + PrintedText.grouped(value * random.int(in: 105...140) / 100),
        ]
        let span = out.lines(rows)
        section.blocks = [TextBlock(text: goal, line: goalSpan.lowerBound, endLine: goalSpan.upperBound), block(rows, span)]
        section.endLine = span.upperBound
        sections.append(section)
        out.blank()
    }

    /// 活動指標及び活動実績 and 単位当たりコスト: rows of a table, each part one run of text.
    private mutating func outputs() {
        let activity = phrases.activity()
        var value = random.int(in: 3...400)
        let actual = (0..<3).map { _ in
            value = value * random.int(in: 90...130) / 100 + 1
            return PrintedText.grouped(value)
        }
        table("５．活動指標及び活動実績（アウトプット）", rows: [
            "活動指標 \(activity)の実施回数 単位 回",
            "活動実績 " + actual.joined(separator: " ") + " -",
            "当初見込み " + actual.map { _ in PrintedText.grouped(random.int(in: 3...400)) }.joined(separator: " ") + " " + PrintedText.grouped(value + 5),
        ])
        table("６．単位当たりコスト", rows: [
            "単位当たりコスト \(random.int(in: 1...90)).\(random.int(in: 0...9))百万円 計算式 執行額／活動実績",
            "算出根拠 \(activity)の実施に要した経費を実施回数で除したもの",
        ])
    }

    /// 支出先上位10者リスト: who was paid, for what, how much (百万円).
    private mutating func payees() {
        let names = ["日本", "国際", "地域", "未来", "総合", "情報", "中央", "東日本", "西日本", "アジア"]
        let forms = ["株式会社%総研", "一般財団法人%協会", "一般社団法人%センター", "%大学", "株式会社%コンサルティング"]
        let rows = (0..<random.int(in: 3...10)).map { rank -> String in
            let name = random.pick(forms).replacingOccurrences(of: "%", with: random.pick(names))
            let letter = String(UnicodeScalar(UInt8(65 + rank)))
            return "\(letter).\(name) \(phrases.topic())に関する\(phrases.activity())の実施 \(PrintedText.grouped(random.int(in: 1...900)))"
        }
        table("９．支出先上位10者リスト（単位：百万円）", rows: rows)
    }

    private mutating func table(_ heading: String, rows: [String]) {
        var section = Section(title: TextNormalizer.normalize(heading), kind: .heading, level: 1, line: out.line(heading), endLine: 0)
        let span = out.lines(rows)
        section.blocks = [block(rows, span)]
        section.endLine = span.upperBound
        sections.append(section)
        out.blank()
    }

    /// Lines a generic reader joins into one paragraph, in their normalised form.
    private func block(_ lines: [String], _ span: ClosedRange<Int>) -> TextBlock {
        TextBlock(text: LineShape.join(lines.map { TextNormalizer.normalize($0) }), line: span.lowerBound, endLine: span.upperBound)
    }
}
