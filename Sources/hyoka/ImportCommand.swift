import ArgumentParser
import HyokaImport

extension Hyoka {
    /// `hyoka import FILE...`
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import report files (UTF-8 text, or PDF through pdftotext).",
            discussion: """
            All files are read and recognised before anything is saved. If one fails, nothing is \
            imported and the exit status says why; with --keep-going the others are imported, the \
            failures are reported, and the exit status is that of the first failure.
            """
        )

        @OptionGroup var storeOptions: StoreOptions

        @Flag(name: .long, help: "Import the files that can be read even when others cannot.")
        var keepGoing = false

        @Option(help: ArgumentHelp(
            "Save every N files in their own transaction, so that memory stays bounded when importing thousands of files. Each batch is then atomic, not the whole import.",
            valueName: "N"))
        var batchSize: Int?

        @Argument(help: ArgumentHelp("Files to import; a folder stands for the .txt and .pdf files in it.", valueName: "file"))
        var files: [String]

        func validate() throws {
            if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1.") }
        }

        func run() async throws {
            try await reportingErrors {
                try await storeOptions.withStore { store in
                    let importer = Importer(store: store)
                    let report: ImportReport
                    do {
                        report = try await importer.importFiles(try SourceFileReader.expandingDirectories(files), keepGoing: keepGoing, batchSize: batchSize)
                    } catch let error as ImportError where files.count > 1 {
                        printError(error)
                        printError("nothing was imported; fix or leave out \(error.path ?? "that file"), or pass --keep-going to import the others.")
                        throw ExitCode(ExitStatus.code(for: error))
                    }
                    for failure in report.failures {
                        printError(failure.error)
                    }
                    print(ImportSummary(report: report).text)
                    if let first = report.failures.first {
                        throw ExitCode(ExitStatus.code(for: first.error))
                    }
                }
            }
        }
    }
}
