import Foundation
import HTTPTypes
import Hummingbird
import HyokaAccounts
import NIOCore

/// How the server signs people in; the defaults suit a real server, tests set a cheap hasher and their own clock.
public struct SignInSettings: Sendable {
    /// Marks the session cookie Secure: set when the server is reached through TLS (directly or behind a proxy).
    public var secureCookies = false
    public var hasher: any PasswordHasher = BcryptHasher()
    public var lockout = LockoutPolicy()
    /// Sign-in attempts per client address.
    public var rateLimiter = LoginRateLimiter()
    public var now: @Sendable () -> Date = Date.init

    public init() {}
}

/// GET/POST /login and POST /logout, with the middleware that recognises the
/// signed-in account on every route added after them. Registered by one
/// call in `WebApp.router()`; without an account store (a test's stand-in)
/// the routes answer 404 and every request reads as the public.
struct SignInRoutes {
    let app: WebApp

    var accounts: AccountService? {
        guard let store = app.accounts else { return nil }
        let settings = app.signIn
        return AccountService(store: store, hasher: settings.hasher, lockout: settings.lockout, now: settings.now)
    }

    func add(to router: Router<WebContext>) {
        let accounts = self.accounts
        router.add(middleware: AuthenticationMiddleware(accounts: accounts))
        guard let accounts else { return }
        router.get("/login") { request, context in
            try self.page(request, context, accounts: accounts)
        }
        let forms = router.group().add(middleware: CSRFMiddleware())
        forms.post("/login") { request, context in
            try await self.signIn(request, context, accounts: accounts)
        }
        forms.post("/logout") { request, context in
            if let session = context.sessionCookie { try await accounts.signOut(session: session) }
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.headers[.setCookie] = SessionCookie.expired(secure: app.signIn.secureCookies)
            return response
        }
    }

    /// The sign-in page; a browser without a session cookie gets a new one,
    /// not yet signed in, so that the form's CSRF token has a session to belong to.
    private func page(_ request: Request, _ context: WebContext, accounts: AccountService, status: HTTPResponse.Status = .ok,
                      error: String? = nil, name: String = "") throws -> Response {
        let parameters = QueryParameters(request)
        var cookie = context.sessionCookie
        var setCookie: String?
        if cookie == nil {
            let fresh = SecretToken.generate().value
            cookie = fresh
            setCookie = SessionCookie.header(fresh, secure: app.signIn.secureCookies)
        }
        var model = app.base(parameters, title: "ログイン / Sign in")
        model["csrf"] = SessionCookie.csrfToken(for: cookie!)
        model["name"] = name
        if let error { model["error"] = error }
        if let account = context.account, context.credential == .session {
            let language = parameters.language
            model["account"] = [
                "displayName": account.displayName, "name": account.name,
                "role": language == .japanese ? account.role.japaneseName : account.role.rawValue,
                "ministry": account.ministry ?? "",
            ] as [String: Any]
        }
        var response = try app.html("login", model)
        response.status = status
        response.headers[.cacheControl] = "no-store"
        if let setCookie { response.headers[.setCookie] = setCookie }
        return response
    }

    private func signIn(_ request: Request, _ context: WebContext, accounts: AccountService) async throws -> Response {
        let language = QueryParameters(request).language
        let name = String((context.form["name"] ?? "").prefix(AccountRules.maximumNameLength))
        let password = context.form["password"] ?? ""
        guard await app.signIn.rateLimiter.permit(context.clientAddress, at: app.signIn.now()) else {
            return try page(request, context, accounts: accounts, status: .tooManyRequests,
                            error: language.labels["tooManyAttempts"], name: name)
        }
        guard !name.isEmpty, !password.isEmpty, password.utf8.count <= AccountRules.maximumPasswordBytes else {
            return try page(request, context, accounts: accounts, status: .unauthorized, error: language.labels["wrongPassword"], name: name)
        }
        switch try await accounts.signIn(name: name, password: password, previousSession: context.sessionCookie) {
        case .signedIn(_, let session):
            // A new session id at sign-in: a cookie planted before (session fixation) never becomes a signed-in one.
            var response = Response(status: .seeOther, headers: [.location: language == .english ? "/login?lang=en" : "/login"])
            response.headers[.setCookie] = SessionCookie.header(session.value, secure: app.signIn.secureCookies)
            return response
        case .refused:
            return try page(request, context, accounts: accounts, status: .unauthorized, error: language.labels["wrongPassword"], name: name)
        case .locked:
            return try page(request, context, accounts: accounts, status: .unauthorized, error: language.labels["accountLocked"], name: name)
        }
    }
}
