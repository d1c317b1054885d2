import Foundation
import HyokaModel

/// Gathers the records of every table into projects, keyed by 事業年度 and 予算事業ID.
///
/// Tables may come in any order (a folder lists them by name, a zip by
/// entry); a project is made by the first record that names it and every
/// later record adds to it. Records keep file order within their table.
struct ProjectAssembler {
    struct Key: Hashable, Comparable {
        var fiscalYear: Int
        var projectID: Int
        static func < (lhs: Key, rhs: Key) -> Bool { (lhs.fiscalYear, lhs.projectID) < (rhs.fiscalYear, rhs.projectID) }
    }

    private(set) var projects: [Key: ReviewProject] = [:]
    /// Organisation disagreements, counted per file for one warning each.
    private(set) var disagreements: [String: Int] = [:]

    static let organisationColumns: [[String]] = [
        ["シート種別"], ["事業名"], ["府省庁の建制順", "建制順"], ["政策所管府省庁", "所管府省庁"],
        ["府省庁"], ["局・庁"], ["部"], ["課"], ["室"], ["班"], ["係"],
    ]
    static let unitColumns = ["府省庁", "局・庁", "部", "課", "室", "班", "係"]

    /// The projects in key order.
    var sortedProjects: [ReviewProject] { projects.keys.sorted().compactMap { projects[$0] } }

    /// The organisation cells each project was first seen with, one per
    /// `organisationColumns` entry in its order (nil until a record fills
    /// it): later records are compared column by column. An array, not a
    /// dictionary by column name: hashing Japanese names normalises them,
    /// eleven times per record.
    private var organisationCells: [Key: [String?]] = [:]

    /// Adds one record of `table` to its project.
    ///
    /// The organisation columns repeat the project's on every record. A record
    /// whose cell differs from the project's (not merely blank: 5-2 leaves
    /// 府省庁 empty on some rows) keeps that cell raw, so nothing it says is lost.
    mutating func add(_ cells: inout RecordCells, table: ReviewTable, file: String, line: Int, endLine: Int) throws {
        let key = try Self.key(&cells, file: file, line: line)
        var differs = false
        // Compared in place: copying the project's cells out and back for every record would copy the dictionary each time.
        if organisationCells[key] == nil { organisationCells[key] = Array(repeating: nil, count: Self.organisationColumns.count) }
        for (column, aliases) in Self.organisationColumns.enumerated() {
            guard let position = cells.columns.position(aliases), position < cells.cells.count else { continue }
            let value = RecordCells.trimmed(cells.cells[position])
            guard !value.isEmpty else { continue }
            if let first = organisationCells[key]?[column] {
                if !sameUTF8(first, value) {
                    cells.keepRaw(aliases)
                    differs = true
                }
            } else {
                organisationCells[key]?[column] = value
            }
        }
        if differs { disagreements[file, default: 0] += 1 }
        let name = cells.text("事業名") ?? ""
        let organisation = ProjectOrganisation(
            sheetKind: cells.text("シート種別"),
            ministryOrder: cells.integer("府省庁の建制順", "建制順"),
            ministry: cells.text("政策所管府省庁", "所管府省庁") ?? cells.text("府省庁") ?? "",
            units: Self.unitColumns.compactMap { cells.text($0) }
        )
        if var project = projects[key] {
            projects[key] = nil // Released while it changes, so that appending does not copy its arrays.
            try append(&cells, table: table, to: &project, file: file, line: line, endLine: endLine)
            projects[key] = project
        } else {
            var project = ReviewProject(projectID: key.projectID, fiscalYear: key.fiscalYear, name: name, organisation: organisation)
            try append(&cells, table: table, to: &project, file: file, line: line, endLine: endLine)
            projects[key] = project
        }
    }

    private static func key(_ cells: inout RecordCells, file: String, line: Int) throws -> Key {
        func number(_ column: String) throws -> Int {
            let cell = cells.text(column) ?? ""
            guard let value = Int(cell) else { throw ReviewSheetError.badKey(file: file, line: line, column: column, value: cell) }
            return value
        }
        return Key(fiscalYear: try number("事業年度"), projectID: try number("予算事業ID"))
    }

    private func append(_ c: inout RecordCells, table: ReviewTable, to project: inout ReviewProject, file: String, line: Int, endLine: Int) throws {
        func source() -> RecordSource { c.finish(file: file, line: line, endLine: endLine) }
        switch table {
        case .organisation:
            let number = c.integer("その他担当組織_作成責任者_no")
            let units = Self.unitColumns.compactMap { c.text($0 + "（その他担当組織）") }
            let responsible = c.text("作成責任者")
            project.responsibilities.append(Responsibility(number: number, otherUnits: units, responsible: responsible, source: source()))
        case .overview:
            let methods = ["直接実施", "補助", "負担", "交付", "分担金・拠出金", "その他"].filter { c.flag("実施方法ー" + $0) == true }
            project.overviews.append(ProjectOverview(
                purpose: c.text("事業の目的"), issues: c.text("現状・課題"), summary: c.text("事業の概要"), summaryURL: c.text("事業概要URL"),
                category: c.text("事業区分"), startYear: c.integer("事業開始年度"), startUnknown: c.flag("開始年度不明") ?? false,
                endYear: c.integer("事業終了（予定）年度"), noEndPlanned: c.flag("終了予定なし") ?? false, majorExpense: c.text("主要経費"),
                note: c.text("備考"), methods: methods, formerNumber: c.text("旧事業番号"), listingOrder: c.integer("整理表表示順"), source: source()))
        case .policies:
            let number = c.integer("番号（政策・施策）"), ministry = c.text("政策所管府省庁_P"), policy = c.text("政策")
            let measure = c.text("施策"), url = c.text("政策・施策URL")
            let law = ProjectLaw(number: c.integer("番号（根拠法令）"), name: c.text("法令名"), lawNumber: c.text("法令番号"), lawID: c.text("法令ID"),
                                 article: c.text("条"), paragraph: c.text("項"), item: c.text("号・号の細分"))
            let plan = ProjectPlan(number: c.integer("番号（関係する計画・通知等）"), name: c.text("計画通知名"), url: c.text("計画通知等URL"))
            project.policyLinks.append(ProjectPolicyLink(
                number: number, ministry: ministry, policy: policy, measure: measure, url: url,
                law: law == ProjectLaw(number: nil, name: nil, lawNumber: nil, lawID: nil, article: nil, paragraph: nil, item: nil) ? nil : law,
                plan: plan == ProjectPlan(number: nil, name: nil, url: nil) ? nil : plan, source: source()))
        case .subsidyRates:
            project.subsidyRates.append(SubsidyRate(number: c.integer("番号（補助率等）"), target: c.text("補助対象"), rate: c.text("補助率"),
                                                    cap: c.text("補助上限等"), url: c.text("補助率URL"), source: source()))
        case .relatedProjects:
            project.relatedProjects.append(RelatedProject(number: c.integer("番号（関連事業）"), projectID: c.integer("関連事業の事業ID"),
                                                          name: c.text("関連事業の事業名"), relation: c.text("関連性"), source: source()))
        case .budgetSummary:
            try appendBudget(&c, to: &project, file: file, line: line, endLine: endLine)
        case .budgetItems:
            project.budgetItems.append(BudgetItem(
                year: c.integer("予算年度"), accountKind: c.text("会計区分"), account: c.text("会計"), subaccount: c.text("勘定"),
                budgetKind: c.text("予算種別"), jurisdiction: c.text("所管"), organisation: c.text("組織・勘定"), item: c.text("項"),
                subitem: c.text("目"), detail: c.text("歳出予算項目の補足情報"), amount: c.amount("予算額（歳出予算項目ごと）"),
                nextYearRequest: c.amount("翌年度要求額（歳出予算項目ごと）"), note: c.text("備考（歳出予算項目ごと）"), source: source()))
        case .outcomeLinks:
            let from = OutcomeNode(number: c.text("派生元ーアクティビティ・アウトプット・アウトカムの番号"),
                                   kind: c.text("派生元ー種別（アクティビティ・アウトプット・アウトカム）"),
                                   period: c.text("派生元ーアウトカムの期間"), text: c.text("派生元ーアクティビティの内容/活動目標／成果目標"))
            let to = OutcomeNode(number: c.text("派生先ーアクティビティ・アウトプット・アウトカムの番号"),
                                 kind: c.text("派生先ー種別（アクティビティ・アウトプット・アウトカム）"),
                                 period: c.text("派生先ーアウトカムの期間"), text: c.text("派生先ー活動目標／成果目標"))
            project.outcomeLinks.append(OutcomeLink(from: from, to: to, connection: c.text("後続アウトカムへのつながり"),
                                                    singleStageReason: c.text("アウトカムを複数段階で設定できない理由"), source: source()))
        case .assessment:
            let past = PastFinding(kind: c.text("過去に受けた指摘事項－区分"), year: c.text("過去に受けた指摘事項－取りまとめ年度"),
                                   text: c.text("過去に受けた指摘事項－取りまとめ内容"), response: c.text("過去に受けた指摘事項－対応状況"))
            let other = PastFinding(kind: c.text("その他の指摘事項－調査等の名称"), year: c.text("その他の指摘事項－指摘年度"),
                                    text: c.text("その他の指摘事項－指摘内容"), response: c.text("その他の指摘事項－対応状況"))
            let empty = PastFinding(kind: nil, year: nil, text: nil, response: nil)
            project.assessments.append(ProjectAssessment(
                selfCheck: c.text("事業所管部局による点検・改善ー点検結果"), direction: c.text("事業所管部局による点検・改善ー改善の方向性"),
                outcomeMeasurement: c.text("事業所管部局による点検・改善－目標年度における効果測定に関する評価"),
                expertYear: c.integer("外部有識者による点検ー最終実施年度"), expertScope: c.text("外部有識者による点検ー点検対象"),
                expertReason: c.text("外部有識者による点検ー対象の理由"), expertOpinion: c.text("外部有識者による点検ー所見"),
                publicProcess: c.text("公開プロセス結果概要"), verdict: c.text("行政事業レビュー推進チームの所見"),
                verdictDetail: c.text("行政事業レビュー推進チームの所見の詳細"), reflection: c.text("所見を踏まえた改善点／概算要求における反映状況"),
                reflectionDetail: c.text("所見を踏まえた改善点／概算要求における反映状況の詳細"), reflectedGeneral: c.amount("反映額（一般会計）"),
                reflectedSpecialAccount: c.text("反映額（特別会計）－会計"), reflectedSpecialSubaccount: c.text("反映額（特別会計）－勘定"),
                reflectedSpecial: c.amount("反映額（特別会計）－反映額"), pastFinding: past == empty ? nil : past,
                otherFinding: other == empty ? nil : other, source: source()))
        case .spendingFlows:
            project.spendingFlows.append(SpendingFlow(
                fromBlock: c.text("支出元の支出先ブロック"), fromName: c.text("支出元の支出先ブロック名"), fromOrganisation: c.flag("担当組織からの支出"),
                toBlock: c.text("支出先の支出先ブロック"), toName: c.text("支出先の支出先ブロック名"), note: c.text("資金の流れの補足情報"),
                indirectCost: c.text("国自らが支出する間接経費"), indirectItem: c.text("国自らが支出する間接経費の項目"),
                indirectAmount: c.amount("国自らが支出する間接経費の金額"), source: source()))
        case .costItems:
            project.costItems.append(CostItem(block: c.text("支出先ブロック番号"), payee: c.text("支出先名"), corporateNumber: c.text("法人番号"),
                                              contract: c.text("契約概要"), item: c.text("費目"), use: c.text("使途"), amount: c.amount("金額"), source: source()))
        case .contracts:
            let suffix = "（国庫債務負担行為等による契約）"
            project.contracts.append(ProjectContract(
                block: c.text("支出先ブロック" + suffix), contractor: c.text("契約先名" + suffix), corporateNumber: c.text("契約先の法人番号" + suffix),
                address: c.text("契約先の所在地" + suffix), corporateKind: c.text("契約先の法人種別" + suffix), title: c.text("契約概要（契約名）" + suffix),
                amount: c.amount("契約額" + suffix), method: c.text("契約方式等" + suffix), methodDetail: c.text("具体的な契約方式等" + suffix),
                bidders: c.integer("入札者数（応募者数）" + suffix), winningRate: c.fraction("落札率（％）" + suffix),
                singleBidReason: c.text("一者応札・一者応募又は競争性のない随意契約となった理由及び改善策（契約額10億円以上）" + suffix),
                other: c.texts("その他の契約") + c.texts("その他の契約" + suffix), source: source()))
        case .remarks:
            project.remarks.append(ProjectRemark(text: c.text("備考"), source: source()))
        case .unknown, .outcomeTargets, .payees:
            project.otherRecords.append(RawRecord(columns: c.columns.names, cells: c.cells, source: RecordSource(file: file, line: line, endLine: endLine)))
            c.takeAll()
        }
    }

    /// 2-1: a total row (its 〜（合計） columns filled) opens or completes the
    /// 予算年度; a per-account row joins the year's accounts.
    private func appendBudget(_ c: inout RecordCells, to project: inout ReviewProject, file: String, line: Int, endLine: Int) throws {
        let year = c.integer("予算年度")
        let total = BudgetTotal(
            initial: c.amount("当初予算（合計）"), supplementary: c.amount("補正予算（合計）"), carriedIn: c.amount("前年度からの繰越し（合計）"),
            reserve: c.amount("予備費等（合計）"), available: c.amount("計（歳出予算現額合計）"), execution: c.amount("執行額（合計）"),
            executionRate: c.fraction("執行率"), carriedForward: c.amount("翌年度への繰越し(合計）"), nextYearRequest: c.amount("翌年度要求額（合計）"),
            changeReason: c.text("主な増減理由"), specialNote: c.text("その他特記事項"), source: RecordSource(file: file, line: line, endLine: endLine))
        let account = AccountBudget(
            accountKind: c.text("会計区分"), account: c.text("会計"), subaccount: c.text("勘定"), initial: c.amount("当初予算"),
            supplementaries: (1...5).map { c.amount("第\($0)次補正予算") }, carriedIn: c.amount("前年度から繰越し"),
            reserves: (1...4).map { c.amount("予備費等\($0)") }, available: c.amount("歳出予算現額"), execution: c.amount("執行額"),
            nextYearRequest: c.amount("翌年度要求額"), specialRequest: c.amount("要望額"), note: c.text("備考"),
            source: RecordSource(file: file, line: line, endLine: endLine))
        let source = c.finish(file: file, line: line, endLine: endLine)
        let isTotal = [total.initial, total.supplementary, total.carriedIn, total.reserve, total.available, total.execution, total.carriedForward, total.nextYearRequest]
            .contains { $0 != nil }
        // A year the sheet does not state is kept under 0 rather than dropped; the raw cell says what it was.
        let budgetYear = year ?? 0
        var index = project.budgetYears.firstIndex { $0.year == budgetYear }
        if index == nil {
            project.budgetYears.append(BudgetYear(year: budgetYear, total: nil, accounts: []))
            index = project.budgetYears.count - 1
        }
        if isTotal, project.budgetYears[index!].total == nil {
            var total = total
            total.source = source
            project.budgetYears[index!].total = total
        } else if isTotal {
            // A second total row for the same year is kept apart and never summed: adding it would double the year.
            var total = total
            total.source = source
            project.budgetYears[index!].extraTotals.append(total)
        } else {
            var account = account
            account.source = source
            project.budgetYears[index!].accounts.append(account)
        }
    }
}

extension RecordCells {
    /// Keeps the cell of the first of `aliases` raw, whatever it holds.
    mutating func keepRaw(_ aliases: [String]) {
        guard let position = columns.position(aliases), position < cells.count else { return }
        markRaw(position)
    }
}
