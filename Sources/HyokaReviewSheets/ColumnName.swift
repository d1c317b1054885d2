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
        if let known = asked[name] { return known }
        let found = positions[ColumnName.fold(name)] ?? []
        asked[name] = found
        return found
    }

    func contains(_ name: String) -> Bool { !positions(name).isEmpty }
}

/// The positions of names already asked for, by the name as written in the
/// code (unfolded). A class, so that the copies of a `ColumnIndex` each
/// record holds share one memo; one file's records are read on one thread,
/// so it is not `Sendable` and needs no lock.
private final class AskedNames {
    var positions: [UTF8Key: [Int]] = [:]

    subscript(name: String) -> [Int]? {
        get { positions[UTF8Key(name)] }
        set { positions[UTF8Key(name)] = newValue }
    }
}

/// A string as a dictionary key by its UTF-8 bytes. Hashing a `String` of
/// kanji normalises it (NFC) first, every time; the names asked for are
/// the code's own literals, the same bytes each time, so bytes are enough
/// and a lookup costs a hash of a few dozen bytes. Two canonically equal
/// spellings in different bytes are different keys here: harmless for a
/// memo, which only misses once more.
struct UTF8Key: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool { sameUTF8(lhs.text, rhs.text) }

    func hash(into hasher: inout Hasher) {
        let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if hashed == nil { for byte in text.utf8 { hasher.combine(byte) } }
        hasher.combine(0xFF as UInt8) // no UTF-8 byte: ends the key, so that keys hashed one after another stay apart
    }
}

/// Whether two strings are the same UTF-8 bytes: one `memcmp` of their
/// contiguous storage. `==` on Japanese text compares canonical equivalence
/// (normalising), and `utf8.elementsEqual` walks both through iterators byte
/// by byte, which was a twentieth of an import.
func sameUTF8(_ lhs: String, _ rhs: String) -> Bool {
    guard lhs.utf8.count == rhs.utf8.count else { return false }
    let compared: Bool? = lhs.utf8.withContiguousStorageIfAvailable { left in
        rhs.utf8.withContiguousStorageIfAvailable { right in
            left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
        }
    } ?? nil
    return compared ?? lhs.utf8.elementsEqual(rhs.utf8)
}
