import Foundation
import HyokaModel

/// Stable addresses for documents, fields and indicators.
///
/// A document is addressed by its file name (`source`), not by its id: the
/// id is a hash of the content, so a corrected or re-extracted report would
/// get new URLs and break every citation of the old ones. A policy is
/// addressed by the number it prints (「政策２」 → `2`) and a field by its
/// number (分野3 → `3`); an indicator by its position among the field's
/// indicators (`#indicator-2`), which is the number a reader counts in the
/// report. Re-importing the same file keeps every address.
///
/// A policy or field without a number, or whose number repeats, is
/// addressed by its position with a tilde (`~1` is the first), which no
/// printed number can be mistaken for.
///
/// The earlier addresses (content hash for the document, 0-based positions
/// under `/policies/…/fields/…`) answer with 301 to these.
enum Permalink {
    /// The file name as one path segment: percent-encoded UTF-8 (「第3章.pdf」 → `%E7%AC%AC3%E7%AB%A0.pdf`).
    static func segment(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? name
    }

    /// RFC 3986 unreserved characters: everything else in a segment is encoded.
    private static let segmentCharacters = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func document(_ source: String) -> String { "/documents/" + segment(source) }

    static func field(_ report: EvaluationReport, policy: Int, field: Int) -> String {
        let policies = report.policies
        let fields = policies[policy].fields
        return document(report.source) + "/policy/" + segment(key(policies.map(\.number), at: policy))
            + "/field/" + segment(key(fields.map { $0.number.map(String.init) }, at: field))
    }

    /// The number at `index` when it is printed and unique among `numbers`, else `~position`.
    static func key(_ numbers: [String?], at index: Int) -> String {
        if let number = numbers[index], !number.isEmpty, numbers.count(where: { $0 == number }) == 1 { return number }
        return "~\(index + 1)"
    }

    /// The index `key` names among `numbers`, or nil.
    static func index(of key: String, in numbers: [String?]) -> Int? {
        if key.hasPrefix("~") {
            guard let position = Int(key.dropFirst()), numbers.indices.contains(position - 1) else { return nil }
            return position - 1
        }
        let matches = numbers.indices.filter { numbers[$0] == key }
        return matches.count == 1 ? matches[0] : nil
    }

    /// The anchor of an indicator on its field page: its 1-based position.
    static func indicatorAnchor(_ position: Int) -> String { "indicator-\(position + 1)" }
}
