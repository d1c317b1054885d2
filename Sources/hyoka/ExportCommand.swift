import ArgumentParser
import Foundation
import HyokaExport
import HyokaModel

extension Hyoka {
    /// `hyoka export`
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export all stored documents as JSON (docs/export-schema.json) or CSV.",
            discussion: "Writes to standard output unless --output is given."
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case json, csv
        }

        @OptionGroup var storeOptions: StoreOptions

        @Option(name: .long, help: "Output format: json or csv.")
        var format: Format

        @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        func run() async throws {
            try await reportingErrors {
                try await storeOptions.withStore { store in
                    let reports = try await store.allReports()
                    let data = switch format {
                    case .json: try JSONExport.encode(ExportBundle(documents: reports))
                    case .csv: Data(CSVExport.encode(reports).utf8)
                    }
                    try write(data)
                }
            }
        }

        private func write(_ data: Data) throws {
            guard let output else {
                FileHandle.standardOutput.write(data)
                if data.last != UInt8(ascii: "\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
                return
            }
            do {
                try data.write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw CLIError.cannotWriteOutput(path: output, reason: errorMessage(for: error))
            }
        }
    }
}
