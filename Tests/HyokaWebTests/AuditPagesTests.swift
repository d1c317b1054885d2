import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HyokaAccounts
import HyokaTestSupport
import Testing
@testable import HyokaWeb

@Suite("Audit trail on the pages: /audit for reviewer and admin, a draft's change history, escaped, tampering shown")
struct AuditPagesTests {
    @Test("/audit is 401 signed out, 403 for the ministries' roles, 200 for the 点検 reviewer and the administrator, in both languages")
    func access() async throws {
        let fixture = try await DraftFixture()
        try await fixture.application.test(.router) { client in
            #expect(try await client.execute(uri: "/audit", method: .get).status == .unauthorized)
            for name in ["author", "approver", "publisher", "expert"] {
                let (browser, _) = try await DraftFixture.signIn(name, client)
                #expect(try await DraftFixture.get(browser, client, "/audit").0 == .forbidden, "\(name)")
            }
            for name in ["tenken", "admin"] {
                let (browser, _) = try await DraftFixture.signIn(name, client)
                let (status, page) = try await DraftFixture.get(browser, client, "/audit")
                #expect(status == .ok, "\(name)")
                #expect(page.contains("<h1>監査ログ</h1>"))
                #expect(page.contains("ハッシュ連鎖を検証済み"))
                #expect(page.contains("アカウント作成") && page.contains("cli:test"), "the accounts the fixture added, by whom")
                let (_, english) = try await DraftFixture.get(browser, client, "/audit?lang=en")
                #expect(english.contains("<h1>Audit log</h1>") && english.contains("Hash chain verified") && english.contains("account created"))
            }
        }
    }

    @Test("Filtered by user and by element, paged newest first; a draft's page lists its own entries with old → new")
    func filtersAndDraftHistory() async throws {
        let fixture = try await DraftFixture()
        try await fixture.application.test(.router) { client in
            let (author, csrf) = try await DraftFixture.signIn("author", client)
            let location = try await DraftPagesTests.startNextCycle(client, author, csrf)
            let draftID = String(location.dropFirst("/drafts/".count))
            #expect(try await author.post(client, location + "/edit", [("csrf", csrf), ("version", "1"), ("p0.title", "IT広報の実施（改）")]).status == .seeOther)
            let (_, draftPage) = try await DraftFixture.get(author, client, location)
            #expect(draftPage.contains("変更履歴（監査ログ）"))
            #expect(draftPage.contains("<code>draft:\(draftID)/v1/p0.title</code>"))
            #expect(draftPage.contains("<ins>IT広報の実施（改）</ins>"), "the new value")
            #expect(draftPage.contains("下書き作成") && draftPage.contains(">author<"), "who started it")

            let (reviewer, _) = try await DraftFixture.signIn("tenken", client)
            let (_, byAuthor) = try await DraftFixture.get(reviewer, client, "/audit?user=author")
            let rows = byAuthor.components(separatedBy: "<tr><td>").dropFirst()
            #expect(!rows.isEmpty && rows.allSatisfy { $0.contains("<td>author</td>") }, "only the author's entries")
            #expect(byAuthor.contains("p0.title") && !byAuthor.contains("アカウント作成"))
            let (_, byElement) = try await DraftFixture.get(reviewer, client, "/audit?element=" + "p0.title")
            #expect(byElement.components(separatedBy: "<tr><td>").count - 1 == 1, "one entry names p0.title")

            let all = try await fixture.store.auditEntries()
            let (_, first) = try await DraftFixture.get(reviewer, client, "/audit?limit=2")
            #expect(first.contains("<tr><td>\(all.count)</td>") && first.contains("<tr><td>\(all.count - 1)</td>"), "newest first")
            #expect(!first.contains("<tr><td>\(all.count - 2)</td>"))
            #expect(first.contains("1–2 / \(all.count)") && first.contains("href=\"/audit?offset=2&amp;limit=2\""))
            let (_, second) = try await DraftFixture.get(reviewer, client, "/audit?offset=2&limit=2")
            #expect(second.contains("<tr><td>\(all.count - 2)</td>") && second.contains("rel=\"prev\""))

            #expect(try await client.execute(uri: "/audit?limit=0", method: .get, headers: reviewer.headers).status == .badRequest)
            // The public reads a published version, never who wrote what.
            let anonymous = try await client.execute(uri: location, method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test("Hostile text in a field and in a comment is escaped on the draft page and on /audit")
    func escaped() async throws {
        let fixture = try await DraftFixture()
        let hostileTitle = "<script>alert('title')</script>"
        let hostileComment = "\"><img src=x onerror=alert(1)>"
        try await fixture.application.test(.router) { client in
            let (author, csrf) = try await DraftFixture.signIn("author", client)
            let location = try await DraftPagesTests.startNextCycle(client, author, csrf)
            #expect(try await author.post(client, location + "/edit", [("csrf", csrf), ("version", "1"), ("p0.title", hostileTitle)]).status == .seeOther)
            #expect(try await author.post(client, location + "/transition", [("csrf", csrf), ("version", "1"), ("transition", "submit")]).status == .seeOther)
            let (reviewer, reviewerCSRF) = try await DraftFixture.signIn("tenken", client)
            #expect(try await reviewer.post(client, location + "/comment", [("csrf", reviewerCSRF), ("version", "1"), ("comment", hostileComment)]).status == .seeOther)
            for uri in [location, "/audit"] {
                let (status, page) = try await DraftFixture.get(reviewer, client, uri)
                #expect(status == .ok)
                #expect(!page.contains("<script>alert") && !page.contains("<img src=x"), "\(uri)")
                #expect(page.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;") || page.contains("&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;"), "\(uri)")
                #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;"), "\(uri)")
            }
        }
    }

    @Test("An entry changed in the database shows on /audit and on the draft page as a broken chain at that entry")
    func tamperingShows() async throws {
        guard (try? ToolRunner.run(["python3", "-c", "import sqlite3"]).status) == 0 else {
            Issue.record("python3 with sqlite3 is needed to change the database behind the store's back")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hyoka-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("audit.sqlite").path
        let fixture = try await DraftFixture(path: path)
        try await fixture.application.test(.router) { client in
            let (author, csrf) = try await DraftFixture.signIn("author", client)
            let location = try await DraftPagesTests.startNextCycle(client, author, csrf)
            let start = try #require(try await fixture.store.auditEntries().first { $0.action == "draft.start" })
            // Someone with the database file removes the guard and rewrites who started the draft.
            let tamper = """
                import sqlite3, sys
                db = sqlite3.connect(sys.argv[1])
                db.execute("DROP TRIGGER audit_log_no_update")
                db.execute("UPDATE audit_log SET actor = 'someone-else' WHERE sequence = ?", (int(sys.argv[2]),))
                db.commit()
                """
            let result = try ToolRunner.run(["python3", "-c", tamper, path, String(start.sequence)])
            #expect(result.status == 0, "\(result.output)")
            let (reviewer, _) = try await DraftFixture.signIn("tenken", client)
            let (_, audit) = try await DraftFixture.get(reviewer, client, "/audit")
            #expect(audit.contains("ハッシュ連鎖が壊れています") && audit.contains("#\(start.sequence) — "))
            #expect(!audit.contains("ハッシュ連鎖を検証済み"))
            let (_, draft) = try await DraftFixture.get(author, client, location)
            #expect(draft.contains("ハッシュ連鎖が壊れています"))
        }
    }
}
