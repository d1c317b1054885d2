import Foundation
import HyokaAccounts
import HyokaPostgres
import HyokaTestSupport
@testable import HyokaStore
import Testing
@testable import HyokaAuthoring

/// The stores the draft tests run against: SQLite always, PostgreSQL when
/// `HYOKA_TEST_POSTGRES_URL` names a server (`eval "$(scripts/postgres-test-cluster.sh start)"`).
enum DraftStoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static let postgresURL = TestPostgres.url
    static let postgresEnabled = ConditionTrait.enabled(if: postgresURL != nil, Comment(rawValue: TestPostgres.skipReason))

    var testDescription: String { self == .sqlite ? "SQLite" : "PostgreSQL" }

    /// Runs `body` with an empty store of this kind, and a way to run SQL on it directly.
    func withStore(_ body: (any DraftStore & AccountStore & EvaluationStore, _ rawSQL: @escaping (String) async throws -> Void) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let store = try SQLiteStore.inMemory()
            try await body(store) { sql in try await store.database.write { db in try db.execute(sql: sql) } }
        case .postgres:
            let url = try #require(Self.postgresURL)
            let schema = TestPostgres.newSchemaName()
            try await PostgresStore.withStore(url: TestPostgres.parameterized(url, adding: ["schema=\(schema)"])) { store in
                do {
                    try await body(store) { sql in try await store.execute(sql) }
                    try await store.execute("DROP SCHEMA \(schema) CASCADE")
                } catch {
                    try? await store.execute("DROP SCHEMA \(schema) CASCADE")
                    throw error
                }
            }
        }
    }
}

@Suite("Draft storage and the whole workflow on each store")
struct DraftStoreTests {
    static func service(_ store: any DraftStore) -> DraftService {
        DraftService(store: store, now: { noon }, newID: { "d1" })
    }

    func run(_ kind: DraftStoreKind, _ body: @escaping (any DraftStore & AccountStore & EvaluationStore, DraftService, @escaping (String) async throws -> Void) async throws -> Void) async throws {
        try await kind.withStore { store, sql in try await body(store, Self.service(store), sql) }
    }

    @Test("SQLite: round trip, the whole workflow, an audit entry per step, the chain verifies")
    func sqlite() async throws { try await workflow(.sqlite) }

    @Test("PostgreSQL: round trip, the whole workflow, an audit entry per step, the chain verifies", DraftStoreKind.postgresEnabled)
    func postgres() async throws { try await workflow(.postgres) }

    @Test("SQLite: a published version cannot be changed, not even by SQL; refusals are not stored")
    func sqliteImmutable() async throws { try await immutable(.sqlite) }

    @Test("PostgreSQL: a published version cannot be changed, not even by SQL; refusals are not stored", DraftStoreKind.postgresEnabled)
    func postgresImmutable() async throws { try await immutable(.postgres) }

    func workflow(_ kind: DraftStoreKind) async throws {
        let last = try Corpus.report(Corpus.mofaSheet)
        try await run(kind) { store, service, _ in
            let started = try await service.startNextCycle(of: last, by: People.author)
            let stored = try #require(try await store.draft(id: "d1", version: nil))
            #expect(stored == started, "the draft comes back as it was stored")

            // Page views for the new year, one refused and one accepted, in one form.
            let views = try #require(started.report.policies[0].fields[0].series.firstIndex { $0.title.contains("アクセス件数") })
            let ref = SeriesRef(policy: 0, field: 0, index: views)
            let outcome = try await service.edit(id: "d1", version: 1, [
                .setPoint(ref, kind: .actual, fiscalYear: 2025, text: "約5.4億件"),
                .setPoint(ref, kind: .actual, fiscalYear: 2024, text: "たくさん"),
            ], by: People.author)
            #expect(outcome.refused.map(\.key) == ["p0.f0.s\(views).actual.FY2024"])
            let edited = try #require(try await store.draft(id: "d1", version: 1))
            #expect(edited.report.policies[0].fields[0].series[views].points.contains { $0.period == .fiscalYear(2025) && $0.value == 540_000_000 })

            await #expect(throws: DraftError.self) { try await service.edit(id: "d1", version: 1, [.setText(.measureName(policy: 0), "x")], by: People.otherAuthor) }
            await #expect(throws: DraftError.self) { try await service.draft(id: "d1", for: People.otherApprover) }

            let experts = try await service.assignExpert(People.expert, id: "d1", version: 1, by: People.author)
            #expect(experts.assignedExperts == ["expert"])
            _ = try await service.perform(.submit, id: "d1", version: 1, by: People.author)
            _ = try await service.comment("閲覧数の伸びは評価できる。", citing: [3], id: "d1", version: 1, by: People.expert)
            _ = try await service.perform(.returnWithComments, id: "d1", version: 1, comment: "出典を記載のこと。", by: People.approver)
            _ = try await service.perform(.submit, id: "d1", version: 1, by: People.author)
            await #expect(throws: DraftError.self) { try await service.perform(.publish, id: "d1", version: 1, by: People.publisher) }
            _ = try await service.perform(.approve, id: "d1", version: 1, by: People.approver)
            let published = try await service.perform(.publish, id: "d1", version: 1, by: People.publisher)
            #expect(published.state == .published)
            #expect(published.report.policies[0].expertComments.map(\.field) == [3])
            #expect(try await store.publishedDrafts().map(\.id) == ["d1"])
            // Published, the version is a document like an imported one, its lines those of its source text.
            let document = try #require(try await store.report(matching: "d1-v1"))
            #expect(document.source == "d1-v1.txt" && document.published != nil && document.contentHash.count == 64)
            #expect(document.policies[0].expertComments.map(\.field) == [3])
            let text = try #require(try await store.sourceText(documentID: "d1-v1")).split(separator: "\n", omittingEmptySubsequences: false)
            let cell = try #require(document.policies[0].fields[0].series[views].points.first { $0.period == .fiscalYear(2025) })
            #expect(text[cell.line - 1].contains("約5.4億件"), "line \(cell.line) of the source is the cell's")
            #expect(try await service.draft(id: "d1", for: nil).state == .published, "the public reads a published version")

            let second = try await service.newVersion(id: "d1", by: People.author)
            #expect(second.version == 2)
            #expect(try await store.draftVersions(id: "d1").map(\.version) == [1, 2])
            #expect(try await store.drafts(ministry: "外務省").map(\.version) == [2], "the list shows the latest version")
            #expect(try await store.drafts(ministry: "総務省").isEmpty)
            #expect(try await service.drafts(for: People.otherAuthor).isEmpty)
            #expect(try await service.drafts(for: People.reviewer).count == 1)

            let log = try await store.auditEntries()
            #expect(log.map(\.action) == [
                "draft.start", "draft.edit", "draft.expert", "draft.submit", "draft.comment", "draft.return", "draft.comment",
                "draft.submit", "draft.approve", "draft.publish", "draft.version",
            ])
            #expect(log.map(\.actor) == ["author", "author", "author", "author", "expert", "approver", "approver", "author", "approver", "publisher", "author"])
            #expect(log[1].element == "draft:d1/v1/p0.f0.s\(views).actual.FY2025" && log[1].oldValue == "" && log[1].newValue == "約5.4億件")
            guard case .intact(let count, _) = AuditVerifier.verify(log) else { Issue.record("the chain is broken"); return }
            #expect(count == log.count)
        }
    }

    func immutable(_ kind: DraftStoreKind) async throws {
        let last = try Corpus.report(Corpus.mofaSheet)
        try await run(kind) { store, service, sql in
            var draft = try await service.startNextCycle(of: last, by: People.author)
            draft.state = .published
            try await store.updateDraft(draft, audit: [])
            var changed = draft
            changed.report.title = "書き換え"
            let before = try await store.auditEntries().count
            await #expect(throws: DraftError.self) { try await store.updateDraft(changed, audit: [AuditEvent(actor: "x", action: "draft.edit", element: "e", at: noon)]) }
            #expect(try await store.auditEntries().count == before, "a refused change leaves no audit entry")
            await #expect(throws: (any Error).self) { try await sql("UPDATE draft SET draft_json = '{}' WHERE id = 'd1'") }
            await #expect(throws: (any Error).self) { try await sql("DELETE FROM draft WHERE id = 'd1'") }
            #expect(try await store.draft(id: "d1", version: 1) == draft)
            await #expect(throws: DraftError.self) { try await store.insertDraft(draft, audit: []) }
        }
    }
}
