import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HyokaAccounts
import HyokaAuthoring
import HyokaImport
import HyokaStore
import NIOCore
import Testing
@testable import HyokaWeb

/// A web application over SQLite holding corpus 000, with accounts of 外務省 in each role and an author of 総務省.
struct DraftFixture {
    static let password = SignInFixture.password
    let store: SQLiteStore
    let web: WebApp

    /// - Parameter path: a SQLite file, for a test that also reaches the database directly; nil keeps it in memory.
    init(path: String? = nil) async throws {
        store = try path.map(SQLiteStore.init(path:)) ?? SQLiteStore.inMemory()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        try await Importer(store: store).importFiles([root.appendingPathComponent("corpus/000_47f71a321a7ee5e2.txt").path])
        var web = try await WebApp(store: store)
        web.signIn.hasher = BcryptHasher(cost: 4)
        web.signIn.rateLimiter = LoginRateLimiter(limit: 1_000, window: 60)
        self.web = web
        let service = AccountService(store: store, hasher: BcryptHasher(cost: 4))
        for (name, role, ministry): (String, Role, String?) in [("author", .author, "外務省"), ("approver", .approver, "外務省"), ("publisher", .publisher, "外務省"),
                                       ("expert", .expert, "外務省"), ("mic", .author, "総務省"), ("tenken", .reviewer, nil), ("admin", .admin, nil)] {
            try await service.addAccount(name: name, role: role, ministry: ministry, password: Self.password, by: "cli:test")
        }
    }

    var application: some ApplicationProtocol { Application(router: web.router()) }

    /// A browser signed in as `name`, with the CSRF token of its session.
    static func signIn(_ name: String, _ client: some TestClientProtocol) async throws -> (Browser, String) {
        var browser = Browser()
        let (csrf, _) = try await browser.openSignIn(client)
        let response = try await browser.post(client, "/login", [("csrf", csrf), ("name", name), ("password", password)])
        #expect(response.status == .seeOther)
        browser.cookie = try #require(Browser.cookieValue(response))
        let (token, _) = try await browser.openSignIn(client)
        return (browser, token)
    }

    static func get(_ browser: Browser, _ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String) {
        let response = try await client.execute(uri: uri, method: .get, headers: browser.headers)
        return (response.status, String(buffer: response.body))
    }
}

@Suite("Draft pages: next cycle, edit form with live review, workflow buttons, 401 and 403s")
struct DraftPagesTests {
    /// Starts the next cycle of 000 as the author and returns the draft's address.
    static func startNextCycle(_ client: some TestClientProtocol, _ author: Browser, _ csrf: String) async throws -> String {
        // From the document page's link, as a reader would come.
        let (_, documentPage) = try await DraftFixture.get(author, client, "/documents/000_47f71a321a7ee5e2.txt")
        let link = try #require(documentPage.range(of: "href=\"/drafts?document=").map { String(documentPage[$0.upperBound...].prefix { $0 != "\"" }) })
        let (status, list) = try await DraftFixture.get(author, client, "/drafts?document=" + link)
        #expect(status == .ok)
        #expect(list.contains(" selected>"), "the document of the link is chosen")
        let option = try #require(list.range(of: "<option value=\""))
        let documentID = String(list[option.upperBound...].prefix { $0 != "\"" })
        let response = try await author.post(client, "/drafts", [("csrf", csrf), ("document", documentID)])
        #expect(response.status == .seeOther)
        return try #require(response.headers[.location])
    }

    @Test("The author starts the next cycle of 000, sees the new year's cell, a refused value beside its field, then submits")
    func authorFlow() async throws {
        let fixture = try await DraftFixture()
        try await fixture.application.test(.router) { client in
            let (author, csrf) = try await DraftFixture.signIn("author", client)
            let location = try await Self.startNextCycle(client, author, csrf)
            #expect(location.hasPrefix("/drafts/draft-"))
            let (status, page) = try await DraftFixture.get(author, client, location)
            #expect(status == .ok)
            let draft = try #require(try await fixture.store.drafts(ministry: "外務省").first)
            let views = try #require(draft.report.policies[0].fields[0].series.firstIndex { $0.title.contains("アクセス件数") })
            let key = "p0.f0.s\(views).actual.FY2025"
            #expect(page.contains("name=\"\(key)\""), "the new year's empty cell is in the form")
            #expect(page.contains("name=\"csrf\""))

            let refused = try await author.post(client, location + "/edit", [("csrf", csrf), ("version", "1"), (key, "たくさん")])
            #expect(refused.status == .unprocessableContent)
            let refusedPage = String(buffer: refused.body)
            #expect(refusedPage.contains("数値として読めない"))
            #expect(refusedPage.contains("value=\"たくさん\""), "what was typed is kept")

            let accepted = try await author.post(client, location + "/edit", [("csrf", csrf), ("version", "1"), (key, "約5.4億件"), ("p0.title", "<script>alert(1)</script>")])
            #expect(accepted.status == .seeOther)
            let (_, edited) = try await DraftFixture.get(author, client, location)
            #expect(edited.contains("value=\"約5.4億件\""))
            #expect(edited.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !edited.contains("<script>alert(1)"))
            #expect(edited.contains("value=\"submit\""), "the author's button")
            #expect(!edited.contains("value=\"approve\""))

            let submitted = try await author.post(client, location + "/transition", [("csrf", csrf), ("version", "1"), ("transition", "submit")])
            #expect(submitted.status == .seeOther)
            let (_, after) = try await DraftFixture.get(author, client, location)
            #expect(after.contains("提出済"))
            let log = try await fixture.store.auditEntries().filter { $0.action.hasPrefix("draft.") }
            #expect(log.map(\.action) == ["draft.start", "draft.edit", "draft.edit", "draft.submit"])
        }
    }

    @Test("403: no CSRF token, another ministry's author (by changing the id), a transition by the wrong role")
    func forbidden() async throws {
        let fixture = try await DraftFixture()
        try await fixture.application.test(.router) { client in
            let (author, csrf) = try await DraftFixture.signIn("author", client)
            let location = try await Self.startNextCycle(client, author, csrf)

            let noToken = try await author.post(client, location + "/transition", [("version", "1"), ("transition", "submit")])
            #expect(noToken.status == .forbidden)

            let (mic, micCSRF) = try await DraftFixture.signIn("mic", client)
            #expect(try await DraftFixture.get(mic, client, location).0 == .forbidden)
            let micEdit = try await mic.post(client, location + "/edit", [("csrf", micCSRF), ("version", "1"), ("p0.title", "乗っ取り")])
            #expect(micEdit.status == .forbidden)
            let (_, micList) = try await DraftFixture.get(mic, client, "/drafts")
            #expect(!micList.contains(String(location.dropFirst("/drafts/".count))))

            let approveByAuthor = try await author.post(client, location + "/transition", [("csrf", csrf), ("version", "1"), ("transition", "approve")])
            #expect(approveByAuthor.status == .forbidden)
            let (approver, approverCSRF) = try await DraftFixture.signIn("approver", client)
            let editByApprover = try await approver.post(client, location + "/edit", [("csrf", approverCSRF), ("version", "1"), ("p0.title", "x")])
            #expect(editByApprover.status == .forbidden)
            let publishEarly = try await DraftFixture.signIn("publisher", client)
            let early = try await publishEarly.0.post(client, location + "/transition", [("csrf", publishEarly.1), ("version", "1"), ("transition", "publish")])
            #expect(early.status == .conflict, "the publisher's role, but nothing approved yet")

            let anonymous = try await client.execute(uri: location, method: .get)
            #expect(anonymous.status == .unauthorized, "a draft is not public: sign in first")
        }
    }

    @Test("Submit, approve and publish by their roles; a published version is read by everyone and cannot be edited")
    func wholeWorkflow() async throws {
        let fixture = try await DraftFixture()
        try await fixture.application.test(.router) { client in
            let (author, csrf) = try await DraftFixture.signIn("author", client)
            let location = try await Self.startNextCycle(client, author, csrf)
            let unknown = try await author.post(client, location + "/experts", [("csrf", csrf), ("version", "1"), ("expert", "nobody")])
            #expect(unknown.status == .unprocessableContent)
            #expect(try await author.post(client, location + "/experts", [("csrf", csrf), ("version", "1"), ("expert", "expert")]).status == .seeOther)
            #expect(try await author.post(client, location + "/transition", [("csrf", csrf), ("version", "1"), ("transition", "submit")]).status == .seeOther)
            let (expert, expertCSRF) = try await DraftFixture.signIn("expert", client)
            let (_, expertView) = try await DraftFixture.get(expert, client, location)
            #expect(expertView.contains("action=\"\(location)/comment\"") && !expertView.contains("value=\"approve\""))
            let opinion = try await expert.post(client, location + "/comment", [("csrf", expertCSRF), ("version", "1"), ("comment", "閲覧数の伸びは評価できる。"), ("fields", "3")])
            #expect(opinion.status == .seeOther)
            let (approver, approverCSRF) = try await DraftFixture.signIn("approver", client)
            #expect(try await approver.post(client, location + "/transition", [("csrf", approverCSRF), ("version", "1"), ("transition", "approve")]).status == .seeOther)
            let (publisher, publisherCSRF) = try await DraftFixture.signIn("publisher", client)
            #expect(try await publisher.post(client, location + "/transition", [("csrf", publisherCSRF), ("version", "1"), ("transition", "publish")]).status == .seeOther)
            let anonymous = try await client.execute(uri: location, method: .get)
            #expect(anonymous.status == .ok)
            #expect(String(buffer: anonymous.body).contains("公表済"))
            let draftID = String(location.dropFirst("/drafts/".count))
            let document = try await client.execute(uri: "/documents/\(draftID)-v1.txt", method: .get)
            #expect(document.status == .ok, "the published version is a public document")
            #expect(String(buffer: document.body).contains("閲覧数の伸びは評価できる。"), "with the expert's opinion")
            let edit = try await author.post(client, location + "/edit", [("csrf", csrf), ("version", "1"), ("p0.title", "後から変更")])
            #expect(edit.status == .conflict)
            let next = try await author.post(client, location + "/version", [("csrf", csrf)])
            #expect(next.status == .seeOther)
            let (_, page) = try await DraftFixture.get(author, client, location)
            #expect(page.contains("作成中") && page.contains("version=2"))
            let actors = try await fixture.store.auditEntries().filter { $0.action.hasPrefix("draft.") }.map(\.actor)
            #expect(actors == ["author", "author", "author", "expert", "approver", "publisher", "author"])
        }
    }
}
