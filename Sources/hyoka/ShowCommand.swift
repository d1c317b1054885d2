import ArgumentParser

extension Hyoka {
    /// `hyoka show DOC`
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one document as a tree, every element with its source lines.",
            discussion: "DOC is a document id, an id prefix of at least 4 characters, or the source file name."
        )

        @OptionGroup var storeOptions: StoreOptions

        @Flag(name: .long, help: "Print the document as JSON (the export format of one document).")
        var json = false

        @Argument(help: ArgumentHelp("Id, id prefix or file name of the document.", valueName: "doc"))
        var document: String

        func run() async throws {
            try await reportingErrors {
                try await storeOptions.withStore { store in
                    let report = try await store.requireReport(document)
                    print(json ? try JSONOutput.string(report) : ReportTree(report: report).text)
                }
            }
        }
    }
}
