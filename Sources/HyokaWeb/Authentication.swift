import Foundation
import HTTPTypes
import NIOCore
import Hummingbird
import HyokaAccounts

/// The session cookie: its name and attributes in one place.
///
/// HttpOnly keeps it from scripts, SameSite=Strict keeps other sites'
/// pages from sending it (the first defence against CSRF; the token is the
/// second), Secure keeps it off plain HTTP when the server is behind TLS.
struct SessionCookie {
    static let name = "hyoka_session"

    static func header(_ value: String, secure: Bool) -> String {
        "\(name)=\(value); Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// Tells the browser to forget the cookie.
    static func expired(secure: Bool) -> String {
        "\(name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// The CSRF token of the session whose cookie is `value`: derived, so the
    /// server stores nothing more, and every session has its own.
    static func csrfToken(for value: String) -> String {
        SecretToken(value: value).derived(for: "csrf")
    }

    /// Cookie values Hyoka issues are base64url of 32 bytes; anything else is ignored, not looked up.
    static func isWellFormed(_ value: String) -> Bool {
        (20...100).contains(value.utf8.count) && value.utf8.allSatisfy { $0.isBase64URL }
    }
}

extension UInt8 {
    fileprivate var isBase64URL: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) || self == 0x2D || self == 0x5F
    }
}

/// Puts the account making a request in the context: from `Authorization:
/// Bearer TOKEN` (machine clients) or else from the session cookie. A reader
/// with neither goes on as nobody: the public pages need no sign-in. A token
/// that is given but not valid is 401, so that a client with a revoked or
/// mistyped token hears so instead of silently reading as the public.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let accounts: AccountService?

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        let cookie = request.cookies[SessionCookie.name]?.value
        context.sessionCookie = cookie.flatMap { SessionCookie.isWellFormed($0) ? $0 : nil }
        guard let accounts else { return try await next(request, context) }
        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer "),
                  case let token = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces),
                  token.utf8.count <= 200, let account = try await accounts.account(forToken: token) else {
                var response = try WebError(status: .unauthorized, message: "The API token is not valid.").response(from: request, context: context)
                response.headers[.wwwAuthenticate] = "Bearer"
                return response
            }
            context.account = account
            context.credential = .token
        } else if let session = context.sessionCookie, let account = try await accounts.account(forSession: session) {
            context.account = account
            context.credential = .session
        }
        return try await next(request, context)
    }
}

/// Guards the form routes: a POST must carry the session's CSRF token in
/// its `csrf` field, compared in constant time, or it is 403. Reads the
/// (small) form body once and hands its fields on in the context.
///
/// A request authenticated by an API token is exempt: it carries no cookie
/// a forged page could borrow, which is what CSRF exploits.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = WebContext
    /// A sign-in form is a few hundred bytes; a draft's fields will be more, never megabytes.
    static let maximumFormBytes = 64 * 1024

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        var context = context
        let body = try await request.body.collect(upTo: Self.maximumFormBytes)
        context.form = FormBody.fields(String(buffer: body))
        if context.credential != .token {
            guard let session = context.sessionCookie, let sent = context.form["csrf"],
                  ConstantTime.equals(sent, SessionCookie.csrfToken(for: session)) else {
                throw WebError(status: .forbidden, message: "The form's security token is missing or out of date: reload the page and send it again.")
            }
        }
        return try await next(request, context)
    }
}

/// An `application/x-www-form-urlencoded` body as name → value (the last value of a repeated name).
enum FormBody {
    static func fields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
