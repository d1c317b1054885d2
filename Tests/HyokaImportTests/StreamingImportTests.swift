import Dispatch
import Foundation
@testable import HyokaImport
import HyokaModel
import HyokaStore
import Synchronization
import Testing

@Suite("The channel from recognition to the store's writer")
struct DocumentChannelTests {
    @Test func elementsArriveInOrderAndTheEndIsSeen() async {
        let channel = DocumentChannel<Int>(capacity: 3)
        let sender = Task {
            for value in 0..<100 { _ = await channel.send(value) }
            channel.finish()
        }
        var received: [Int] = []
        while let value = await channel.receive() { received.append(value) }
        await sender.value
        #expect(received == Array(0..<100))
        #expect(await channel.receive() == nil, "the end stays the end")
    }

    @Test func aThreadThatBlocksReceivesAsATaskDoes() async {
        let channel = DocumentChannel<Int>(capacity: 2)
        let received = Mutex<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        // As SQLite's writer does: a thread of its own, blocked until each element comes.
        DispatchQueue(label: "receiver").async {
            while let value = channel.receiveWaiting() { received.withLock { $0.append(value) } }
            done.signal()
        }
        for value in 0..<50 { _ = await channel.send(value) }
        channel.finish()
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                done.wait()
                continuation.resume()
            }
        }
        #expect(received.withLock { $0 } == Array(0..<50))
    }

    @Test func aSenderWaitsWhileTheChannelIsFull() async throws {
        let channel = DocumentChannel<Int>(capacity: 2)
        let sent = Mutex(0)
        let sender = Task {
            for value in 0..<5 {
                _ = await channel.send(value)
                sent.withLock { $0 += 1 }
            }
        }
        // Whatever the scheduling, the third send cannot return before something is received.
        for _ in 0..<2_000 where sent.withLock({ $0 }) < 2 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(sent.withLock { $0 } == 2)
        #expect(channel.count == 2)
        #expect(await channel.receive() == 0)
        for _ in 0..<2_000 where sent.withLock({ $0 }) < 3 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(sent.withLock { $0 } == 3, "one received, one more sent")
        channel.close()
        await sender.value
    }

    @Test func closingEndsAWaitingReceive() async {
        // One receiver at a time: a task that suspends, then a thread that blocks.
        let suspended = DocumentChannel<Int>(capacity: 1)
        let waiting = Task { await suspended.receive() }
        try? await Task.sleep(for: .milliseconds(50))
        suspended.close()
        #expect(await waiting.value == nil)
        let blocking = DocumentChannel<Int>(capacity: 1)
        let received = Mutex<Int??>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue(label: "receiver").async {
            let value = blocking.receiveWaiting()
            received.withLock { $0 = .some(value) }
            done.signal()
        }
        try? await Task.sleep(for: .milliseconds(50))
        blocking.close()
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                done.wait()
                continuation.resume()
            }
        }
        #expect(received.withLock { $0 } == .some(nil), "the thread was given nil")
    }

    @Test func closingRefusesTheWaitingSendAndEveryLaterOne() async {
        let channel = DocumentChannel<Int>(capacity: 1)
        #expect(await channel.send(1))
        let waiting = Task { await channel.send(2) }
        channel.close()
        #expect(await waiting.value == false)
        #expect(await channel.send(3) == false)
        #expect(await channel.receive() == nil, "what was sent is dropped")
    }
}

@Suite("Importing into SQLite as documents are recognised")
struct StreamingImportTests {
    /// Small files with distinct contents, named 00.txt, 01.txt, …
    private func files(in directory: TemporaryDirectory, count: Int) throws -> [String] {
        try (0..<count).map { index in try directory.write(String(format: "%02d.txt", index), "本文\(index)\n外交の記述\(index)\n") }
    }

    @Test func theStoreWritesAsDocumentsArrive() throws {
        #expect(try SQLiteStore.inMemory().writesAsDocumentsArrive)
        #expect(!InMemoryStore().writesAsDocumentsArrive, "a store gathers a batch by default")
    }

    @Test func batchesAreStoredInOrderWithTheirOutcomes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let paths = try files(in: directory, count: 9)
        let store = try SQLiteStore.inMemory()
        let batches = Mutex<[[String]]>([])
        let report = try await Importer(store: store).importFiles(paths, batchSize: 4) { entries in
            batches.withLock { $0.append(entries.map(\.path)) }
        }
        #expect(batches.withLock { $0 } == [Array(paths[0..<4]), Array(paths[4..<8]), [paths[8]]])
        #expect(report.count(.inserted) == 9)
        #expect(try await store.summaries().map(\.source) == paths.map { URL(fileURLWithPath: $0).lastPathComponent })
        #expect(Set(try await store.search(SearchQuery("外交")).map(\.source)).count == 9)
        // Again: every file is the same document as before.
        let again = try await Importer(store: store).importFiles(paths, batchSize: 4)
        #expect(again.entries.map(\.outcome) == Array(repeating: .unchanged, count: 9))
    }

    @Test func aBadFileRollsBackTheDocumentsOfItsBatchAlreadyWritten() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var paths = try files(in: directory, count: 6)
        let bad = try directory.write("bad.txt", [0xFF, 0xFE, 0x00])
        // Last of the second batch: its first two documents are written before the bad file is reached.
        paths.insert(bad, at: 5)
        let store = try SQLiteStore.inMemory()
        let error = try await #require(throws: ImportError.self) { try await Importer(store: store).importFiles(paths, batchSize: 3) }
        #expect(error.path == bad)
        #expect(try await store.summaries().map(\.source) == ["00.txt", "01.txt", "02.txt"])
        #expect(try await store.search(SearchQuery("本文3")).isEmpty, "nothing of the second batch is searchable")
    }

    @Test func keepGoingSkipsBadFilesAndDuplicatesInsideABatch() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let paths = try files(in: directory, count: 3)
        let bad = try directory.write("bad.txt", [0xFF, 0xFE, 0x00])
        let copy = try directory.write("copy.txt", "本文1\n外交の記述1\n")
        let store = try SQLiteStore.inMemory()
        let report = try await Importer(store: store).importFiles([paths[0], bad, paths[1], copy, paths[2]], keepGoing: true, batchSize: 10)
        #expect(report.entries.map(\.path) == paths)
        #expect(report.failures.map(\.path) == [bad, copy])
        #expect(report.failures.last?.error == .duplicateContent(path: copy, sameAs: paths[1]))
        #expect(try await store.documentCount() == 3)
    }

    @Test func aBatchIsNeverSavedInPart() async throws {
        let pipeline = ImportPipeline(paths: ["a.txt", "b.txt"], batchSize: 2, capacity: 4, width: 1, keepGoing: true) { path, _ throws(ImportError) in
            throw ImportError.unreadable(path: path, reason: "not read in this test")
        }
        let feed = pipeline.nextBatch()
        // The import stops (its store failed, or it was cancelled) before the batch's files were recognised.
        pipeline.stop()
        await #expect(throws: CancellationError.self) { try await feed.next() }
        #expect(throws: CancellationError.self) { try feed.nextWaiting() }
    }
}

@Suite("Duplicates across an import, kept by number")
struct DuplicateCheckerTests {
    private func report(id: String, source: String) -> EvaluationReport {
        EvaluationReport(id: id, source: source, contentHash: id, kind: .unknown, layout: .generic, lineCount: 1)
    }

    @Test func anIDIsItsSixteenHexDigitsAndNothingElse() {
        #expect(DuplicateChecker.hexKey("00000000000000ff") == 255)
        #expect(DuplicateChecker.hexKey("ffffffffffffffff") == .max)
        #expect(DuplicateChecker.hexKey("00000000000000FF") == nil, "upper case is another id, not the same number")
        #expect(DuplicateChecker.hexKey("0000000000000ff") == nil)
        #expect(DuplicateChecker.hexKey("00000000000000fg") == nil)
    }

    @Test func everyRepeatIsFoundAndNothingElse() {
        var checker = DuplicateChecker()
        var generator = SystemRandomNumberGenerator()
        var ids: [String] = []
        var sources: [String] = []
        for file in 0..<5_000 {
            // Hex ids as ContentHash makes them, and some that are not (upper case, longer), names of every length.
            let number = UInt64.random(in: 0...UInt64.max, using: &generator)
            let hex = String(number, radix: 16)
            let id = file % 7 == 0 ? hex.uppercased() + "-x" : String(repeating: "0", count: 16 - hex.count) + hex
            let source = "報告\(file)" + String(repeating: "a", count: file % 13) + ".txt"
            ids.append(id)
            sources.append(source)
            #expect(checker.check(report(id: id, source: source), file: file) == nil)
        }
        for file in stride(from: 0, to: 5_000, by: 97) {
            let sameContent = checker.check(report(id: ids[file], source: "新しい名前\(file).txt"), file: 9_000 + file)
            #expect(sameContent?.duplicate == file && sameContent?.sameContent == true)
            let sameName = checker.check(report(id: "other-\(file)", source: sources[file]), file: 9_000 + file)
            #expect(sameName?.duplicate == file && sameName?.sameContent == false)
        }
    }
}
