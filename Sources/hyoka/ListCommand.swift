import ArgumentParser
import Foundation

extension Hyoka {
    /// `hyoka list`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the stored documents.")

        @OptionGroup var storeOptions: StoreOptions

        @Flag(name: .long, help: "Print the list as JSON (an array of document summaries).")
        var json = false

        func run() async throws {
            try await reportingErrors {
                try await storeOptions.withStore { store in
                    let summaries = try await store.summaries()
                    if json {
                        print(try JSONOutput.string(summaries))
                    } else if summaries.isEmpty {
                        print("No documents in \(storeOptions.databaseDescription()). Import some with `hyoka import FILE...`, or try `hyoka demo`.")
                    } else {
                        print(SummaryTable(summaries: summaries).text)
                    }
                }
            }
        }
    }
}
