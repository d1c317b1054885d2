/// Small built-in word lists and sentence patterns for the synthetic text.
///
/// Topics are drawn with Zipf-like weights (the first of the list far more
/// often than the last), so that a fixed set of benchmark queries — 外交,
/// 国際協力, 地方自治体, 人材育成, ODA, ビザ … — finds hits of very
/// different frequency, as in the real corpus.
///
/// Every sentence is built so that no wrapped line of it can look like
/// structure to a recogniser: no sentence starts with a digit (a list number
/// glued to the previous line), no 【】 or （１） (headings), no bullet
/// characters, no 「方向性」「評価結果」「参考」「特集」「施策名」 (headings of
/// the sheets), no spaces, and no month in brackets (photo captions).
enum Vocabulary {
    static let topics: [String] = [
        "外交", "国際協力", "安全保障", "地方自治体", "人材育成", "情報発信", "国際機関", "開発途上国",
        "経済連携", "ODA", "在外公館", "地域振興", "行政サービス", "デジタル化", "文化交流", "人道支援",
        "気候変動", "法の支配", "防災", "中小企業", "海外広報", "国際平和協力", "軍縮・不拡散", "科学技術協力",
        "経済安全保障", "サイバー外交", "多文化共生", "観光", "子育て支援", "医療", "教育", "雇用",
        "農林水産業", "脱炭素", "交通安全", "消費者保護", "電波利用", "情報通信", "行政相談", "政策評価",
        "地域おこし協力隊", "高齢者支援", "NGO", "JICA", "ビザ", "領事サービス", "邦人保護", "北極政策",
        "宇宙協力", "原子力の平和的利用", "海洋安全保障", "女性のエンパワーメント", "難民支援", "国連改革", "G7", "ASEAN",
        "テロ対策", "水資源", "食料安全保障", "感染症対策", "再生可能エネルギー", "公的統計", "公文書管理", "地方財政",
        "過疎対策", "消防", "郵便", "放送", "個人情報保護", "EBPM",
    ]
    /// Zipf weights for `topics`: 1/(rank+1). Only a division, so the same
    /// on every machine (IEEE 754), unlike a libm `pow`.
    static let topicWeights: [Double] = topics.indices.map { 1 / Double($0 + 1) }

    static let actors = [
        "関係省庁", "関係国", "国際機関", "地方公共団体", "民間企業", "有識者", "在外公館", "大学・研究機関",
        "市民社会", "同志国", "地域金融機関", "関係団体", "JICA", "NGO",
    ]
    static let activities = [
        "協議", "意見交換", "研修", "セミナー", "調査研究", "情報発信", "能力構築支援", "広報活動",
        "実証事業", "専門家派遣", "技術協力", "国際会議", "ワークショップ", "招へい事業", "相談対応", "実態調査",
    ]
    static let effects = [
        "強化", "推進", "確保", "向上", "充実", "促進", "拡大", "定着", "理解促進", "基盤整備", "効率化", "円滑化",
        "透明性の向上", "持続可能性の確保",
    ]
    static let roles = ["役割", "存在感", "貢献", "発言力", "信頼"]
    static let counters = ["件", "回", "か国", "団体", "人"]
}

/// A document generator that draws its text from `Phrases`, and its other
/// random choices from the same generator, so that one seed fixes both.
protocol PhraseDrawing {
    var phrases: Phrases { get set }
}

extension PhraseDrawing {
    var random: SyntheticRandom {
        get { phrases.random }
        set { phrases.random = newValue }
    }
}

/// Sentence builders over `Vocabulary`, drawing from the document's generator.
struct Phrases {
    var random: SyntheticRandom

    mutating func topic() -> String {
        Vocabulary.topics[random.weightedIndex(Vocabulary.topicWeights)]
    }

    /// Two different topics.
    mutating func topicPair() -> (String, String) {
        let first = topic()
        var second = topic()
        if second == first { second = random.pick(Vocabulary.topics) }
        return (first, second)
    }

    mutating func actor() -> String { random.pick(Vocabulary.actors) }
    mutating func activity() -> String { random.pick(Vocabulary.activities) }
    mutating func effect() -> String { random.pick(Vocabulary.effects) }

    /// 「12件」「3か国」: a count with its counter, never at a sentence start.
    mutating func count(_ counters: [String] = Vocabulary.counters) -> String {
        let counter = random.pick(counters)
        let value = counter == "人" ? random.int(in: 20...4_800) : random.int(in: 2...60)
        return PrintedText.grouped(value) + counter
    }

    /// 「令和3年度には」「前年度に引き続き」: when something was done.
    mutating func when(fiscalYear: Int) -> String {
        switch random.int(in: 0...3) {
        case 0: "\(PrintedText.era(of: fiscalYear).name)\(eraDigits(fiscalYear))年度には"
        case 1: "前年度に引き続き"
        case 2: "年間を通じて"
        default: "今期においては"
        }
    }

    private func eraDigits(_ year: Int) -> String {
        let number = PrintedText.era(of: year).year
        return number == 1 ? "元" : String(number)
    }

    // MARK: Sentences

    /// A goal (中期目標, 施策目標): what is to be achieved, ending 「する。」.
    mutating func goal() -> String {
        let (a, b) = topicPair()
        switch random.int(in: 0...3) {
        case 0: return "\(a)を通じ、\(b)の\(effect())を図る。"
        case 1: return "\(actor())との連携を深め、\(a)における我が国の\(random.pick(Vocabulary.roles))を高める。"
        case 2: return "\(a)に関する\(activity())を充実させることにより、\(b)の\(effect())に寄与する。"
        default: return "\(a)の\(effect())に向けた取組を進め、\(b)をめぐる課題に適切に対応する。"
        }
    }

    /// What was done (取組, 評価結果の成果): past tense, with figures.
    mutating func achievement(fiscalYear: Int) -> String {
        let (a, b) = topicPair()
        switch random.int(in: 0...4) {
        case 0: return "\(when(fiscalYear: fiscalYear))、\(actor())と連携し、\(a)に関する\(activity())を\(count(["件", "回"]))実施した。"
        case 1: return "\(a)の分野では、\(activity())を通じて\(b)の\(effect())に貢献した。"
        case 2: return "\(actor())への\(activity())を継続し、\(a)の\(effect())が図られた。"
        case 3: return "\(when(fiscalYear: fiscalYear))、\(a)に関する\(activity())を開催し、延べ\(count(["人", "か国", "団体"]))の参加を得た。"
        default: return "\(b)をめぐる情勢を踏まえ、\(actor())と\(a)に関する\(activity())を行い、認識の共有を図った。"
        }
    }

    /// The way ahead (今後の方向性): future tense.
    mutating func direction() -> String {
        let (a, b) = topicPair()
        switch random.int(in: 0...3) {
        case 0: return "引き続き、\(actor())と緊密に連携しつつ、\(a)の\(effect())に取り組む。"
        case 1: return "\(a)に関する\(activity())を継続し、\(b)の\(effect())を目指す。"
        case 2: return "これまでの\(activity())の成果を踏まえ、\(a)における取組を一層推進する。"
        default: return "\(b)をめぐる状況の変化を注視しつつ、\(a)への支援の在り方を検討していく。"
        }
    }

    /// A sentence of an assessment (評価結果).
    mutating func assessment() -> String {
        let (a, b) = topicPair()
        switch random.int(in: 0...3) {
        case 0: return "\(a)については、\(activity())の実施を通じて\(b)の\(effect())が着実に進んだ。"
        case 1: return "他方で、\(a)をめぐる課題は依然として残っており、\(actor())との更なる連携が必要である。"
        case 2: return "\(actor())との協力により、中期的な目標の達成に向けて一定の進捗がみられた。"
        default: return "\(a)に関する\(activity())は、\(b)の\(effect())の観点から大きな効果があった。"
        }
    }

    /// An outside expert's opinion (外部有識者の所見).
    mutating func opinion() -> String {
        let (a, b) = topicPair()
        switch random.int(in: 0...3) {
        case 0: return "\(a)に関する\(activity())の実施は高く評価できる。今後は\(b)との関係も意識した取組を期待したい。"
        case 1: return "今後は\(actor())との連携を更に強化し、\(a)の\(effect())を図ることが望ましい。"
        case 2: return "\(a)の成果を国民に分かりやすく発信する工夫が求められる。特に\(b)については具体的な効果を示すべきではないか。"
        default: return "\(a)と\(b)を横断する専門知への関心を高め、中長期的な視点で取組を検証していくことが重要である。"
        }
    }

    /// A sentence of running text in a white paper or the Bluebook.
    mutating func narrative(year: Int) -> String {
        let (a, b) = topicPair()
        switch random.int(in: 0...5) {
        case 0: return "\(a)は、\(b)の観点からも重要な役割を果たしている。"
        case 1: return "また、\(year)年には、\(actor())と共に\(a)に関する\(activity())を開催し、\(random.int(in: 3...80))か国から参加者を得た。"
        case 2: return "外務省は、\(a)を\(b)における重要な課題と位置付け、\(activity())を積極的に実施している。"
        case 3: return "こうした取組は、\(a)の\(effect())にもつながっている。"
        case 4: return "近年、\(a)に対する国民の関心が高まっており、\(actor())による\(activity())も活発に行われている。"
        default: return "なお、\(year)年末時点で、\(a)に関わる\(actor())の数は約\(PrintedText.grouped(random.int(in: 120...9_800)))に上っている。"
        }
    }

    /// A sentence of an administrative review sheet (行政事業レビュー).
    mutating func review() -> String {
        let (a, b) = topicPair()
        switch random.int(in: 0...3) {
        case 0: return "本事業では、\(actor())と連携して\(a)に関する\(activity())を実施する。"
        case 1: return "事業の実施に当たっては、\(activity())の効率化を図り、予算の適正な執行に努めた。"
        case 2: return "\(a)の\(effect())を図るため、\(b)に係る\(activity())の対象を拡大する。"
        default: return "成果実績は目標を概ね達成しており、\(a)の\(effect())に一定の効果があったと考えられる。"
        }
    }

    /// `count` sentences of one kind joined into a paragraph.
    mutating func paragraph(_ count: Int, _ sentence: (inout Phrases) -> String) -> String {
        var text = ""
        for _ in 0..<max(1, count) { text += sentence(&self) }
        return text
    }

    /// Sentences of one kind until the paragraph is at least `length` characters long.
    mutating func atLeast(_ length: Int, _ sentence: (inout Phrases) -> String) -> String {
        var text = sentence(&self)
        var count = text.unicodeScalars.count
        while count < length {
            let next = sentence(&self)
            count += next.unicodeScalars.count
            text += next
        }
        return text
    }
}
