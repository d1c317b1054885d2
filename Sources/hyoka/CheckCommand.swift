import ArgumentParser
import Foundation
import HyokaAssessment
import HyokaModel
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

        func run() async throws {
            try await reportingErrors {
                try await storeOptions.withStore { store in
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
                    for report in reports {
                        let source = SourceText(try await store.sourceText(documentID: report.id) ?? "")
                        reviews.append(reviewer.review(report, source: source, facts: try await store.facts(documentID: report.id)))
                    }
                    if json { print(try JSONOutput.string(reviews)); return }
                    for (report, review) in zip(reports, reviews) { print(text(review, report: report)) }
                }
            }
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
                let span = finding.endLine > finding.line ? "L\(finding.line)–L\(finding.endLine)" : "L\(finding.line)"
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
