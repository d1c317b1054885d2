import Foundation

/// Column names compared as the site means them, not as it typed them.
///
/// The same column is written 「翌年度への繰越し(合計）」 with mixed brackets,
/// 「派生先ー 活動目標」 with a stray space, and 「点検・改善－目標年度」 with a
/// full-width minus where its neighbour has a 長音符 「ー」. Folding width
/// (NFKC), dropping spaces and writing every dash as 「-」 makes those one
/// name. Both the header and the names below are folded, so a dash inside a
/// katakana word (「レビュー」) folds alike on both sides and still matches.
enum ColumnName {
    static func fold(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in name.precomposedStringWithCompatibilityMapping.unicodeScalars {
            switch scalar {
            case " ", "\t", "\u{3000}", "\u{FEFF}": continue
            case "ー", "－", "―", "‐", "−", "ｰ", "-", "–", "—": out.append("-")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

/// A header's columns by folded name. A name written twice (5-4 has two
/// 「その他の契約」) keeps every position, in order.
struct ColumnIndex {
    let names: [String]
    private let positions: [String: [Int]]

    init(_ names: [String]) {
        self.names = names
        var positions: [String: [Int]] = [:]
        for (index, name) in names.enumerated() { positions[ColumnName.fold(name), default: []].append(index) }
        self.positions = positions
    }

    /// The first position of the first of `aliases` the header has.
    func position(_ aliases: [String]) -> Int? {
        for alias in aliases { if let first = positions[ColumnName.fold(alias)]?.first { return first } }
        return nil
    }

    /// Every position of `name`.
    func positions(_ name: String) -> [Int] { positions[ColumnName.fold(name)] ?? [] }

    func contains(_ name: String) -> Bool { positions[ColumnName.fold(name)] != nil }
}
