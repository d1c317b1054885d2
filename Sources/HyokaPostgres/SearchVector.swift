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

    /// The `tsvector` literal of `tokens` (`'地方':1 '方自':2 …`), and whether
    /// it holds every position. A passage past the limits gets its lexemes
    /// alone, and search checks its phrases on the token array instead.
    static func literal(_ tokens: [String]) -> (literal: String, complete: Bool) {
        if isComplete(tokens) {
            // A lexeme may repeat: PostgreSQL merges its positions when it reads the literal.
            var literal = ""
            literal.reserveCapacity(tokens.count * 12)
            for (index, token) in tokens.enumerated() {
                if index > 0 { literal += " " }
                literal += quote(token)
                literal += ":"
                literal += String(index + 1)
            }
            return (literal, true)
        }
        var seen = Set<[UInt8]>()
        let lexemes = tokens.filter { seen.insert(Array($0.utf8)).inserted }.map(quote)
        return (lexemes.joined(separator: " "), false)
    }

    /// Whether a vector can hold every position of `tokens`. Tokens are
    /// counted by their UTF-8 bytes: hashing a `String` of kanji normalises
    /// it first, which made this the slowest step of an import.
    private static func isComplete(_ tokens: [String]) -> Bool {
        guard tokens.count <= maximumPosition else { return false }
        guard tokens.count > maximumPositionsPerLexeme else { return true }
        var counts: [[UInt8]: Int] = [:]
        for token in tokens {
            let count = (counts[Array(token.utf8)] ?? 0) + 1
            if count > maximumPositionsPerLexeme { return false }
            counts[Array(token.utf8)] = count
        }
        return true
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
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\\") }) else { return "'" + token + "'" }
        return "'" + token.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }
}
