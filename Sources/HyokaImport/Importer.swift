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
    ///
    /// - Parameter keepGoing: save the files that could be read even when
    ///   others could not.
    /// - Throws: without `keepGoing`, the `ImportError` of the first file that
    ///   failed (it names the file), and nothing is saved. Errors of the store
    ///   are thrown as they are, in both modes.
    @discardableResult
    public func importFiles(_ paths: [String], keepGoing: Bool = false) async throws -> ImportReport {
        var prepared: [(path: String, document: StoredDocument)] = []
        var failures: [ImportReport.Failure] = []
        var seenPaths: Set<String> = []
        var pathByID: [String: String] = [:]
        var pathBySource: [String: String] = [:]
        for path in paths {
            guard seenPaths.insert(URL(fileURLWithPath: path).standardizedFileURL.path).inserted else { continue }
            do throws(ImportError) {
                let document = try document(at: path)
                if let other = pathByID[document.report.id] { throw .duplicateContent(path: path, sameAs: other) }
                if let other = pathBySource[document.report.source] { throw .duplicateSourceName(path: path, sameAs: other) }
                pathByID[document.report.id] = path
                pathBySource[document.report.source] = path
                prepared.append((path, document))
            } catch {
                failures.append(ImportReport.Failure(path: path, error: error))
            }
        }
        if let first = failures.first, !keepGoing { throw first.error }
        let outcomes = prepared.isEmpty ? [] : try await store.save(prepared.map(\.document))
        let entries = zip(prepared, outcomes).map { item, outcome in
            ImportReport.Entry(path: item.path, report: item.document.report, outcome: outcome)
        }
        return ImportReport(entries: entries, failures: failures)
    }

    /// Reads and recognises one file, without saving it.
    public func document(at path: String) throws(ImportError) -> StoredDocument {
        let file = try reader.read(path)
        let source = SourceText(file.text)
        let report = recognizer.recognize(source, id: file.id, sourceName: file.name, contentHash: file.contentHash)
        return StoredDocument(report: report, sourceText: file.text, facts: FactExtractor().facts(in: report, source: source))
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

    /// Saved files, in the order given.
    public var entries: [Entry]
    /// Files that failed, in the order given.
    public var failures: [Failure]

    public init(entries: [Entry], failures: [Failure]) {
        self.entries = entries
        self.failures = failures
    }

    /// Number of saved files with the given outcome.
    public func count(_ outcome: SaveOutcome) -> Int {
        entries.count { $0.outcome == outcome }
    }
}
