import HyokaModel

/// Randomised domain objects for a Ministry of Foreign Affairs evaluation:
/// one measure (施策) with its objectives, results, budget, outside
/// experts' opinions and fields (個別分野), each field with goals,
/// initiatives, an assessment and 参考 series.
///
/// Every element is built with its line span unset (0); `MOFARenderer`
/// prints it and records where. Texts are in normalised form (ASCII digits,
/// 「%」): what a reader of the printed page gets back.
struct MOFAGenerator: PhraseDrawing {
    var phrases: Phrases
    /// The fiscal year the sheets are dated in (evaluation in August).
    let fiscalYear: Int

    static let measureTitles = [
        "国際の平和と安定に対する取組", "内外広報・文化交流・報道対策", "経済外交", "国際協力", "領事政策",
        "地域別外交（アジア大洋州地域）", "地域別外交（北米地域）", "地域別外交（中南米地域）", "地域別外交（欧州地域）",
        "地域別外交（中東地域）", "地域別外交（アフリカ地域）", "外交実施体制の整備・強化", "情報収集・分析",
        "国際法の形成・発展", "地球規模課題への取組",
    ]
    static let bureaus = [
        "総合外交政策局", "国際協力局", "経済局", "領事局", "国際法局", "アジア大洋州局", "北米局", "中南米局",
        "欧州局", "中東アフリカ局", "外務報道官・広報文化組織", "大臣官房", "軍縮不拡散・科学部",
    ]
    static let offices = [
        "政策企画室", "安全保障政策課", "国際平和協力室", "宇宙・海洋安全保障政策室", "人権人道課", "女性参画推進室",
        "軍備管理軍縮課", "国際原子力協力室", "国連企画調整課", "開発協力総括課", "国際保健戦略官室", "地球環境課",
        "海外邦人安全課", "旅券課", "外国人課", "文化交流・海外広報課", "戦略発信推進室", "経済安全保障政策室",
    ]

    init(random: SyntheticRandom, fiscalYear: Int) {
        phrases = Phrases(random: random)
        self.fiscalYear = fiscalYear
    }

    /// A measure with `fieldCount` fields.
    mutating func measure(fieldCount: Int) -> Policy {
        var policy = Policy(level: .measure, title: random.pick(Self.measureTitles), line: 0, endLine: 0)
        policy.bureau = random.pick(Self.bureaus)
        policy.evaluated = CalendarDate(year: fiscalYear, month: 8)
        let (a, b) = phrases.topicPair()
        policy.overview = [
            TextBlock(heading: "施策目標", text: "\(a)を通じて我が国の平和と繁栄を確保するとともに、\(b)のための国際的な努力に積極的に寄与するため、以下を達成する。", line: 0, endLine: 0),
            TextBlock(text: phrases.paragraph(random.int(in: 2...3)) { $0.assessment() }, line: 0, endLine: 0),
        ]
        for number in 1...fieldCount {
            policy.objectives.append(Goal(number: number, text: phrases.paragraph(random.int(in: 1...2)) { $0.goal() }, cycle: .current, line: 0, endLine: 0))
            policy.results.append(TextBlock(heading: String(number), text: phrases.paragraph(random.int(in: 2...3)) { $0.assessment() }, line: 0, endLine: 0))
            policy.nextObjectives.append(Goal(number: number, text: phrases.paragraph(random.int(in: 1...2)) { $0.goal() }, cycle: .next, line: 0, endLine: 0))
        }
        policy.expertComments = (0..<random.int(in: 3...9)).map { _ in opinion(fieldCount: fieldCount) }
        policy.budget = budget()
        policy.fields = (1...fieldCount).map { field(number: $0) }
        return policy
    }

    /// The lead that introduces the next cycle's objectives.
    mutating func nextObjectivesLead() -> TextBlock {
        let (a, b) = phrases.topicPair()
        return TextBlock(heading: "次期施策目標", text: "\(a)を通じて我が国の平和と繁栄を確保するとともに、\(b)のための国際的な努力に積極的に寄与するため、以下を達成する。", line: 0, endLine: 0)
    }

    private mutating func opinion(fieldCount: Int) -> ExpertOpinion {
        let text = phrases.opinion()
        guard random.chance(0.6) else { return ExpertOpinion(text: text, field: nil, line: 0, endLine: 0) }
        let field = random.int(in: 1...fieldCount)
        return ExpertOpinion(text: "個別分野\(field)で、" + text, field: field, line: 0, endLine: 0)
    }

    /// 予算額・執行額等: four fiscal years of budget for the measure and for
    /// contributions (百万円), with execution for all but the current year.
    private mutating func budget() -> [Budget] {
        let years = (fiscalYear - 3)...fiscalYear
        var result: [Budget] = []
        for (group, label, range) in [
            ("measure", "施策の予算額・執行額等（分担金・拠出金除く）", 800...12_000),
            ("contributions", "同（分担金・拠出金）", 9_000...120_000),
        ] {
            for year in years {
                let amount = random.int(in: range)
                result.append(Budget(group: group, label: label, kind: .budget, fiscalYear: year, amount: Double(amount),
                                     text: PrintedText.grouped(amount), unit: "百万円", line: 0, endLine: 0))
                guard year < fiscalYear else { continue }
                let spent = amount * random.int(in: 70...99) / 100
                result.append(Budget(group: group, label: label, kind: .execution, fiscalYear: year, amount: Double(spent),
                                     text: PrintedText.grouped(spent), unit: "百万円", line: 0, endLine: 0))
            }
        }
        return result
    }

    // MARK: Fields

    mutating func field(number: Int) -> Field {
        var field = Field(number: number, title: fieldTitle(), line: 0, endLine: 0)
        field.bureau = random.pick(Self.bureaus) + " " + random.sample(Self.offices, count: random.int(in: 1...2)).joined(separator: "、")
        field.evaluated = CalendarDate(year: fiscalYear, month: 8)
        let goalCount = random.int(in: 1...4)
        let numbered = goalCount > 1 || random.chance(0.5)
        field.goals = (1...goalCount).map { index in
            Goal(number: numbered ? index : nil, text: phrases.paragraph(random.int(in: 1...2)) { $0.goal() }, cycle: .current, line: 0, endLine: 0)
        }
        field.initiatives = (0..<random.int(in: 2...5)).map { _ in initiative() }
        let headed = random.chance(0.5)
        let parts = field.initiatives.prefix(random.int(in: 1...4)).map { initiative in
            TextBlock(heading: headed ? initiative.title : nil, text: phrases.atLeast(random.int(in: 40...240)) { $0.assessment() }, line: 0, endLine: 0)
        }
        field.assessment = Assessment(parts: Array(parts), line: 0, endLine: 0)
        field.goals += nextGoals(initiatives: field.initiatives)
        field.series = (0..<random.int(in: 1...3)).map { _ in referenceSeries() }
        return field
    }

    /// A field printed on a sheet of its own, as corpus 000: one goal, numbered
    /// initiatives, no assessment, a 参考 table.
    mutating func standaloneField() -> Field {
        var field = field(number: random.int(in: 1...11))
        field.title = field.title.replacingOccurrences(of: "、", with: "と")
        field.goals = [Goal(number: nil, text: phrases.goal(), cycle: .current, line: 0, endLine: 0)]
        field.assessment = nil
        field.series = [field.series[0]]
        for index in field.initiatives.indices {
            field.initiatives[index].number = index + 1
            field.initiatives[index].achievements = Array(field.initiatives[index].achievements.prefix(2))
        }
        return field
    }

    /// Field titles, sometimes long enough to wrap after a 「、」 as in 002.
    private mutating func fieldTitle() -> String {
        let (a, b) = phrases.topicPair()
        switch random.int(in: 0...5) {
        case 0: return "\(a)の推進"
        case 1: return "\(a)に係る国際協力の推進"
        case 2: return "\(a)における我が国の地位向上、\(b)の実現"
        case 3: return "\(a)への取組の強化"
        case 4: return "\(a)及び\(b)に関する情報発信の強化"
        default: return "\(a)を通じた\(b)の推進"
        }
    }

    private mutating func initiative() -> Initiative {
        let (a, b) = phrases.topicPair()
        let titles = ["\(a)に関する\(phrases.activity())の推進", "\(phrases.actor())との連携強化", "\(a)を通じた\(b)の\(phrases.effect())", "\(a)分野における国際協力の進展"]
        // At least two lines of the wide column: a one-line bullet is as narrow as a direction.
        let achievements = (0..<random.int(in: 2...6)).map { _ in
            TextBlock(text: phrases.atLeast(random.int(in: 40...160)) { $0.achievement(fiscalYear: fiscalYear - 1) }, line: 0, endLine: 0)
        }
        let directions = (0..<random.int(in: 1...4)).map { _ in
            TextBlock(text: phrases.direction(), line: 0, endLine: 0)
        }
        return Initiative(title: random.pick(titles), achievements: achievements, directions: directions, line: 0, endLine: 0)
    }

    /// 次回評価時に向けての中期目標: numbered lines, or bullets under the
    /// initiatives' titles in 【】.
    private mutating func nextGoals(initiatives: [Initiative]) -> [Goal] {
        if random.chance(0.5) {
            return (1...random.int(in: 1...4)).map { index in
                Goal(number: index, text: phrases.paragraph(random.int(in: 1...2)) { $0.goal() }, cycle: .next, line: 0, endLine: 0)
            }
        }
        return initiatives.map { initiative in
            Goal(number: nil, heading: initiative.title, text: phrases.paragraph(random.int(in: 1...2)) { $0.goal() }, cycle: .next, line: 0, endLine: 0)
        }
    }

    // MARK: 参考 series

    /// Ways a value is printed in a 参考 table.
    enum ValueStyle: CaseIterable { case count, tenThousands, percent, bare }

    private mutating func referenceSeries() -> Indicator {
        let (a, _) = phrases.topicPair()
        let activity = phrases.activity()
        let style = random.pick(ValueStyle.allCases)
        let unit: String? = switch style {
        case .count, .tenThousands: random.pick(["件", "人", "回", "か国"])
        case .percent: "%"
        case .bare: nil
        }
        let title = switch style {
        case .percent: "\(a)に関する\(activity)に対する肯定的な回答の割合"
        case .tenThousands: "\(a)に関するホームページへのアクセス件数"
        default: "\(a)に関する\(activity)の実施状況"
        }
        let years = random.chance(0.5) ? (fiscalYear - 4)...(fiscalYear - 1) : (fiscalYear - 3)...(fiscalYear - 1)
        var indicator = Indicator(title: title, unit: unit, role: .reference, line: 0, endLine: 0)
        var previous = Double(random.int(in: 5...900))
        for year in years {
            previous = max(1, previous * Double(random.int(in: 85...125)) / 100)
            indicator.points.append(point(previous.rounded(), style: style, unit: unit, year: year, isLast: year == years.upperBound))
        }
        if random.chance(0.4) { indicator.notes.append("（出典：外務省）") }
        return indicator
    }

    private mutating func point(_ base: Double, style: ValueStyle, unit: String?, year: Int, isLast: Bool) -> SeriesPoint {
        let period = Period.fiscalYear(year)
        if isLast, random.chance(0.1) {
            return SeriesPoint(period: period, kind: .actual, value: nil, text: "公表予定", line: 0, endLine: 0)
        }
        switch style {
        case .count:
            let value = Int(base)
            return SeriesPoint(period: period, kind: .actual, value: Double(value), text: PrintedText.grouped(value) + (unit ?? ""), unit: unit, line: 0, endLine: 0)
        case .tenThousands:
            let tenThousands = Int(base)
            return SeriesPoint(period: period, kind: .actual, value: Double(tenThousands) * 10_000, text: "約\(tenThousands)万\(unit ?? "")",
                               approximate: true, unit: unit, line: 0, endLine: 0)
        case .percent:
            let tenths = 500 + Int(base) % 500
            let text = "\(tenths / 10).\(tenths % 10)%"
            return SeriesPoint(period: period, kind: .actual, value: Double(tenths) / 10, text: text, unit: "%", line: 0, endLine: 0)
        case .bare:
            let value = Int(base) % 60 + 1
            return SeriesPoint(period: period, kind: .actual, value: Double(value), text: String(value), line: 0, endLine: 0)
        }
    }
}
