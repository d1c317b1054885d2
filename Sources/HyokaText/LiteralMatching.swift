import Foundation

/// Fast, exact tests of text against literals such as 「施策名」 or 「中期目標」.
///
/// `String.hasPrefix`, `==` and Foundation's `contains` honour canonical
/// equivalence and grapheme clusters, so they normalise as they compare
/// (Foundation's `contains` also copies the text to UTF-16). Where the text
/// is made of standalone scalars (`Unicode.Scalar.isStandalone`), comparing
/// scalars or UTF-8 bytes gives the same answer; these methods do that and
/// leave any other text (and any other literal) to the standard methods.
extension String {
    /// Same as `hasPrefix(literal)`.
    public func hasLiteralPrefix(_ literal: String) -> Bool {
        var scalars = unicodeScalars.makeIterator()
        var expectedScalars = literal.unicodeScalars.makeIterator()
        while let expected = expectedScalars.next() {
            guard let scalar = scalars.next() else { return false }
            guard scalar.isStandalone, expected.isStandalone else { return hasPrefix(literal) }
            if scalar != expected {
                // Two different characters, unless what follows either scalar joins it.
                if let next = scalars.next(), !next.isStandalone { return hasPrefix(literal) }
                if let next = expectedScalars.next(), !next.isStandalone { return hasPrefix(literal) }
                return false
            }
        }
        // The scalar after those compared must not join the last of them.
        if let next = scalars.next(), !next.isStandalone { return hasPrefix(literal) }
        return true
    }

    /// Same as `hasSuffix(literal)`.
    public func hasLiteralSuffix(_ literal: String) -> Bool {
        guard literal.isStandalone else { return hasSuffix(literal) }
        var index = unicodeScalars.endIndex
        var matches = true
        for expected in literal.unicodeScalars.reversed() {
            guard index > unicodeScalars.startIndex else { return false }
            index = unicodeScalars.index(before: index)
            let scalar = unicodeScalars[index]
            guard scalar.isStandalone else { return hasSuffix(literal) }
            if scalar != expected {
                matches = false
                break
            }
        }
        // The scalar before those compared must not join the first of them.
        if index > unicodeScalars.startIndex, !unicodeScalars[unicodeScalars.index(before: index)].isStandalone {
            return hasSuffix(literal)
        }
        return matches
    }

    /// Same as Foundation's `contains(literal)`.
    public func containsLiteral(_ literal: String) -> Bool {
        guard isStandalone, literal.isStandalone else { return contains(literal) }
        // UTF-8 of standalone scalars: a byte match is a match of whole characters.
        let found = utf8.withContiguousStorageIfAvailable { text in
            literal.utf8.withContiguousStorageIfAvailable { pattern in Self.firstOffset(of: pattern, in: text) != nil }
        }
        return (found ?? nil) ?? contains(literal)
    }

    /// Same as Foundation's `range(of: literal)`: where both are standalone
    /// scalars, the first byte match is the first match of whole characters.
    public func rangeOfLiteral(_ literal: String) -> Range<String.Index>? {
        guard !literal.isEmpty, isStandalone, literal.isStandalone else { return range(of: literal) }
        let search = utf8.withContiguousStorageIfAvailable { text in
            literal.utf8.withContiguousStorageIfAvailable { pattern in Self.firstOffset(of: pattern, in: text) }
        }
        // Either text not stored contiguously: Foundation's answer.
        guard let searched = search, let result = searched else { return range(of: literal) }
        guard let offset = result else { return nil }
        let start = utf8.index(startIndex, offsetBy: offset)
        return start..<utf8.index(start, offsetBy: literal.utf8.count)
    }

    /// Same as `self == literal`.
    public func isLiteral(_ literal: String) -> Bool {
        if utf8.elementsEqual(literal.utf8) { return true }
        // Equal text starts with the literal; without it, the answer is no.
        return hasLiteralPrefix(literal) && self == literal
    }

    /// True when the text is made of standalone scalars.
    ///
    /// Asked of a line by every literal test, so it reads the UTF-8 bytes
    /// directly rather than decoding the scalars one by one.
    public var isStandalone: Bool {
        utf8.withContiguousStorageIfAvailable(Self.bytesAreStandalone) ?? unicodeScalars.allSatisfy(\.isStandalone)
    }

    /// `isStandalone` of well-formed UTF-8: ASCII and the two-byte scalars
    /// below U+0300 answer from their first byte, the rest are decoded.
    private static func bytesAreStandalone(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                if lead == 0x0D { return false }
                index += 1
            } else if lead < 0xE0 {
                // U+0080…U+07FF; from U+0300 (lead 0xCC) none is standalone.
                if lead >= 0xCC { return false }
                index += 2
            } else if lead < 0xF0 {
                // U+5000…U+9FFF (leads 0xE5–0xE9): CJK ideographs, all standalone.
                if lead >= 0xE5 && lead <= 0xE9 {
                    index += 3
                    continue
                }
                let value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                guard let scalar = Unicode.Scalar(value), scalar.isStandalone else { return false }
                index += 3
            } else {
                let value = UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                    | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                guard let scalar = Unicode.Scalar(value), scalar.isStandalone else { return false }
                index += 4
            }
        }
        return true
    }

    /// Same as `count <= limit`, without finding grapheme clusters in text
    /// of standalone scalars.
    public func hasCharacterCount(atMost limit: Int) -> Bool {
        var count = 0
        for scalar in unicodeScalars {
            guard scalar.isStandalone else { return self.count <= limit }
            count += 1
            // Standalone scalars past the limit: each is a character of its own.
            if count > limit { return false }
        }
        return true
    }

    /// Same as removing each literal in turn with Foundation's
    /// `replacingOccurrences(of: literal, with: "")`: where the text and the
    /// literals are standalone scalars, byte matches are character matches.
    public func removingLiterals(_ literals: [String]) -> String {
        guard isStandalone, literals.allSatisfy({ !$0.isEmpty && $0.isStandalone }) else {
            return literals.reduce(self) { $0.replacingOccurrences(of: $1, with: "") }
        }
        var bytes = Array(utf8)
        for literal in literals {
            let pattern = Array(literal.utf8)
            var kept: [UInt8] = []
            var offset = 0
            let found = bytes.withUnsafeBufferPointer { text in
                pattern.withUnsafeBufferPointer { pattern in
                    var starts: [Int] = []
                    var from = 0
                    while from <= text.count - pattern.count,
                          let start = Self.firstOffset(of: pattern, in: UnsafeBufferPointer(rebasing: text[from...])) {
                        starts.append(from + start)
                        from += start + pattern.count
                    }
                    return starts
                }
            }
            guard !found.isEmpty else { continue }
            kept.reserveCapacity(bytes.count)
            for start in found {
                kept += bytes[offset..<start]
                offset = start + pattern.count
            }
            kept += bytes[offset...]
            bytes = kept
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The byte offset in `text` of the first occurrence of `pattern` (0 for an empty pattern), nil if none.
    fileprivate static func firstOffset(of pattern: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !pattern.isEmpty, let patternStart = pattern.baseAddress else { return 0 }
        guard text.count >= pattern.count, let textStart = text.baseAddress else { return nil }
        // The literal's last byte is looked for with `memchr` (vectorised): in
        // Japanese text it is a continuation byte, one of 64 values, where the
        // first (a lead byte, 0xE3 for kana) would stop at half the text.
        let lastOffset = pattern.count - 1
        let last = Int32(pattern[lastOffset])
        var end = textStart + lastOffset
        let limit = textStart + text.count
        while end < limit, let found = memchr(end, last, limit - end) {
            let candidate = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
            if memcmp(candidate - lastOffset, patternStart, pattern.count) == 0 { return candidate - lastOffset - textStart }
            end = candidate + 1
        }
        return nil
    }
}

/// A line asked about several literals in a row.
///
/// `containsLiteral` first checks that the whole text is standalone scalars;
/// a loop that tests one line against many literals (the ministries, the
/// names of a publication) checks that once here, then searches the bytes
/// for each literal. The answers are `containsLiteral`'s.
public struct LiteralText: Sendable {
    public let text: String
    private let standalone: Bool

    public init(_ text: String) {
        self.text = text
        standalone = text.isStandalone
    }

    /// For a caller that has found `text.isStandalone` already (and kept it).
    public init(_ text: String, isStandalone: Bool) {
        self.text = text
        standalone = isStandalone
    }

    /// Same as Foundation's `text.components(separatedBy: literal).count - 1`:
    /// how many times `literal` occurs, each after the end of the one before.
    /// Text and literal of standalone scalars are searched by UTF-8 byte.
    public func occurrences(of literal: String) -> Int {
        guard standalone, !literal.isEmpty, literal.isStandalone else { return text.components(separatedBy: literal).count - 1 }
        let found = text.utf8.withContiguousStorageIfAvailable { bytes in
            literal.utf8.withContiguousStorageIfAvailable { pattern in Self.occurrences(of: pattern, in: bytes) }
        }
        return (found ?? nil) ?? text.components(separatedBy: literal).count - 1
    }

    /// Non-overlapping occurrences of `pattern` (not empty) in `bytes`, left to right.
    private static func occurrences(of pattern: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let text = bytes.baseAddress, let first = pattern.baseAddress, pattern.count <= bytes.count else { return 0 }
        var count = 0
        var start = 0
        while start + pattern.count <= bytes.count {
            if text[start] == first[0], memcmp(text + start, first, pattern.count) == 0 {
                count += 1
                start += pattern.count
            } else {
                start += 1
            }
        }
        return count
    }

    /// Same as `text.containsLiteral(literal)`.
    public func contains(_ literal: String) -> Bool {
        guard standalone, literal.isStandalone else { return text.contains(literal) }
        let found = text.utf8.withContiguousStorageIfAvailable { bytes in
            literal.utf8.withContiguousStorageIfAvailable { pattern in String.firstOffset(of: pattern, in: bytes) != nil }
        }
        return (found ?? nil) ?? text.contains(literal)
    }
}
