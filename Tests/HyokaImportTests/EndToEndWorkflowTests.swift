import Foundation
import HyokaPostgres
import HyokaTestSupport
import Testing

/// `hyoka serve` over a database, on a free loopback port, until `stop()`.
struct ServedHyoka {
    let process: Process
    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }

    /// Starts the server and waits (at most 20 s) until it answers.
    static func start(db: String) async throws -> ServedHyoka {
        let executable = try #require(HyokaBinary.url, "the hyoka executable was not found")
        // A port the system just handed out and that is free again once the probe socket closes.
        let port = try #require(LoopbackSocket.listen().map { $0.port }, "no free loopback port")
        let server = Process()
        server.executableURL = executable
        server.arguments = ["serve", "--db", db, "--port", String(port)]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        let served = ServedHyoka(process: server, port: port)
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(200))
            let probe = "import urllib.request; urllib.request.urlopen('\(served.base)/static/hyoka.css', timeout=1)"
            if (try? HyokaBinary.runTool(["python3", "-c", probe]).status) == 0 { return served }
            guard server.isRunning else { break }
        }
        served.stop()
        throw ServerDidNotStart(port: port)
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

struct ServerDidNotStart: Error, CustomStringConvertible {
    let port: Int
    var description: String { "hyoka serve did not start on port \(port)" }
}

/// The stores the workflow runs on: SQLite always, PostgreSQL (a schema of its own) when a server is named.
enum WorkflowStore: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static var available: [WorkflowStore] { TestPostgres.url == nil ? [.sqlite] : [.sqlite, .postgres] }
    var testDescription: String { self == .sqlite ? "SQLite" : "PostgreSQL" }
}

@Suite("The drafting workflow end to end in headless Chromium (scripts/e2e_workflow.py), on SQLite and PostgreSQL",
       .enabled(if: AuditTools.browser, "needs chromium, chromedriver and python3 selenium"))
struct EndToEndWorkflowTests {
    static let document = "000_47f71a321a7ee5e2.txt"
    static let password = "a long enough test password"
    /// The accounts the workflow needs, made with `hyoka user add` as an office would.
    static let accounts: [(name: String, role: String, ministry: String?)] = [
        ("author", "author", "外務省"), ("approver", "approver", "外務省"), ("publisher", "publisher", "外務省"),
        ("expert", "expert", "外務省"), ("tenken", "reviewer", nil),
    ]

    @Test("Author, expert, approver, publisher and the public through the pages; the audit log names each step's user",
          arguments: WorkflowStore.available)
    func workflow(store: WorkflowStore) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db: String
        var schema: String?
        switch store {
        case .sqlite:
            db = directory.path("e2e.sqlite")
        case .postgres:
            let name = TestPostgres.newSchemaName(prefix: "e2e_")
            schema = name
            db = TestPostgres.parameterized(try #require(TestPostgres.url), adding: ["schema=\(name)"])
        }
        do {
            try await Self.run(db: db)
        } catch {
            if let schema { try? await PostgresStore.withStore(url: db) { try await $0.execute("DROP SCHEMA \(schema) CASCADE") } }
            throw error
        }
        if let schema { try await PostgresStore.withStore(url: db) { try await $0.execute("DROP SCHEMA \(schema) CASCADE") } }
    }

    static func run(db: String) async throws {
        let corpus = Corpus.packageRoot.appendingPathComponent("corpus/\(document)").path
        let imported = try HyokaBinary.run(["import", corpus, "--db", db])
        try #require(imported.status == 0, "\(imported.stderr)")
        for account in accounts {
            let added = try HyokaBinary.run(["user", "add", account.name, "--role", account.role] + (account.ministry.map { ["--ministry", $0] } ?? [])
                                            + ["--db", db], input: password + "\n")
            try #require(added.status == 0, "\(account.name): \(added.stderr)")
        }

        let server = try await ServedHyoka.start(db: db)
        let script = Corpus.packageRoot.appendingPathComponent("scripts/e2e_workflow.py").path
        let result = try HyokaBinary.runTool(["python3", script, server.base, document], environment: ["HYOKA_E2E_PASSWORD": password])
        server.stop()
        try #require(result.status == 0, "\(result.output)")
        let last = try #require(result.output.split(separator: "\n").last)
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any], "\(result.output)")
        let draft = try #require(seen["draft"] as? String)

        // 1. The finding appeared beside the page-view series for the unit typed, and went when it was fixed.
        let before = seen["findingsBefore"] as? [String] ?? []
        let broken = seen["findingsBroken"] as? [String] ?? []
        let fixed = seen["findingsFixed"] as? [String] ?? []
        #expect(!before.contains { $0.contains("[unit-mismatch]") })
        #expect(broken.contains { $0.contains("[unit-mismatch]") && $0.contains("件") && $0.contains("回") }, "\(broken)")
        #expect(!fixed.contains { $0.contains("[unit-mismatch]") }, "\(fixed)")
        #expect(seen["typedValue"] as? String == "約5.4億件")
        #expect((seen["stateAfterSubmit"] as? String)?.contains("提出済") == true)
        // 3. Approved, then published.
        #expect((seen["stateAfterApprove"] as? String)?.contains("承認済") == true)
        #expect((seen["stateAfterPublish"] as? String)?.contains("公表済") == true)
        // 4. The public reads the new version and its values, not who wrote what.
        #expect((seen["publicHeading"] as? String)?.contains("公表済") == true)
        #expect(seen["publicShowsValue"] as? Bool == true)
        #expect(seen["publicShowsAudit"] as? Bool == false)
        #expect(seen["documentShowsValue"] as? Bool == true, "the published document has the new actual")
        #expect(seen["documentShowsComment"] as? Bool == true, "with the expert's opinion as 外部有識者の所見")

        // The audit log, as the reviewer's page lists it: every step with its user, in order.
        #expect((seen["auditChain"] as? String)?.contains("ハッシュ連鎖を検証済み") == true)
        let audit = try #require(seen["audit"] as? [[String: Any]])
        let steps = audit.map { "\($0["actor"] as? String ?? "?") \($0["action"] as? String ?? "?")" }
        var collapsed: [String] = []
        for step in steps where collapsed.last != step { collapsed.append(step) }
        #expect(collapsed == ["author draft.start", "author draft.edit", "author draft.expert", "author draft.submit",
                              "expert draft.comment", "approver draft.approve", "publisher draft.publish"], "\(steps)")
        #expect(steps.filter { $0 == "author draft.edit" }.count == 4, "unit and value, twice: \(steps)")
        let cell = audit.last { ($0["element"] as? String)?.hasSuffix(".actual.FY2025") == true }
        #expect((cell?["change"] as? String)?.hasSuffix("約5.4億件") == true, "\(cell ?? [:])")

        // The store afterwards: the chain verifies, the log holds what the page listed, the version is a document.
        let verified = try HyokaBinary.run(["audit", "verify", "--db", db])
        #expect(verified.status == 0 && verified.stdout.contains("intact"), "\(verified.stderr)")
        let exported = try HyokaBinary.run(["audit", "export", "--db", db])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(exported.stdout.utf8)) as? [[String: Any]])
        let stored = log.filter { ($0["element"] as? String)?.hasPrefix("draft:\(draft)/") == true }
            .map { "\($0["actor"] as? String ?? "?") \($0["action"] as? String ?? "?")" }
        #expect(stored == steps)
        for account in accounts {
            #expect(log.contains { $0["actor"] as? String == account.name && $0["action"] as? String == "session.start" }, "\(account.name) signed in")
        }
        let shown = try HyokaBinary.run(["show", "\(draft)-v1.txt", "--json", "--db", db])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("約5.4億件") && shown.stdout.contains("ページビュー数の伸びは評価できる。"))

        // The drafts CLI reads the same through DraftService.
        let listed = try HyokaBinary.run(["drafts", "--json", "--db", db])
        let drafts = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]], "\(listed.stderr)")
        #expect(drafts.count == 1 && drafts.first?["id"] as? String == draft && drafts.first?["state"] as? String == "published")
        let one = try HyokaBinary.run(["draft", draft, "--db", db])
        #expect(one.status == 0 && one.stdout.contains("version 1: published (公表済)") && one.stdout.contains("Comment by expert (expert): ページビュー数の伸びは評価できる。"),
                "\(one.stdout)\(one.stderr)")
        let whole = try HyokaBinary.run(["draft", draft, "--version", "1", "--json", "--db", db])
        #expect(whole.status == 0 && whole.stdout.contains("約5.4億件"))
    }
}

@Suite("hyoka drafts and hyoka draft")
struct DraftCLITests {
    @Test("No drafts yet, an unknown id and a bad version are said plainly")
    func emptyAndUnknown() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("drafts.sqlite")
        #expect(try HyokaBinary.run(["import", Corpus.packageRoot.appendingPathComponent("corpus/000_47f71a321a7ee5e2.txt").path, "--db", db]).status == 0)
        let listed = try HyokaBinary.run(["drafts", "--db", db])
        #expect(listed.status == 0 && listed.stdout.hasPrefix("No drafts in "), "\(listed.stderr)")
        let json = try HyokaBinary.run(["drafts", "--json", "--db", db]).stdout
        #expect((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])?.isEmpty == true, "\(json)")
        let unknown = try HyokaBinary.run(["draft", "nope", "--db", db])
        #expect(unknown.status == 1 && unknown.stderr.contains("There is no draft nope"), "\(unknown.stderr)")
        let badVersion = try HyokaBinary.run(["draft", "nope", "--version", "0", "--db", db])
        #expect(badVersion.status == 64)
    }
}
