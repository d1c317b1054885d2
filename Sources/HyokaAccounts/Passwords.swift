import HummingbirdBcrypt

/// Turns a password into something that can be stored, and checks one against it.
///
/// A protocol so that tests can use a cheap bcrypt cost (or none) while the
/// real hasher stays slow on purpose: an attacker holding the database must
/// spend that time on every guess.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) -> String
    func verify(_ password: String, against hash: String) -> Bool
}

/// bcrypt (hummingbird-auth's C implementation): a salted, deliberately slow hash.
public struct BcryptHasher: PasswordHasher {
    /// 2^cost rounds; 12 takes a few hundred milliseconds. bcrypt allows 4 to 31.
    public let cost: UInt8

    public init(cost: UInt8 = 12) {
        precondition((4...31).contains(cost), "bcrypt's cost is between 4 and 31")
        self.cost = cost
    }

    public func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    public func verify(_ password: String, against hash: String) -> Bool {
        // A stored value that is not a bcrypt hash (a damaged row) matches nothing.
        guard hash.hasPrefix("$2") else { return false }
        return Bcrypt.verify(password, hash: hash)
    }
}
