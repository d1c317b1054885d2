import Foundation
import HyokaModel
import HyokaText

/// 点検 across evaluations and review sheets (行政事業レビュー): rules on one
/// project, and rules that set an evaluation beside the projects linked to it.
/// The rules are in docs/review-rules.md with the evaluation rules; thresholds
/// come from the same `AssessmentRules`.
///
/// A project finding names the RS file and line of its record as its
/// document and line, so it can be opened where the figure is.
public struct ProjectReviewer: Sendable {
    public var rules: AssessmentRules

    public init(rules: AssessmentRules = AssessmentRules()) {
        self.rules = rules
    }

    /// Findings on one project alone.
    public func review(_ project: ReviewProject) -> [Finding] {
        lowExecution(project) + outcomeChain(project)
    }

    /// `project-low-execution`: a closed 予算年度 (before the sheet's 事業年度) whose
    /// execution is under the threshold of its 歳出予算現額. Total rows only.
    /// A year whose 執行率 the sheet leaves blank is not judged: the 2024
    /// export writes 執行額 0 with a blank rate for 383 such years, which
    /// would otherwise all read as 0% spent.
    func lowExecution(_ project: ReviewProject) -> [Finding] {
        project.budgetYears.filter { $0.year < project.fiscalYear }.sorted { $0.year < $1.year }.compactMap { year in
            guard year.executionRate != nil, let available = year.available, available > 0, let execution = year.execution,
                  let total = year.total else { return nil }
            let rate = Double(execution) / Double(available)
            guard rate < rules.lowExecutionRate else { return nil }
            let percent = (rate * 1000).rounded() / 10
            return Finding(
                rule: "project-low-execution", severity: .warning,
                message: LocalizedText(
                    ja: "事業\(project.projectID)「\(project.name)」の\(year.year)年度の執行率が\(percent)％（執行額\(YenAmount.grouped(execution))円 / 歳出予算現額\(YenAmount.grouped(available))円）と低い。",
                    en: "Project \(project.projectID) 「\(project.name)」: FY\(year.year) execution \(percent)% (\(YenAmount.grouped(execution)) of \(YenAmount.grouped(available)) 円)."),
                document: total.source.file, line: total.source.line, endLine: total.source.endLine)
        }
    }

    /// `project-without-outcome-links`: a sheet whose 効果発現経路 (3-2) has no link at all.
    func outcomeChain(_ project: ReviewProject) -> [Finding] {
        guard project.outcomeLinks.isEmpty else { return [] }
        let anchor = project.overview?.source ?? project.records.first?.source
        return [Finding(
            rule: "project-without-outcome-links", severity: .info,
            message: LocalizedText(ja: "事業\(project.projectID)「\(project.name)」に効果発現経路（アクティビティからアウトカムへのつながり）の記載がない。",
                                   en: "Project \(project.projectID) 「\(project.name)」 states no outcome chain (no 3-2 links)."),
            document: anchor?.file ?? "", line: anchor?.line ?? 1, endLine: anchor?.endLine ?? 1)]
    }

    /// Findings that set evaluations beside their linked projects (rejected links left out by the caller).
    public func crossReview(reports: [EvaluationReport], projects: [ReviewProject], links: [ReviewProjectLink]) -> [Finding] {
        let byKey = Dictionary(projects.map { (ProjectKey($0.fiscalYear, $0.projectID), $0) }, uniquingKeysWith: { first, _ in first })
        var findings: [Finding] = []
        for report in reports {
            let reportLinks = links.filter { $0.document == report.id }
            guard !reportLinks.isEmpty else { continue }
            for policy in report.policies {
                // By title and number, not line: a link through a cited 事業番号 sits on the citation's line.
                let policyLinks = reportLinks.filter { LinkedProjects.belongs($0, report: report, policy: policy) }
                let linked = uniqueProjects(policyLinks, byKey)
                findings += budgetComparison(report: report, policy: policy, projects: linked)
                for field in policy.fields {
                    let fieldProjects = uniqueProjects(policyLinks.filter { $0.target == .field && $0.fieldNumber == field.number && $0.fieldTitle == field.title }, byKey)
                    findings += achievedButCriticised(report: report, field: field, projects: fieldProjects)
                }
            }
        }
        return findings
    }

    /// Everything `hyoka check` says about the projects linked to `report`: the
    /// cross rules, then each linked project's own findings, each project once.
    /// `links` are the report's links with the reviewers' rejections left out.
    public func reviewLinked(report: EvaluationReport, projects: [ReviewProject], links: [ReviewProjectLink]) -> [Finding] {
        let byKey = Dictionary(projects.map { (ProjectKey($0.fiscalYear, $0.projectID), $0) }, uniquingKeysWith: { first, _ in first })
        let linked = uniqueProjects(links.filter { $0.document == report.id }, byKey).sorted { $0.projectID < $1.projectID }
        return crossReview(reports: [report], projects: linked, links: links) + linked.flatMap(review)
    }

    private struct ProjectKey: Hashable {
        var year: Int, id: Int
        init(_ year: Int, _ id: Int) { self.year = year; self.id = id }
    }

    private func uniqueProjects(_ links: [ReviewProjectLink], _ byKey: [ProjectKey: ReviewProject]) -> [ReviewProject] {
        var seen: Set<ProjectKey> = []
        return links.compactMap { link in
            let key = ProjectKey(link.fiscalYear, link.projectID)
            guard seen.insert(key).inserted else { return nil }
            return byKey[key]
        }
    }

    /// `budget-vs-projects`: the budget an evaluation states for a year (予算額,
    /// all its groups) beside the sum of its linked projects' 歳出予算現額
    /// for the same year, in the evaluation's unit. Shown as information with
    /// both sources' lines: a measure may hold money no sheet covers, and a
    /// project may serve several measures.
    func budgetComparison(report: EvaluationReport, policy: Policy, projects: [ReviewProject]) -> [Finding] {
        guard !projects.isEmpty else { return [] }
        // Every group the evaluation states (its own budget and its 分担金・拠出金), since a project may be either.
        let statedByYear = Dictionary(grouping: policy.budget.filter { $0.kind == .budget && $0.amount != nil }, by: \.fiscalYear)
        return statedByYear.keys.sorted().compactMap { year -> Finding? in
            guard let lines = statedByYear[year], let line = lines.first else { return nil }
            let stated = lines.compactMap(\.amount).reduce(0, +)
            let years = projects.compactMap { $0.budgetYear(year) }
            guard !years.isEmpty else { return nil }
            let yen = years.compactMap(\.available).reduce(0, +)
            let divisor: Double = line.unit == "百万円" ? 1_000_000 : line.unit == "千円" ? 1_000 : 1
            let sum = Double(yen) / divisor
            let citations = years.compactMap { $0.total?.source.citation }
            let sources = citations.count <= 5 ? citations : Array(citations.prefix(5)) + ["…(\(citations.count - 5) more)"]
            let difference = stated - sum
            return Finding(
                rule: "budget-vs-projects", severity: .info,
                message: LocalizedText(
                    ja: "\(line.fiscalYear)年度の予算額\(Self.format(stated))\(line.unit ?? "")に対し、紐づく事業\(years.count)件の歳出予算現額の計は\(Self.format(sum))\(line.unit ?? "")（差\(Self.format(difference))）。行政事業レビュー: \(sources.joined(separator: ", "))",
                    en: "FY\(line.fiscalYear) budget \(Self.format(stated)) \(line.unit ?? "") against \(Self.format(sum)) for the \(years.count) linked projects (difference \(Self.format(difference))). Review sheets: \(sources.joined(separator: ", "))"),
                document: report.id, relatedLines: lines.dropFirst().map(\.line), line: line.line, endLine: line.endLine)
        }
    }

    /// `achieved-but-projects-criticised`: a field judged 目標達成 (or 目標超過達成)
    /// whose linked projects were told 事業全体の抜本的な改善 or 廃止 by the review team.
    func achievedButCriticised(report: EvaluationReport, field: Field, projects: [ReviewProject]) -> [Finding] {
        guard let assessment = field.assessment, assessment.text.containsLiteral("目標達成") || assessment.text.containsLiteral("目標超過達成") else { return [] }
        let criticised = projects.filter { project in
            guard let verdict = project.assessment?.verdict else { return false }
            return verdict.containsLiteral("抜本的な改善") || verdict.containsLiteral("廃止")
        }
        guard !criticised.isEmpty else { return [] }
        let names = criticised.map { "\($0.projectID)「\($0.name)」: \($0.assessment?.verdict ?? "")" }.joined(separator: "; ")
        return [Finding(
            rule: "achieved-but-projects-criticised", severity: .warning,
            message: LocalizedText(ja: "個別分野\(field.number.map(String.init) ?? "")は目標達成と評価されているが、紐づく事業の推進チーム所見は \(names)。",
                                   en: "Field \(field.number.map(String.init) ?? "") is judged achieved, while the review team told its projects: \(names)."),
            document: report.id, line: assessment.line, endLine: assessment.endLine)]
    }

    /// 97475.5 → 「97,475.5」: grouped like the evaluations' tables, one decimal when there is one.
    static func format(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        let whole = YenAmount.grouped(tenths / 10)
        let sign = tenths < 0 && tenths / 10 == 0 ? "-" : ""
        return tenths % 10 == 0 ? sign + whole : sign + whole + ".\(abs(tenths % 10))"
    }
}
