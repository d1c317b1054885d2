import Foundation
import Testing
@testable import HyokaText

/// `SearchTokenizer.tokens` cuts most text by scalars (`ScalarTokens`) and the
/// rest by `Character`s (`characterTokens`); an index built one way is searched
/// with queries tokenised the other, so both must give the same tokens.
@Suite("Search tokenisation by scalars")
struct ScalarTokensTests {
    /// The repository root, three folders above this file.
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every line of the corpus's report texts and RS sample tables, normalised as `tokens` normalises.
    private static func corpusLines() throws -> [String] {
        let folders = [root.appendingPathComponent("corpus"), root.appendingPathComponent("corpus/rs2024")]
        var lines: [String] = []
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            where name.hasSuffix(".txt") || name.hasSuffix(".csv") {
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                lines += text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            }
        }
        return lines
    }

    @Test("Corpus lines: scalars and characters give the same tokens, and nearly every line is cut by scalars")
    func corpusLinesAgree() throws {
        let lines = try Self.corpusLines()
        #expect(lines.count > 5_000)
        var byScalars = 0
        for line in lines {
            let text = SearchTokenizer.composed(TextNormalizer.normalize(line))
            guard let fast = ScalarTokens(text) else { continue }
            byScalars += 1
            let expected = SearchTokenizer.characterTokens(text)
            #expect(fast.tokens == expected, "\(line)")
            if fast.tokens != expected { return }
        }
        #expect(byScalars * 100 >= lines.count * 95, "\(byScalars) of \(lines.count) lines cut by scalars")
    }

    /// Pieces that meet at every kind of boundary: digits and grouping commas,
    /// Latin, kanji and kana around numbers, spaces, CR LF, and characters of
    /// several scalars (a combining sound mark, an ideographic variation
    /// selector, an accent, an emoji with its skin tone and joiner, Hangul jamo).
    private static let pieces = [
        "4", "6", "1", ",", ".", "a", "Z", " ", "\u{3000}", "\r\n", "\n", "億", "件", "約", "人", "万", "ギ", "キ\u{3099}", "葛\u{E0100}",
        "・", "゠", "ー", "ｶﾞ", "１", "，", "．", "Ｇ", "é", "e\u{301}", "👍🏽", "\u{200D}", "가", "\u{1100}\u{1161}", "（", "」", "%",
    ]

    @Test("Random texts of those pieces: tokens are those cut by characters, whichever way they were cut")
    func randomTextsAgree() {
        var generator = SplitMix64(seed: 0x5EED)
        var fastCount = 0
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 14)
            let text = (0..<length).map { _ in Self.pieces[Int(generator.next() % UInt64(Self.pieces.count))] }.joined()
            let prepared = SearchTokenizer.composed(TextNormalizer.normalize(text))
            if ScalarTokens(prepared) != nil { fastCount += 1 }
            let tokens = SearchTokenizer.tokens(text)
            let expected = SearchTokenizer.characterTokens(prepared)
            #expect(tokens == expected, "\(Array(text.unicodeScalars).map { String($0.value, radix: 16) })")
            if tokens != expected { return }
        }
        // Both ways must have been exercised.
        #expect(fastCount > 1_000 && fastCount < 19_000, "\(fastCount) texts cut by scalars")
    }

    @Test("A mark, selector or joiner sends the text to characters; kana, kanji, ASCII and punctuation do not")
    func whichTextStandsAlone() {
        #expect(ScalarTokens("約4.6億件、ＧＤＰ（2024年）") != nil)
        #expect(ScalarTokens("キ\u{3099}") == nil)
        #expect(ScalarTokens("葛\u{E0100}城") == nil)
        #expect(ScalarTokens("e\u{301}") == nil)
        #expect(ScalarTokens("👍\u{200D}") == nil)
    }
}

/// A small seeded generator, so that a failure is reproduced by running the test again.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
