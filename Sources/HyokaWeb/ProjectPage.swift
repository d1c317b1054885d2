import Foundation
import Hummingbird
import HyokaAssessment
import HyokaModel
import HyokaReviewSheets
import HyokaStore

/// The page of a review-sheet project (行政事業レビュー): budget and execution by
/// 予算年度 as an SVG chart with the same figures in a table, the review team's
/// verdict, the links to evaluations with their reasons, the findings, and the
/// spending flow as a table of blocks.
extension WebApp {
    var sheets: (any ReviewSheetStore)? { store as? any ReviewSheetStore }

    func reviewProject(_ context: WebContext, _ parameters: QueryParameters) async throws -> ReviewProject {
        guard let text = context.parameters.get("id"), let id = Int(text), id >= 0 else { throw WebError.badRequest("A project id (予算事業ID) is required.") }
        let year = try parameters.integer("year", in: 2000...2200)
        guard let sheets, let project = try await sheets.reviewProject(id: id, fiscalYear: year) else {
            throw WebError.notFound("No review-sheet project \(id).")
        }
        return project
    }

    /// Links of `project` to the stored evaluations, with the reviewer's decisions.
    func projectLinks(_ project: ReviewProject) async throws -> (links: [ReviewProjectLink], decisions: [ReviewLinkDecision]) {
        let links = ProjectLinker().links(reports: try await store.allReports(), projects: [project])
        let decisions = try await sheets?.linkDecisions().filter { $0.link.projectID == project.projectID && $0.link.fiscalYear == project.fiscalYear } ?? []
        return (links, decisions)
    }

    func projectPage(_ project: ReviewProject, _ parameters: QueryParameters) async throws -> [String: Any] {
        var model = base(parameters, title: "\(project.projectID) \(project.name)")
        let english = parameters.language == .english
        let labels = parameters.language.labels
        let (links, decisions) = try await projectLinks(project)
        let rejected = Set(decisions.filter { $0.decision == .rejected }.map { "\($0.link.document):\($0.link.line)" })
        let reviewer = ProjectReviewer()
        let reports = try await store.allReports()
        let findings = reviewer.review(project)
            + reviewer.crossReview(reports: reports, projects: [project], links: links.filter { !rejected.contains("\($0.document):\($0.line)") })
        // A finding on an evaluation cites its lines in the source view; one on a review sheet cites the sheet's file.
        let evaluations = Set(reports.map(\.id))
        let years = project.budgetYears.sorted { $0.year < $1.year }
        model["project"] = [
            "id": project.projectID, "fiscalYear": project.fiscalYear, "name": project.name, "ministry": project.ministry,
            "bureau": project.organisation.bureau, "purpose": project.overview?.purpose ?? "", "issues": project.overview?.issues ?? "",
            "category": project.overview?.category ?? "", "overviewSource": project.overview?.source.citation ?? "",
        ] as [String: Any]
        model["years"] = years.map { year -> [String: Any] in
            ["year": year.year, "initial": Self.millions(year.initial), "supplementary": Self.millions(year.supplementary),
             "available": Self.millions(year.available), "execution": Self.millions(year.execution),
             "rate": year.executionRate.map { String(format: "%.1f%%", $0 * 100) } ?? "-",
             "source": year.total?.source.citation ?? year.accounts.first?.source.citation ?? ""]
        }
        model["chart"] = BudgetChart.svg(years, label: "\(project.projectID) \(project.name)", project: project.projectID, parameters.language) ?? ""
        if let assessment = project.assessment {
            model["assessment"] = [
                "verdict": assessment.verdict ?? "-", "detail": assessment.verdictDetail ?? "", "reflection": assessment.reflection ?? "-",
                "selfCheck": assessment.selfCheck ?? "", "direction": assessment.direction ?? "", "source": assessment.source.citation,
            ]
        }
        model["links"] = links.map { link -> [String: Any] in
            let decision = decisions.last { $0.link.document == link.document && $0.link.line == link.line }
            return ["target": link.targetDescription, "document": link.document, "line": link.line, "reason": HTML.linkReason(link, parameters.language),
                    "score": String(format: "%.1f", link.score), "record": "\(link.recordFile):\(link.recordLine)",
                    "decision": decision.map { $0.decision == .confirmed ? (labels["confirmed"] ?? "") : (labels["rejected"] ?? "") } ?? ""]
        }
        model["findings"] = findings.map { finding -> [String: Any] in
            var entry: [String: Any] = ["severity": finding.severity.rawValue, "severityLabel": parameters.language.severity(finding.severity),
                                        "rule": finding.rule, "ruleName": parameters.language.ruleName(finding.rule),
                                        "message": Self.message(finding.message, parameters.language), "where": "\(finding.document):\(finding.line)"]
            if evaluations.contains(finding.document) {
                entry["where"] = "L\(finding.line)"
                entry["href"] = "/documents/\(finding.document)/source?line=\(finding.line)&end=\(finding.endLine)" + (english ? "&lang=en" : "") + "#L\(finding.line)"
            }
            return entry
        }
        let organisation = project.organisation.units.last ?? project.ministry
        model["flows"] = project.spendingFlows.map { flow -> [String: Any] in
            let from = flow.fromOrganisation == true ? organisation : [flow.fromBlock, flow.fromName].compactMap { $0 }.joined(separator: " ")
            let to = [flow.toBlock, flow.toName].compactMap { $0 }.joined(separator: " ")
            return ["from": from, "to": to, "note": flow.note ?? "", "source": flow.source.citation]
        }
        model["blocks"] = Dictionary(grouping: project.costItems, by: { $0.block ?? "-" }).sorted { $0.key < $1.key }.map { block, items -> [String: Any] in
            ["block": block, "payees": Set(items.compactMap(\.payee)).count,
             "amount": Self.millions(items.compactMap(\.amount).reduce(0, +))]
        }
        return model
    }

    /// A page of project summaries for /api/v1/projects.
    func projectList(_ parameters: QueryParameters) async throws -> API.Page<ReviewProjectSummary> {
        let (limit, offset) = try parameters.page()
        guard let sheets else { throw WebError.notFound("This store holds no review sheets.") }
        let filter = ReviewProjectFilter(ministry: try parameters.string("ministry", maxLength: 40), measure: try parameters.string("measure", maxLength: 100),
                                         fiscalYear: try parameters.integer("year", in: 2000...2200))
        let all = try await sheets.reviewProjectSummaries(filter)
        return API.Page(items: Array(all.dropFirst(offset).prefix(limit)), total: all.count, limit: limit, offset: offset)
    }

    /// The projects whole that /api/v1/projects.csv exports: the list's filters (ministry, measure, year), every project otherwise.
    func projectsForExport(_ parameters: QueryParameters) async throws -> [ReviewProject] {
        guard let sheets else { throw WebError.notFound("This store holds no review sheets.") }
        let filter = ReviewProjectFilter(ministry: try parameters.string("ministry", maxLength: 40), measure: try parameters.string("measure", maxLength: 100),
                                         fiscalYear: try parameters.integer("year", in: 2000...2200))
        let all = if let ministry = filter.ministry { try await sheets.reviewProjects(ministry: ministry) } else { try await sheets.reviewProjects(fiscalYear: filter.fiscalYear) }
        guard filter.measure != nil || filter.fiscalYear != nil else { return all }
        let wanted = Set(try await sheets.reviewProjectSummaries(filter).map { "\($0.fiscalYear):\($0.projectID)" })
        return all.filter { wanted.contains("\($0.fiscalYear):\($0.projectID)") }
    }

    /// A project with its links to evaluations, the decisions on them, and its own findings.
    struct ProjectResponse: Encodable {
        var project: ReviewProject
        var links: [ReviewProjectLink]
        var decisions: [ReviewLinkDecision]
        var findings: [Finding]
    }

    func projectResponse(_ project: ReviewProject) async throws -> ProjectResponse {
        let (links, decisions) = try await projectLinks(project)
        return ProjectResponse(project: project, links: links, decisions: decisions, findings: ProjectReviewer().review(project))
    }

    /// 円 → 「2,407」 (百万円), 「-」 when unknown.
    static func millions(_ yen: Int64?) -> String { yen.map(YenAmount.millions) ?? "-" }
}

/// Budget (歳出予算現額) and execution per 予算年度 as paired bars, in 百万円,
/// drawn like the evaluations' budget charts (`Chart.budgetSVG`): a scale,
/// a legend and a title. The table beside it holds the same figures.
enum BudgetChart {
    static func svg(_ years: [BudgetYear], label: String, project: Int, _ language: Language) -> String? {
        let shown = years.filter { ($0.available ?? 0) > 0 }
        guard !shown.isEmpty else { return nil }
        let entries = shown.map { year -> (year: Int, budget: Double, execution: Double?) in
            (year.year, Double(year.available ?? 0) / 1_000_000, year.execution.map { Double($0) / 1_000_000 })
        }
        return Chart.budgetSVG(entries, group: label, unit: "百万円", anchor: project, language)
    }
}
