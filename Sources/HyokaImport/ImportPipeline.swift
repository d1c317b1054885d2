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

    /// A file's index in the import, its path, and what became of it.
    typealias Item = (index: Int, path: String, outcome: Result<Prepared, ImportError>)

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
                    guard await channel.send((toSend, paths[toSend], ready)) else {
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
            let report = prepared.stored.report
            if let earlier = pipeline.checker.withLock({ $0.check(report, file: item.index) }) {
                let other = pipeline.paths[earlier.duplicate]
                throw earlier.sameContent ? .duplicateContent(path: item.path, sameAs: other) : .duplicateSourceName(path: item.path, sameAs: other)
            }
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
///
/// Why not dictionaries of strings: they kept three strings a file to the end of the import, allocated
/// between the batches' documents — at ten years about 25 MB, and glibc's pages pinned around them — where
/// everything else an import holds stays the same size however many files it reads. A document id of 16 hex
/// digits (`ContentHash`) is kept as the 64-bit number it spells; a name is kept by a 64-bit hash, its bytes in
/// one buffer to tell a collision from a duplicate. Files are named by their index in the import.
struct DuplicateChecker {
    private var fileByID: [UInt64: Int32] = [:]
    /// Ids that are not 16 lower-case hex digits (none from `ContentHash`), kept as they are.
    private var fileByOtherID: [String: Int32] = [:]
    private struct Name { var file: Int32; var start: Int; var count: Int }
    private var names: [UInt64: Name] = [:]
    private var nameBytes: [UInt8] = []
    /// Names whose hash is another name's, kept as they are.
    private var collidingNames: [String: Int32] = [:]

    /// Records file `file`'s document, or names the earlier file with its id or its source.
    mutating func check(_ report: EvaluationReport, file: Int) -> (duplicate: Int, sameContent: Bool)? {
        let idKey = Self.hexKey(report.id)
        let sameID = if let idKey { fileByID[idKey] } else { fileByOtherID[report.id] }
        if let other = sameID { return (Int(other), true) }
        let hash = Self.hash(report.source.utf8)
        let name = names[hash]
        if let name, nameBytes[name.start..<(name.start + name.count)].elementsEqual(report.source.utf8) { return (Int(name.file), false) }
        if let other = collidingNames[report.source] { return (Int(other), false) }
        let index = Int32(file)
        if let idKey { fileByID[idKey] = index } else { fileByOtherID[report.id] = index }
        if name == nil {
            names[hash] = Name(file: index, start: nameBytes.count, count: report.source.utf8.count)
            nameBytes.append(contentsOf: report.source.utf8)
        } else {
            collidingNames[report.source] = index
        }
        return nil
    }

    /// The number 16 lower-case hex digits spell; nil for any other id, which then has no number of its own.
    static func hexKey(_ id: String) -> UInt64? {
        guard id.utf8.count == 16 else { return nil }
        var value: UInt64 = 0
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt64(byte - UInt8(ascii: "a") + 10)
            default: return nil
            }
        }
        return value
    }

    /// FNV-1a, 64 bits: the same for the same bytes in every run (a `Hasher` is seeded per process, which would do
    /// as well; this one needs no seed to test).
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}
