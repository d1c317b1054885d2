import HyokaModel

/// The review-sheet projects (行政事業レビュー) linked to an evaluation's
/// policies and fields, each project once, with the reasons it was linked.
///
/// A project can be linked to one policy several times: through two 1-3
/// records, through its title and through a cited 事業番号, or to the measure
/// and to one of its fields. It is still one project, and its money is
/// counted once: entries are keyed by 予算事業ID, and when the store holds
/// several 事業年度 of a project, the latest sheet stands for it (a 2025 sheet
/// restates the budget years a 2024 sheet reported).
public struct LinkedProjects: Sendable {
    /// One project and the links that tie it to the policy or field asked for.
    public struct Entry: Sendable {
        public var project: ReviewProject
        public var links: [ReviewProjectLink]
        /// True when a reviewer confirmed one of the links.
        public var confirmed: Bool
    }

    private let links: [ReviewProjectLink]
    private let projects: [Int: ReviewProject]
    private let confirmed: Set<String>

    /// `links` less those a reviewer rejected; `projects` are the linked projects (any 事業年度).
    public init(links: [ReviewProjectLink], projects: [ReviewProject], decisions: [ReviewLinkDecision] = []) {
        let rejected = Set(decisions.filter { $0.decision == .rejected }.map { Self.key($0.link) })
        self.confirmed = Set(decisions.filter { $0.decision == .confirmed }.map { Self.key($0.link) })
        self.links = links.filter { !rejected.contains(Self.key($0)) }
        var latest: [Int: ReviewProject] = [:]
        for project in projects where (latest[project.projectID]?.fiscalYear ?? Int.min) < project.fiscalYear {
            latest[project.projectID] = project
        }
        self.projects = latest
    }

    /// Projects linked to `policy` of `report`, whether to the measure as a whole or to one of its fields.
    public func entries(report: EvaluationReport, policy: Policy) -> [Entry] {
        entries(links.filter { Self.belongs($0, report: report, policy: policy) })
    }

    /// Projects linked to `field` of `policy`.
    public func entries(report: EvaluationReport, policy: Policy, field: Field) -> [Entry] {
        entries(links.filter {
            Self.belongs($0, report: report, policy: policy) && $0.target == .field && $0.fieldNumber == field.number && $0.fieldTitle == field.title
        })
    }

    /// A link names its policy by title and number, and its field by number
    /// and title: the line alone would miss a link made through a 事業番号
    /// cited further down the sheet.
    static func belongs(_ link: ReviewProjectLink, report: EvaluationReport, policy: Policy) -> Bool {
        link.document == report.id && link.policyTitle == policy.title && link.policyNumber == policy.number
    }

    private func entries(_ selected: [ReviewProjectLink]) -> [Entry] {
        var order: [Int] = []
        var byProject: [Int: [ReviewProjectLink]] = [:]
        for link in selected {
            if byProject[link.projectID] == nil { order.append(link.projectID) }
            byProject[link.projectID, default: []].append(link)
        }
        return order.sorted().compactMap { id in
            guard let project = projects[id], let links = byProject[id] else { return nil }
            return Entry(project: project, links: links, confirmed: links.contains { confirmed.contains(Self.key($0)) })
        }
    }

    private static func key(_ link: ReviewProjectLink) -> String {
        "\(link.document):\(link.line):\(link.fiscalYear):\(link.projectID)"
    }
}

/// What a group of projects was given and spent, per 予算年度, in 円.
///
/// Each project's figures are its 2-1 total row (`BudgetYear`), so the rows
/// per account are never added to them; a project enters a year once.
public struct ProjectTotals: Sendable, Equatable {
    public struct Year: Sendable, Equatable {
        /// 予算年度
        public var year: Int
        /// How many projects report the year.
        public var projects: Int
        /// 当初予算 and 補正予算, summed.
        public var initial: Int64
        public var supplementary: Int64
        /// 歳出予算現額 (当初 + 補正 + 繰越し + 予備費等), summed.
        public var available: Int64
        /// 執行額 of the projects whose sheet states an 執行率 for the year, and
        /// their 歳出予算現額: the rate compares like with like, so a project
        /// whose year is not closed (its execution written as 0, the rate
        /// blank) does not lower it.
        public var execution: Int64?
        public var availableWithExecution: Int64

        /// 当初 + 補正: the budget the evaluations' tables state.
        public var initialAndSupplementary: Int64 { initial + supplementary }

        /// 執行率: execution ÷ 歳出予算現額 over the projects with an execution figure.
        public var executionRate: Double? {
            guard let execution, availableWithExecution > 0 else { return nil }
            return Double(execution) / Double(availableWithExecution)
        }
    }

    public var years: [Year]

    /// Each project once (by 予算事業ID), whatever order or repetition `projects` has.
    public init(_ projects: [ReviewProject]) {
        var seen: Set<Int> = []
        var byYear: [Int: Year] = [:]
        for project in projects where seen.insert(project.projectID).inserted {
            for budget in project.budgetYears {
                var year = byYear[budget.year] ?? Year(year: budget.year, projects: 0, initial: 0, supplementary: 0, available: 0,
                                                        execution: nil, availableWithExecution: 0)
                year.projects += 1
                year.initial += budget.initial ?? 0
                year.supplementary += budget.supplementary ?? 0
                year.available += budget.available ?? 0
                // A year the sheet gives no 執行率 for (not closed yet, or execution 0 with the rate left blank) is not an execution.
                if budget.executionRate != nil, let execution = budget.execution, let available = budget.available {
                    year.execution = (year.execution ?? 0) + execution
                    year.availableWithExecution += available
                }
                byYear[budget.year] = year
            }
        }
        years = byYear.values.sorted { $0.year < $1.year }
    }

    public func year(_ year: Int) -> Year? { years.first { $0.year == year } }
}
