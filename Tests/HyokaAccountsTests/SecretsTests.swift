import Foundation
import HyokaAccounts
import Testing

@Suite("Passwords, tokens and constant-time comparison")
struct SecretsTests {
    @Test("bcrypt verifies the right password and refuses others")
    func bcrypt() {
        let hasher = BcryptHasher(cost: 4)
        let hash = hasher.hash("correct horse battery")
        #expect(hash.hasPrefix("$2"))
        #expect(!hash.contains("correct horse"))
        #expect(hasher.verify("correct horse battery", against: hash))
        #expect(!hasher.verify("correct horse batterz", against: hash))
        #expect(!hasher.verify("correct horse battery", against: "not a hash"))
        // Salted: the same password hashes differently each time.
        #expect(hasher.hash("correct horse battery") != hash)
    }

    @Test("Passwords longer than bcrypt reads, or too short, are refused")
    func passwordRules() {
        #expect(throws: AccountError.self) { try AccountRules.checkPassword("short") }
        #expect(throws: AccountError.self) { try AccountRules.checkPassword(String(repeating: "あ", count: 25)) } // 75 bytes
        #expect(throws: Never.self) { try AccountRules.checkPassword("long enough password") }
    }

    @Test("Names with spaces or control characters are refused; other characters are kept as typed")
    func nameRules() {
        #expect(throws: AccountError.self) { try AccountRules.checkName("two words") }
        #expect(throws: AccountError.self) { try AccountRules.checkName("bell\u{07}") }
        #expect(throws: AccountError.self) { try AccountRules.checkName("") }
        #expect(throws: Never.self) { try AccountRules.checkName("<b>yamada</b>") }
    }

    @Test("Tokens are 256 random bits, stored as their SHA-256")
    func tokens() {
        let token = SecretToken.generate(prefix: "hyoka_")
        #expect(token.value.hasPrefix("hyoka_"))
        #expect(token.value.count == 6 + 43)
        #expect(token.digest.count == 64)
        #expect(token.digest != token.value)
        #expect(SecretToken.generate().value != SecretToken.generate().value)
        #expect(token.derived(for: "csrf") == SecretToken(value: token.value).derived(for: "csrf"))
        #expect(token.derived(for: "csrf") != SecretToken.generate().derived(for: "csrf"))
    }

    @Test("Constant-time comparison", arguments: [("abc", "abc", true), ("abc", "abd", false), ("abc", "ab", false), ("", "", true), ("a", "", false)])
    func constantTime(lhs: String, rhs: String, equal: Bool) {
        #expect(ConstantTime.equals(lhs, rhs) == equal)
    }

    @Test("Timestamps round-trip through their text to the millisecond",
          arguments: [1_796_000_000.123_456, 1_796_000_000.122_9, 0.5, -1.25, 1_800_000_000])
    func timestamps(seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let text = Timestamp.string(date)
        #expect(text.count == 24 && text.hasSuffix("Z"))
        let back = try #require(Timestamp.date(text))
        #expect(back == Timestamp.truncated(date))
        #expect(Timestamp.string(back) == text)
        #expect(abs(back.timeIntervalSince(date)) <= 0.0005)
    }

    @Test("The text is the ISO 8601 instant with milliseconds")
    func timestampText() {
        #expect(Timestamp.string(Date(timeIntervalSince1970: 1_800_000_000.25)) == "2027-01-15T08:00:00.250Z")
        #expect(Timestamp.string(Date(timeIntervalSince1970: -1.25)) == "1969-12-31T23:59:58.750Z")
        #expect(Timestamp.date("2027-01-15T08:00:00Z") == nil)
    }

    @Test("The rate limiter allows a burst, then refuses until the window passes")
    func rateLimit() async {
        let limiter = LoginRateLimiter(limit: 3, window: 60)
        let start = Date(timeIntervalSince1970: 1_000_000)
        for _ in 0..<3 { #expect(await limiter.permit("10.0.0.1", at: start)) }
        #expect(await !limiter.permit("10.0.0.1", at: start.addingTimeInterval(1)))
        #expect(await limiter.permit("10.0.0.2", at: start.addingTimeInterval(1)))
        #expect(await limiter.permit("10.0.0.1", at: start.addingTimeInterval(61)))
    }
}
