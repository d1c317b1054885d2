import Foundation
import HyokaEvidence
import HyokaModel
import HyokaRecognition
import HyokaStore
import HyokaText

/// Imports source files into a store: reads, recognises and saves them.
///
/// Imports are atomic. Every file is read and recognised before anything is
/// saved, and the good ones are saved in one transaction. By default one bad
/// file stops the whole import and nothing is saved; with `keepGoing`, the
/// good files are saved and the bad ones are listed in the report.
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
    /// Files are read and recognised in parallel, one task per core.
    ///
    /// - Parameters:
    ///   - keepGoing: save the files that could be read even when others
    ///     could not.
    ///   - batchSize: when given, save every `batchSize` files in their own
    ///     transaction, recognising the next batch while the last is saved,
    ///     so that memory stays bounded for imports of thousands of files.
    ///     Each batch is then atomic, not the whole import. Nil (the
    ///     default) saves everything in one transaction.
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
        var unique: [String] = []
        var seenPaths: Set<String> = []
        for path in paths where seenPaths.insert(URL(fileURLWithPath: path).standardizedFileURL.path).inserted {
            unique.append(path)
        }
        let size = max(1, batchSize ?? unique.count)
        let batches = stride(from: 0, to: unique.count, by: size).map { Array(unique[$0..<min($0 + size, unique.count)]) }
        var checker = DuplicateChecker()
        var result = ImportReport(entries: [], failures: [])
        var pending = batches.first.map { batch in Task { await documents(at: batch) } }
        // A failure, of a file or of the store, leaves the batch being read in advance unwanted.
        defer { pending?.cancel() }
        func saveBatches() async throws {
            for index in batches.indices {
                guard let current = await pending?.value else { break }
                pending = index + 1 < batches.count ? Task { [batches] in await documents(at: batches[index + 1]) } : nil
                var checked: [(path: String, document: Prepared)] = []
                for (path, outcome) in current {
                    do throws(ImportError) {
                        let document = try outcome.get()
                        try checker.check(document.stored.report, path: path)
                        checked.append((path, document))
                    } catch {
                        result.failures.append(ImportReport.Failure(path: path, error: error))
                    }
                }
                if let first = result.failures.first, !keepGoing { throw first.error }
                let prepared = try checked.map { item in (path: item.path, document: try item.document.rows ?? PreparedDocument(item.document.stored)) }
                let outcomes = prepared.isEmpty ? [] : try await store.save(prepared: prepared.map(\.document))
                let entries = zip(prepared, outcomes).map { item, outcome in
                    ImportReport.Entry(path: item.path, report: item.document.document.report, outcome: outcome)
                }
                result.record(entries, keep: onSaved == nil)
                onSaved?(entries)
            }
        }
        // Several batches are one bulk load: a store may put off what each save would redo (PostgreSQL: building
        // its search indexes once, at the end, into an empty store). One batch is one save already.
        if batches.count > 1 { try await store.bulkLoad(saveBatches) } else { try await saveBatches() }
        return result
    }

    /// Reads, recognises and prepares `paths` in parallel, at most one file
    /// per core at a time; results in the order given.
    ///
    /// Each document's rows (its JSON, its passages' search tokens) are
    /// built here, on the core that recognised it (`PreparedDocument`), so
    /// that the store's write transaction only writes.
    private func documents(at paths: [String]) async -> [(String, Result<Prepared, ImportError>)] {
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let importedAt = ISO8601DateFormatter().string(from: Date())
        return await withTaskGroup(of: (Int, Result<Prepared, ImportError>).self) { group in
            var results = [Result<Prepared, ImportError>?](repeating: nil, count: paths.count)
            var next = 0
            func startNext() {
                guard next < paths.count else { return }
                let index = next
                next += 1
                group.addTask { (index, Result { () throws(ImportError) in try prepared(at: paths[index], importedAt: importedAt) }) }
            }
            for _ in 0..<width { startNext() }
            while let (index, result) = await group.next() {
                results[index] = result
                startNext()
            }
            return zip(paths, results).compactMap { path, result in result.map { (path, $0) } }
        }
    }

    /// Reads, recognises and prepares one file. A document that cannot be
    /// encoded (a number that is not finite) is kept unprepared: the batch's
    /// save encodes it again and stops with the encoder's error, before
    /// anything is written, as a store's `save(_:)` does.
    private func prepared(at path: String, importedAt: String) throws(ImportError) -> Prepared {
        let stored = try document(at: path)
        return Prepared(stored: stored, rows: try? PreparedDocument(stored, importedAt: importedAt))
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

/// A recognised file, and its rows when they could be built (see `Importer.prepared(at:importedAt:)`).
private struct Prepared: Sendable {
    var stored: StoredDocument
    var rows: PreparedDocument?
}

/// Refuses a second file with the content or the name of one already in the import.
private struct DuplicateChecker {
    private var pathByID: [String: String] = [:]
    private var pathBySource: [String: String] = [:]

    mutating func check(_ report: EvaluationReport, path: String) throws(ImportError) {
        if let other = pathByID[report.id] { throw .duplicateContent(path: path, sameAs: other) }
        if let other = pathBySource[report.source] { throw .duplicateSourceName(path: path, sameAs: other) }
        pathByID[report.id] = path
        pathBySource[report.source] = path
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
