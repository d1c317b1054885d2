import Foundation
import HyokaAccounts
import HyokaAuthoring
import HyokaStore
import PostgresNIO

extension PostgresSchema {
    /// v7, as SQLite's migration of the same name: one row per version, the
    /// draft as JSON, and a trigger that refuses to change or delete a published version.
    static let draftsMigration = Migration(identifier: "v7: drafts — versions of evaluations being written, their states and comments", statements: [
        """
        CREATE TABLE draft (
            id text COLLATE "C" NOT NULL, version bigint NOT NULL,
            ministry text NOT NULL, state text NOT NULL, continues text, created_by text NOT NULL,
            draft_json text NOT NULL, written bigserial,
            PRIMARY KEY (id, version)
        )
        """,
        "CREATE INDEX draft_by_ministry ON draft (ministry)",
        """
        CREATE FUNCTION draft_published_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.state = 'published' THEN RAISE EXCEPTION 'a published version is immutable'; END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$
        """,
        "CREATE TRIGGER draft_published_no_change BEFORE UPDATE OR DELETE ON draft FOR EACH ROW EXECUTE FUNCTION draft_published_immutable()",
    ])
}

extension PostgresStore: DraftStore {
    public func insertDraft(_ draft: Draft, audit: [AuditEvent]) async throws {
        let json = try DraftJSON.encode(draft)
        try await draftWriting("storing draft \(draft.id)") { connection in
            let existing = try await self.rows("SELECT 1 FROM draft WHERE id = \(draft.id) AND version = \(draft.version)", on: connection)
            if !existing.isEmpty {
                throw DraftError(.state, ja: "\(draft.id) の第\(draft.version)版は既にある。", en: "Version \(draft.version) of \(draft.id) exists already.")
            }
            try await connection.query("""
                INSERT INTO draft (id, version, ministry, state, continues, created_by, draft_json)
                VALUES (\(draft.id), \(draft.version), \(draft.ministry), \(draft.state.rawValue), \(draft.continues), \(draft.createdBy), \(json))
                """, logger: self.logger)
            for event in audit { try await self.append(event, on: connection) }
        }
    }

    public func updateDraft(_ draft: Draft, audit: [AuditEvent]) async throws {
        let json = try DraftJSON.encode(draft)
        // A version being published is made a document (and reviewed) before the transaction, as an import is.
        let published = try draft.state == .published ? Publication.storedDocument(draft) : nil
        try await draftWriting("storing draft \(draft.id)") { connection in
            // FOR UPDATE: two writers of one version take turns, so that neither overwrites the other's published state.
            let rows = try await self.rows("SELECT state FROM draft WHERE id = \(draft.id) AND version = \(draft.version) FOR UPDATE", on: connection)
            guard let state = try rows.first?["state"].decode(String.self) else {
                throw DraftError(.notFound, ja: "下書き \(draft.id) の第\(draft.version)版はない。", en: "There is no version \(draft.version) of \(draft.id).")
            }
            guard state != DraftState.published.rawValue else { throw DraftError.immutable(draft) }
            try await connection.query("""
                UPDATE draft SET ministry = \(draft.ministry), state = \(draft.state.rawValue), continues = \(draft.continues), draft_json = \(json)
                WHERE id = \(draft.id) AND version = \(draft.version)
                """, logger: self.logger)
            if let published {
                // Published, the version joins the public pages, search and exports as an imported document, in the same transaction.
                _ = try await PostgresWriter(connection: connection, logger: self.logger).save([published])
            }
            for event in audit { try await self.append(event, on: connection) }
        }
    }

    public func draft(id: String, version: Int?) async throws -> Draft? {
        try await draftsPerform("reading draft \(id)") {
            let rows: [PostgresRandomAccessRow]
            if let version {
                rows = try await self.rows("SELECT draft_json FROM draft WHERE id = \(id) AND version = \(version)")
            } else {
                rows = try await self.rows("SELECT draft_json FROM draft WHERE id = \(id) ORDER BY version DESC LIMIT 1")
            }
            return try rows.first.map { try DraftJSON.decode(try $0["draft_json"].decode(String.self)) }
        }
    }

    public func draftVersions(id: String) async throws -> [Draft] {
        try await draftsPerform("reading the versions of \(id)") {
            try await self.rows("SELECT draft_json FROM draft WHERE id = \(id) ORDER BY version").map(Self.draft)
        }
    }

    public func drafts(ministry: String?) async throws -> [Draft] {
        try await draftsPerform("listing drafts") {
            try await self.rows("""
                SELECT d.draft_json FROM draft d
                WHERE (\(ministry)::text IS NULL OR d.ministry = \(ministry))
                  AND NOT EXISTS (SELECT 1 FROM draft later WHERE later.id = d.id AND later.version > d.version)
                ORDER BY d.written DESC
                """).map(Self.draft)
        }
    }

    public func publishedDrafts() async throws -> [Draft] {
        try await draftsPerform("listing published drafts") {
            try await self.rows("SELECT draft_json FROM draft WHERE state = \(DraftState.published.rawValue) ORDER BY id, version").map(Self.draft)
        }
    }

    static func draft(_ row: PostgresRandomAccessRow) throws -> Draft {
        try DraftJSON.decode(try row["draft_json"].decode(String.self))
    }

    /// Runs `body` in a transaction on one connection: the draft and its audit entries are written together or not at all.
    private func draftWriting<T: Sendable>(_ doing: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await writing(passing: DraftError.self, doing, body)
    }

    /// As `perform`, letting `DraftError`s through: they say what was asked wrong, not what the database did.
    private func draftsPerform<T>(_ doing: String, _ body: () async throws -> T) async throws -> T {
        try await perform(passing: DraftError.self, doing, body)
    }
}
