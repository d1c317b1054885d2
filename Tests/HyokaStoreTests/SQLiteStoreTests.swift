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

@Suite("SQLite store")
struct SQLiteStoreTests {
    @Test("A saved report reads back equal to what was saved")
    func roundTrip() async throws {
        let store = try SQLiteStore.inMemory()
        let report = sampleReport()
        #expect(try await store.save([StoredDocument(report: report, sourceText: "原文\n")]) == [.inserted])
        #expect(try await store.report(matching: report.id) == report)
        #expect(try await store.report(matching: "sample.txt") == report)
        #expect(try await store.sourceText(documentID: report.id) == "原文\n")
    }

    @Test("A real recognised report survives the round trip")
    func corpusRoundTrip() async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("corpus/002_3ec3fed686115a88.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        let report = ReportRecognizer().recognize(SourceText(text), id: "abcdabcdabcdabcd", sourceName: "002.txt", contentHash: "h")
        let store = try SQLiteStore.inMemory()
        try await store.save([StoredDocument(report: report, sourceText: text)])
        #expect(try await store.report(matching: "abcd") == report)
        let goals = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM goal WHERE kind = 'goal' AND cycle = 'current'") }
        #expect(goals == 36)
        let jpo = try store.read { db in
            try Double.fetchAll(db, sql: """
                SELECT p.value FROM series_point p JOIN series s ON s.id = p.series_id
                WHERE s.title LIKE 'JPO%' ORDER BY p.ordinal
                """)
        }
        #expect(jpo == [85.2, 78.6, 72.7, 82.7])
    }

    @Test("Re-importing a new version of the same file replaces it, projections included")
    func replaceBySource() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.save([StoredDocument(report: sampleReport(), sourceText: "v1")])
        let newer = sampleReport(id: "fedcba9876543210", title: "改訂版")
        #expect(try await store.save([StoredDocument(report: newer, sourceText: "v2")]) == [.replaced])
        #expect(try await store.summaries().map(\.id) == ["fedcba9876543210"])
        let policies = try store.read { db in try String.fetchAll(db, sql: "SELECT title FROM policy") }
        #expect(policies == ["改訂版"])
        let points = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM series_point") }
        #expect(points == 3)
    }

    @Test("The same content again is unchanged, not duplicated")
    func unchanged() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.save([StoredDocument(report: sampleReport(), sourceText: "v1")])
        #expect(try await store.save([StoredDocument(report: sampleReport(), sourceText: "v1")]) == [.unchanged])
        #expect(try await store.summaries().count == 1)
    }

    @Test("A batch is stored whole or not at all")
    func atomicBatch() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.save([StoredDocument(report: sampleReport(), sourceText: "v1")])
        var broken = sampleReport(id: "1111111111111111", source: "broken.txt")
        broken.policies[0].fields[0].series[0].points[0].value = .nan // JSON cannot encode NaN
        let good = sampleReport(id: "2222222222222222", source: "good.txt")
        await #expect(throws: (any Error).self) {
            try await store.save([StoredDocument(report: good, sourceText: "g"), StoredDocument(report: broken, sourceText: "b")])
        }
        #expect(try await store.summaries().map(\.source) == ["sample.txt"])
    }

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

    @Test("Summaries count what each document holds")
    func summaries() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.save([StoredDocument(report: sampleReport(), sourceText: "x")])
        let summary = try #require(try await store.summaries().first)
        #expect(summary.policyCount == 1)
        #expect(summary.fieldCount == 1)
        #expect(summary.seriesCount == 1)
        #expect(summary.unparsedLineCount == 2)
        #expect(summary.published == CalendarDate(year: 2024, month: 8))
        #expect(summary.layout == .mofaSheet)
    }

    @Test("Id prefixes find documents; an ambiguous prefix is an error that lists the candidates")
    func prefixes() async throws {
        let store = try SQLiteStore.inMemory()
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
