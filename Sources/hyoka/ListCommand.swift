import ArgumentParser
import Foundation

extension Hyoka {
    /// `hyoka list`
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the stored documents.")

        @OptionGroup var store: StoreOptions

        @Flag(name: .long, help: "Print the list as JSON (an array of document summaries).")
        var json = false

        func run() throws {
            try reportingErrors {
                let summaries = try store.openStore().summaries()
                if json {
                    print(try JSONOutput.string(summaries))
                } else if summaries.isEmpty {
                    print("No documents in \(store.databasePath()). Import some with `hyoka import FILE...`, or try `hyoka demo`.")
                } else {
                    print(SummaryTable(summaries: summaries).text)
                }
            }
        }
    }
}
