import Foundation
import HyokaModel
import HyokaStore
import Synchronization

/// An import's files on their way to the store: recognised in parallel, one
/// task per core, and handed on in the order given, batch by batch, through
/// a bounded channel (`DocumentChannel`) that the store's save reads from
/// (`BatchFeed`).
///
/// Why a channel and not batches gathered whole: the store then writes a
/// document while the next ones are recognised, and the import holds only
/// the documents between the two — a fixed number, however long it runs.
/// Gathering held two batches at once (the one saved, the one recognised
/// beside it), and the last batch was saved alone at the end while the
/// recognition cores waited.
final class ImportPipeline: Sendable {
    /// A recognised file, and its rows when they could be built (see `Importer.prepared(at:importedAt:)`).
    struct Prepared: Sendable {
        var stored: StoredDocument
        var rows: PreparedDocument?
    }

    typealias Item = (path: String, outcome: Result<Prepared, ImportError>)

    let paths: [String]
    let batchSize: Int
    let width: Int
    let keepGoing: Bool
    private let prepare: @Sendable (String, String) throws(ImportError) -> Prepared
    fileprivate let channel: DocumentChannel<Item>
    fileprivate let checker = Mutex(DuplicateChecker())
    private let batchesHanded = Mutex(0)

    /// - Parameters:
    ///   - capacity: how many recognised files may wait for the store.
    ///   - width: how many files are recognised at once.
    ///   - prepare: reads, recognises and prepares one file, given its path and the batch's import time.
    init(paths: [String], batchSize: Int, capacity: Int, width: Int, keepGoing: Bool,
         prepare: @escaping @Sendable (String, String) throws(ImportError) -> Prepared) {
        self.paths = paths
        self.batchSize = max(1, batchSize)
        self.width = max(1, width)
        self.keepGoing = keepGoing
        self.prepare = prepare
        channel = DocumentChannel(capacity: capacity)
    }

    /// Recognises every file, `width` at a time, and sends each to the channel
    /// in the order given; stops early when the channel is closed (`stop`) or
    /// the task is cancelled. The channel is finished either way.
    func produce() async {
        defer { channel.finish() }
        await withTaskGroup(of: (Int, Result<Prepared, ImportError>).self) { group in
            var next = 0
            var toSend = 0
            var inFlight = 0
            var done: [Int: Result<Prepared, ImportError>] = [:]
            var importedAt = ""
            // One core is left to the store's writer while its documents pile up: with every core recognising,
            // the writer had a core's share only, fell behind until the channel was full, and then a core
            // idled while recognition waited for room (BENCHMARKS.md, "Documents written as they are recognised").
            func allowedInFlight() -> Int {
                channel.count >= (channel.capacity + 1) / 2 ? max(1, width - 1) : width
            }
            func startMore() {
                while inFlight < allowedInFlight(), next < paths.count, !Task.isCancelled {
                    // Each batch is stamped with the time its first file was taken up, moments before it is stored.
                    if next % batchSize == 0 { importedAt = ISO8601DateFormatter().string(from: Date()) }
                    let index = next
                    let stamp = importedAt
                    next += 1
                    inFlight += 1
                    group.addTask { [paths, prepare] in (index, Result { () throws(ImportError) in try prepare(paths[index], stamp) }) }
                }
            }
            startMore()
            while let (index, result) = await group.next() {
                inFlight -= 1
                done[index] = result
                while let ready = done.removeValue(forKey: toSend) {
                    guard await channel.send((paths[toSend], ready)) else {
                        group.cancelAll()
                        return
                    }
                    toSend += 1
                }
                startMore()
            }
        }
    }

    /// Stops the import: what is waiting is dropped, and `produce` ends.
    func stop() {
        channel.close()
    }

    /// The feed of the next batch's files, for the store's save.
    func nextBatch() -> BatchFeed {
        let index = batchesHanded.withLock { handed in
            defer { handed += 1 }
            return handed
        }
        let start = min(index * batchSize, paths.count)
        return BatchFeed(pipeline: self, count: min(batchSize, paths.count - start))
    }
}

/// One batch of an import, given to the store's save (`PreparedDocumentFeed`):
/// each file in turn, its duplicates refused. A file that failed is listed in
/// `failures` and skipped with `keepGoing`; without it, the feed throws its
/// error and the save rolls back the batch.
final class BatchFeed: PreparedDocumentFeed {
    /// What the report says of a file the feed gave to the store, once the store says what it did.
    struct Given: Sendable {
        var path: String
        var source: String
        var id: String
        var counts: ImportReport.Counts
        var warnings: [String]

        func entry(_ outcome: SaveOutcome) -> ImportReport.Entry {
            ImportReport.Entry(path: path, source: source, id: id, outcome: outcome, counts: counts, warnings: warnings)
        }
    }

    private struct State {
        var remaining: Int
        var given: [Given] = []
        var failures: [ImportReport.Failure] = []
        var stoppedBy: ImportError?
    }

    private let pipeline: ImportPipeline
    private let state: Mutex<State>

    fileprivate init(pipeline: ImportPipeline, count: Int) {
        self.pipeline = pipeline
        state = Mutex(State(remaining: count))
    }

    /// The files given to the store, in order.
    var saved: [Given] { state.withLock { $0.given } }
    /// The files that failed and were skipped (with `keepGoing`).
    var failures: [ImportReport.Failure] { state.withLock { $0.failures } }
    /// The failure the feed threw to stop the batch (without `keepGoing`).
    var stoppedBy: ImportError? { state.withLock { $0.stoppedBy } }

    func nextWaiting() throws -> PreparedDocument? {
        while state.withLock({ $0.remaining > 0 }) {
            if let document = try take(pipeline.channel.receiveWaiting()) { return document }
        }
        return nil
    }

    func next() async throws -> PreparedDocument? {
        while state.withLock({ $0.remaining > 0 }) {
            if let document = try take(await pipeline.channel.receive()) { return document }
        }
        return nil
    }

    /// The document of `item`, or nil when it failed and is skipped.
    /// - Throws: without `keepGoing`, the file's error; the encoder's error
    ///   when its document cannot be encoded; `CancellationError` when the
    ///   import stopped before the batch's files were all recognised (a batch
    ///   is never saved in part).
    private func take(_ item: ImportPipeline.Item?) throws -> PreparedDocument? {
        guard let item else { throw CancellationError() }
        state.withLock { $0.remaining -= 1 }
        let prepared: ImportPipeline.Prepared
        do throws(ImportError) {
            prepared = try item.outcome.get()
            try pipeline.checker.withLock { checker throws(ImportError) in try checker.check(prepared.stored.report, path: item.path) }
        } catch {
            let stop = !pipeline.keepGoing
            state.withLock { state in
                state.failures.append(ImportReport.Failure(path: item.path, error: error))
                if stop { state.stoppedBy = error }
            }
            if stop { throw error }
            return nil
        }
        let document = try prepared.rows ?? PreparedDocument(prepared.stored)
        let report = prepared.stored.report
        state.withLock { state in
            state.given.append(Given(path: item.path, source: report.source, id: report.id, counts: ImportReport.Counts(report),
                                     warnings: report.warnings))
        }
        return document
    }
}

/// Refuses a second file with the content or the name of one already in the import.
struct DuplicateChecker {
    private var pathByID: [String: String] = [:]
    private var pathBySource: [String: String] = [:]

    mutating func check(_ report: EvaluationReport, path: String) throws(ImportError) {
        if let other = pathByID[report.id] { throw .duplicateContent(path: path, sameAs: other) }
        if let other = pathBySource[report.source] { throw .duplicateSourceName(path: path, sameAs: other) }
        pathByID[report.id] = path
        pathBySource[report.source] = path
    }
}
