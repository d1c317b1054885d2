import Foundation
import HyokaEvidence
import HyokaModel
import HyokaRecognition
import HyokaStore
import HyokaText

/// Imports source files into a store: reads, recognises and saves them.
///
/// Imports are atomic. Nothing is committed before every file is read and
/// recognised, and the good ones are saved in one transaction. By default one
/// bad file stops the whole import and nothing is saved; with `keepGoing`,
/// the good files are saved and the bad ones are listed in the report.
public struct Importer: Sendable {
    public let store: any EvaluationStore
    public let recognizer: ReportRecognizer
    public let reader: SourceFileReader

    public init(store: any EvaluationStore, recognizer: ReportRecognizer = .init(), reader: SourceFileReader = .init()) {
        self.store = store
        self.recognizer = recognizer
        self.reader = reader
    }

    /// Imports the files at `paths`.
    ///
    /// A path given twice is imported once. Two different files with the same
    /// content or the same file name in one call are refused
    /// (`ImportError.duplicateContent`, `.duplicateSourceName`): the store
    /// keys documents by both, so one would silently replace the other.
    /// Files are read and recognised in parallel, one task per core, and
    /// handed to the store in the order given (`ImportPipeline`).
    ///
    /// - Parameters:
    ///   - keepGoing: save the files that could be read even when others
    ///     could not.
    ///   - batchSize: when given, save every `batchSize` files in their own
    ///     transaction, so that an import of thousands of files commits as it
    ///     goes. Each batch is then atomic, not the whole import. Nil (the
    ///     default) saves everything in one transaction. Memory does not
    ///     depend on it for a store that writes documents as they arrive
    ///     (`EvaluationStore.writesAsDocumentsArrive`); for the others, the
    ///     next batch is recognised while one is saved, so two batches are held.
    ///   - onSaved: when given, receives each batch's entries as soon as the
    ///     batch is saved, and the report keeps only their counts: an import
    ///     of ten years of files then holds no entry per file, and its
    ///     caller can show progress. Without it, the report keeps every entry.
    /// - Throws: without `keepGoing`, the `ImportError` of the first file that
    ///   failed (it names the file), and nothing is saved — of that batch,
    ///   with `batchSize`. Errors of the store are thrown as they are.
    @discardableResult
    public func importFiles(_ paths: [String], keepGoing: Bool = false, batchSize: Int? = nil,
                            onSaved: (@Sendable ([ImportReport.Entry]) -> Void)? = nil) async throws -> ImportReport {
        let unique = Self.withoutRepeats(paths)
        let size = max(1, batchSize ?? unique.count)
        let batchCount = (unique.count + size - 1) / size
        // A store that writes as documents arrive needs only enough ready to go on through its commits (SQLite:
        // about 0.3 s a batch of a thousand, while two cores recognise about 400 files a second); one that gathers
        // a batch first is kept busy by the next batch, recognised while it saves.
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let ahead = store.writesAsDocumentsArrive ? 64 * width : size
        let pipeline = ImportPipeline(paths: unique, batchSize: size, capacity: ahead, width: width, keepGoing: keepGoing,
                                      prepare: { path, importedAt throws(ImportError) in try prepared(at: path, importedAt: importedAt) })
        let producing = Task { await pipeline.produce() }
        // A failure, of a file or of the store, leaves the files being read in advance unwanted.
        defer {
            pipeline.stop()
            producing.cancel()
        }
        var result = ImportReport(entries: [], failures: [])
        func saveBatches() async throws {
            for _ in 0..<batchCount {
                let feed = pipeline.nextBatch()
                let outcomes: [SaveOutcome]
                do {
                    outcomes = try await store.save(feed: feed)
                } catch {
                    // The file that stopped the batch is the error, whatever the store made of it on the way out.
                    if let failure = feed.stoppedBy { throw failure }
                    throw error
                }
                result.failures += feed.failures
                let entries = zip(feed.saved, outcomes).map { saved, outcome in saved.entry(outcome) }
                result.record(entries, keep: onSaved == nil)
                onSaved?(entries)
            }
        }
        // Several batches are one bulk load: a store may put off what each save would redo (PostgreSQL: building
        // its search indexes once, at the end, into an empty store). One batch is one save already.
        if batchCount > 1 { try await store.bulkLoad(saveBatches) } else { try await saveBatches() }
        return result
    }

    /// `paths` without a path that names a file named before it (`a/./b.txt` after `a/b.txt`).
    private static func withoutRepeats(_ paths: [String]) -> [String] {
        var seen: Set<String> = []
        return paths.filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }
    }

    /// Reads, recognises and prepares one file. A document that cannot be
    /// encoded (a number that is not finite) is kept unprepared: its batch's
    /// feed encodes it again and stops the save with the encoder's error,
    /// before anything is committed, as a store's `save(_:)` does.
    private func prepared(at path: String, importedAt: String) throws(ImportError) -> ImportPipeline.Prepared {
        let stored = try document(at: path)
        return ImportPipeline.Prepared(stored: stored, rows: try? PreparedDocument(stored, importedAt: importedAt))
    }

    /// Reads and recognises one file, without saving it.
    public func document(at path: String) throws(ImportError) -> StoredDocument {
        let file = try reader.read(path)
        let source = SourceText(file.text)
        var report = recognizer.recognize(source, id: file.id, sourceName: file.name, contentHash: file.contentHash)
        // Only a PDF has pages; a text file's form feeds (if any) are its own business.
        if file.isPDF { report.pages = source.pages }
        return StoredDocument(report: report, sourceText: file.text, source: source, facts: FactExtractor().facts(in: report, source: source))
    }
}

/// What an import did, file by file.
public struct ImportReport: Sendable {
    /// How much of a document was recognised.
    public struct Counts: Sendable, Equatable {
        public var policies: Int
        /// Fields of all policies.
        public var fields: Int
        /// Indicator of all policies and their fields.
        public var series: Int
        /// Lines covered by the document's unparsed blocks.
        public var unparsedLines: Int

        public init(policies: Int, fields: Int, series: Int, unparsedLines: Int) {
            self.policies = policies
            self.fields = fields
            self.series = series
            self.unparsedLines = unparsedLines
        }

        public init(_ report: EvaluationReport) {
            let fields = report.policies.flatMap(\.fields)
            self.init(
                policies: report.policies.count,
                fields: fields.count,
                series: report.policies.reduce(0) { $0 + $1.series.count } + fields.reduce(0) { $0 + $1.series.count },
                unparsedLines: report.unparsed.reduce(0) { $0 + $1.lineRange.count }
            )
        }
    }

    /// A file that was saved.
    public struct Entry: Sendable {
        /// The path as given.
        public var path: String
        /// The file name the document is stored under.
        public var source: String
        public var id: String
        public var outcome: SaveOutcome
        public var counts: Counts
        public var warnings: [String]

        public init(path: String, report: EvaluationReport, outcome: SaveOutcome) {
            self.path = path
            self.source = report.source
            self.id = report.id
            self.outcome = outcome
            self.counts = Counts(report)
            self.warnings = report.warnings
        }

        init(path: String, source: String, id: String, outcome: SaveOutcome, counts: Counts, warnings: [String]) {
            self.path = path
            self.source = source
            self.id = id
            self.outcome = outcome
            self.counts = counts
            self.warnings = warnings
        }
    }

    /// A file that could not be imported (only with `keepGoing`).
    public struct Failure: Sendable {
        public var path: String
        public var error: ImportError

        public init(path: String, error: ImportError) {
            self.path = path
            self.error = error
        }
    }

    /// Saved files, in the order given; empty when they were handed to the
    /// import's `onSaved` instead (`savedCount` still counts them).
    public var entries: [Entry]
    /// Files that failed, in the order given.
    public var failures: [Failure]
    /// Saved files by outcome, whether their entries were kept or handed on.
    public private(set) var savedCounts: [SaveOutcome: Int] = [:]

    public init(entries: [Entry], failures: [Failure]) {
        self.entries = []
        self.failures = failures
        record(entries, keep: true)
    }

    /// Number of saved files with the given outcome.
    public func count(_ outcome: SaveOutcome) -> Int {
        savedCounts[outcome] ?? 0
    }

    /// Number of saved files.
    public var savedCount: Int {
        savedCounts.values.reduce(0, +)
    }

    /// Counts `saved`, and keeps their entries when `keep` is true.
    mutating func record(_ saved: [Entry], keep: Bool) {
        for entry in saved { savedCounts[entry.outcome, default: 0] += 1 }
        if keep { entries += saved }
    }
}
