import HyokaStore
import NIOCore

/// PostgreSQL text-search literals built from `SearchTokenizer` tokens.
///
/// `to_tsvector` would tokenise again with a parser that depends on the
/// server's locale; a literal cast with `::tsvector` keeps exactly the
/// tokens SQLite's FTS5 index holds, at the same positions.
enum SearchVector {
    /// PostgreSQL keeps positions up to 16,383 and at most 256 per lexeme;
    /// past either, phrase matching on the vector would be wrong.
    static let maximumPosition = 16_383
    static let maximumPositionsPerLexeme = 256

    /// The `tsvector` literal of `tokens`, and whether it holds every
    /// position. Each lexeme is written once, in the order PostgreSQL keeps
    /// lexemes (by their UTF-8 bytes), with all its positions:
    /// `'o''k':5 '地方':1,4 '方自':2`. A passage past the limits gets its
    /// lexemes alone, and search checks its phrases on the token array instead.
    ///
    /// Why grouped and sorted: the server reads the literal of every passage
    /// of an import (5.7 million tokens for the RS export) and sorts its
    /// lexemes to merge their positions; written in its own order, it parses
    /// each lexeme once and finds them sorted already (the COPY of the
    /// export's passages took 1.2–1.7 s less of the server's time). The
    /// vector the server stores is the same either way.
    static func literal(_ tokens: [String]) -> (literal: String, complete: Bool) {
        let lexemes = Lexemes(tokens)
        let complete = tokens.count <= maximumPosition && lexemes.mostPositions <= maximumPositionsPerLexeme
        var literal: [UInt8] = []
        literal.reserveCapacity(tokens.count * (complete ? 12 : 8))
        for group in lexemes.groups {
            if !literal.isEmpty { literal.append(UInt8(ascii: " ")) }
            appendQuoted(tokens[Int(lexemes.order[group.lowerBound].index)], to: &literal)
            guard complete else { continue }
            for (offset, entry) in lexemes.order[group].enumerated() {
                literal.append(offset == 0 ? UInt8(ascii: ":") : UInt8(ascii: ","))
                appendDecimal(Int(entry.index) + 1, to: &literal)
            }
        }
        return (String(decoding: literal, as: UTF8.self), complete)
    }

    /// The `tsvector` of `tokens` in PostgreSQL's binary form (what its
    /// `tsvectorrecv` reads, for COPY's binary format), and whether it holds
    /// every position: the number of lexemes, then each lexeme's bytes ended
    /// by a zero byte, its number of positions and each position (weight D,
    /// the 14 low bits), lexemes in the server's order as `literal` writes
    /// them. Past the limits, lexemes alone, as `literal`. `lexemes` are
    /// those of `tokens`, sorted once for this and for `repeatedJSON`.
    static func appendBinary(_ tokens: [String], lexemes: Lexemes, to buffer: inout ByteBuffer) -> Bool {
        let complete = tokens.count <= maximumPosition && lexemes.mostPositions <= maximumPositionsPerLexeme
        buffer.writeInteger(Int32(lexemes.groups.count))
        for group in lexemes.groups {
            buffer.writeString(tokens[Int(lexemes.order[group.lowerBound].index)])
            buffer.writeInteger(UInt8(0))
            guard complete else {
                buffer.writeInteger(UInt16(0))
                continue
            }
            buffer.writeInteger(UInt16(group.count))
            for entry in lexemes.order[group] { buffer.writeInteger(UInt16(entry.index + 1)) }
        }
        return complete
    }

    /// The tokens `tokens` holds more than once, each with how many times, as
    /// the JSON object of `rs_passage.repeated` (`{"外交":2,"交政":3}`, keys in
    /// the vector's lexeme order; a token held once is left out).
    ///
    /// Why: ranking a review sheet counts how often each one-token phrase
    /// occurs in it, and counting on the token array read and decompressed
    /// the whole array of every match (1.6–1.9 ms for 外交's 290 matching
    /// sheets, 0.5 ms from this object, psql); this object is small, and a
    /// token missing from it occurs once in a passage the phrase matched.
    static func repeatedJSON(_ tokens: [String], lexemes: Lexemes) -> [UInt8] {
        var json: [UInt8] = [UInt8(ascii: "{")]
        for group in lexemes.groups where group.count > 1 {
            if json.count > 1 { json.append(UInt8(ascii: ",")) }
            StoredJSON.appendString(tokens[Int(lexemes.order[group.lowerBound].index)], to: &json)
            json.append(UInt8(ascii: ":"))
            appendDecimal(group.count, to: &json)
        }
        json.append(UInt8(ascii: "}"))
        return json
    }

    /// The places of `tokens` sorted by token (their UTF-8 bytes, shorter
    /// first where one is the start of the other, as PostgreSQL compares
    /// lexemes), then by place; `groups` are the ranges of `order` holding
    /// one token each.
    ///
    /// A token's first eight bytes, big-endian, are its sort key: the
    /// tokenizer's bigrams of kana and kanji are six bytes, so nearly every
    /// comparison is one of two integers and the bytes are read once. The
    /// key pads with zeros, which no token holds, so a shorter token that
    /// starts a longer one sorts first, as it should.
    struct Lexemes {
        struct Entry {
            var key: UInt64
            var length: Int32
            var index: Int32
        }

        var order: [Entry]
        var groups: [Range<Int>] = []
        var mostPositions = 0

        init(_ tokens: [String]) {
            order = tokens.enumerated().map { index, token in
                Entry(key: Self.key(token), length: Int32(token.utf8.count), index: Int32(index))
            }
            order.sort { a, b in
                if a.key != b.key { return a.key < b.key }
                if a.length > 8 && b.length > 8 {
                    let (left, right) = (tokens[Int(a.index)].utf8, tokens[Int(b.index)].utf8)
                    if !left.elementsEqual(right) { return left.lexicographicallyPrecedes(right) }
                } else if a.length != b.length {
                    return a.length < b.length
                }
                return a.index < b.index
            }
            guard !order.isEmpty else { return }
            var start = 0
            for end in 1...order.count where end == order.count || !Self.sameToken(order[end - 1], order[end], tokens) {
                groups.append(start..<end)
                mostPositions = max(mostPositions, end - start)
                start = end
            }
        }

        /// The first eight UTF-8 bytes of `token`, big-endian, zero-padded.
        private static func key(_ token: String) -> UInt64 {
            func key(_ bytes: some Sequence<UInt8>) -> UInt64 {
                var key: UInt64 = 0
                var shift: UInt64 = 56
                for byte in bytes.prefix(8) {
                    key |= UInt64(byte) << shift
                    shift &-= 8
                }
                return key
            }
            return token.utf8.withContiguousStorageIfAvailable(key) ?? key(token.utf8)
        }

        private static func sameToken(_ a: Entry, _ b: Entry, _ tokens: [String]) -> Bool {
            a.key == b.key && a.length == b.length && (a.length <= 8 || tokens[Int(a.index)].utf8.elementsEqual(tokens[Int(b.index)].utf8))
        }
    }

    /// A `tsquery` literal matching every phrase, each as consecutive tokens:
    /// `'地方' <-> '方自' & 'ビザ'`.
    static func phraseQuery(_ phrases: [[String]]) -> String {
        phrases.map { "(" + $0.map(quote).joined(separator: " <-> ") + ")" }.joined(separator: " & ")
    }

    /// A `tsquery` literal matching passages that hold every token of
    /// `phrase` anywhere, for vectors that lost positions.
    static func tokensQuery(_ phrase: [String]) -> String {
        phrase.map(quote).joined(separator: " & ")
    }

    /// A lexeme quoted for `tsvector`/`tsquery` input: inside single quotes,
    /// a quote is doubled and a backslash escaped.
    static func quote(_ token: String) -> String {
        var quoted: [UInt8] = []
        appendQuoted(token, to: &quoted)
        return String(decoding: quoted, as: UTF8.self)
    }

    private static func appendQuoted(_ token: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "'"))
        if token.utf8.contains(where: { $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\\") }) {
            for byte in token.utf8 {
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\\") { bytes.append(byte) }
                bytes.append(byte)
            }
        } else {
            bytes.append(contentsOf: token.utf8)
        }
        bytes.append(UInt8(ascii: "'"))
    }

    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        while divisor * 10 <= value { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}
