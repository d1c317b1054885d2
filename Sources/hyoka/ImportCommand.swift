import ArgumentParser
import Foundation
import HyokaImport
import HyokaModel
import HyokaReviewSheets
import HyokaStore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

extension Hyoka {
    /// `hyoka import FILE...`
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import report files (UTF-8 text, or PDF through pdftotext), and the RS export of review sheets (CSV files or zips).",
            discussion: """
            CSV files and zips (or a folder of them) are read as the RS system's open data (行政事業レビュー): \
            each table is recognised by its header row, and all of it is read before any of it is stored; \
            re-importing a 事業年度 replaces it.

            Nothing is committed before all files are read and recognised. If one fails, nothing is \
            imported and the exit status says why; with --keep-going the others are imported, the \
            failures are reported, and the exit status is that of the first failure. With --batch-size, \
            each batch is saved in turn and its files are listed as it is: a failure stops the import at \
            its batch, and the batches before it stay imported.
            """
        )

        @OptionGroup var storeOptions: StoreOptions

        @Flag(name: .long, help: "Import the files that can be read even when others cannot.")
        var keepGoing = false

        @Option(help: ArgumentHelp(
            "Save every N files in their own transaction, so that an import of thousands of files commits as it goes. Each batch is then atomic, not the whole import.",
            valueName: "N"))
        var batchSize: Int?

        @Argument(help: ArgumentHelp("Files to import; a folder stands for the .txt, .pdf, .csv and .zip files in it.", valueName: "file"))
        var files: [String]

        func validate() throws {
            if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1.") }
        }

        func run() async throws {
            MallocSettings.returnLargeBlocks()
            try await reportingErrors {
                let inputs = ImportInputs(files)
                // The review sheets are read whole before the store is opened: bad input stores nothing.
                let sheets = inputs.reviewSheets.isEmpty ? nil : try await ReviewSheetReader().read(concurrently: inputs.reviewSheets.map { URL(fileURLWithPath: $0) })
                try await storeOptions.withStore { store in
                    if let sheets {
                        guard let sheetStore = store as? any ReviewSheetStore else { throw CLIError.noReviewSheets(database: storeOptions.databaseDescription()) }
                        let outcome = try await sheetStore.saveReviewSheets(sheets)
                        print(ReviewSheetImportSummary(export: sheets, outcome: outcome).text)
                        if inputs.reports.isEmpty { return }
                    }
                    let importer = Importer(store: store)
                    let report: ImportReport
                    // Each saved batch's lines are printed as it is saved: progress for a long import, and no
                    // entry per file held to the end.
                    let saved = SavedFiles()
                    do {
                        report = try await importer.importFiles(try SourceFileReader.expandingDirectories(inputs.reports), keepGoing: keepGoing,
                                                                batchSize: batchSize) { entries in
                            saved.add(entries.count)
                            if !entries.isEmpty { print(ImportSummary.lines(entries).joined(separator: "\n")) }
                        }
                    } catch let error as ImportError where inputs.reports.count > 1 {
                        printError(error)
                        let earlier = saved.count
                        printError(earlier == 0
                            ? "nothing was imported; fix or leave out \(error.path ?? "that file"), or pass --keep-going to import the others."
                            : "the \(plural(earlier, "file")) of the batches before it \(earlier == 1 ? "was" : "were") imported (listed above), the rest were not; fix or leave out \(error.path ?? "that file"), or pass --keep-going to import the others.")
                        throw ExitCode(ExitStatus.code(for: error))
                    }
                    for failure in report.failures {
                        printError(failure.error)
                    }
                    print(ImportSummary(report: report).total)
                    if let first = report.failures.first {
                        throw ExitCode(ExitStatus.code(for: first.error))
                    }
                }
            }
        }
    }
}

/// How many files an import has saved so far, counted from the batches it hands on as they are saved.
private final class SavedFiles: Sendable {
    private let saved = Mutex(0)
    func add(_ count: Int) { saved.withLock { $0 += count } }
    var count: Int { saved.withLock { $0 } }
}

/// The arguments of `hyoka import` split by what reads them: CSV files and
/// zips (and folders holding them) are the RS export; the rest are reports.
/// A folder holding both goes to both.
struct ImportInputs {
    var reviewSheets: [String] = []
    var reports: [String] = []

    init(_ arguments: [String]) {
        for argument in arguments {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory)
            guard exists, isDirectory.boolValue else {
                if ReviewSheetReader.accepts(URL(fileURLWithPath: argument)) { reviewSheets.append(argument) } else { reports.append(argument) }
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
            let sheets = names.contains { ReviewSheetReader.accepts(URL(fileURLWithPath: $0)) }
            let texts = names.contains { ["txt", "pdf"].contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
            if sheets { reviewSheets.append(argument) }
            if texts || !sheets { reports.append(argument) }
        }
    }
}

/// What importing review sheets prints: one line per file, the years stored, and the warnings.
struct ReviewSheetImportSummary {
    var export: ReviewSheetExport
    var outcome: ReviewSheetSaveOutcome

    var text: String {
        let stored = export.storedRecordCounts
        var lines = export.files.map { file in
            "\(TextLayout.padded(file.table.rawValue, to: 4))  \(file.file)  \(file.recordCount) records"
                + (file.unknownColumns.isEmpty ? "" : ", \(file.unknownColumns.count) unknown columns kept raw")
        }
        lines += export.warnings.map { "    warning: \($0)" }
        let years = export.fiscalYears.map { year in "\(year) (" + (outcome.replaced.contains(year) ? "replaced" : "inserted") + ")" }
        lines.append("Imported review sheets: \(outcome.projectCount) projects, \(stored.values.reduce(0, +)) records, 事業年度 \(years.joined(separator: ", ")).")
        return lines.joined(separator: "\n")
    }
}

/// How the C library's allocator is set for a long import.
enum MallocSettings {
    /// The size from which glibc's malloc maps a block of its own, when its arena cannot serve it, and
    /// unmaps it when freed: 256 KiB.
    private static let mapThreshold: Int32 = 256 * 1024

    /// Fixes glibc's mmap threshold, which also stops glibc from raising it.
    ///
    /// Why: glibc raises its threshold each time it frees a mapped block, up to 32 MB; larger and larger
    /// blocks then grow its arenas, where freed space stays in the process. An import allocates large
    /// blocks batch after batch (documents' JSON and texts, COPY messages), so its resident memory crept
    /// up with the length of the run, in steps, though the memory it held did not: ten years on
    /// PostgreSQL peaked at 936 MB against 626 MB for one year, with 520–700 MB in use throughout
    /// (heaptrack). With the threshold fixed: 785 MB at ten years, 587 MB at one, and no slower on
    /// SQLite (BENCHMARKS.md, "The search page over 200 a second…"). Measured, not unit-tested: whether a
    /// block is mapped depends on what the arena holds free, which a test process shares with every
    /// other test. Elsewhere (macOS) there is nothing to set.
    static func returnLargeBlocks() {
        #if canImport(Glibc)
        // `mallopt` and its options are in <malloc.h>, which the Glibc module leaves out: looked up by name.
        // M_MMAP_THRESHOLD is -3 in every glibc (malloc/malloc.h).
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let program = dlopen(nil, RTLD_NOW), let symbol = dlsym(program, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(-3, mapThreshold)
        #endif
    }
}
