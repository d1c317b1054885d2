import HyokaAssessment
import HyokaModel
import HyokaReviewSheets
import HyokaStore

/// The review-sheet projects (行政事業レビュー) beside an evaluation's policies
/// and fields: each linked project with its reason and its page, and what
/// they were given and spent per 予算年度, in 百万円 like the evaluations'
/// own budget tables.
extension WebApp {
    /// The projects linked to `report`, reviewers' rejections left out. Empty
    /// when the store holds no review sheets or none of the report's ministry.
    func linkedProjects(_ report: EvaluationReport) async throws -> LinkedProjects? {
        guard let sheets, let ministry = report.ministry else { return nil }
        // Cached as nil too: a ministry without sheets is not asked again on every request.
        return try await linked.value(for: report.contentHash) {
            let projects = try await sheets.reviewProjects(ministry: ministry)
            guard !projects.isEmpty else { return nil }
            let links = ProjectLinker().links(reports: [report], projects: projects)
            let decisions = try await sheets.linkDecisions().filter { $0.link.document == report.id }
            return LinkedProjects(links: links, projects: projects, decisions: decisions)
        }
    }

    /// The view model of a list of linked projects: rows, totals and captions.
    static func linkedProjectsModel(_ entries: [LinkedProjects.Entry], _ parameters: QueryParameters) -> [String: Any] {
        let language = parameters.language
        let labels = language.labels
        let yearQuery = { (project: ReviewProject) in "?year=\(project.fiscalYear)" + (language == .english ? "&lang=en" : "") }
        let rows = entries.map { entry -> [String: Any] in
            let project = entry.project
            let latest = project.latestExecutedYear
            return ["id": project.projectID, "name": project.name, "href": "/projects/\(project.projectID)" + yearQuery(project),
                    "verdict": project.assessment?.verdict ?? "-", "year": latest.map { String($0.year) } ?? "-",
                    "available": millions(latest?.available), "execution": millions(latest?.execution),
                    "rate": latest?.executionRate.map(percent) ?? "-",
                    "confirmed": entry.confirmed,
                    "reasons": entry.links.map { ["reason": HTML.linkReason($0, language), "record": "\($0.recordFile):\($0.recordLine)"] }]
        }
        let totals = ProjectTotals(entries.map(\.project))
        return ["rows": rows, "count": entries.count,
                "caption": "\(labels["linkedProjects"] ?? "") (\(entries.count))",
                "totalsCaption": labels["projectTotals"] ?? "",
                "totals": totals.years.map { year -> [String: Any] in
                    ["year": year.year, "projects": year.projects, "initial": YenAmount.millions(year.initial),
                     "supplementary": YenAmount.millions(year.supplementary), "budget": YenAmount.millions(year.initialAndSupplementary),
                     "available": YenAmount.millions(year.available), "execution": millions(year.execution),
                     "rate": year.executionRate.map(percent) ?? "-"]
                }]
    }

    /// 0.517 → 「51.7%」
    static func percent(_ fraction: Double) -> String { String(format: "%.1f%%", fraction * 100) }
}
