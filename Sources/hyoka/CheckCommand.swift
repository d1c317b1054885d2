import ArgumentParser
import Foundation
import HyokaAssessment
import HyokaModel
import HyokaReviewSheets
import HyokaStore
import HyokaText

extension Hyoka {
    /// `hyoka check [DOC]`
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Review (点検) evaluations: indicator achievement and trajectory, ratings, and findings for a reviewer.",
            discussion: "Rules and thresholds: docs/review-rules.md. Without DOC, every stored evaluation is checked."
        )

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The document to check (id, id prefix or file name); all evaluations when omitted.")
        var document: String?

        @Flag(help: "Messages in English (default: Japanese).")
        var english = false

        @Option(help: ArgumentHelp("JSON file of thresholds, e.g. {\"lowExecutionRate\": 0.7} (docs/review-rules.md).", valueName: "file"))
        var rules: String?

        @Flag(help: "Print the reviews as JSON.")
        var json = false

        @Flag(help: "Check every stored review-sheet project (行政事業レビュー) on its own instead: low execution, no outcome chain. JSON: an array of findings.")
        var projects = false

        func run() async throws {
            try await reportingErrors {
                try await storeOptions.withStore { store in
                    if projects { return try await checkProjects(store) }
                    let summaries = try await store.summaries()
                    let editions = Set(summaries.filter { $0.kind == .bluebook }.compactMap { $0.published?.year })
                    let reports: [EvaluationReport]
                    if let document {
                        let report = try await store.requireReport(document)
                        reports = [report]
                    } else {
                        reports = try await store.allReports().filter { $0.kind == .evaluation }
                    }
                    let reviewer = Reviewer(rules: try loadRules(), libraryEditions: editions)
                    var reviews: [Review] = []
                    let projectReviewer = ProjectReviewer(rules: reviewer.rules)
                    var ministryProjects: [String: [ReviewProject]] = [:]
                    let sheets = store as? any ReviewSheetStore
                    // Decisions are kept by evaluation line and project, as `hyoka project --reject` stores them.
                    let key = { (link: ReviewProjectLink) in "\(link.document):\(link.line):\(link.fiscalYear):\(link.projectID)" }
                    let rejected = Set(try await sheets?.linkDecisions().filter { $0.decision == .rejected }.map { key($0.link) } ?? [])
                    for report in reports {
                        let source = SourceText(try await store.sourceText(documentID: report.id) ?? "")
                        var review = reviewer.review(report, source: source, facts: try await store.facts(documentID: report.id))
                        // The review sheets linked to the evaluation: the rules that set both sources side by side, and each project's own.
                        if let sheets, let ministry = report.ministry {
                            if ministryProjects[ministry] == nil { ministryProjects[ministry] = try await sheets.reviewProjects(ministry: ministry) }
                            let projects = ministryProjects[ministry] ?? []
                            let links = ProjectLinker().links(reports: [report], projects: projects).filter { !rejected.contains(key($0)) }
                            review.findings += projectReviewer.reviewLinked(report: report, projects: projects, links: links)
                        }
                        reviews.append(review)
                    }
                    if json { print(try JSONOutput.string(reviews)); return }
                    for (report, review) in zip(reports, reviews) { print(text(review, report: report)) }
                }
            }
        }

        /// `--projects`: the project rules over every stored sheet, grouped by project.
        private func checkProjects(_ store: any EvaluationStore) async throws {
            guard let sheets = store as? any ReviewSheetStore else { throw CLIError.noReviewSheets(database: storeOptions.databaseDescription()) }
            let reviewer = ProjectReviewer(rules: try loadRules())
            let findings = try await sheets.reviewProjects(fiscalYear: nil).flatMap(reviewer.review)
            if json { print(try JSONOutput.string(findings)); return }
            let counts = Dictionary(grouping: findings, by: \.rule).mapValues(\.count)
            for finding in findings {
                print("[\(finding.severity.rawValue)] \(finding.document):\(finding.line) \(finding.rule): \(english ? finding.message.en : finding.message.ja)")
            }
            print("findings: \(findings.count) (" + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")")
        }

        private func loadRules() throws -> AssessmentRules {
            guard let rules else { return AssessmentRules() }
            guard let data = FileManager.default.contents(atPath: rules) else { throw CLIError.cannotReadRules(path: rules, reason: "the file cannot be read") }
            do {
                return try JSONDecoder().decode(AssessmentRules.self, from: data)
            } catch {
                throw CLIError.cannotReadRules(path: rules, reason: "\(error)")
            }
        }

        private func text(_ review: Review, report: EvaluationReport) -> String {
            var lines = ["\(report.source)  \(report.title ?? "")"]
            for (policy, rating) in review.computedRatings.sorted(by: { $0.key < $1.key }) {
                lines.append("  rating (computed): \(rating.rating.label) — \(english ? rating.reason.en : rating.reason.ja)  [\(policy)]")
            }
            if let stated = StatedJudgement.overall(review.stated) {
                lines.append("  rating (stated in the report): \(stated.label), from \(review.stated.count) sentence(s)")
            }
            for indicator in review.indicators where indicator.status != .notAssessable {
                lines.append("  indicator \(indicator.status.rawValue): \(indicator.title)  [L\(indicator.line)–L\(indicator.endLine)]")
            }
            let counts = Dictionary(grouping: review.findings, by: \.severity).mapValues(\.count)
            lines.append("  findings: \(review.findings.count) (" + Finding.Severity.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ") + ")")
            for finding in review.findings {
                // A review-sheet project's finding names its RS file; the evaluation's own, a line of the report.
                let span = (finding.document == report.id ? "" : "\(finding.document):")
                    + (finding.endLine > finding.line ? "L\(finding.line)–L\(finding.endLine)" : "L\(finding.line)")
                let related = finding.relatedLines.isEmpty ? "" : " (see L" + finding.relatedLines.prefix(6).map(String.init).joined(separator: ", L") + ")"
                lines.append("  [\(finding.severity.rawValue)] \(span) \(finding.rule): \(english ? finding.message.en : finding.message.ja)\(related)")
            }
            return lines.joined(separator: "\n")
        }
    }
}

extension Hyoka {
    /// `hyoka compare EARLIER LATER`
    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two evaluations of the same measure from different cycles: goals kept, changed, added, dropped; series over time."
        )

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The earlier evaluation (id, id prefix or file name).")
        var earlier: String

        @Argument(help: "The later evaluation.")
        var later: String

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            try await reportingErrors {
                try await storeOptions.withStore { store in
                    var policies: [Policy] = []
                    for reference in [earlier, later] {
                        let report = try await store.requireReport(reference)
                        guard let policy = report.policies.first else { throw ValidationError("\(report.source) holds no policy or measure to compare.") }
                        policies.append(policy)
                    }
                    let comparison = CycleComparison.compare(earlier: policies[0], later: policies[1])
                    if json { print(try JSONOutput.string(comparison)); return }
                    for change in comparison.goals {
                        let text = (change.later ?? change.earlier).map { TextLayout.truncated($0.text, to: 70) } ?? ""
                        print("\(change.change.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(text)")
                    }
                    for series in comparison.series {
                        print("series \(series.title): " + series.points.map { "\($0.period.map { "\($0)" } ?? "?") \($0.text)" }.joined(separator: ", "))
                        for disagreement in series.disagreements { print("    differs: \(disagreement)") }
                    }
                }
            }
        }
    }
}
