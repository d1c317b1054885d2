/// A policy (政策) or a measure (施策) with everything its report says about it.
///
/// The Ministry of Internal Affairs and Communications numbers its policies
/// (政策２, 政策１４); the Ministry of Foreign Affairs reports per measure
/// (施策名：…). Both are exported under `policies`, told apart by `level`.
public struct Policy: Codable, Hashable, Sendable, SourceLocated {
    public enum Level: String, Codable, Hashable, Sendable {
        /// 政策
        case policy
        /// 施策
        case measure
    }

    public var level: Level
    /// The number the report gives (「政策２」 → "2"), when it gives one.
    public var number: String?
    public var title: String
    /// 担当部局・課室名: bureau and offices responsible.
    public var bureau: String?
    /// 作成責任者名: official responsible for the report.
    public var author: String?
    /// 政策評価実施時期, or the date on the sheet: when the evaluation was done.
    public var evaluated: CalendarDate?
    /// 施策目標: what the measure is to achieve, usually numbered.
    public var objectives: [Goal]
    /// 評価結果を踏まえた次期施策目標: objectives for the next cycle.
    public var nextObjectives: [Goal]
    /// The measure-level statement of results (過去３年間の取組の主な評価結果),
    /// one block per numbered field where the report numbers them.
    public var results: [TextBlock]
    /// Overview paragraphs that introduce the measure.
    public var overview: [TextBlock]
    public var fields: [Field]
    /// Indicator series stated for the policy as a whole (MIC 成果目標 tables).
    public var series: [Indicator]
    /// 予算額・執行額: budget and execution by fiscal year and group.
    public var budget: [Budget]
    /// 外部有識者の所見: outside experts' opinions.
    public var expertComments: [ExpertOpinion]
    public var references: [Reference]
    public var logicModels: [LogicModel]
    /// Notes such as 「（注）評価書を作成するに当たっては、外交青書…を使用した。」
    public var notes: [TextBlock]
    /// Parts of the report that are kept as a section tree (slides, free text).
    public var sections: [Section]
    public var line: Int
    public var endLine: Int

    public init(
        level: Level, number: String? = nil, title: String, bureau: String? = nil, author: String? = nil,
        evaluated: CalendarDate? = nil, objectives: [Goal] = [], nextObjectives: [Goal] = [],
        results: [TextBlock] = [], overview: [TextBlock] = [], fields: [Field] = [], series: [Indicator] = [],
        budget: [Budget] = [], expertComments: [ExpertOpinion] = [], references: [Reference] = [],
        logicModels: [LogicModel] = [], notes: [TextBlock] = [], sections: [Section] = [],
        line: Int, endLine: Int
    ) {
        self.level = level
        self.number = number
        self.title = title
        self.bureau = bureau
        self.author = author
        self.evaluated = evaluated
        self.objectives = objectives
        self.nextObjectives = nextObjectives
        self.results = results
        self.overview = overview
        self.fields = fields
        self.series = series
        self.budget = budget
        self.expertComments = expertComments
        self.references = references
        self.logicModels = logicModels
        self.notes = notes
        self.sections = sections
        self.line = line
        self.endLine = endLine
    }
}

/// A field (個別分野 / 分野): a sub-area of a measure with its own goals and results.
public struct Field: Codable, Hashable, Sendable, SourceLocated {
    /// 個別分野３ → 3.
    public var number: Int?
    public var title: String
    public var bureau: String?
    /// The date printed on the field's sheet.
    public var evaluated: CalendarDate?
    /// 中期目標 (cycle `current`) and 次回評価時に向けての中期目標 (cycle `next`).
    public var goals: [Goal]
    /// 取組: initiatives, each with achievements beside directions (今後の方向性).
    public var initiatives: [Initiative]
    /// 評価結果: the stated judgement.
    public var assessment: Assessment?
    /// 参考指標 / 測定指標 series.
    public var series: [Indicator]
    public var references: [Reference]
    public var notes: [TextBlock]
    /// Boxed material kept as sections, such as a 【参考】 box.
    public var sections: [Section] = []
    public var line: Int
    public var endLine: Int

    public init(
        number: Int?, title: String, bureau: String? = nil, evaluated: CalendarDate? = nil,
        goals: [Goal] = [], initiatives: [Initiative] = [], assessment: Assessment? = nil,
        series: [Indicator] = [], references: [Reference] = [], notes: [TextBlock] = [],
        line: Int, endLine: Int
    ) {
        self.number = number
        self.title = title
        self.bureau = bureau
        self.evaluated = evaluated
        self.goals = goals
        self.initiatives = initiatives
        self.assessment = assessment
        self.series = series
        self.references = references
        self.notes = notes
        self.line = line
        self.endLine = endLine
    }
}

/// A goal: 中期目標 of the current cycle, or the goal set for the next one.
public struct Goal: Codable, Hashable, Sendable, SourceLocated {
    public enum Cycle: String, Codable, Hashable, Sendable {
        case current
        case next
    }

    /// The goal's number in its list, when numbered.
    public var number: Int?
    /// A heading the goal sits under, such as 「【外交青書】」.
    public var heading: String?
    public var text: String
    public var cycle: Cycle
    public var line: Int
    public var endLine: Int

    public init(number: Int?, heading: String? = nil, text: String, cycle: Cycle, line: Int, endLine: Int) {
        self.number = number
        self.heading = heading
        self.text = text
        self.cycle = cycle
        self.line = line
        self.endLine = endLine
    }
}

/// An initiative (取組) with what was achieved and the direction ahead
/// (今後の方向性), as printed side by side in two columns.
public struct Initiative: Codable, Hashable, Sendable, SourceLocated {
    public var number: Int?
    public var title: String?
    /// Bullets of the left column: what was done.
    public var achievements: [TextBlock]
    /// Bullets of the right column: 今後の方向性.
    public var directions: [TextBlock]
    public var line: Int
    public var endLine: Int

    public init(number: Int? = nil, title: String?, achievements: [TextBlock] = [], directions: [TextBlock] = [], line: Int, endLine: Int) {
        self.number = number
        self.title = title
        self.achievements = achievements
        self.directions = directions
        self.line = line
        self.endLine = endLine
    }
}

/// 評価結果: the judgement stated in the report, in parts where the report
/// gives one paragraph per initiative.
public struct Assessment: Codable, Hashable, Sendable, SourceLocated {
    public var text: String
    public var parts: [TextBlock]
    public var line: Int
    public var endLine: Int

    public init(parts: [TextBlock], line: Int, endLine: Int) {
        self.parts = parts
        self.text = parts.map(\.text).joined(separator: "\n")
        self.line = line
        self.endLine = endLine
    }
}

/// 外部有識者の所見: an outside expert's opinion, with the field it cites.
public struct ExpertOpinion: Codable, Hashable, Sendable, SourceLocated {
    public var text: String
    /// The field number the opinion cites (「個別分野６で、…」 → 6).
    public var field: Int?
    public var line: Int
    public var endLine: Int

    public init(text: String, field: Int?, line: Int, endLine: Int) {
        self.text = text
        self.field = field
        self.line = line
        self.endLine = endLine
    }
}
