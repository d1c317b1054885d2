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
            literal.utf8.withContiguousStorageIfAvailable { pattern in Self.bytes(text, contain: pattern) }
        }
        return (found ?? nil) ?? contains(literal)
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

    fileprivate static func bytes(_ text: UnsafeBufferPointer<UInt8>, contain pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !pattern.isEmpty, let patternStart = pattern.baseAddress else { return true }
        guard text.count >= pattern.count, let textStart = text.baseAddress else { return false }
        // The literal's last byte is looked for with `memchr` (vectorised): in
        // Japanese text it is a continuation byte, one of 64 values, where the
        // first (a lead byte, 0xE3 for kana) would stop at half the text.
        let lastOffset = pattern.count - 1
        let last = Int32(pattern[lastOffset])
        var end = textStart + lastOffset
        let limit = textStart + text.count
        while end < limit, let found = memchr(end, last, limit - end) {
            let candidate = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
            if memcmp(candidate - lastOffset, patternStart, pattern.count) == 0 { return true }
            end = candidate + 1
        }
        return false
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
            literal.utf8.withContiguousStorageIfAvailable { pattern in String.bytes(bytes, contain: pattern) }
        }
        return (found ?? nil) ?? text.contains(literal)
    }
}
