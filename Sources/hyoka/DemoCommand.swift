import ArgumentParser
import Foundation
import HyokaImport
import HyokaReviewSheets
import HyokaStore
import HyokaWeb

extension Hyoka {
    /// `hyoka demo`
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the bundled sample corpus into a fresh demo database, list it, and serve it on http://127.0.0.1:8080/.",
            discussion: """
            The corpus's .txt files are imported, and its .pdf files too when pdftotext is installed \
            (otherwise a note says they were skipped). The demo database is ./hyoka-demo.sqlite unless --db is given; an existing one is \
            deleted first. HYOKA_DB is ignored here, so that the demo never deletes your own database, \
            and a postgres:// URL is refused.
            """
        )

        static let defaultPath = "hyoka-demo.sqlite"
        /// The bundled subset of the RS export, inside the corpus folder.
        static let reviewSheetFolder = "rs2024"

        @OptionGroup var storeOptions: StoreOptions

        @OptionGroup var server: ServerOptions

        @Flag(help: "Only import and list; do not serve the web application.")
        var noServe = false

        func run() async throws {
            try await reportingErrors {
                let path = storeOptions.db ?? Self.defaultPath
                if case .postgres = StoreLocation(path) {
                    throw ValidationError("""
                        hyoka demo starts from a fresh SQLite file and never empties a PostgreSQL database; give --db a file path, \
                        or import the corpus into PostgreSQL with `hyoka import corpus/*.txt --db URL`.
                        """)
                }
                let (corpus, skippedPDFs) = try DemoCorpus.demoFiles()
                // Before any note: a --db the demo refuses is the one thing said.
                let demoStore = try Self.freshStore(at: path)
                if !skippedPDFs.isEmpty {
                    // Said once, on standard error: the demo still runs on the text files.
                    FileHandle.standardError.write(Data("note: \(skippedPDFs.count) PDF file(s) of the corpus were skipped: pdftotext is not installed (apt-get install poppler-utils).\n".utf8))
                }
                let report = try await Importer(store: demoStore).importFiles(corpus)
                print(ImportSummary(report: report).text)
                // The review sheets the bundled evaluations link to (corpus/rs2024), so that the links show.
                let sheetsFolder = try DemoCorpus.locate().appendingPathComponent(Self.reviewSheetFolder)
                if FileManager.default.fileExists(atPath: sheetsFolder.path) {
                    let sheets = try ReviewSheetReader().read([sheetsFolder])
                    let outcome = try await demoStore.saveReviewSheets(sheets)
                    print(ReviewSheetImportSummary(export: sheets, outcome: outcome).text)
                    let links = ProjectLinker().links(reports: try await demoStore.allReports(), projects: sheets.projects)
                    print("\(links.count) links between review-sheet projects and evaluations; `hyoka projects --db \(path)` lists the projects.")
                }
                print()
                print(SummaryTable(summaries: try await demoStore.summaries()).text)
                if !noServe { try await server.serve(demoStore) }
            }
        }

        /// An empty store at `path`, after deleting the database there with
        /// its journal files. Only a SQLite database is deleted: a mistyped
        /// --db must not cost the user a file or a directory.
        static func freshStore(at path: String) throws -> SQLiteStore {
            if let handle = FileHandle(forReadingAtPath: path) {
                let header = (try? handle.read(upToCount: 16)) ?? nil
                try? handle.close()
                if let header, !header.isEmpty, !header.starts(with: Array("SQLite format 3\u{0}".utf8)) {
                    throw CLIError.cannotOpenDatabase(path: path, reason: "it exists and is not a SQLite database, so the demo will not delete it")
                }
            }
            for file in [path, path + "-wal", path + "-shm", path + "-journal"] {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else { continue }
                guard !isDirectory.boolValue else {
                    throw CLIError.cannotOpenDatabase(path: path, reason: "\(file) is a directory")
                }
                do {
                    try FileManager.default.removeItem(atPath: file)
                } catch {
                    throw CLIError.cannotOpenDatabase(path: path, reason: "the old \(file) could not be deleted: \(errorMessage(for: error))")
                }
            }
            return try StoreOptions.openStore(at: path)
        }
    }
}
