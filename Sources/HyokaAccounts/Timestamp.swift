import Foundation

/// Instants as the stores keep them: ISO 8601 in UTC with milliseconds
/// (「2026-12-02T14:52:14.123Z」), which sort as text and read the same in
/// SQLite and PostgreSQL. The audit log hashes this text, so an entry
/// verifies the same after any round trip through either store.
///
/// Built from whole milliseconds rather than by a formatter's fractional
/// seconds: a Double such as …20.123 is really …20.12299…, which a formatter
/// writes as .122, so that text and date would drift a millisecond apart on
/// every round trip.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        let milliseconds = Self.milliseconds(date)
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let (whole, rest) = fraction < 0 ? (seconds - 1, fraction + 1000) : (seconds, fraction)
        let base = wholeSeconds.format(Date(timeIntervalSince1970: Double(whole))) // …T14:52:14Z
        return String(base.dropLast()) + "." + String(String(rest + 1000).dropFirst()) + "Z"
    }

    public static func date(_ string: String) -> Date? {
        let characters = Array(string)
        guard characters.count == 24, characters[19] == ".", characters[23] == "Z",
              let fraction = Int64(String(characters[20..<23])),
              let whole = try? wholeSeconds.parse(String(characters[0..<19]) + "Z") else { return nil }
        return Date(timeIntervalSince1970: Double(Int64(whole.timeIntervalSince1970) * 1000 + fraction) / 1000)
    }

    /// `date` at the nearest whole millisecond, what the text keeps.
    public static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000)
    }

    private static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    private static let wholeSeconds = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)
}
