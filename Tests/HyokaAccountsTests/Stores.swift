import Foundation
import GRDB
import HyokaTestSupport
import HyokaAccounts
import HyokaPostgres
import Synchronization
import Testing
@testable import HyokaStore

/// The stores the account tests run against: SQLite always, PostgreSQL when
/// `HYOKA_TEST_POSTGRES_URL` names a server (`eval "$(scripts/postgres-test-cluster.sh start)"`).
enum AccountStoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static let postgresURL = TestPostgres.url
    static let postgresEnabled = ConditionTrait.enabled(if: postgresURL != nil, Comment(rawValue: TestPostgres.skipReason))
    static var available: [AccountStoreKind] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { self == .sqlite ? "SQLite" : "PostgreSQL" }

    /// Runs `body` with an empty store of this kind and a way to run SQL on it
    /// directly, as someone with access to the database could.
    func withStore(_ body: (any AccountStore, _ rawSQL: @escaping (String) async throws -> Void) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let store = try SQLiteStore.inMemory()
            try await body(store) { sql in try await store.database.write { db in try db.execute(sql: sql) } }
        case .postgres:
            let url = try #require(Self.postgresURL)
            let schema = TestPostgres.newSchemaName()
            try await PostgresStore.withStore(url: TestPostgres.parameterized(url, adding: ["schema=\(schema)"])) { store in
                do {
                    try await body(store) { sql in try await store.execute(sql) }
                    try await store.execute("DROP SCHEMA \(schema) CASCADE")
                } catch {
                    try? await store.execute("DROP SCHEMA \(schema) CASCADE")
                    throw error
                }
            }
        }
    }
}

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(_ seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

extension AccountService {
    /// A service with bcrypt's cheapest cost (tests only) and `clock`.
    static func testing(_ store: any AccountStore, clock: TestClock = TestClock(), lockout: LockoutPolicy = LockoutPolicy()) -> AccountService {
        AccountService(store: store, hasher: BcryptHasher(cost: 4), lockout: lockout, now: { clock.now })
    }
}
