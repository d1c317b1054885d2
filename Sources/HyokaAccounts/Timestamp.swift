import Foundation

/// Instants as the stores keep them: ISO 8601 in UTC with milliseconds
/// (「2026-12-02T14:52:14.123Z」), which sort as text and read the same in
/// SQLite and PostgreSQL. The audit log hashes this text, so an entry
/// verifies the same after any round trip through either store.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        style.format(truncated(date))
    }

    public static func date(_ string: String) -> Date? {
        try? style.parse(string)
    }

    /// `date` cut to whole milliseconds, what the text keeps.
    public static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }

    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!)
}
