/// A project (事業) as its administrative review sheet (行政事業レビューシート)
/// describes it in the RS system's open data (行政事業レビュー見える化サイト).
///
/// The export is 15 CSV tables, each keyed by 予算事業ID; one project is the
/// rows of every table that carry its ID for one 事業年度 (the year of the
/// sheet, not the year of a budget). Each array below holds the records of one
/// table in file order, each record with its file and line: a value's
/// provenance is the record it sits in, since the export writes one record per
/// line. Nothing is summed on the way in; totals are computed from the total
/// rows only (see `BudgetYear`).
public struct ReviewProject: Codable, Hashable, Sendable {
    /// 予算事業ID: the key of every table, stable across 事業年度.
    public var projectID: Int
    /// 事業年度 of the sheet: sheets of 2024 report budgets up to FY2023 and requests for FY2025.
    public var fiscalYear: Int
    /// 事業名
    public var name: String
    /// The organisation written at the start of every record (from the first one read).
    public var organisation: ProjectOrganisation
    /// 1-1: the responsible organisations and 作成責任者, one record per person or other organisation.
    public var responsibilities: [Responsibility] = []
    /// 1-2: purpose, issues, overview, category, years and implementation methods. Usually one
    /// record; a project with several 主要経費 has one record per 主要経費.
    public var overviews: [ProjectOverview] = []
    /// 1-3: 政策・施策 with their URLs, laws (根拠法令) and plans (関係する計画・通知等).
    public var policyLinks: [ProjectPolicyLink] = []
    /// 1-4: subsidy rates (補助率等).
    public var subsidyRates: [SubsidyRate] = []
    /// 1-5: related projects (関連事業).
    public var relatedProjects: [RelatedProject] = []
    /// 2-1: one entry per 予算年度, its total row kept apart from its per-account rows.
    public var budgetYears: [BudgetYear] = []
    /// 2-2: budget items (歳出予算項目) by budget type.
    public var budgetItems: [BudgetItem] = []
    /// 3-2: links of the outcome chain (効果発現経路): activity → output → outcome.
    public var outcomeLinks: [OutcomeLink] = []
    /// 4-1: 点検・評価. The first record holds the assessment; further records add past findings.
    public var assessments: [ProjectAssessment] = []
    /// 5-2: links between spending blocks (支出先ブロック): where the money flows.
    public var spendingFlows: [SpendingFlow] = []
    /// 5-3: cost items (費目・使途) per payee of a block.
    public var costItems: [CostItem] = []
    /// 5-4: contracts under 国庫債務負担行為 and the like.
    public var contracts: [ProjectContract] = []
    /// 6-1: その他備考.
    public var remarks: [ProjectRemark] = []
    /// Records of tables this version does not know, kept whole.
    public var otherRecords: [RawRecord] = []

    public init(projectID: Int, fiscalYear: Int, name: String, organisation: ProjectOrganisation) {
        self.projectID = projectID
        self.fiscalYear = fiscalYear
        self.name = name
        self.organisation = organisation
    }

    /// The ministry that owns the project's policy (政策所管府省庁).
    public var ministry: String { organisation.ministry }

    /// The assessment record (the first 4-1 record), when the sheet has one.
    public var assessment: ProjectAssessment? { assessments.first }

    /// The 1-2 record that describes the project (the first one).
    public var overview: ProjectOverview? { overviews.first }

    /// The budget year `year` (予算年度), when the sheet reports it.
    public func budgetYear(_ year: Int) -> BudgetYear? { budgetYears.first { $0.year == year } }

    /// Every record of the project, whatever its table: for counting and for provenance listings.
    public var records: [any ReviewRecord] {
        var all: [any ReviewRecord] = []
        all += responsibilities as [any ReviewRecord]
        all += overviews as [any ReviewRecord]
        all += policyLinks as [any ReviewRecord]
        all += subsidyRates as [any ReviewRecord]
        all += relatedProjects as [any ReviewRecord]
        for year in budgetYears {
            if let total = year.total { all.append(total) }
            all += year.accounts as [any ReviewRecord]
            all += year.extraTotals as [any ReviewRecord]
        }
        all += budgetItems as [any ReviewRecord]
        all += outcomeLinks as [any ReviewRecord]
        all += assessments as [any ReviewRecord]
        all += spendingFlows as [any ReviewRecord]
        all += costItems as [any ReviewRecord]
        all += contracts as [any ReviewRecord]
        all += remarks as [any ReviewRecord]
        all += otherRecords as [any ReviewRecord]
        return all
    }
}

/// Where a record was read: the CSV file (name inside a zip, when zipped) and its lines.
///
/// `raw` keeps, by column name, every cell whose text is not the value as
/// stored: placeholders (「-」「ー」「－」「--」「ｰ」「―」 stored as nil), numbers
/// that could not be read, columns the reader does not know, and organisation
/// cells that differ from the project's. So every cell of every record is
/// either in the model or here.
public struct RecordSource: Codable, Hashable, Sendable, SourceLocated {
    public var file: String
    public var line: Int
    public var endLine: Int
    public var raw: [String: String]?

    public init(file: String, line: Int, endLine: Int, raw: [String: String]? = nil) {
        self.file = file
        self.line = line
        self.endLine = endLine
        self.raw = raw
    }

    /// 「1-2_…csv:6100」
    public var citation: String { line == endLine ? "\(file):\(line)" : "\(file):\(line)-\(endLine)" }
}

/// A record of one RS table, with its provenance.
public protocol ReviewRecord: Sendable {
    /// The table the record belongs to.
    static var table: ReviewTable { get }
    var source: RecordSource { get }
}

extension ReviewRecord {
    /// The record's table (for an existential, where `Self.table` cannot be written).
    public var table: ReviewTable { Self.table }
}

/// The tables of the RS export, named by the site's numbers (1-1 … 6-1).
public enum ReviewTable: String, Codable, Hashable, Sendable, CaseIterable, Comparable {
    case organisation = "1-1"
    case overview = "1-2"
    case policies = "1-3"
    case subsidyRates = "1-4"
    case relatedProjects = "1-5"
    case budgetSummary = "2-1"
    case budgetItems = "2-2"
    case outcomeTargets = "3-1"
    case outcomeLinks = "3-2"
    case assessment = "4-1"
    case payees = "5-1"
    case spendingFlows = "5-2"
    case costItems = "5-3"
    case contracts = "5-4"
    case remarks = "6-1"
    /// A table whose header matched none of the above.
    case unknown = "?"

    /// The site's title of the table.
    public var title: String {
        switch self {
        case .organisation: "基本情報_組織情報"
        case .overview: "基本情報_事業概要等"
        case .policies: "基本情報_政策・施策、法令等"
        case .subsidyRates: "基本情報_補助率等"
        case .relatedProjects: "基本情報_関連事業"
        case .budgetSummary: "予算・執行_サマリ"
        case .budgetItems: "予算・執行_予算種別・歳出予算項目"
        case .outcomeTargets: "効果発現経路_目標・実績"
        case .outcomeLinks: "効果発現経路_目標のつながり"
        case .assessment: "点検・評価"
        case .payees: "支出先_支出情報"
        case .spendingFlows: "支出先_支出ブロックのつながり"
        case .costItems: "支出先_費目・使途"
        case .contracts: "支出先_国庫債務負担行為等による契約"
        case .remarks: "その他備考"
        case .unknown: "不明な表"
        }
    }

    public static func < (lhs: ReviewTable, rhs: ReviewTable) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// The organisation columns every record starts with.
public struct ProjectOrganisation: Codable, Hashable, Sendable {
    /// シート種別 (レビューシート, 基金シート …).
    public var sheetKind: String?
    /// 建制順: the ministries' official order.
    public var ministryOrder: Int?
    /// 政策所管府省庁 (所管府省庁 in 1-1): the ministry that owns the policy.
    public var ministry: String
    /// 府省庁, 局・庁, 部, 課, 室, 班, 係: the unit that runs the project, top down, empty levels left out.
    public var units: [String]

    public init(sheetKind: String?, ministryOrder: Int?, ministry: String, units: [String]) {
        self.sheetKind = sheetKind
        self.ministryOrder = ministryOrder
        self.ministry = ministry
        self.units = units
    }

    /// 局・庁 and below, joined: 「大臣官房 広報文化外交戦略課 IT広報室」.
    public var bureau: String { units.dropFirst().joined(separator: " ") }
}

/// 1-1: an organisation responsible for the project, with its 作成責任者.
public struct Responsibility: ReviewRecord, Codable, Hashable {
    public static let table = ReviewTable.organisation
    /// その他担当組織_作成責任者_no
    public var number: Int?
    /// The other organisation (その他担当組織) top down, empty when it is the project's own.
    public var otherUnits: [String]
    /// 作成責任者
    public var responsible: String?
    public var source: RecordSource

    public init(number: Int?, otherUnits: [String], responsible: String?, source: RecordSource) {
        self.number = number
        self.otherUnits = otherUnits
        self.responsible = responsible
        self.source = source
    }
}

/// 1-2: what the project is for and how it is carried out.
public struct ProjectOverview: ReviewRecord, Codable, Hashable {
    public static let table = ReviewTable.overview
    /// 事業の目的
    public var purpose: String?
    /// 現状・課題
    public var issues: String?
    /// 事業の概要
    public var summary: String?
    public var summaryURL: String?
    /// 事業区分 (新規事業, 終了予定 …).
    public var category: String?
    /// 事業開始年度 (年度); nil with `startUnknown` when the sheet says 開始年度不明.
    public var startYear: Int?
    public var startUnknown: Bool
    /// 事業終了（予定）年度; nil with `noEndPlanned` for 終了予定なし.
    public var endYear: Int?
    public var noEndPlanned: Bool
    /// 主要経費
    public var majorExpense: String?
    /// 備考
    public var note: String?
    /// 実施方法: the methods marked (直接実施, 補助, 負担, 交付, 分担金・拠出金, その他).
    public var methods: [String]
    /// 旧事業番号: the project's number on the older sheets (before the RS system).
    public var formerNumber: String?
    /// 整理表表示順
    public var listingOrder: Int?
    public var source: RecordSource

    public init(purpose: String?, issues: String?, summary: String?, summaryURL: String?, category: String?,
                startYear: Int?, startUnknown: Bool, endYear: Int?, noEndPlanned: Bool, majorExpense: String?,
                note: String?, methods: [String], formerNumber: String?, listingOrder: Int?, source: RecordSource) {
        self.purpose = purpose
        self.issues = issues
        self.summary = summary
        self.summaryURL = summaryURL
        self.category = category
        self.startYear = startYear
        self.startUnknown = startUnknown
        self.endYear = endYear
        self.noEndPlanned = noEndPlanned
        self.majorExpense = majorExpense
        self.note = note
        self.methods = methods
        self.formerNumber = formerNumber
        self.listingOrder = listingOrder
        self.source = source
    }
}

/// 1-3: a 政策 and 施策 the project serves, with a law or a plan.
///
/// The site writes the three lists (政策・施策, 根拠法令, 関係する計画・通知等)
/// side by side, one record per row of the longest list: a record may hold a
/// policy, a law, a plan, or several of them.
public struct ProjectPolicyLink: ReviewRecord, Codable, Hashable {
    public static let table = ReviewTable.policies
    /// 番号（政策・施策）
    public var number: Int?
    /// 政策所管府省庁_P: the ministry whose policy it is.
    public var ministry: String?
    /// 政策
    public var policy: String?
    /// 施策
    public var measure: String?
    /// 政策・施策URL: usually the ministry's policy evaluation.
    public var url: String?
    public var law: ProjectLaw?
    public var plan: ProjectPlan?
    public var source: RecordSource

    public init(number: Int?, ministry: String?, policy: String?, measure: String?, url: String?, law: ProjectLaw?, plan: ProjectPlan?, source: RecordSource) {
        self.number = number
        self.ministry = ministry
        self.policy = policy
        self.measure = measure
        self.url = url
        self.law = law
        self.plan = plan
        self.source = source
    }
}

/// 根拠法令: the law a project rests on.
public struct ProjectLaw: Codable, Hashable, Sendable {
    public var number: Int?
    /// 法令名
    public var name: String?
    /// 法令番号 (令和三年法律第三十六号) and 法令ID (e-Gov).
    public var lawNumber: String?
    public var lawID: String?
    /// 条, 項, 号・号の細分
    public var article: String?
    public var paragraph: String?
    public var item: String?

    public init(number: Int?, name: String?, lawNumber: String?, lawID: String?, article: String?, paragraph: String?, item: String?) {
        self.number = number
        self.name = name
        self.lawNumber = lawNumber
        self.lawID = lawID
        self.article = article
        self.paragraph = paragraph
        self.item = item
    }
}

/// 関係する計画・通知等
public struct ProjectPlan: Codable, Hashable, Sendable {
    public var number: Int?
    public var name: String?
    public var url: String?

    public init(number: Int?, name: String?, url: String?) {
        self.number = number
        self.name = name
        self.url = url
    }
}

/// 1-4: a subsidy rate (補助率等).
public struct SubsidyRate: ReviewRecord, Codable, Hashable {
    public static let table = ReviewTable.subsidyRates
    public var number: Int?
    /// 補助対象
    public var target: String?
    /// 補助率 as written (「1/2」「定額」).
    public var rate: String?
    /// 補助上限等
    public var cap: String?
    public var url: String?
    public var source: RecordSource

    public init(number: Int?, target: String?, rate: String?, cap: String?, url: String?, source: RecordSource) {
        self.number = number
        self.target = target
        self.rate = rate
        self.cap = cap
        self.url = url
        self.source = source
    }
}

/// 1-5: a related project (関連事業).
public struct RelatedProject: ReviewRecord, Codable, Hashable {
    public static let table = ReviewTable.relatedProjects
    public var number: Int?
    /// 関連事業の事業ID: a 予算事業ID.
    public var projectID: Int?
    public var name: String?
    /// 関連性
    public var relation: String?
    public var source: RecordSource

    public init(number: Int?, projectID: Int?, name: String?, relation: String?, source: RecordSource) {
        self.number = number
        self.projectID = projectID
        self.name = name
        self.relation = relation
        self.source = source
    }
}

/// One 予算年度 of 2-1: the total row (the 〜（合計） columns) and the rows per
/// account (会計区分/会計/勘定) that it sums.
///
/// The export writes both kinds of row in the same table, so adding every row
/// counts each 円 twice. `total` is the project's figure; `accounts` only
/// break it down. When a year has no total row (the sheet left it out), the
/// figures are the sum of the accounts, and `summedFromAccounts` says so.
public struct BudgetYear: Codable, Hashable, Sendable {
    /// 予算年度
    public var year: Int
    public var total: BudgetTotal?
    public var accounts: [AccountBudget]
    /// Further total rows for the same year, if a sheet ever writes two: kept, never summed.
    public var extraTotals: [BudgetTotal] = []

    public init(year: Int, total: BudgetTotal?, accounts: [AccountBudget]) {
        self.year = year
        self.total = total
        self.accounts = accounts
    }

    /// True when there is no total row and figures come from the accounts.
    public var summedFromAccounts: Bool { total == nil && !accounts.isEmpty }

    /// 計（歳出予算現額合計）: 当初 + 補正 + 繰越し + 予備費等.
    public var available: Int64? { total?.available ?? Self.sum(accounts.map(\.available)) }
    /// 執行額（合計）
    public var execution: Int64? { total?.execution ?? Self.sum(accounts.map(\.execution)) }
    /// 当初予算（合計）
    public var initial: Int64? { total?.initial ?? Self.sum(accounts.map(\.initial)) }
    /// 補正予算（合計）
    public var supplementary: Int64? { total?.supplementary ?? Self.sum(accounts.map { $0.supplementaries.isEmpty ? nil : $0.supplementaries.compactMap { $0 }.reduce(0, +) }) }

    /// 執行率 as a fraction: the total row's own (blank for a year not yet closed), or, for a
    /// year with no total row, execution ÷ available.
    public var executionRate: Double? {
        if let total { return total.executionRate }
        guard let execution, let available, available > 0 else { return nil }
        return Double(execution) / Double(available)
    }

    private static func sum(_ values: [Int64?]) -> Int64? {
        let known = values.compactMap { $0 }
        return known.isEmpty ? nil : known.reduce(0, +)
    }
}

/// The total row of a 予算年度 in 2-1. Amounts in 円.
public struct BudgetTotal: ReviewRecord, Codable, Hashable {
    public static let table = ReviewTable.budgetSummary
    /// 当初予算（合計）
    public var initial: Int64?
    /// 補正予算（合計）
    public var supplementary: Int64?
    /// 前年度からの繰越し（合計）
    public var carriedIn: Int64?
    /// 予備費等（合計）
    public var reserve: Int64?
    /// 計（歳出予算現額合計）
    public var available: Int64?
    /// 執行額（合計）
    public var execution: Int64?
    /// 執行率: a fraction (0.98436), as the export writes it.
    public var executionRate: Double?
    /// 翌年度への繰越し(合計）
    public var carriedForward: Int64?
    /// 翌年度要求額（合計）: the request for the next year.
    public var nextYearRequest: Int64?
    /// 主な増減理由: why the request rises or falls.
    public var changeReason: String?
    /// その他特記事項
    public var specialNote: String?
    public var source: RecordSource

    public init(initial: Int64?, supplementary: Int64?, carriedIn: Int64?, reserve: Int64?, available: Int64?, execution: Int64?,
                executionRate: Double?, carriedForward: Int64?, nextYearRequest: Int64?, changeReason: String?, specialNote: String?, source: RecordSource) {
        self.initial = initial
        self.supplementary = supplementary
        self.carriedIn = carriedIn
        self.reserve = reserve
        self.available = available
        self.execution = execution
        self.executionRate = executionRate
        self.carriedForward = carriedForward
        self.nextYearRequest = nextYearRequest
        self.changeReason = changeReason
        self.specialNote = specialNote
        self.source = source
    }
}

/// A per-account row of a 予算年度 in 2-1 (一般会計, or a 特別会計 and its 勘定). Amounts in 円.
public struct AccountBudget: ReviewRecord, Codable, Hashable {
    public static let table = ReviewTable.budgetSummary
    /// 会計区分 (一般会計, 特別会計), 会計, 勘定.
    public var accountKind: String?
    public var account: String?
    public var subaccount: String?
    /// 当初予算
    public var initial: Int64?
    /// 第1次…第5次補正予算, in order.
    public var supplementaries: [Int64?]
    /// 前年度から繰越し
    public var carriedIn: Int64?
    /// 予備費等1…4
    public var reserves: [Int64?]
    /// 歳出予算現額
    public var available: Int64?
    /// 執行額
    public var execution: Int64?
    /// 翌年度要求額
    public var nextYearRequest: Int64?
    /// 要望額: the amount asked under a special quota (重要政策推進枠 …).
    public var specialRequest: Int64?
    /// 備考
    public var note: String?
    public var source: RecordSource

    public init(accountKind: String?, account: String?, subaccount: String?, initial: Int64?, supplementaries: [Int64?], carriedIn: Int64?,
                reserves: [Int64?], available: Int64?, execution: Int64?, nextYearRequest: Int64?, specialRequest: Int64?, note: String?, source: RecordSource) {
        self.accountKind = accountKind
        self.account = account
        self.subaccount = subaccount
        self.initial = initial
        self.supplementaries = supplementaries
        self.carriedIn = carriedIn
        self.reserves = reserves
        self.available = available
        self.execution = execution
        self.nextYearRequest = nextYearRequest
        self.specialRequest = specialRequest
        self.note = note
        self.source = source
    }
}

/// 2-2: a budget item (歳出予算項目: 所管・組織・項・目) of a 予算年度. Amounts in 円.
public struct BudgetItem: ReviewRecord, Codable, Hashable {
    public static let table = ReviewTable.budgetItems
    public var year: Int?
    public var accountKind: String?
    public var account: String?
    public var subaccount: String?
    /// 予算種別 (当初予算, 第1次補正予算 …).
    public var budgetKind: String?
    /// 所管, 組織・勘定, 項, 目
    public var jurisdiction: String?
    public var organisation: String?
    public var item: String?
    public var subitem: String?
    /// 歳出予算項目の補足情報
    public var detail: String?
    public var amount: Int64?
    public var nextYearRequest: Int64?
    public var note: String?
    public var source: RecordSource

    public init(year: Int?, accountKind: String?, account: String?, subaccount: String?, budgetKind: String?, jurisdiction: String?,
                organisation: String?, item: String?, subitem: String?, detail: String?, amount: Int64?, nextYearRequest: Int64?,
                note: String?, source: RecordSource) {
        self.year = year
        self.accountKind = accountKind
        self.account = account
        self.subaccount = subaccount
        self.budgetKind = budgetKind
        self.jurisdiction = jurisdiction
        self.organisation = organisation
        self.item = item
        self.subitem = subitem
        self.detail = detail
        self.amount = amount
        self.nextYearRequest = nextYearRequest
        self.note = note
        self.source = source
    }
}

/// One node of the outcome chain: an activity, an output or an outcome.
public struct OutcomeNode: Codable, Hashable, Sendable {
    /// The node's number on the sheet.
    public var number: String?
    /// 種別: アクティビティ, アウトプット, 短期アウトカム, 中期アウトカム, 長期アウトカム …
    public var kind: String?
    /// アウトカムの期間
    public var period: String?
    /// 活動目標／成果目標: what the node is to achieve.
    public var text: String?

    public init(number: String?, kind: String?, period: String?, text: String?) {
        self.number = number
        self.kind = kind
        self.period = period
        self.text = text
    }
}

/// 3-2: a link of the outcome chain (効果発現経路): from one node (派生元) to the next (派生先).
public struct OutcomeLink: ReviewRecord, Codable, Hashable {
    public static let table = ReviewTable.outcomeLinks
    public var from: OutcomeNode
    public var to: OutcomeNode
    /// 後続アウトカムへのつながり
    public var connection: String?
    /// アウトカムを複数段階で設定できない理由
    public var singleStageReason: String?
    public var source: RecordSource

    public init(from: OutcomeNode, to: OutcomeNode, connection: String?, singleStageReason: String?, source: RecordSource) {
        self.from = from
        self.to = to
        self.connection = connection
        self.singleStageReason = singleStageReason
        self.source = source
    }
}

/// 4-1: the project's 点検・評価: the bureau's self-check, outside experts, the
/// review team's verdict, and findings received before.
///
/// 「点検」 here is the ministry's check of its own project; Hyoka's own 点検
/// of an evaluation is `Review`.
public struct ProjectAssessment: ReviewRecord, Codable, Hashable {
    public static let table = ReviewTable.assessment
    /// 事業所管部局による点検・改善: 点検結果, 改善の方向性, 目標年度における効果測定に関する評価.
    public var selfCheck: String?
    public var direction: String?
    public var outcomeMeasurement: String?
    /// 外部有識者による点検: 最終実施年度, 点検対象, 対象の理由, 所見.
    public var expertYear: Int?
    public var expertScope: String?
    public var expertReason: String?
    public var expertOpinion: String?
    /// 公開プロセス結果概要
    public var publicProcess: String?
    /// 行政事業レビュー推進チームの所見: the verdict (現状通り, 事業内容の一部改善,
    /// 事業全体の抜本的な改善, 廃止, 終了予定 …) and its detail.
    public var verdict: String?
    public var verdictDetail: String?
    /// 所見を踏まえた改善点／概算要求における反映状況, and its detail.
    public var reflection: String?
    public var reflectionDetail: String?
    /// 反映額: in the 一般会計, and in a 特別会計 (会計, 勘定, 額). 円.
    public var reflectedGeneral: Int64?
    public var reflectedSpecialAccount: String?
    public var reflectedSpecialSubaccount: String?
    public var reflectedSpecial: Int64?
    /// 過去に受けた指摘事項 and その他の指摘事項.
    public var pastFinding: PastFinding?
    public var otherFinding: PastFinding?
    public var source: RecordSource

    public init(selfCheck: String?, direction: String?, outcomeMeasurement: String?, expertYear: Int?, expertScope: String?,
                expertReason: String?, expertOpinion: String?, publicProcess: String?, verdict: String?, verdictDetail: String?,
                reflection: String?, reflectionDetail: String?, reflectedGeneral: Int64?, reflectedSpecialAccount: String?,
                reflectedSpecialSubaccount: String?, reflectedSpecial: Int64?, pastFinding: PastFinding?, otherFinding: PastFinding?,
                source: RecordSource) {
        self.selfCheck = selfCheck
        self.direction = direction
        self.outcomeMeasurement = outcomeMeasurement
        self.expertYear = expertYear
        self.expertScope = expertScope
        self.expertReason = expertReason
        self.expertOpinion = expertOpinion
        self.publicProcess = publicProcess
        self.verdict = verdict
        self.verdictDetail = verdictDetail
        self.reflection = reflection
        self.reflectionDetail = reflectionDetail
        self.reflectedGeneral = reflectedGeneral
        self.reflectedSpecialAccount = reflectedSpecialAccount
        self.reflectedSpecialSubaccount = reflectedSpecialSubaccount
        self.reflectedSpecial = reflectedSpecial
        self.pastFinding = pastFinding
        self.otherFinding = otherFinding
        self.source = source
    }
}

/// A finding the project received before (過去に受けた指摘事項, その他の指摘事項).
public struct PastFinding: Codable, Hashable, Sendable {
    /// 区分, or 調査等の名称 for other findings.
    public var kind: String?
    /// 取りまとめ年度 / 指摘年度
    public var year: String?
    public var text: String?
    /// 対応状況
    public var response: String?

    public init(kind: String?, year: String?, text: String?, response: String?) {
        self.kind = kind
        self.year = year
        self.text = text
        self.response = response
    }
}

/// 5-2: money flowing from one spending block (支出先ブロック, 「A」「B」) to the next.
public struct SpendingFlow: ReviewRecord, Codable, Hashable {
    public static let table = ReviewTable.spendingFlows
    /// 支出元の支出先ブロック and its name; nil block with `fromOrganisation` for the ministry itself.
    public var fromBlock: String?
    public var fromName: String?
    /// 担当組織からの支出: true when the money leaves the ministry here (TRUE/FALSE; nil when blank).
    public var fromOrganisation: Bool?
    /// 支出先の支出先ブロック and its name.
    public var toBlock: String?
    public var toName: String?
    /// 資金の流れの補足情報
    public var note: String?
    /// 国自らが支出する間接経費: its label (間接経費, 事務費 …), item and amount (円).
    public var indirectCost: String?
    public var indirectItem: String?
    public var indirectAmount: Int64?
    public var source: RecordSource

    public init(fromBlock: String?, fromName: String?, fromOrganisation: Bool?, toBlock: String?, toName: String?, note: String?,
                indirectCost: String?, indirectItem: String?, indirectAmount: Int64?, source: RecordSource) {
        self.fromBlock = fromBlock
        self.fromName = fromName
        self.fromOrganisation = fromOrganisation
        self.toBlock = toBlock
        self.toName = toName
        self.note = note
        self.indirectCost = indirectCost
        self.indirectItem = indirectItem
        self.indirectAmount = indirectAmount
        self.source = source
    }
}

/// 5-3: a cost item (費目・使途) of a payee in a spending block. 円.
public struct CostItem: ReviewRecord, Codable, Hashable {
    public static let table = ReviewTable.costItems
    public var block: String?
    /// 支出先名 and 法人番号.
    public var payee: String?
    public var corporateNumber: String?
    /// 契約概要
    public var contract: String?
    /// 費目 and 使途
    public var item: String?
    public var use: String?
    public var amount: Int64?
    public var source: RecordSource

    public init(block: String?, payee: String?, corporateNumber: String?, contract: String?, item: String?, use: String?, amount: Int64?, source: RecordSource) {
        self.block = block
        self.payee = payee
        self.corporateNumber = corporateNumber
        self.contract = contract
        self.item = item
        self.use = use
        self.amount = amount
        self.source = source
    }
}

/// 5-4: a contract under 国庫債務負担行為 or the like. 円.
public struct ProjectContract: ReviewRecord, Codable, Hashable {
    public static let table = ReviewTable.contracts
    public var block: String?
    public var contractor: String?
    public var corporateNumber: String?
    public var address: String?
    /// 法人種別
    public var corporateKind: String?
    /// 契約概要（契約名）
    public var title: String?
    public var amount: Int64?
    /// 契約方式等 and 具体的な契約方式等.
    public var method: String?
    public var methodDetail: String?
    /// 入札者数（応募者数）
    public var bidders: Int?
    /// 落札率（％）: a percentage, as written.
    public var winningRate: Double?
    /// 一者応札・一者応募又は競争性のない随意契約となった理由及び改善策
    public var singleBidReason: String?
    /// その他の契約 (both columns of that name, in order).
    public var other: [String?]
    public var source: RecordSource

    public init(block: String?, contractor: String?, corporateNumber: String?, address: String?, corporateKind: String?, title: String?,
                amount: Int64?, method: String?, methodDetail: String?, bidders: Int?, winningRate: Double?, singleBidReason: String?,
                other: [String?], source: RecordSource) {
        self.block = block
        self.contractor = contractor
        self.corporateNumber = corporateNumber
        self.address = address
        self.corporateKind = corporateKind
        self.title = title
        self.amount = amount
        self.method = method
        self.methodDetail = methodDetail
        self.bidders = bidders
        self.winningRate = winningRate
        self.singleBidReason = singleBidReason
        self.other = other
        self.source = source
    }
}

/// 6-1: その他備考.
public struct ProjectRemark: ReviewRecord, Codable, Hashable {
    public static let table = ReviewTable.remarks
    public var text: String?
    public var source: RecordSource

    public init(text: String?, source: RecordSource) {
        self.text = text
        self.source = source
    }
}

/// A record of a table the reader does not know: its cells by column name, kept whole.
public struct RawRecord: ReviewRecord, Codable, Hashable {
    public static let table = ReviewTable.unknown
    /// The header signature the table was read under (its columns after the organisation ones).
    public var columns: [String]
    public var cells: [String]
    public var source: RecordSource

    public init(columns: [String], cells: [String], source: RecordSource) {
        self.columns = columns
        self.cells = cells
        self.source = source
    }
}

/// Amounts as a reader of the evaluations expects them: 百万円, the unit of their budget tables.
public enum YenAmount {
    /// 2,407,000,000 円 → 「2,407」 (百万円, rounded half up as the sheets round).
    public static func millions(_ yen: Int64) -> String {
        let millions = (Double(yen) / 1_000_000).rounded(.toNearestOrAwayFromZero)
        return grouped(Int64(millions))
    }

    /// 32484000 → 「32,484,000」
    public static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }
}
