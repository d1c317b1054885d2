import ArgumentParser
import Foundation
import HyokaAccounts
import HyokaAuthoring
import HyokaStore

extension StoreOptions {
    /// Runs `body` with the drafting service over the store `--db` names.
    func withDrafts<T>(_ body: (DraftService) async throws -> T) async throws -> T {
        try await withStore { store in
            guard let drafts = store as? any DraftStore else { throw CLIError.noDrafts(database: databaseDescription()) }
            return try await body(DraftService(store: drafts))
        }
    }
}

/// A draft in a listing: what `hyoka drafts --json` prints for each.
struct DraftSummary: Encodable {
    var id: String
    var version: Int
    var state: DraftState
    var ministry: String
    var fiscalYear: Int?
    var title: String
    var continues: String?
    var createdBy: String

    init(_ draft: Draft) {
        id = draft.id
        version = draft.version
        state = draft.state
        ministry = draft.ministry
        fiscalYear = draft.fiscalYear
        title = draft.report.policies.first?.title ?? draft.report.title ?? ""
        continues = draft.continues
        createdBy = draft.createdBy
    }
}

extension Hyoka {
    /// `hyoka drafts`
    struct Drafts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the drafts (the latest version of each), newest first.",
            discussion: "Drafts are written at /drafts in the web application; docs/drafting.md describes the workflow.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Only this ministry's drafts (e.g. 外務省).") var ministry: String?
        @Flag(help: "Print the list as JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let drafts = try await storeOptions.withDrafts { try await $0.operatorDrafts(ministry: ministry) }
                if json {
                    print(try JSONOutput.string(drafts.map(DraftSummary.init)))
                } else if drafts.isEmpty {
                    print("No drafts in \(storeOptions.databaseDescription()).")
                } else {
                    for draft in drafts.map(DraftSummary.init) {
                        let year = draft.fiscalYear.map { "FY\($0)" } ?? "—"
                        print(TerminalText.safe("\(draft.id)  v\(draft.version)  \(draft.state.rawValue)  \(draft.ministry)  \(year)  \(draft.title)"))
                    }
                }
            }
        }
    }

    /// `hyoka draft ID`
    struct DraftCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "draft", abstract: "Show one draft: its state, versions and comments (or, with --json, the whole version).")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The draft's id (as `hyoka drafts` lists it).") var id: String
        @Option(help: "A version number (default: the latest).") var version: Int?
        @Flag(help: "Print the version as JSON: its state, comments and the report as the export writes one.") var json = false

        func validate() throws {
            if let version, version < 1 { throw ValidationError("--version must be 1 or more.") }
        }

        func run() async throws {
            try await reportingErrors {
                let (draft, versions) = try await storeOptions.withDrafts { try await $0.operatorDraft(id: id, version: version) }
                if json {
                    print(try JSONOutput.string(draft))
                    return
                }
                let summary = DraftSummary(draft)
                var lines = [
                    "\(summary.id) version \(summary.version): \(summary.state.rawValue) (\(summary.state.japaneseName))",
                    "Ministry: \(summary.ministry)" + (summary.fiscalYear.map { ", fiscal year \($0)" } ?? ""),
                    "Title: \(summary.title)",
                ]
                if let continues = summary.continues { lines.append("Continues: \(continues)") }
                lines.append("Started by: \(summary.createdBy)")
                if !draft.assignedExperts.isEmpty { lines.append("Experts invited: \(draft.assignedExperts.sorted().joined(separator: ", "))") }
                lines.append("Versions: " + versions.map { "\($0.version) \($0.state.rawValue)" }.joined(separator: ", "))
                for comment in draft.comments {
                    lines.append("Comment by \(comment.author) (\(comment.role.rawValue)): \(comment.text)")
                }
                print(lines.map(TerminalText.safe).joined(separator: "\n"))
            }
        }
    }
}
