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
///
/// Folding is Unicode normalisation (NFKC), far too slow to repeat for every
/// cell of every record: the reader asks for the same few dozen names
/// 240,000 times over in the full export. Each name asked for is folded once
/// and its positions remembered for the header's life.
struct ColumnIndex {
    let names: [String]
    private let positions: [String: [Int]]
    private let asked = AskedNames()

    init(_ names: [String]) {
        self.names = names
        var positions: [String: [Int]] = [:]
        for (index, name) in names.enumerated() { positions[ColumnName.fold(name), default: []].append(index) }
        self.positions = positions
    }

    /// The first position of the first of `aliases` the header has.
    func position(_ aliases: [String]) -> Int? {
        for alias in aliases { if let first = positions(alias).first { return first } }
        return nil
    }

    /// Every position of `name`.
    func positions(_ name: String) -> [Int] {
        if let known = asked.positions[name] { return known }
        let found = positions[ColumnName.fold(name)] ?? []
        asked.positions[name] = found
        return found
    }

    func contains(_ name: String) -> Bool { !positions(name).isEmpty }
}

/// The positions of names already asked for, by the name as written in the
/// code (unfolded). A class, so that the copies of a `ColumnIndex` each
/// record holds share one memo; one file's records are read on one thread,
/// so it is not `Sendable` and needs no lock.
private final class AskedNames {
    var positions: [String: [Int]] = [:]
}
