/// Where the store lives, as given by `--db` or `HYOKA_DB`: a SQLite file,
/// or a PostgreSQL server named by a `postgres://` URL.
public enum StoreLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    /// URL schemes that name a PostgreSQL server, as libpq accepts them.
    public static let postgresSchemes = ["postgres://", "postgresql://"]

    /// A `postgres://` or `postgresql://` URL (any case) names a server;
    /// anything else is a file path, so a file may still be called
    /// `postgres.sqlite`.
    public init(_ text: String) {
        let lowercased = text.lowercased()
        if Self.postgresSchemes.contains(where: lowercased.hasPrefix) {
            self = .postgres(url: text)
        } else {
            self = .sqlite(path: text)
        }
    }
}
