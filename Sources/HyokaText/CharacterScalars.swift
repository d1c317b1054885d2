import Foundation

/// Text as one Unicode scalar per character, for hand-written scanners.
///
/// `Character` is exact but slow: every comparison honours canonical
/// equivalence and every step finds a grapheme boundary. Scanners index and
/// compare these scalars instead, with the same answers: offsets are
/// character offsets (as in `Array(text)`), and a character that is not a
/// standalone scalar (see `Unicode.Scalar.isStandalone`) is represented by
/// its canonical composition when that is one scalar (「か」+「゙」 → 「が」,
/// the compatibility ideograph 年 → 年), by 「\n」 for 「\r\n」, and otherwise
/// by U+FFFC, which no scanner looks for.
public struct CharacterScalars: Sendable {
    /// The text the scalars were taken from.
    public let text: String
    /// One scalar per character of `text`.
    public let scalars: [Unicode.Scalar]
    /// UTF-8 offset in `text` where each character starts, then the length.
    private let characterStarts: [Int]

    /// Stands in for a character that is no single scalar: it matches nothing.
    public static let opaque: Unicode.Scalar = "\u{FFFC}"

    public init(_ text: String) {
        self.text = text
        var scalars: [Unicode.Scalar] = []
        var starts: [Int] = []
        scalars.reserveCapacity(text.utf8.count)
        starts.reserveCapacity(text.utf8.count + 1)
        var offset = 0
        for scalar in text.unicodeScalars {
            guard scalar.isStandalone else {
                (self.scalars, characterStarts) = Self.characterwise(text)
                return
            }
            scalars.append(scalar)
            starts.append(offset)
            offset += UTF8.width(scalar)
        }
        starts.append(offset)
        self.scalars = scalars
        characterStarts = starts
    }

    /// The slow path, for text with combining marks and the like.
    private static func characterwise(_ text: String) -> ([Unicode.Scalar], [Int]) {
        var scalars: [Unicode.Scalar] = []
        var starts: [Int] = []
        for index in text.indices {
            starts.append(text.utf8.distance(from: text.startIndex, to: index))
            scalars.append(representative(text[index]))
        }
        starts.append(text.utf8.count)
        return (scalars, starts)
    }

    private static func representative(_ character: Character) -> Unicode.Scalar {
        let own = character.unicodeScalars
        if own.count == 1, let only = own.first, only.isStandalone { return only }
        if character == "\r\n" { return "\n" }
        let composed = String(character).precomposedStringWithCanonicalMapping.unicodeScalars
        if composed.count == 1, let only = composed.first { return only }
        return opaque
    }

    /// Number of characters.
    public var count: Int { scalars.count }

    public subscript(offset: Int) -> Unicode.Scalar { scalars[offset] }

    /// The scalar at `offset`, or nil past either end.
    public func scalar(at offset: Int) -> Unicode.Scalar? {
        offset >= 0 && offset < scalars.count ? scalars[offset] : nil
    }

    /// True when `literal` stands at character `offset`. The literal must be
    /// made of standalone scalars (it is compared scalar by scalar).
    public func hasPrefix(_ literal: String, at offset: Int) -> Bool {
        guard offset >= 0 else { return false }
        var position = offset
        for scalar in literal.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
        }
        return true
    }

    /// The text of the characters at `range`, exactly as in `text`.
    public func string(_ range: Range<Int>) -> String {
        let bytes = text.utf8
        let start = bytes.index(bytes.startIndex, offsetBy: characterStarts[range.lowerBound])
        let end = bytes.index(start, offsetBy: characterStarts[range.upperBound] - characterStarts[range.lowerBound])
        return String(text[start..<end])
    }
}

extension Unicode.Scalar {
    /// True for a scalar that is always a character of its own and is its
    /// own canonical form: ASCII but the carriage return (which pairs with a
    /// line feed), Latin, punctuation, symbols, kana, CJK ideographs and
    /// full-width forms — less the combining marks among them and the
    /// compatibility ideographs that canonically equal another ideograph.
    ///
    /// Comparing such scalars gives the same answers as comparing the
    /// `Character`s they make, without normalising or grapheme breaking.
    public var isStandalone: Bool {
        // Asked of nearly every scalar of every line: the Basic Multilingual
        // Plane answers from the table (`isStandaloneByRange` fills it).
        value < 0x1_0000 ? basicPlaneClasses[Int(value)] & standaloneClass != 0 : Self.isStandaloneByRange(value)
    }

    /// `isStandalone` by its ranges: the definition the table is built from.
    static func isStandaloneByRange(_ value: UInt32) -> Bool {
        switch value {
        case 0x0D: false
        case 0..<0x300: true
        case 0x2010...0x2027, 0x2030...0x205E, 0x2070...0x20CF, 0x2100...0x2125, 0x2127...0x2129, 0x212C...0x2328,
             0x232B...0x2ADB, 0x2ADD...0x2BFF, 0x2E80...0x2FDF: true
        case 0x3000...0x3029, 0x3030...0x3096, 0x309B...0x312F, 0x3190...0x4DBF, 0x4E00...0x9FFF: true
        case 0xFF01...0xFF9D, 0xFFE0...0xFFEE: true
        case 0x20000...0x2F7FF, 0x30000...0x3134F: true
        default: false
        }
    }

    /// Same as `Character(self).isNumber` (what `\\d` matches in a `Regex`),
    /// read from a table for the Basic Multilingual Plane.
    public var isNumber: Bool {
        value < 0x1_0000 ? basicPlaneClasses[Int(value)] & numberClass != 0 : properties.numericType != nil
    }

    /// Same as `Character(self).isWhitespace` (what `\\s` matches), read from
    /// a table for the Basic Multilingual Plane.
    public var isWhitespace: Bool {
        value < 0x1_0000 ? basicPlaneClasses[Int(value)] & whitespaceClass != 0 : properties.isWhitespace
    }

    /// An ASCII digit 0–9.
    public var isASCIIDigit: Bool { (0x30...0x39).contains(value) }

    /// An ASCII letter A–Z or a–z.
    public var isASCIILetter: Bool { (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) }
}

private let numberClass: UInt8 = 1
private let whitespaceClass: UInt8 = 2
private let standaloneClass: UInt8 = 4

/// `isNumber`, `isWhitespace` and `isStandalone` of every scalar below
/// U+10000, looked up once: the Unicode property lookups (and the ranges of
/// `isStandalone`) are slow for scanners that ask them of every character.
private let basicPlaneClasses: [UInt8] = (0..<0x1_0000).map { value in
    guard let scalar = Unicode.Scalar(UInt32(value)) else { return 0 }
    return (scalar.properties.numericType != nil ? numberClass : 0) | (scalar.properties.isWhitespace ? whitespaceClass : 0)
        | (Unicode.Scalar.isStandaloneByRange(UInt32(value)) ? standaloneClass : 0)
}
