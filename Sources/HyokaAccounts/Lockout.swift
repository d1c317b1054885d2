import Foundation

/// Locks an account after repeated wrong passwords: after `maximumFailures`
/// in a row, sign-in is refused for `lockDuration`, whatever password is given.
///
/// The state lives in the account (`failedAttempts`, `lockedUntil`), so the
/// lock holds across processes; the clock is passed in, so that tests can
/// move time on.
public struct LockoutPolicy: Sendable {
    public var maximumFailures: Int
    public var lockDuration: TimeInterval

    public init(maximumFailures: Int = 5, lockDuration: TimeInterval = 15 * 60) {
        self.maximumFailures = maximumFailures
        self.lockDuration = lockDuration
    }

    /// Whether `account` is locked at `now`.
    public func isLocked(_ account: Account, at now: Date) -> Bool {
        guard let until = account.lockedUntil else { return false }
        return now < until
    }

    /// The account after one more wrong password at `now`: counted, and locked when the count reaches the limit.
    public func afterFailure(_ account: Account, at now: Date) -> Account {
        var account = account
        if let until = account.lockedUntil, now >= until {
            // A lock that has run out starts a new count.
            account.lockedUntil = nil
            account.failedAttempts = 0
        }
        account.failedAttempts += 1
        if account.failedAttempts >= maximumFailures {
            account.lockedUntil = now.addingTimeInterval(lockDuration)
            account.failedAttempts = 0
        }
        return account
    }

    /// The account after a right password: the count starts again.
    public func afterSuccess(_ account: Account) -> Account {
        var account = account
        account.failedAttempts = 0
        account.lockedUntil = nil
        return account
    }
}

/// Limits how often sign-in is tried from one place (a client address), in
/// memory: at most `limit` attempts in any `window`. It slows a guesser who
/// tries many names, which the per-account lock alone does not.
public actor LoginRateLimiter {
    public let limit: Int
    public let window: TimeInterval
    private var attempts: [String: [Date]] = [:]
    /// Keys remembered at most: beyond it the oldest are forgotten, so that a
    /// flood of addresses cannot fill the memory.
    private let capacity: Int

    public init(limit: Int = 10, window: TimeInterval = 60, capacity: Int = 10_000) {
        self.limit = limit
        self.window = window
        self.capacity = capacity
    }

    /// Records an attempt from `key` at `now`, and says whether it may go ahead.
    public func permit(_ key: String, at now: Date) -> Bool {
        var recent = (attempts[key] ?? []).filter { now.timeIntervalSince($0) < window }
        guard recent.count < limit else {
            attempts[key] = recent
            return false
        }
        recent.append(now)
        if attempts[key] == nil, attempts.count >= capacity {
            attempts = attempts.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
            if attempts.count >= capacity, let oldest = attempts.min(by: { ($0.value.last ?? now) < ($1.value.last ?? now) })?.key {
                attempts[oldest] = nil
            }
        }
        attempts[key] = recent
        return true
    }
}
