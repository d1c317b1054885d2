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
        var positions: [String: [Int]] = [:]
        var order: [String] = []
        for (index, token) in tokens.enumerated() {
            if positions[token] == nil { order.append(token) }
            positions[token, default: []].append(index + 1)
        }
        let complete = tokens.count <= maximumPosition && positions.values.allSatisfy { $0.count <= maximumPositionsPerLexeme }
        let lexemes = order.map { token in
            complete ? quote(token) + ":" + (positions[token] ?? []).map(String.init).joined(separator: ",") : quote(token)
        }
        return (lexemes.joined(separator: " "), complete)
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
        "'" + token.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }
}
