import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HyokaAccounts
import HyokaStore
import Logging
import NIOCore
import NIOEmbedded
import Testing
@testable import HyokaWeb

/// A web application over an empty SQLite store with accounts, bcrypt at its cheapest cost, time standing still.
struct SignInFixture {
    static let password = "a long enough password"
    let store: SQLiteStore
    let web: WebApp

    init(configure: (inout SignInSettings) -> Void = { _ in }) async throws {
        store = try SQLiteStore.inMemory()
        var web = try await WebApp(store: store)
        web.signIn.hasher = BcryptHasher(cost: 4)
        web.signIn.rateLimiter = LoginRateLimiter(limit: 1_000, window: 60)
        // A clock that stands still: the rate limit's window and the lock's length never run out while a slow run goes on.
        web.signIn.now = { Date(timeIntervalSince1970: 1_800_000_000) }
        configure(&web.signIn)
        self.web = web
        let service = AccountService(store: store, hasher: BcryptHasher(cost: 4))
        try await service.addAccount(name: "yamada", displayName: "<script>alert(1)</script>山田", role: .author, ministry: "外務省",
                                     password: Self.password, by: "cli:test")
    }

    var application: some ApplicationProtocol { Application(router: web.router()) }
}

/// What a browser keeps between requests: the session cookie.
struct Browser {
    var cookie: String?

    static func cookieValue(_ response: TestResponse) -> String? {
        guard let header = response.headers[.setCookie], header.hasPrefix("\(SessionCookie.name)=") else { return nil }
        let value = header.dropFirst(SessionCookie.name.count + 1).prefix { $0 != ";" }
        return value.isEmpty ? nil : String(value)
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    var headers: HTTPFields {
        var headers = HTTPFields()
        if let cookie { headers[.cookie] = "\(SessionCookie.name)=\(cookie)" }
        return headers
    }

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(string: fields.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
    }

    /// GET /login: keeps the cookie it sets and returns the form's CSRF token and the page.
    mutating func openSignIn(_ client: some TestClientProtocol) async throws -> (csrf: String, html: String) {
        let response = try await client.execute(uri: "/login", method: .get, headers: headers)
        #expect(response.status == .ok)
        if let value = Self.cookieValue(response) { cookie = value }
        let html = String(buffer: response.body)
        return (try #require(Self.csrf(in: html)), html)
    }

    func post(_ client: some TestClientProtocol, _ uri: String, _ fields: [(String, String)]) async throws -> TestResponse {
        var headers = self.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await client.execute(uri: uri, method: .post, headers: headers, body: Self.form(fields))
    }
}

@Suite("Signing in: sessions, CSRF, lockout, tokens")
struct SignInTests {
    @Test("The sign-in page sets an HttpOnly, SameSite=Strict session cookie; Secure only behind TLS")
    func cookieAttributes() async throws {
        for secure in [false, true] {
            let fixture = try await SignInFixture { $0.secureCookies = secure }
            try await fixture.application.test(.router) { client in
                let response = try await client.execute(uri: "/login", method: .get)
                let header = try #require(response.headers[.setCookie])
                #expect(header.contains("HttpOnly"))
                #expect(header.contains("SameSite=Strict"))
                #expect(header.contains("Secure") == secure)
                #expect(response.headers[.cacheControl] == "no-store")
            }
        }
    }

    @Test("The session id changes at sign-in, and the id held before signs nobody in")
    func noFixation() async throws {
        let fixture = try await SignInFixture()
        try await fixture.application.test(.router) { client in
            var browser = Browser()
            let (csrf, _) = try await browser.openSignIn(client)
            let before = try #require(browser.cookie)
            let response = try await browser.post(client, "/login", [("csrf", csrf), ("name", "yamada"), ("password", SignInFixture.password)])
            #expect(response.status == .seeOther)
            let after = try #require(Browser.cookieValue(response))
            #expect(after != before)
            #expect(response.headers[.setCookie]?.contains("HttpOnly") == true)

            // The new cookie is signed in (and the hostile display name is escaped); the old one is not.
            let signedIn = try await client.execute(uri: "/login", method: .get, headers: Browser(cookie: after).headers)
            let page = String(buffer: signedIn.body)
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;山田"))
            #expect(!page.contains("<script>alert(1)"))
            #expect(page.contains("action=\"/logout\""))
            let planted = try await client.execute(uri: "/login", method: .get, headers: Browser(cookie: before).headers)
            #expect(!String(buffer: planted.body).contains("action=\"/logout\""))
        }
    }

    @Test("A POST without the CSRF token, with a wrong one, or with another session's is 403")
    func csrf() async throws {
        let fixture = try await SignInFixture()
        try await fixture.application.test(.router) { client in
            var browser = Browser()
            let (csrf, _) = try await browser.openSignIn(client)
            var other = Browser()
            let (otherCSRF, _) = try await other.openSignIn(client)
            let attempts: [[(String, String)]] = [
                [("name", "yamada"), ("password", SignInFixture.password)],
                [("csrf", ""), ("name", "yamada"), ("password", SignInFixture.password)],
                [("csrf", String(csrf.dropLast()) + (csrf.hasSuffix("A") ? "B" : "A")), ("name", "yamada"), ("password", SignInFixture.password)],
                [("csrf", otherCSRF), ("name", "yamada"), ("password", SignInFixture.password)],
            ]
            for fields in attempts {
                let response = try await browser.post(client, "/login", fields)
                #expect(response.status == .forbidden, "\(fields.first?.0 ?? "")")
                #expect(Browser.cookieValue(response) == nil)
            }
            // Without any cookie the token cannot belong to a session.
            let cookieless = try await Browser().post(client, "/login", [("csrf", csrf), ("name", "yamada"), ("password", SignInFixture.password)])
            #expect(cookieless.status == .forbidden)
            // Sign-out is a form too.
            #expect(try await browser.post(client, "/logout", []).status == .forbidden)
            // With the right token it goes through.
            let right = try await browser.post(client, "/login", [("csrf", csrf), ("name", "yamada"), ("password", SignInFixture.password)])
            #expect(right.status == .seeOther)
        }
    }

    @Test("Wrong passwords lock the account: the right one is then refused too")
    func lockout() async throws {
        let fixture = try await SignInFixture { $0.lockout = LockoutPolicy(maximumFailures: 3, lockDuration: 900) }
        try await fixture.application.test(.router) { client in
            var browser = Browser()
            let (csrf, _) = try await browser.openSignIn(client)
            for attempt in 1...3 {
                let response = try await browser.post(client, "/login", [("csrf", csrf), ("name", "yamada"), ("password", "wrong password \(attempt)")])
                #expect(response.status == .unauthorized)
                #expect(Browser.cookieValue(response) == nil)
            }
            let locked = try await browser.post(client, "/login", [("csrf", csrf), ("name", "yamada"), ("password", SignInFixture.password)])
            #expect(locked.status == .unauthorized)
            #expect(String(buffer: locked.body).contains(Language.japanese.labels["accountLocked"]!))
            #expect(try await fixture.store.account(named: "yamada")?.lockedUntil != nil)
        }
    }

    @Test("A hostile name typed into the form comes back escaped")
    func hostileName() async throws {
        let fixture = try await SignInFixture()
        try await fixture.application.test(.router) { client in
            var browser = Browser()
            let (csrf, _) = try await browser.openSignIn(client)
            let hostile = "\"><script>alert('x')</script>"
            let response = try await browser.post(client, "/login", [("csrf", csrf), ("name", hostile), ("password", "wrong password")])
            #expect(response.status == .unauthorized)
            let page = String(buffer: response.body)
            #expect(!page.contains("<script>alert"))
            #expect(!page.contains("value=\"\">"))
            #expect(page.contains("&lt;script&gt;"))
        }
    }

    @Test("Sign-in attempts from one address are rate-limited")
    func rateLimited() async throws {
        let fixture = try await SignInFixture { $0.rateLimiter = LoginRateLimiter(limit: 2, window: 60) }
        try await fixture.application.test(.router) { client in
            var browser = Browser()
            let (csrf, _) = try await browser.openSignIn(client)
            let fields = [("csrf", csrf), ("name", "nobody"), ("password", "wrong password")]
            #expect(try await browser.post(client, "/login", fields).status == .unauthorized)
            #expect(try await browser.post(client, "/login", fields).status == .unauthorized)
            #expect(try await browser.post(client, "/login", fields).status == .tooManyRequests)
        }
    }

    @Test("Sign-out ends the session")
    func signOut() async throws {
        let fixture = try await SignInFixture()
        try await fixture.application.test(.router) { client in
            var browser = Browser()
            let (csrf, _) = try await browser.openSignIn(client)
            let response = try await browser.post(client, "/login", [("csrf", csrf), ("name", "yamada"), ("password", SignInFixture.password)])
            browser.cookie = Browser.cookieValue(response)
            let (signedInCSRF, page) = try await browser.openSignIn(client)
            #expect(page.contains("action=\"/logout\""))
            #expect(signedInCSRF != csrf)
            let out = try await browser.post(client, "/logout", [("csrf", signedInCSRF)])
            #expect(out.status == .seeOther)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            let after = try await client.execute(uri: "/login", method: .get, headers: browser.headers)
            #expect(!String(buffer: after.body).contains("action=\"/logout\""))
        }
    }

    @Test("Public pages need no sign-in; a valid bearer token is accepted, an invalid one is 401")
    func publicAndTokens() async throws {
        let fixture = try await SignInFixture()
        let token = try await AccountService(store: fixture.store, hasher: BcryptHasher(cost: 4)).issueToken(for: "yamada", by: "cli:test")
        try await fixture.application.test(.router) { client in
            #expect(try await client.execute(uri: "/", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/documents", method: .get).status == .ok)
            var good = HTTPFields()
            good[.authorization] = "Bearer \(token.value)"
            #expect(try await client.execute(uri: "/api/v1/documents", method: .get, headers: good).status == .ok)
            var bad = HTTPFields()
            bad[.authorization] = "Bearer \(token.value)x"
            let refused = try await client.execute(uri: "/api/v1/documents", method: .get, headers: bad)
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    @Test("The sign-in page is in both languages")
    func languages() async throws {
        let fixture = try await SignInFixture()
        try await fixture.application.test(.router) { client in
            let japanese = String(buffer: try await client.execute(uri: "/login", method: .get).body)
            let english = String(buffer: try await client.execute(uri: "/login?lang=en", method: .get).body)
            #expect(japanese.contains("<html lang=\"ja\">") && japanese.contains("パスワード"))
            #expect(english.contains("<html lang=\"en\">") && english.contains("Password") && english.contains("action=\"/login?lang=en\""))
        }
    }

    @Test("authorize: 401 for nobody, 403 for another ministry's author or the wrong role, through for the right one")
    func authorize() throws {
        var context = WebContext(source: ApplicationRequestContextSource(channel: EmbeddedChannel(), logger: Logger(label: "test")))
        let foreign = DocumentScope(ministry: "外務省")
        #expect(throws: WebError.self) { try context.authorize(.editDraft, on: foreign) }
        #expect(throws: Never.self) { try context.authorize(.readPublished, on: foreign) }
        do { try context.authorize(.editDraft, on: foreign) } catch let error as WebError { #expect(error.status == .unauthorized) }
        context.account = Account(name: "sato", displayName: "佐藤", role: .author, ministry: "総務省", passwordHash: "")
        do {
            try context.authorize(.editDraft, on: foreign)
            Issue.record("another ministry's author was let through")
        } catch let error as WebError { #expect(error.status == .forbidden) }
        context.account?.ministry = "外務省"
        #expect(throws: Never.self) { try context.authorize(.editDraft, on: foreign) }
        do {
            try context.authorize(.approve, on: foreign)
            Issue.record("an author was let approve")
        } catch let error as WebError { #expect(error.status == .forbidden) }
    }
}
