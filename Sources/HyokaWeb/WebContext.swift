import Hummingbird
import HyokaAccounts
import NIOCore

/// The request context of Hyoka's routes: Hummingbird's own, plus who is
/// signed in (set by `AuthenticationMiddleware`) and, on a form route, the
/// submitted fields once the CSRF token has been checked (`CSRFMiddleware`).
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in account, or nil for a reader who is not signed in.
    public var account: Account?
    /// How the account was recognised: a browser's session or a machine client's token.
    public var credential: Credential?
    /// The session cookie the browser sent (a signed-in session or a pre-sign-in one), from which its CSRF token derives.
    public var sessionCookie: String?
    /// The fields of a form body, read and CSRF-checked by `CSRFMiddleware`.
    public var form: [String: String] = [:]
    /// The client's address, for the sign-in rate limit ("unknown" when the transport does not say).
    public let clientAddress: String

    public enum Credential: Sendable, Equatable {
        case session
        case token
    }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

extension WebContext {
    /// Lets the request go on only when its account may do `action` to
    /// `scope` (`AccessPolicy`): 401 when nobody is signed in, 403 when the
    /// account may not — for instance an author of another ministry who
    /// changed an id in the address. Routes that write call this first.
    public func authorize(_ action: Action, on scope: DocumentScope = .system) throws {
        guard AccessPolicy.allows(account, action, on: scope) else {
            if account == nil { throw WebError(status: .unauthorized, message: "Sign in first (/login).") }
            throw WebError(status: .forbidden, message: "Your account may not do this here.")
        }
    }
}
