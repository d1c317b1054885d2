import ArgumentParser
import Foundation
import HyokaAssessment
import HyokaExport
import HyokaModel
import HyokaReviewSheets
import HyokaStore

extension StoreOptions {
    /// Runs `body` with the store's review-sheet side (both stores have one).
    func withReviewSheetStore<T>(_ body: (any EvaluationStore, any ReviewSheetStore) async throws -> T) async throws -> T {
        try await withStore { store in
            guard let sheets = store as? any ReviewSheetStore else { throw CLIError.noReviewSheets(database: databaseDescription()) }
            return try await body(store, sheets)
        }
    }
}

extension Hyoka {
    /// `hyoka projects`
    struct Projects: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the stored review-sheet projects (行政事業レビュー, imported from the RS export).",
            discussion: "Amounts are the latest 予算年度 with an execution figure, in 百万円; RATE is 執行率.")

        @OptionGroup var storeOptions: StoreOptions

        @Option(help: ArgumentHelp("Only projects of this ministry (政策所管府省庁), e.g. 外務省.", valueName: "ministry"))
        var ministry: String?

        @Option(help: ArgumentHelp("Only projects whose 政策 or 施策 contains this text.", valueName: "text"))
        var measure: String?

        @Option(help: ArgumentHelp("Only sheets of this 事業年度.", valueName: "year"))
        var year: Int?

        @Flag(help: "Print the list as JSON (an array of project summaries, amounts in 円).")
        var json = false

        @Flag(help: "Print CSV for spreadsheets: a row per project and 予算年度, amounts in 円 and 百万円, with a byte order mark.")
        var csv = false

        func validate() throws {
            if json && csv { throw ValidationError("--json and --csv cannot be combined.") }
        }

        func run() async throws {
            try await reportingErrors {
                try await storeOptions.withReviewSheetStore { _, sheets in
                    let filter = ReviewProjectFilter(ministry: ministry, measure: measure, fiscalYear: year)
                    let summaries = try await sheets.reviewProjectSummaries(filter)
                    if csv {
                        let wanted = Set(summaries.map { "\($0.fiscalYear):\($0.projectID)" })
                        let projects = if let ministry { try await sheets.reviewProjects(ministry: ministry) } else { try await sheets.reviewProjects(fiscalYear: year) }
                        FileHandle.standardOutput.write(Data(ProjectCSVExport.encode(projects.filter { wanted.contains("\($0.fiscalYear):\($0.projectID)") }).utf8))
                    } else if json {
                        print(try JSONOutput.string(summaries))
                    } else if summaries.isEmpty {
                        print("No review-sheet projects match in \(storeOptions.databaseDescription()). Import the RS export with `hyoka import FOLDER`.")
                    } else {
                        print(ProjectViews.table(summaries))
                    }
                }
            }
        }
    }

    /// `hyoka project ID`
    struct Project: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one review-sheet project: budget years, links to evaluations with their reasons, the verdict, every value with its file and line.",
            discussion: "Confirm or reject a suggested link with --confirm or --reject DOC:LINE (the evaluation and line the link names).")

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: ArgumentHelp("The project's 予算事業ID.", valueName: "id"))
        var id: Int

        @Option(help: ArgumentHelp("The sheet's 事業年度 (default: the latest stored).", valueName: "year"))
        var year: Int?

        @Option(help: ArgumentHelp("Confirm the suggested link to this evaluation line (document id or file name, then :line).", valueName: "doc:line"))
        var confirm: String?

        @Option(help: ArgumentHelp("Reject the suggested link to this evaluation line.", valueName: "doc:line"))
        var reject: String?

        @Flag(help: "Print the project, its links and decisions as JSON (amounts in 円).")
        var json = false

        func run() async throws {
            try await reportingErrors {
                try await storeOptions.withReviewSheetStore { store, sheets in
                    guard let project = try await sheets.reviewProject(id: id, fiscalYear: year) else {
                        throw CLIError.noProject(id: id, year: year)
                    }
                    let links = ProjectLinker().links(reports: try await store.allReports(), projects: [project])
                    if let target = confirm ?? reject {
                        let link = try Self.link(named: target, in: links, project: project)
                        try await sheets.decide(link, confirm != nil ? .confirmed : .rejected)
                        print("\(confirm != nil ? "Confirmed" : "Rejected"): project \(project.projectID) ↔ \(link.targetDescription) (\(link.reason))")
                        return
                    }
                    let decisions = try await sheets.linkDecisions().filter { $0.link.projectID == project.projectID && $0.link.fiscalYear == project.fiscalYear }
                    let rejected = Set(decisions.filter { $0.decision == .rejected }.map { "\($0.link.document):\($0.link.line)" })
                    let reviewer = ProjectReviewer()
                    let findings = reviewer.review(project)
                        + reviewer.crossReview(reports: try await store.allReports(), projects: [project],
                                               links: links.filter { !rejected.contains("\($0.document):\($0.line)") })
                    if json {
                        print(try JSONOutput.string(ProjectView(project: project, links: links, decisions: decisions, findings: findings)))
                    } else {
                        print(ProjectViews.text(project, links: links, decisions: decisions, findings: findings))
                    }
                }
            }
        }

        /// The link named 「DOC:LINE」, where DOC is a document id or source (or a prefix of either).
        static func link(named target: String, in links: [ReviewProjectLink], project: ReviewProject) throws -> ReviewProjectLink {
            guard let colon = target.lastIndex(of: ":"), let line = Int(target[target.index(after: colon)...]) else {
                throw ValidationError("give the link as DOC:LINE, e.g. 000:31")
            }
            let document = String(target[..<colon])
            let matches = links.filter { $0.line == line && ($0.document.hasPrefix(document) || $0.documentSource.hasPrefix(document)) }
            guard let link = matches.first else {
                throw CLIError.noLink(target: target, projectID: project.projectID, known: links.map { "\($0.documentSource):\($0.line)" })
            }
            return link
        }
    }
}

/// What `hyoka project --json` prints.
struct ProjectView: Encodable {
    var project: ReviewProject
    var links: [ReviewProjectLink]
    var decisions: [ReviewLinkDecision]
    var findings: [Finding]
}

/// The text views of projects.
enum ProjectViews {
    static func table(_ summaries: [ReviewProjectSummary]) -> String {
        let rows = summaries.map { summary in
            [
                "\(summary.fiscalYear)", "\(summary.projectID)", TextLayout.truncated(summary.name, to: 36), summary.ministry,
                summary.verdict ?? "-", summary.budgetYear.map(String.init) ?? "-",
                summary.available.map(YenAmount.millions) ?? "-", summary.execution.map(YenAmount.millions) ?? "-",
                summary.executionRate.map(percent) ?? "-",
            ]
        }
        let header = ["年度", "ID", "NAME", "MINISTRY", "VERDICT", "FY", "BUDGET 百万円", "EXECUTED 百万円", "RATE"]
        return TextLayout.table(header: header, rows: rows) + "\n\(summaries.count) projects."
    }

    static func percent(_ fraction: Double) -> String {
        String(format: "%.1f%%", fraction * 100)
    }

    static func text(_ project: ReviewProject, links: [ReviewProjectLink], decisions: [ReviewLinkDecision], findings: [Finding]) -> String {
        var lines: [String] = []
        lines.append("予算事業ID \(project.projectID) (事業年度 \(project.fiscalYear)): \(project.name)")
        lines.append("  \(project.ministry) \(project.organisation.bureau)")
        if let overview = project.overview {
            lines.append("  \(overview.category ?? "-"), \(overview.startYear.map { "from \($0)" } ?? "start unknown")"
                         + (overview.noEndPlanned ? ", no end planned" : overview.endYear.map { " to \($0)" } ?? "")
                         + (overview.methods.isEmpty ? "" : "; \(overview.methods.joined(separator: ", "))") + "  [\(overview.source.citation)]")
            if let purpose = overview.purpose { lines.append("  目的: \(TextLayout.truncated(purpose, to: 120))") }
        }
        lines.append("")
        lines.append("Budget and execution (円; 百万円 in brackets), total rows of 2-1:")
        let rows = project.budgetYears.sorted { $0.year < $1.year }.map { year in
            [
                "\(year.year)", amount(year.initial), amount(year.supplementary), amount(year.available), amount(year.execution),
                year.executionRate.map(percent) ?? "-", amount(year.total?.nextYearRequest),
                (year.total?.source.citation ?? year.accounts.first?.source.citation ?? "") + (year.summedFromAccounts ? " (sum of accounts)" : ""),
            ]
        }
        lines.append(TextLayout.table(header: ["予算年度", "当初", "補正", "計", "執行額", "執行率", "翌年度要求", "SOURCE"], rows: rows))
        lines.append("")
        lines.append("政策・施策 (1-3):")
        for link in project.policyLinks where link.policy != nil || link.measure != nil {
            lines.append("  \(link.ministry ?? "-") \(link.policy ?? "-") / \(link.measure ?? "-")  [\(link.source.citation)]")
        }
        lines.append("")
        lines.append(links.isEmpty ? "Links to evaluations: none (import the evaluations of \(project.ministry))." : "Links to evaluations:")
        for link in links {
            let decision = decisions.last { $0.link.document == link.document && $0.link.line == link.line }
            lines.append("  \(link.targetDescription)  line \(link.line)  score \(String(format: "%.1f", link.score))"
                         + (decision.map { "  [\($0.decision.rawValue)]" } ?? ""))
            lines.append("    because \(link.reason)  [\(link.recordFile):\(link.recordLine)]")
        }
        if let assessment = project.assessment {
            lines.append("")
            lines.append("Review (4-1)  [\(assessment.source.citation)]")
            lines.append("  推進チームの所見: \(assessment.verdict ?? "-")")
            if let detail = assessment.verdictDetail { lines.append("    \(TextLayout.truncated(detail, to: 160))") }
            lines.append("  反映状況: \(assessment.reflection ?? "-")"
                         + (assessment.reflectedGeneral.map { ", 反映額 \(YenAmount.grouped($0)) 円" } ?? ""))
            lines.append("  点検結果: \(TextLayout.truncated(assessment.selfCheck ?? "-", to: 160))")
            lines.append("  外部有識者: \(assessment.expertScope ?? "-")")
        }
        lines.append("")
        lines.append(findings.isEmpty ? "Findings: none." : "Findings:")
        for finding in findings {
            lines.append("  [\(finding.severity.rawValue)] \(finding.rule): \(finding.message.ja)  [\(finding.document):\(finding.line)]")
        }
        lines.append("")
        let counts = Dictionary(grouping: project.records, by: { $0.table }).mapValues { $0.count }.sorted { $0.key < $1.key }
        lines.append("Records: " + counts.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
                     + "; outcome links \(project.outcomeLinks.count), spending flows \(project.spendingFlows.count)")
        return lines.joined(separator: "\n")
    }

    private static func amount(_ yen: Int64?) -> String {
        guard let yen else { return "-" }
        return "\(YenAmount.grouped(yen)) (\(YenAmount.millions(yen)))"
    }
}
