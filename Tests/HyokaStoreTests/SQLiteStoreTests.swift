import Foundation
import GRDB
import HyokaModel
import HyokaRecognition
import HyokaText
import Testing
@testable import HyokaStore

/// A small report built by hand, with every kind of period and a non-numeric point.
func sampleReport(id: String = "0123456789abcdef", source: String = "sample.txt", title: String = "テスト施策") -> EvaluationReport {
    var report = EvaluationReport(id: id, source: source, contentHash: id + id, kind: .evaluation, layout: .mofaSheet,
                                  ministry: "外務省", title: title, published: CalendarDate(year: 2024, month: 8), lineCount: 40)
    var field = Field(number: 1, title: "分野, with \"quotes\"", goals: [Goal(number: 1, text: "目標を達成する。", cycle: .current, line: 3, endLine: 3)], line: 2, endLine: 30)
    field.series = [Indicator(title: "JPO定着率", unit: "%", role: .reference, points: [
        SeriesPoint(period: .fiscalYear(2020), kind: .actual, value: 85.2, text: "85.2%", line: 10, endLine: 10),
        SeriesPoint(period: .year(2021), kind: .actual, value: nil, text: "公表予定", line: 10, endLine: 10),
        SeriesPoint(period: .asOf(CalendarDate(year: 2025, month: 4)), kind: .target, value: 1_456_0000, text: "約1,456万人", approximate: true, line: 11, endLine: 11),
    ], line: 9, endLine: 11)]
    report.policies = [Policy(level: .measure, title: title, fields: [field],
                              budget: [Budget(group: "measure", label: "予算の状況", kind: .budget, fiscalYear: 2021, amount: 3223, text: "3,223", unit: "百万円", line: 20, endLine: 20)],
                              expertComments: [ExpertOpinion(text: "個別分野1で…", field: 1, line: 25, endLine: 26)], line: 1, endLine: 40)]
    report.unparsed = [TextBlock(text: "残り", line: 38, endLine: 39)]
    return report
}

/// The behaviour every store shares, run against each kind of store.
@Suite("Store (SQLite and PostgreSQL)")
struct StoreTests {
    @Test("A saved report reads back equal to what was saved", arguments: StoreKind.available)
    func roundTrip(kind: StoreKind) async throws {
        try await kind.withEmptyStore { store async throws in
            let report = sampleReport()
            #expect(try await store.save([StoredDocument(report: report, sourceText: "原文\n")]) == [.inserted])
            #expect(try await store.report(matching: report.id) == report)
            #expect(try await store.report(matching: "sample.txt") == report)
            #expect(try await store.sourceText(documentID: report.id) == "原文\n")
        }
    }

    @Test("A real recognised report survives the round trip", arguments: StoreKind.available)
    func corpusRoundTrip(kind: StoreKind) async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("corpus/002_3ec3fed686115a88.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        let report = ReportRecognizer().recognize(SourceText(text), id: "abcdabcdabcdabcd", sourceName: "002.txt", contentHash: "h")
        try await kind.withEmptyStore { store async throws in
            try await store.save([StoredDocument(report: report, sourceText: text)])
            #expect(try await store.report(matching: "abcd") == report)
            let goals = try await store.integers("SELECT COUNT(*) FROM goal WHERE kind = 'goal' AND cycle = 'current'")
            #expect(goals == [36])
            let jpo = try await store.doubles("""
                SELECT p.value FROM series_point p JOIN series s ON s.id = p.series_id
                WHERE s.title LIKE 'JPO%' ORDER BY p.ordinal
                """)
            #expect(jpo == [85.2, 78.6, 72.7, 82.7])
        }
    }

    @Test("Re-importing a new version of the same file replaces it, projections included", arguments: StoreKind.available)
    func replaceBySource(kind: StoreKind) async throws {
        try await kind.withEmptyStore { store async throws in
            try await store.save([StoredDocument(report: sampleReport(), sourceText: "v1")])
            let newer = sampleReport(id: "fedcba9876543210", title: "改訂版")
            #expect(try await store.save([StoredDocument(report: newer, sourceText: "v2")]) == [.replaced])
            #expect(try await store.summaries().map(\.id) == ["fedcba9876543210"])
            #expect(try await store.strings("SELECT title FROM policy") == ["改訂版"])
            #expect(try await store.integers("SELECT COUNT(*) FROM series_point") == [3])
        }
    }

    @Test("The same content again is unchanged, not duplicated", arguments: StoreKind.available)
    func unchanged(kind: StoreKind) async throws {
        try await kind.withEmptyStore { store async throws in
            try await store.save([StoredDocument(report: sampleReport(), sourceText: "v1")])
            #expect(try await store.save([StoredDocument(report: sampleReport(), sourceText: "v1")]) == [.unchanged])
            #expect(try await store.summaries().count == 1)
        }
    }

    @Test("Within one batch, a later document replaces an earlier one as if saved one after another", arguments: StoreKind.available)
    func replaceWithinBatch(kind: StoreKind) async throws {
        try await kind.withEmptyStore { store async throws in
            try await store.save([StoredDocument(report: sampleReport(id: "1111111111111111", source: "a.txt"), sourceText: "a")])
            let outcomes = try await store.save([
                StoredDocument(report: sampleReport(id: "2222222222222222", source: "a.txt"), sourceText: "a2"),
                StoredDocument(report: sampleReport(id: "3333333333333333", source: "b.txt"), sourceText: "b"),
                StoredDocument(report: sampleReport(id: "3333333333333333", source: "b.txt"), sourceText: "b"),
                StoredDocument(report: sampleReport(id: "4444444444444444", source: "b.txt"), sourceText: "b2"),
            ])
            #expect(outcomes == [.replaced, .inserted, .unchanged, .replaced])
            #expect(try await store.summaries().map(\.id) == ["2222222222222222", "4444444444444444"])
            #expect(try await store.integers("SELECT COUNT(*) FROM policy") == [2])
        }
    }

    @Test("A batch is stored whole or not at all", arguments: StoreKind.available)
    func atomicBatch(kind: StoreKind) async throws {
        try await kind.withEmptyStore { store async throws in
            try await store.save([StoredDocument(report: sampleReport(), sourceText: "v1")])
            var broken = sampleReport(id: "1111111111111111", source: "broken.txt")
            broken.policies[0].fields[0].series[0].points[0].value = .nan // JSON cannot encode NaN
            let good = sampleReport(id: "2222222222222222", source: "good.txt")
            await #expect(throws: (any Error).self) {
                try await store.save([StoredDocument(report: good, sourceText: "g"), StoredDocument(report: broken, sourceText: "b")])
            }
            #expect(try await store.summaries().map(\.source) == ["sample.txt"])
        }
    }

    @Test("A failure inside the database in the middle of a batch rolls back everything the batch wrote", arguments: StoreKind.available)
    func rollbackInDatabase(kind: StoreKind) async throws {
        try await kind.withEmptyStore { store async throws in
            try await store.save([StoredDocument(report: sampleReport(id: "0000000000000001", source: "kept.txt"), sourceText: "0")])
            let hitsBefore = try await store.search(SearchQuery("目標"))
            let passagesBefore = try await store.integers("SELECT COUNT(*) FROM passage")
            #expect(passagesBefore.first ?? 0 > 2, "the kept document's text, its indicator's title and values")
            try await store.refusePassages(ofDocument: "2222222222222222")
            let first = sampleReport(id: "1111111111111111", source: "first.txt")
            let second = sampleReport(id: "2222222222222222", source: "second.txt")
            let replacing = sampleReport(id: "3333333333333333", source: "kept.txt")
            await #expect(throws: (any Error).self) {
                try await store.save([first, replacing, second].map { StoredDocument(report: $0, sourceText: "x") })
            }
            #expect(try await store.summaries().map(\.id) == ["0000000000000001"], "the replaced document is back, nothing new stayed")
            #expect(try await store.integers("SELECT COUNT(*) FROM policy") == [1])
            #expect(try await store.integers("SELECT COUNT(*) FROM series_point") == [3])
            #expect(try await store.integers("SELECT COUNT(*) FROM passage") == passagesBefore)
            #expect(try await store.search(SearchQuery("目標")) == hitsBefore, "the search index and its statistics are as before")
        }
    }

    @Test("Summaries count what each document holds", arguments: StoreKind.available)
    func summaries(kind: StoreKind) async throws {
        try await kind.withEmptyStore { store async throws in
            try await store.save([StoredDocument(report: sampleReport(), sourceText: "x")])
            let summary = try #require(try await store.summaries().first)
            #expect(summary.policyCount == 1)
            #expect(summary.fieldCount == 1)
            #expect(summary.seriesCount == 1)
            #expect(summary.unparsedLineCount == 2)
            #expect(summary.published == CalendarDate(year: 2024, month: 8))
            #expect(summary.layout == .mofaSheet)
        }
    }

    @Test("Documents are listed in byte order of their file names, whatever the database's locale", arguments: StoreKind.available)
    func sourceOrder(kind: StoreKind) async throws {
        try await kind.withEmptyStore { store async throws in
            let names = ["b.txt", "B.txt", "a.txt", "_x.txt", "評価.txt", "Z.txt"]
            try await store.save(names.enumerated().map { index, name in
                StoredDocument(report: sampleReport(id: String(repeating: String(index), count: 16), source: name), sourceText: "")
            })
            #expect(try await store.summaries().map(\.source) == ["B.txt", "Z.txt", "_x.txt", "a.txt", "b.txt", "評価.txt"])
            #expect(try await store.allReports().map(\.source) == ["B.txt", "Z.txt", "_x.txt", "a.txt", "b.txt", "評価.txt"])
        }
    }

    @Test("Id prefixes find documents; an ambiguous prefix is an error that lists the candidates", arguments: StoreKind.available)
    func prefixes(kind: StoreKind) async throws {
        try await kind.withEmptyStore { store async throws in
            try await store.save([
                StoredDocument(report: sampleReport(id: "abcd000000000001", source: "a.txt"), sourceText: ""),
                StoredDocument(report: sampleReport(id: "abcd000000000002", source: "b.txt"), sourceText: ""),
            ])
            #expect(try await store.report(matching: "abcd0000000000020")?.id == nil)
            #expect(try await store.report(matching: "abcd000000000002")?.source == "b.txt")
            await #expect(throws: StoreError.ambiguousReference("abcd", candidates: ["abcd000000000001", "abcd000000000002"])) {
                try await store.report(matching: "abcd")
            }
            #expect(try await store.report(matching: "abc") == nil, "fewer than four characters is not a prefix")
            #expect(try await store.report(matching: "ab%") == nil, "LIKE wildcards are taken literally")
            #expect(try await store.report(matching: "ABCD000000000002")?.id == "abcd000000000002", "ASCII letters match in either case")
            #expect(try await store.report(matching: "B.t")?.source == "b.txt", "file-name prefixes too")
        }
    }

    @Test("Confirmed evidence links are kept once, per document, in line order", arguments: StoreKind.available)
    func confirmedLinks(kind: StoreKind) async throws {
        try await kind.withEmptyStore { store async throws in
            let link = EvidenceLink(document: "0020000000000000", line: 1501, quantityText: "918人", evidenceDocument: "0030000000000000",
                                    evidenceLine: 1468, evidenceText: "918人が…", reason: "same value and unit", score: 0.9)
            var earlier = link
            earlier.line = 12
            var other = link
            other.document = "0040000000000000"
            try await store.confirm(link)
            try await store.confirm(link)
            try await store.confirm(earlier)
            try await store.confirm(other)
            #expect(try await store.confirmedLinks(documentID: "0020000000000000") == [earlier, link])
            #expect(try await store.confirmedLinks(documentID: nil) == [earlier, link, other])
            var restated = link
            restated.reason = "restated"
            try await store.confirm(restated)
            #expect(try await store.confirmedLinks(documentID: "0020000000000000").last?.reason == "restated")
        }
    }
}

/// What only the SQLite store has: files, folders, and SQLite triggers.
@Suite("SQLite store")
struct SQLiteStoreTests {
    @Test("A failure in the middle of the transaction rolls back the documents already written")
    func rollback() async throws {
        let store = try SQLiteStore.inMemory()
        try store.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON document WHEN NEW.source = 'second.txt' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        let first = sampleReport(id: "1111111111111111", source: "first.txt")
        let second = sampleReport(id: "2222222222222222", source: "second.txt")
        await #expect(throws: (any Error).self) {
            try await store.save([StoredDocument(report: first, sourceText: "1"), StoredDocument(report: second, sourceText: "2")])
        }
        #expect(try await store.summaries().isEmpty)
        let rows = try store.read { db in try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM policy) + (SELECT COUNT(*) FROM passage) + (SELECT COUNT(*) FROM series_point)") }
        #expect(rows == 0, "no projection of the first document survives")
    }

    @Test("A database written by a newer Hyoka is refused, not migrated")
    func newerSchema() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("future.sqlite").path
        try SQLiteStore(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        #expect(throws: StoreError.cannotOpen(path: path, reason: "it was written by a newer version of Hyoka; upgrade Hyoka to open it")) {
            try SQLiteStore(path: path)
        }
    }

    @Test("A database on disk persists across opens")
    func onDisk() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("hyoka.sqlite").path
        try await SQLiteStore(path: path).save([StoredDocument(report: sampleReport(), sourceText: "x")])
        #expect(try await SQLiteStore(path: path).summaries().count == 1)
    }

    @Test("A new database has 16 KiB pages; one made with 4 KiB pages keeps them and opens")
    func pageSize() async throws {
        try await StoredReviewTests.withDatabaseFile { path in
            try await SQLiteStore(path: path).save([StoredDocument(report: sampleReport(), sourceText: "x")])
            #expect(try SQLiteStore(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 16384)
        }
        // A store from before: its pages stay as they are, and it reads and writes as before.
        try await StoredReviewTests.withDatabaseFile { older in
            try await DatabaseQueue(path: older).write { db in
                try db.execute(sql: "PRAGMA page_size = 4096")
                try db.execute(sql: "CREATE TABLE placeholder (x)")
                try db.execute(sql: "DROP TABLE placeholder")
            }
            try await SQLiteStore(path: older).save([StoredDocument(report: sampleReport(), sourceText: "x")])
            #expect(try SQLiteStore(path: older).read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 4096)
            #expect(try await SQLiteStore(path: older).summaries().count == 1)
        }
    }

    @Test("Paths that cannot hold a database give a clear error naming the path")
    func cannotOpen() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let regularFile = folder.appendingPathComponent("file.txt")
        try Data("not a database, just text that is long enough to have a header".utf8).write(to: regularFile)

        let cases: [(String, String)] = [
            (folder.appendingPathComponent("missing/hyoka.sqlite").path, "does not exist"),
            (regularFile.appendingPathComponent("hyoka.sqlite").path, "is a file, not a folder"),
            (folder.path, "is a folder"),
            (regularFile.path, "not an SQLite database"),
        ]
        for (path, reason) in cases {
            do {
                _ = try SQLiteStore(path: path)
                Issue.record("opening \(path) should fail")
            } catch let error as StoreError {
                #expect(error.description.contains(path))
                #expect(error.description.contains(reason), "\(error)")
            }
        }
    }
}
