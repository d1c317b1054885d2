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
        let totals = ProjectTotals(entries.map(\.project))
        return ["rows": LinkedProjectRows.html(entries, language: language), "count": entries.count,
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

/// The rows of the linked-projects table, written here rather than in
/// `linkedprojects.mustache`, as `SearchHitList` writes the search hits.
///
/// Why: with review sheets linked, Mustache was about half the CPU of a field
/// page under load, looking up every value through `[String: Any]`, and these
/// rows are most of the values of such a page (BENCHMARKS.md, "Linked-project
/// rows written in Swift": 1.3–1.5× the requests). The markup is the template's,
/// one `<tr>` per project; every value from the data goes through
/// `HTML.escape`, and only the link reason, which `HTML.linkReason` builds
/// and escapes itself, is left as it is.
enum LinkedProjectRows {
    static func html(_ entries: [LinkedProjects.Entry], language: Language) -> String {
        let yearSuffix = language == .english ? "&amp;lang=en" : ""
        let confirmed = " <span class=\"tag\">" + HTML.escape(language.labels["confirmed"] ?? "") + "</span>"
        var html = ""
        html.reserveCapacity(entries.count * 700)
        for entry in entries {
            let project = entry.project
            let latest = project.latestExecutedYear
            let id = String(project.projectID)
            let href = "/projects/" + id + "?year=" + String(project.fiscalYear) + yearSuffix
            html += "<tr><td><a href=\"" + href + "\">" + id + "</a></td><th scope=\"row\" lang=\"ja\"><a href=\"" + href + "\">"
            html += HTML.escape(project.name) + "</a>" + (entry.confirmed ? confirmed : "") + "</th><td lang=\"ja\">"
            html += HTML.escape(project.assessment?.verdict ?? "-") + "</td><td>" + (latest.map { String($0.year) } ?? "-")
            html += "</td><td class=\"num\">" + HTML.escape(WebApp.millions(latest?.available))
            html += "</td><td class=\"num\">" + HTML.escape(WebApp.millions(latest?.execution))
            html += "</td><td class=\"num\">" + HTML.escape(latest?.executionRate.map(WebApp.percent) ?? "-") + "</td><td><ul>"
            for link in entry.links {
                html += "<li>" + HTML.linkReason(link, language) + " <code lang=\"ja\">"
                html += HTML.escape(link.recordFile + ":" + String(link.recordLine)) + "</code></li>"
            }
            html += "</ul></td></tr>\n"
        }
        return html
    }
}
