import Foundation
import GRDB
import HyokaAccounts
import HyokaAuthoring

extension SQLiteStore {
    /// v7: drafts. A version is one row, the `Draft` as JSON beside the
    /// columns it is looked up by (ministry, state). A published version is
    /// immutable, and the database says so too: triggers refuse to change or
    /// delete it, whatever program writes the SQL.
    static func registerDraftMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7: drafts — versions of evaluations being written, their states and comments") { db in
            try db.create(table: "draft") { table in
                table.column("id", .text).notNull()
                table.column("version", .integer).notNull()
                table.column("ministry", .text).notNull().indexed()
                table.column("state", .text).notNull()
                table.column("continues", .text)
                table.column("created_by", .text).notNull()
                table.column("draft_json", .text).notNull()
                table.primaryKey(["id", "version"])
            }
            try db.execute(sql: """
                CREATE TRIGGER draft_published_no_update BEFORE UPDATE ON draft WHEN OLD.state = 'published'
                BEGIN SELECT RAISE(ABORT, 'a published version is immutable'); END
                """)
            try db.execute(sql: """
                CREATE TRIGGER draft_published_no_delete BEFORE DELETE ON draft WHEN OLD.state = 'published'
                BEGIN SELECT RAISE(ABORT, 'a published version is immutable'); END
                """)
        }
    }
}

extension SQLiteStore: DraftStore {
    public func insertDraft(_ draft: Draft, audit: [AuditEvent]) async throws {
        let json = try DraftJSON.encode(draft)
        try await database.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM draft WHERE id = ? AND version = ?", arguments: [draft.id, draft.version]) != nil {
                throw DraftError(.state, ja: "\(draft.id) の第\(draft.version)版は既にある。", en: "Version \(draft.version) of \(draft.id) exists already.")
            }
            try db.execute(sql: """
                INSERT INTO draft (id, version, ministry, state, continues, created_by, draft_json) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [draft.id, draft.version, draft.ministry, draft.state.rawValue, draft.continues, draft.createdBy, json])
            for event in audit { _ = try Self.append(event, in: db) }
        }
    }

    public func updateDraft(_ draft: Draft, audit: [AuditEvent]) async throws {
        let json = try DraftJSON.encode(draft)
        // A version being published is made a document (and reviewed) before the transaction, as an import is.
        let published = try draft.state == .published ? Publication.storedDocument(draft) : nil
        try await database.write { db in
            guard let state = try String.fetchOne(db, sql: "SELECT state FROM draft WHERE id = ? AND version = ?", arguments: [draft.id, draft.version]) else {
                throw DraftError(.notFound, ja: "下書き \(draft.id) の第\(draft.version)版はない。", en: "There is no version \(draft.version) of \(draft.id).")
            }
            guard state != DraftState.published.rawValue else { throw DraftError.immutable(draft) }
            try db.execute(sql: "UPDATE draft SET ministry = ?, state = ?, continues = ?, draft_json = ? WHERE id = ? AND version = ?",
                           arguments: [draft.ministry, draft.state.rawValue, draft.continues, json, draft.id, draft.version])
            if let published {
                // Published, the version joins the public pages, search and exports as an imported document, in the same transaction.
                var writer = SQLiteRowWriter(db)
                _ = try Self.save(published, with: &writer, in: db)
            }
            for event in audit { _ = try Self.append(event, in: db) }
        }
    }

    public func draft(id: String, version: Int?) async throws -> Draft? {
        try await database.read { db in
            let json: String?
            if let version {
                json = try String.fetchOne(db, sql: "SELECT draft_json FROM draft WHERE id = ? AND version = ?", arguments: [id, version])
            } else {
                json = try String.fetchOne(db, sql: "SELECT draft_json FROM draft WHERE id = ? ORDER BY version DESC LIMIT 1", arguments: [id])
            }
            return try json.map(DraftJSON.decode)
        }
    }

    public func draftVersions(id: String) async throws -> [Draft] {
        try await database.read { db in
            try String.fetchAll(db, sql: "SELECT draft_json FROM draft WHERE id = ? ORDER BY version", arguments: [id]).map(DraftJSON.decode)
        }
    }

    public func drafts(ministry: String?) async throws -> [Draft] {
        try await database.read { db in
            // The latest version of each draft: no later version of the same id exists.
            try String.fetchAll(db, sql: """
                SELECT d.draft_json FROM draft d
                WHERE (? IS NULL OR d.ministry = ?)
                  AND NOT EXISTS (SELECT 1 FROM draft later WHERE later.id = d.id AND later.version > d.version)
                ORDER BY d.rowid DESC
                """, arguments: [ministry, ministry]).map(DraftJSON.decode)
        }
    }

    public func publishedDrafts() async throws -> [Draft] {
        try await database.read { db in
            try String.fetchAll(db, sql: "SELECT draft_json FROM draft WHERE state = ? ORDER BY id, version",
                                arguments: [DraftState.published.rawValue]).map(DraftJSON.decode)
        }
    }
}

/// A draft as both stores keep it: JSON with sorted keys, so that the same
/// draft is always the same text.
public enum DraftJSON {
    public static func encode(_ draft: Draft) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(draft), as: UTF8.self)
    }

    public static func decode(_ json: String) throws -> Draft {
        try JSONDecoder().decode(Draft.self, from: Data(json.utf8))
    }
}
