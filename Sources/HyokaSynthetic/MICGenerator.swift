import HyokaModel

/// One slide of a MIC report, with the domain objects printed on it.
enum MICSlide {
    /// Prose under a caption: 「○…」 bullets.
    case text(caption: String, bullets: [String])
    /// A 成果目標 table: 成果実績 / 目標値 / 達成度 by fiscal year, with its 目標年度.
    case outcome(title: String, goal: String, indicator: Indicator)
    /// A programme slide: the legend set vertically, the programme's budget
    /// (「R５予算額 208百万円」) and a table by fiscal year.
    case yearTable(programme: String, budget: Budget?, series: [Indicator])
    /// A logic model with targets written in its cells.
    case logicModel(caption: String, model: LogicModel)
    /// 関係資料（リンク集）: labelled URLs.
    case links(references: [Reference])
}

/// A policy (政策) of a MIC report and its slides.
struct MICPolicyPlan {
    var policy: Policy
    var slides: [MICSlide]
}

/// Randomised domain objects for the Ministry of Internal Affairs and
/// Communications 主要な政策に係る評価書: policies with their header, and
/// slides of prose, outcome tables, tables by fiscal year, logic models and
/// links. Line spans are unset until `MICRenderer` prints them.
struct MICGenerator: PhraseDrawing {
    var phrases: Phrases
    let fiscalYear: Int

    static let policyTitles: [(Int, String)] = [
        (1, "適正な行政管理の実施"), (2, "行政評価等による行政制度・運営の改善"), (3, "地方行財政制度の構築"),
        (4, "地域振興（地域力創造）"), (5, "分権型社会を担う地方自治制度の構築"), (6, "選挙制度等の適切な運用"),
        (7, "電子政府・電子自治体の推進"), (8, "消防防災体制の充実強化"), (9, "情報通信技術の研究開発・標準化の推進"),
        (10, "情報通信技術高度利活用の推進"), (11, "情報通信技術利用環境の整備"), (12, "郵政行政の推進"),
        (13, "電波利用料財源による電波監視等の実施"), (14, "ICT分野における国際戦略の推進"), (15, "公的統計の体系的な整備・提供"),
    ]
    static let bureaus = ["行政評価局", "自治行政局", "自治財政局", "情報流通行政局", "総合通信基盤局", "統計局", "消防庁", "国際戦略局", "行政管理局"]
    static let divisions = ["総務課", "政策評価課", "行政相談企画課", "地域政策課", "地域自立応援課", "財政課", "情報通信政策課", "電波政策課", "統計企画課", "国際政策課", "予防課"]
    static let surnames = ["渡邉", "西中", "佐藤", "鈴木", "高橋", "田中", "伊藤", "山本", "中村", "小林", "加藤", "吉田"]
    static let givenNames = ["浩之", "隆", "健一", "明子", "直樹", "由美", "誠", "恵子", "大輔", "裕子"]
    static let stages = ["アクティビティ", "活動モニタリング指標", "短期アウトカム", "中期～長期アウトカム"]

    init(random: SyntheticRandom, fiscalYear: Int) {
        phrases = Phrases(random: random)
        self.fiscalYear = fiscalYear
    }

    /// 1–3 policies, in increasing number.
    mutating func policies() -> [MICPolicyPlan] {
        let chosen = random.sample(Self.policyTitles, count: random.int(in: 1...3)).sorted { $0.0 < $1.0 }
        return chosen.map { plan(number: $0.0, title: $0.1) }
    }

    private mutating func plan(number: Int, title: String) -> MICPolicyPlan {
        var policy = Policy(level: .policy, number: String(number), title: title, line: 0, endLine: 0)
        let bureau = random.pick(Self.bureaus)
        policy.bureau = bureau + " " + random.sample(Self.divisions, count: random.int(in: 1...4)).joined(separator: "、")
        policy.author = "\(bureau)\(random.pick(Self.divisions))長 \(random.pick(Self.surnames)) \(random.pick(Self.givenNames))"
        policy.evaluated = CalendarDate(year: fiscalYear, month: 9)
        var slides: [MICSlide] = []
        for _ in 0..<random.int(in: 8...22) {
            switch random.weightedIndex([4, 3, 2, 1]) {
            case 0: slides.append(textSlide())
            case 1: slides.append(outcomeSlide())
            case 2: slides.append(yearTableSlide())
            default: slides.append(logicModelSlide())
            }
        }
        if random.chance(0.6) { slides.append(linksSlide()) }
        return MICPolicyPlan(policy: policy, slides: slides)
    }

    private mutating func textSlide() -> MICSlide {
        let circled = random.pick(["①", "②", "③", "④"])
        let caption = "\(circled) \(phrases.topic())の推進（\(random.pick(["制度概要", "今後の方針", "実施状況", "挑戦目標"]))）"
        return .text(caption: caption, bullets: (0..<random.int(in: 4...10)).map { _ in phrases.paragraph(random.int(in: 1...4)) { $0.review() } })
    }

    /// 成果目標: actuals for the three years before the report, a target in a later year.
    private mutating func outcomeSlide() -> MICSlide {
        let topic = phrases.topic()
        let unit = random.pick(["件", "人", "%", "団体", "回"])
        let name = unit == "%" ? "\(topic)に取り組む団体の割合" : "\(topic)に関する\(phrases.activity())の\(unit == "人" ? "参加者数" : "実施件数")"
        var indicator = Indicator(title: name, unit: unit, role: .outcome, line: 0, endLine: 0)
        let targetYear = fiscalYear + random.int(in: 1...5)
        indicator.targetYear = targetYear
        let goal = "\(name)の増加"
        indicator.notes = ["成果目標：" + goal]
        var value = unit == "%" ? random.int(in: 40...80) : random.int(in: 100...9_000)
        for year in (fiscalYear - 3)...(fiscalYear - 1) {
            value = unit == "%" ? min(99, value + random.int(in: -2...4)) : value * random.int(in: 90...118) / 100
            indicator.points.append(SeriesPoint(period: .fiscalYear(year), kind: .actual, value: Double(value),
                                                text: PrintedText.grouped(value), unit: unit, line: 0, endLine: 0))
        }
        let target = unit == "%" ? min(100, value + random.int(in: 3...15)) : value * random.int(in: 110...160) / 100
        indicator.points.append(SeriesPoint(period: .fiscalYear(targetYear), kind: .target, value: Double(target),
                                            text: PrintedText.grouped(target), unit: unit, line: 0, endLine: 0))
        return .outcome(title: "\(topic)の推進", goal: goal, indicator: indicator)
    }

    /// A programme with its budget for the year (Reiwa only: the reader
    /// knows 「R５予算額」, as printed in 004) and quantities by fiscal year.
    private mutating func yearTableSlide() -> MICSlide {
        let programme = "\(phrases.topic())\(random.pick(["について", "の推進", "の概要"]))"
        var budget: Budget?
        if fiscalYear >= 2019 {
            let amount = random.int(in: 5...900)
            let era = PrintedText.era(of: fiscalYear)
            let label = "R\(era.year == 1 ? "元" : String(era.year))予算額 \(amount)百万円"
            budget = Budget(group: programme, label: label, kind: .budget, fiscalYear: fiscalYear, amount: Double(amount),
                            text: label, unit: "百万円", line: 0, endLine: 0)
        }
        let years = (fiscalYear - random.int(in: 3...8))...(fiscalYear - 1)
        let labels = random.sample(["参加者数", "受入団体数", "実施件数", "派遣人数", "相談件数", "研修回数"], count: random.int(in: 1...3))
        let series = labels.map { label -> Indicator in
            let unit = label.hasSuffix("団体数") ? "団体" : label.hasSuffix("人数") || label.hasSuffix("者数") ? "人" : label.hasSuffix("回数") ? "回" : "件"
            var indicator = Indicator(title: label, unit: unit, role: .reference, line: 0, endLine: 0)
            var value = random.int(in: 10...2_000)
            for year in years {
                value = value * random.int(in: 95...135) / 100 + 1
                indicator.points.append(SeriesPoint(period: .fiscalYear(year), kind: .actual, value: Double(value),
                                                    text: PrintedText.grouped(value) + unit, unit: unit, line: 0, endLine: 0))
            }
            return indicator
        }
        return .yearTable(programme: programme, budget: budget, series: series)
    }

    private mutating func logicModelSlide() -> MICSlide {
        let caption = "\(random.pick(["①", "②", "③"])) \(phrases.topic())の推進（今後の方針）"
        var cells: [LogicModel.Cell] = []
        for _ in 0..<random.int(in: 3...6) {
            let topic = phrases.topic()
            var text = "・\(topic)に関する\(phrases.activity())の実施件数"
            var target: String?
            if random.chance(0.5) {
                let goal = random.pick(["把握した課題の\(random.int(in: 50...90))%", "各府省担当者の評価B以上", "すべての調査で設定", "年間\(random.int(in: 20...200))件程度"])
                text += "【目標：\(goal)】"
                target = goal
            }
            if random.chance(0.4) { text += "（\(phrases.topic())の状況を踏まえて設定）" }
            cells.append(LogicModel.Cell(text: text, target: target, line: 0, endLine: 0))
        }
        return .logicModel(caption: caption, model: LogicModel(stages: Self.stages, cells: cells, line: 0, endLine: 0))
    }

    private mutating func linksSlide() -> MICSlide {
        let pages = ["main_sosiki/hyouka", "menu_news/s-news", "main_sosiki/jichi_gyousei", "menu_seisaku/ictseisaku", "main_content"]
        let references = (0..<random.int(in: 2...5)).map { _ -> Reference in
            let label = "\(phrases.topic())に関する\(random.pick(["資料", "報告書", "ガイドライン", "調査結果"]))"
            let url = "https://www.soumu.go.jp/\(random.pick(pages))/\(random.pick(["kekka", "houkoku", "shiryou", "seisaku"]))_\(random.int(in: 100...99_999)).html"
            return Reference(kind: .url, text: label, url: url, line: 0, endLine: 0)
        }
        return .links(references: references)
    }
}
