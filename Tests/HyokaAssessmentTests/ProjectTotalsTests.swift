import HyokaAssessment
import HyokaModel
import Testing

@Suite("Totals of linked review-sheet projects")
struct ProjectTotalsTests {
    static func source(_ line: Int) -> RecordSource { RecordSource(file: "2-1.csv", line: line, endLine: line) }

    /// A project with one 予算年度: a total row and the per-account rows it sums.
    static func project(_ id: Int, year: Int = 2023, initial: Int64, supplementary: Int64, execution: Int64?, rate: Double?) -> ReviewProject {
        var project = ReviewProject(projectID: id, fiscalYear: 2024, name: "事業\(id)",
                                    organisation: ProjectOrganisation(sheetKind: nil, ministryOrder: nil, ministry: "外務省", units: ["外務省"]))
        let available = initial + supplementary
        let total = BudgetTotal(initial: initial, supplementary: supplementary, carriedIn: 0, reserve: 0, available: available, execution: execution,
                                executionRate: rate, carriedForward: 0, nextYearRequest: nil, changeReason: nil, specialNote: nil, source: source(id))
        let account = AccountBudget(accountKind: "一般会計", account: "一般会計", subaccount: nil, initial: initial, supplementaries: [supplementary],
                                    carriedIn: 0, reserves: [], available: available, execution: execution, nextYearRequest: nil, specialRequest: nil,
                                    note: nil, source: source(id + 1))
        project.budgetYears = [BudgetYear(year: year, total: total, accounts: [account])]
        return project
    }

    @Test("each project counts once, from its total row, never with its per-account rows")
    func noDoubleCounting() throws {
        let a = Self.project(1, initial: 59_000_000, supplementary: 2_348_000_000, execution: 2_407_000_000, rate: 1)
        let b = Self.project(2, initial: 126_000_000, supplementary: 0, execution: 66_000_000, rate: 0.52381)
        let totals = ProjectTotals([a, b, a])
        let year = try #require(totals.year(2023))
        #expect(year.projects == 2)
        #expect(year.initial == 185_000_000)
        #expect(year.supplementary == 2_348_000_000)
        #expect(year.initialAndSupplementary == 2_533_000_000)
        #expect(year.available == 2_533_000_000)
        #expect(year.execution == 2_473_000_000)
        #expect(abs((year.executionRate ?? 0) - 2_473.0 / 2_533.0) < 1e-12)
    }

    @Test("a year the sheet gives no 執行率 adds to the budget but not to the rate")
    func openYears() throws {
        let closed = Self.project(1, initial: 100_000_000, supplementary: 0, execution: 90_000_000, rate: 0.9)
        let open = Self.project(2, initial: 300_000_000, supplementary: 0, execution: 0, rate: nil)
        let year = try #require(ProjectTotals([closed, open]).year(2023))
        #expect(year.available == 400_000_000)
        #expect(year.execution == 90_000_000)
        #expect(year.executionRate == 0.9)
        #expect(ProjectTotals([open]).year(2023)?.executionRate == nil)
    }

    @Test("a project linked twice to a policy is one entry with both reasons; a rejected link is left out")
    func entries() throws {
        let project = Self.project(7, initial: 1, supplementary: 0, execution: 1, rate: 1)
        let policy = Policy(level: .measure, title: "施策A", line: 3, endLine: 9)
        var report = EvaluationReport(id: "doc", source: "doc.txt", contentHash: "h", kind: .evaluation, layout: .mofaSheet, lineCount: 10)
        report.ministry = "外務省"
        report.policies = [policy]
        func link(_ line: Int, _ reason: String) -> ReviewProjectLink {
            ReviewProjectLink(document: "doc", documentSource: "doc.txt", line: line, target: .policy, policyNumber: nil, policyTitle: "施策A",
                              fieldNumber: nil, fieldTitle: nil, ministry: "外務省", fiscalYear: 2024, projectID: 7, projectName: "事業7",
                              recordFile: "1-3.csv", recordLine: 2, reason: reason, score: 1)
        }
        let linked = LinkedProjects(links: [link(3, "title"), link(8, "number")], projects: [project])
        let entry = try #require(linked.entries(report: report, policy: policy).first)
        #expect(linked.entries(report: report, policy: policy).count == 1)
        #expect(entry.links.map(\.reason) == ["title", "number"])
        let rejected = LinkedProjects(links: [link(3, "title")], projects: [project],
                                      decisions: [ReviewLinkDecision(link: link(3, "title"), decision: .rejected, decidedAt: "2026-01-01")])
        #expect(rejected.entries(report: report, policy: policy).isEmpty)
    }
}
