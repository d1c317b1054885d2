import Foundation

/// The PostgreSQL server the tests may use, named by `HYOKA_TEST_POSTGRES_URL`
/// (`eval "$(scripts/postgres-test-cluster.sh start)"` makes one). Without it,
/// the PostgreSQL cases are skipped with `skipReason`, never silently passed.
public enum TestPostgres {
    /// The server's URL, or nil when no server was named.
    public static let url: String? = ProcessInfo.processInfo.environment["HYOKA_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Why a PostgreSQL case did not run.
    public static let skipReason =
        "HYOKA_TEST_POSTGRES_URL is not set; run `eval \"$(scripts/postgres-test-cluster.sh start)\"` to test the PostgreSQL store"

    /// A schema name no other test uses (`prefix` + a UUID), so that tests
    /// running in parallel on one server never see each other's rows.
    public static func newSchemaName(prefix: String = "test_") -> String {
        prefix + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// `base` with `parameters` (such as `schema=…`, `ranking=exact`) added to its query.
    public static func parameterized(_ base: String, adding parameters: [String]) -> String {
        guard !parameters.isEmpty else { return base }
        return base + (base.contains("?") ? "&" : "?") + parameters.joined(separator: "&")
    }
}
