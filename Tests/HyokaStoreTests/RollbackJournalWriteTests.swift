import Foundation
import GRDB
import HyokaModel
import Synchronization
import Testing
@testable import HyokaStore

/// An import's feed is written with a rollback journal when nothing else has
/// the file open, through the WAL otherwise; either way it is atomic, and
/// the file is left in WAL mode.
@Suite("SQLite: an import written without the write-ahead log when it has the file to itself")
struct RollbackJournalWriteTests {
    private static let importedAt = "2026-12-05T00:00:00Z"

    private static func documents() throws -> [PreparedDocument] {
        try Corpus.documents().prefix(3).map { try PreparedDocument($0, importedAt: importedAt) }
    }

    private static func journalMode(_ path: String) throws -> String? {
        try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
    }

    private static func documentCount(_ path: String) throws -> Int? {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM document") }
    }

    /// What another process would see when it opens the file and reads: the
    /// documents it finds, or "locked".
    private static func readByAnotherConnection(_ path: String) -> String {
        do {
            return "\(try documentCount(path) ?? -1) documents"
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            return "locked"
        } catch {
            return "\(error)"
        }
    }

    @Test("Alone with the file: no WAL during the write, other connections told it is locked, WAL mode again after")
    func alone() async throws {
        try await StoredReviewTests.withDatabaseFile { path in
            let store = try SQLiteStore(path: path)
            // The pool's own reader, left open by a read before, is closed for the write rather than counted as another connection.
            #expect(try await store.summaries().isEmpty)
            let seen = Mutex<[String]>([])
            let feed = ArrayFeed(try Self.documents()) { index in
                guard index == 1 else { return }
                let wal = FileManager.default.fileExists(atPath: path + "-wal") ? "a -wal file" : "no -wal file"
                seen.withLock { $0 += [wal, Self.readByAnotherConnection(path)] }
            }
            #expect(try await store.save(feed: feed) == [.inserted, .inserted, .inserted])
            #expect(seen.withLock { $0 } == ["no -wal file", "locked"])
            #expect(try Self.journalMode(path) == "wal")
            #expect(Self.readByAnotherConnection(path) == "3 documents")
            #expect(try await store.search(SearchQuery("外交")).isEmpty == false)
        }
    }

    @Test("With another connection open: the write goes through the WAL, and the other reads what was committed before")
    func shared() async throws {
        try await StoredReviewTests.withDatabaseFile { path in
            let store = try SQLiteStore(path: path)
            let other = try SQLiteStore(path: path)
            let seen = Mutex<[String]>([])
            let feed = ArrayFeed(try Self.documents()) { index in
                guard index == 1 else { return }
                let wal = FileManager.default.fileExists(atPath: path + "-wal") ? "a -wal file" : "no -wal file"
                let count = try other.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM document") } ?? -1
                seen.withLock { $0 += [wal, "\(count) documents"] }
            }
            #expect(try await store.save(feed: feed) == [.inserted, .inserted, .inserted])
            #expect(seen.withLock { $0 } == ["a -wal file", "0 documents"])
            #expect(try await other.summaries().count == 3)
            #expect(try Self.journalMode(path) == "wal")
        }
    }

    @Test("A feed that fails part way leaves what was stored before, and the file in WAL mode, readable by others")
    func failure() async throws {
        struct BadFile: Error {}
        try await StoredReviewTests.withDatabaseFile { path in
            let store = try SQLiteStore(path: path)
            let documents = try Self.documents()
            try await store.save(prepared: [documents[0]])
            // The second document of the feed is written before the third fails.
            let feed = ArrayFeed(Array(documents[1...])) { index in if index == 1 { throw BadFile() } }
            await #expect(throws: BadFile.self) { try await store.save(feed: feed) }
            #expect(try Self.journalMode(path) == "wal")
            #expect(Self.readByAnotherConnection(path) == "1 documents")
            #expect(try await store.summaries().map(\.id) == [documents[0].document.report.id])
            #expect(try await store.save(feed: ArrayFeed(Array(documents[1...]))) == [.inserted, .inserted], "the store writes on")
        }
    }
}
