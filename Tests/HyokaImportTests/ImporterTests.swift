import Foundation
import HyokaImport
import HyokaModel
import HyokaStore
import HyokaText
import HyokaTestSupport
import Synchronization
import Testing

@Suite("Importing files")
struct ImporterTests {
    @Test func goodFileIsRecognisedWithIdFromItsHash() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("report.txt", "施策名：テスト\n\n本文\n")
        let store = InMemoryStore()
        let report = try await Importer(store: store).importFiles([path])
        let hash = ContentHash.sha256Hex(of: Data("施策名：テスト\n\n本文\n".utf8))
        let entry = try #require(report.entries.first)
        #expect(report.entries.count == 1 && report.failures.isEmpty)
        #expect(entry.id == String(hash.prefix(16)))
        #expect(entry.source == "report.txt")
        #expect(entry.path == path)
        #expect(entry.outcome == .inserted)
        let stored = try #require(store.storedReports.first)
        #expect(stored.contentHash == hash)
        #expect(stored.source == "report.txt")
        #expect(stored.lineCount == 3)
        #expect(try await store.sourceText(documentID: entry.id) == "施策名：テスト\n\n本文\n")
    }

    @Test func crlfFileImportsWithTheRightLineCount() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("crlf.txt", "一\r\n\r\n二\r\n三\r\n")
        let store = InMemoryStore()
        try await Importer(store: store).importFiles([path])
        let report = try #require(store.storedReports.first)
        #expect(report.lineCount == 4)
        #expect(coveredLines(report).isSuperset(of: [1, 3, 4]))
        #expect(!report.unparsed.contains { $0.text.contains("\r") })
    }

    @Test func oneBadFileMeansNothingIsSaved() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = try directory.write("good.txt", "本文\n")
        let bad = try directory.write("bad.txt", [0x41, 0x00, 0x42])
        let store = InMemoryStore()
        let error = try await #require(throws: ImportError.self) { try await Importer(store: store).importFiles([good, bad]) }
        #expect(error.path == bad)
        #expect(error.description.contains(bad))
        #expect(store.storedReports.isEmpty)
        #expect(store.numberOfSaveCalls == 0)
    }

    @Test func savedBatchesAreHandedOnAsTheyAreSavedAndOnlyCounted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let paths = try ["a.txt", "b.txt", "c.txt"].enumerated().map { index, name in try directory.write(name, "本文 \(index)\n") }
        let store = InMemoryStore()
        let batches = Mutex<[[String]]>([])
        let storedWhenHanded = Mutex<[Int]>([])
        let report = try await Importer(store: store).importFiles(paths, batchSize: 2) { entries in
            batches.withLock { $0.append(entries.map(\.source)) }
            storedWhenHanded.withLock { $0.append(store.storedReports.count) }
        }
        #expect(batches.withLock { $0 } == [["a.txt", "b.txt"], ["c.txt"]])
        // Each batch arrives once it is in the store.
        #expect(storedWhenHanded.withLock { $0 } == [2, 3])
        #expect(report.entries.isEmpty)
        #expect(report.savedCount == 3)
        #expect(report.count(.inserted) == 3 && report.count(.unchanged) == 0)
        let kept = try await Importer(store: store).importFiles(paths, batchSize: 2)
        #expect(kept.entries.map(\.source) == ["a.txt", "b.txt", "c.txt"])
        #expect(kept.count(.unchanged) == 3 && kept.savedCount == 3)
    }

    @Test func keepGoingSavesTheGoodFilesAndListsTheBadOnes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = try directory.write("good.txt", "本文\n")
        let other = try directory.write("other.txt", "別の本文\n")
        let empty = try directory.write("empty.txt", [])
        let missing = directory.path("missing.txt")
        let store = InMemoryStore()
        let report = try await Importer(store: store).importFiles([good, empty, other, missing], keepGoing: true)
        #expect(report.entries.map(\.source) == ["good.txt", "other.txt"])
        #expect(report.failures.map(\.error) == [.emptyFile(path: empty), .fileNotFound(path: missing)])
        #expect(store.storedReports.map(\.source) == ["good.txt", "other.txt"])
        #expect(store.numberOfSaveCalls == 1)
    }

    @Test func keepGoingWithNothingGoodSavesNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = InMemoryStore()
        let report = try await Importer(store: store).importFiles([directory.path("missing.txt")], keepGoing: true)
        #expect(report.entries.isEmpty)
        #expect(report.failures.count == 1)
        #expect(store.numberOfSaveCalls == 0)
    }

    @Test func outcomesComeFromTheStore() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("report.txt", "第一版\n")
        let store = InMemoryStore()
        let importer = Importer(store: store)
        #expect(try await importer.importFiles([path]).entries.map(\.outcome) == [.inserted])
        #expect(try await importer.importFiles([path]).entries.map(\.outcome) == [.unchanged])
        try directory.write("report.txt", "第二版\n")
        let report = try await importer.importFiles([path])
        #expect(report.entries.map(\.outcome) == [.replaced])
        #expect(report.count(.replaced) == 1 && report.count(.inserted) == 0)
        #expect(store.storedReports.count == 1)
    }

    @Test func samePathTwiceIsImportedOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("report.txt", "本文\n")
        let store = InMemoryStore()
        let report = try await Importer(store: store).importFiles([path, directory.url.path + "/./report.txt"])
        #expect(report.entries.count == 1)
        #expect(store.storedReports.count == 1)
    }

    @Test func sameContentUnderTwoNamesIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try directory.write("a.txt", "本文\n")
        let second = try directory.write("b.txt", "本文\n")
        await #expect(throws: ImportError.duplicateContent(path: second, sameAs: first)) {
            try await Importer(store: InMemoryStore()).importFiles([first, second])
        }
    }

    @Test func sameNameFromTwoDirectoriesIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.path("x"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory.path("y"), withIntermediateDirectories: true)
        let first = try directory.write("x/report.txt", "一\n")
        let second = try directory.write("y/report.txt", "二\n")
        let store = InMemoryStore()
        let report = try await Importer(store: store).importFiles([first, second], keepGoing: true)
        #expect(report.failures.map(\.error) == [.duplicateSourceName(path: second, sameAs: first)])
        #expect(try await store.sourceText(documentID: try #require(report.entries.first).id) == "一\n")
    }

    @Test func storeErrorsAreThrownAsTheyAre() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("report.txt", "本文\n")
        await #expect(throws: FailingStore.Failure()) { try await Importer(store: FailingStore()).importFiles([path]) }
        await #expect(throws: FailingStore.Failure()) { try await Importer(store: FailingStore()).importFiles([path], keepGoing: true) }
    }

    @Test func countsAddUpPoliciesFieldsSeriesAndUnparsedLines() {
        let series = Indicator(title: "件数", role: .reference, line: 5, endLine: 6)
        let field = Field(number: 1, title: "分野", series: [series, series], line: 4, endLine: 8)
        let policy = Policy(level: .measure, title: "施策", fields: [field, field], series: [series], line: 2, endLine: 9)
        var report = EvaluationReport(id: "x", source: "x.txt", contentHash: "x", kind: .evaluation, layout: .mofaSheet, lineCount: 20)
        report.policies = [policy]
        report.unparsed = [TextBlock(text: "a", line: 10, endLine: 12), TextBlock(text: "b", line: 15, endLine: 15)]
        #expect(ImportReport.Counts(report) == ImportReport.Counts(policies: 1, fields: 2, series: 5, unparsedLines: 4))
    }
}

@Suite("Truncated and scrambled input")
struct RobustnessTests {
    static let largestCorpusFile = Corpus.files.max { (try? Corpus.bytes($0).count) ?? 0 < (try? Corpus.bytes($1).count) ?? 0 }

    @Test func corpusIsPresent() {
        #expect(Corpus.files.allSatisfy { FileManager.default.fileExists(atPath: $0) })
        #expect(DemoCorpus.files(in: Corpus.packageRoot.appendingPathComponent("corpus")).count == 6)
    }

    @Test func cutInsideAMultiByteCharacterIsNotUTF8() async throws {
        let source = try Corpus.bytes(try #require(Self.largestCorpusFile))
        // The first three-byte character after the middle of the file.
        let lead = try #require(source.indices.first { $0 >= source.count / 2 && (0xE0...0xEF).contains(source[$0]) })
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for cut in [lead + 1, lead + 2] {
            let path = try directory.write("cut-\(cut).txt", Array(source[..<cut]))
            let expectedLine = source[..<lead].count { $0 == 0x0A } + 1
            await #expect(throws: ImportError.notUTF8(path: path, offset: lead, line: expectedLine, suggestedEncoding: "SHIFT_JIS")) {
                try await Importer(store: InMemoryStore()).importFiles([path])
            }
        }
    }

    @Test func cutAtALineBoundaryImports() async throws {
        let source = try Corpus.bytes(try #require(Self.largestCorpusFile))
        let newline = try #require(source.indices.first { $0 >= source.count / 2 && source[$0] == 0x0A })
        let prefix = Array(source[...newline])
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("half.txt", prefix)
        let store = InMemoryStore()
        try await Importer(store: store).importFiles([path])
        let report = try #require(store.storedReports.first)
        #expect(report.lineCount == prefix.count { $0 == 0x0A })
        #expect(report.contentHash == ContentHash.sha256Hex(of: Data(prefix)))
    }

    @Test(arguments: Corpus.files)
    func shuffledLinesImportAndEveryNonBlankLineIsAccountedFor(path: String) async throws {
        let text = String(decoding: try Corpus.bytes(path), as: UTF8.self)
        var generator = SeededGenerator(seed: 2025)
        let shuffled = text.split(separator: "\n", omittingEmptySubsequences: false).shuffled(using: &generator).joined(separator: "\n")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (name, content) in [("original.txt", text), ("shuffled.txt", shuffled)] {
            let file = try directory.write(name, content)
            let store = InMemoryStore()
            try await Importer(store: store).importFiles([file])
            let report = try #require(store.storedReports.first)
            let nonBlank = Set(SourceText(content).lines.filter { !$0.isBlank }.map(\.number))
            let missing = nonBlank.subtracting(coveredLines(report)).sorted()
            #expect(missing.isEmpty, "\(name) of \(URL(fileURLWithPath: path).lastPathComponent): lines \(missing.prefix(10)) are in no element and not unparsed")
        }
    }
}

@Suite("Demo corpus")
struct DemoCorpusTests {
    @Test func foundFromAnyDirectoryThroughTheRepository() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let corpus = try DemoCorpus.locate(currentDirectory: directory.url.path, executable: nil)
        #expect(corpus.standardizedFileURL.path == Corpus.packageRoot.appendingPathComponent("corpus").standardizedFileURL.path)
        #expect(DemoCorpus.files(in: corpus).map { URL(fileURLWithPath: $0).lastPathComponent } == [
            "000_47f71a321a7ee5e2.txt", "001_521a0fc67669dddb.txt", "002_3ec3fed686115a88.txt", "003_3c0173e389cd5384.txt",
            "004_d473122111bbb5a2.part1.txt", "004_d473122111bbb5a2.part2.txt",
        ])
        #expect(DemoCorpus.pdfFiles(in: corpus).map { URL(fileURLWithPath: $0).lastPathComponent } == [
            "bluebook-2025-ch1.pdf", "sti-whitepaper-r6-ch1.pdf", "sti-whitepaper-r6-ch2.pdf", "sti-whitepaper-r6-ch3.pdf",
        ])
    }

    @Test func corpusInTheCurrentDirectoryComesFirst() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.path("corpus"), withIntermediateDirectories: true)
        try directory.write("corpus/b.txt", "b\n")
        try directory.write("corpus/a.txt", "a\n")
        try directory.write("corpus/notes.md", "not a report\n")
        let corpus = try DemoCorpus.locate(currentDirectory: directory.url.path, executable: nil)
        #expect(DemoCorpus.files(in: corpus) == [directory.path("corpus/a.txt"), directory.path("corpus/b.txt")])
    }
}

@Suite("Importing in batches")
struct BatchImportTests {
    /// Ten small files with distinct contents, named 00.txt … 09.txt.
    private func files(in directory: TemporaryDirectory, count: Int = 10) throws -> [String] {
        try (0..<count).map { index in try directory.write(String(format: "%02d.txt", index), "本文\(index)\n") }
    }

    @Test func eachBatchIsOneTransactionAndOrderIsKept() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let paths = try files(in: directory)
        let store = InMemoryStore()
        let report = try await Importer(store: store).importFiles(paths, batchSize: 4)
        #expect(store.numberOfSaveCalls == 3, "10 files in batches of 4: 4 + 4 + 2")
        #expect(report.entries.map(\.path) == paths, "parallel recognition keeps the order given")
        #expect(store.storedReports.map(\.source) == paths.map { URL(fileURLWithPath: $0).lastPathComponent })
    }

    @Test("Several batches are saved as one bulk load of the store; one batch is a save alone")
    func batchesAreOneBulkLoad() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let paths = try files(in: directory)
        let batched = InMemoryStore()
        try await Importer(store: batched).importFiles(paths, batchSize: 4)
        #expect(batched.bulkLoads == (loads: 1, saves: 3), "the three saves inside one load")
        let whole = InMemoryStore()
        try await Importer(store: whole).importFiles(paths, batchSize: 10)
        #expect(whole.bulkLoads == (loads: 0, saves: 0))
        #expect(whole.numberOfSaveCalls == 1)
    }

    @Test func aBadFileStopsAtItsBatchAndKeepsTheBatchesBefore() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var paths = try files(in: directory, count: 6)
        let bad = try directory.write("bad.txt", [0xFF, 0xFE, 0x00])
        paths.insert(bad, at: 4)
        let store = InMemoryStore()
        let error = try await #require(throws: ImportError.self) { try await Importer(store: store).importFiles(paths, batchSize: 3) }
        #expect(error.path == bad)
        #expect(store.storedReports.map(\.source) == ["00.txt", "01.txt", "02.txt"], "the first batch was saved, the failing one was not")
    }

    @Test func duplicatesAreFoundAcrossBatches() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try directory.write("a.txt", "同じ本文\n")
        let filler = try directory.write("b.txt", "別\n")
        let copy = try directory.write("c.txt", "同じ本文\n")
        let store = InMemoryStore()
        let report = try await Importer(store: store).importFiles([first, filler, copy], keepGoing: true, batchSize: 2)
        #expect(report.failures.map(\.error) == [.duplicateContent(path: copy, sameAs: first)])
        #expect(report.entries.map(\.source) == ["a.txt", "b.txt"])
    }
}
