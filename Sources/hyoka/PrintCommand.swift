import ArgumentParser
import Foundation
import HyokaWeb

extension Hyoka {
    /// `hyoka print DOC --pdf out.pdf [--html out.html]`
    struct Print: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an evaluation as its print-ready HTML (A4) and, with Chromium installed, as PDF.",
            discussion: """
            The page is the one the web serves at /documents/DOC/print, with its stylesheet inlined. \
            --pdf prints it with headless Chromium (chromium on PATH, or $\(PDFPrinter.overrideVariable)); \
            without Chromium it exits 69. With neither option the HTML is written to standard output.
            """
        )

        @OptionGroup var storeOptions: StoreOptions

        @Option(name: .long, help: ArgumentHelp("Write the PDF here (needs Chromium).", valueName: "file"))
        var pdf: String?

        @Option(name: .long, help: ArgumentHelp("Write the print-ready HTML here.", valueName: "file"))
        var html: String?

        @Argument(help: ArgumentHelp("Id, id prefix or file name of the document.", valueName: "doc"))
        var document: String

        func run() async throws {
            try await reportingErrors {
                let page = try await storeOptions.withStore { store in
                    let report = try await store.requireReport(document)
                    return try await WebApp(store: store).printHTML(report)
                }
                if let html { try write(Data(page.utf8), to: html) }
                if let pdf {
                    let data = try await PDFPrinter().pdf(html: page)
                    try write(data, to: pdf)
                }
                if html == nil && pdf == nil { print(page, terminator: "") }
            }
        }

        private func write(_ data: Data, to path: String) throws {
            do {
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw CLIError.cannotWriteOutput(path: path, reason: error.localizedDescription)
            }
        }
    }
}
