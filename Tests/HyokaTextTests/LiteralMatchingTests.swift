import Foundation
import Testing
@testable import HyokaText

@Suite("Literal matching")
struct LiteralMatchingTests {
    static let literals = ["施策名", "中期目標", "評価結果", "評価結果（続）", "が", "か", "年", " ", "  ", "\t", "。", "か\u{3099}", "https://"]

    @Test("Prefix, suffix, contains and equality answer as the standard methods do")
    func sameAsStandardMethods() {
        for text in Self.randomTexts(count: 4000) {
            for literal in Self.literals {
                #expect(text.hasLiteralPrefix(literal) == text.hasPrefix(literal), "\(Array(text.unicodeScalars)) \(literal)")
                #expect(text.hasLiteralSuffix(literal) == text.hasSuffix(literal), "\(Array(text.unicodeScalars)) \(literal)")
                #expect(text.containsLiteral(literal) == text.contains(literal), "\(Array(text.unicodeScalars)) \(literal)")
                #expect(LiteralText(text).contains(literal) == text.contains(literal), "\(Array(text.unicodeScalars)) \(literal)")
                #expect(text.isLiteral(literal) == (text == literal), "\(Array(text.unicodeScalars)) \(literal)")
                let range = text.rangeOfLiteral(literal), expected = text.range(of: literal)
                #expect(range.map { text.utf8.distance(from: text.startIndex, to: $0.lowerBound) } ==
                        expected.map { text.utf8.distance(from: text.startIndex, to: $0.lowerBound) }, "\(Array(text.unicodeScalars)) \(literal)")
                #expect(range.map { text.utf8.distance(from: $0.lowerBound, to: $0.upperBound) } ==
                        expected.map { text.utf8.distance(from: $0.lowerBound, to: $0.upperBound) }, "\(Array(text.unicodeScalars)) \(literal)")
            }
            for literals in [["年度末", "年度", "末"], ["か", "施策名"], ["。", " "], ["が", "\u{3099}"]] {
                #expect(text.removingLiterals(literals) == literals.reduce(text) { $0.replacingOccurrences(of: $1, with: "") },
                        "\(Array(text.unicodeScalars)) \(literals)")
            }
            for limit in 0...4 {
                #expect(text.hasCharacterCount(atMost: limit) == (text.count <= limit))
            }
            #expect(text.trimmingJapaneseWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(text.isStandalone == text.unicodeScalars.allSatisfy(\.isStandalone))
        }
    }

    @Test("Typical cases")
    func examples() {
        #expect("施策名：外交".hasLiteralPrefix("施策名"))
        #expect(!"施策".hasLiteralPrefix("施策名"))
        #expect("評価結果（続）".hasLiteralSuffix("（続）"))
        #expect("主な取組と今後の方向性".containsLiteral("方向性"))
        #expect(!"中期目標".isLiteral("中期目"))
        let text = "研究開発 91件（うち新規12件）"
        #expect(text.rangeOfLiteral("12件").map { String(text[$0]) } == "12件")
        #expect(text.rangeOfLiteral("13件") == nil)
        #expect("令和5年度末実績値：91件".removingLiterals(["年度末", "年度", "実績値", "実績"]) == "令和5：91件")
        #expect("年年度度".removingLiterals(["年度"]) == "年度")
        #expect("\u{3000} 令和５年度\t".trimmingJapaneseWhitespace() == "令和５年度")
        // 「か」 followed by a combining voiced mark is 「が」, not 「か」.
        #expect(!"か\u{3099}き".hasLiteralPrefix("か"))
        #expect("か\u{3099}き".hasLiteralPrefix("が"))
    }

    @Test("A standalone scalar is its own canonical form and a character of its own")
    func standaloneScalars() {
        for value in UInt32(0)...0x3_134F {
            guard let scalar = Unicode.Scalar(value), scalar.isStandalone else { continue }
            let text = String(scalar)
            #expect(text.precomposedStringWithCanonicalMapping == text, "\(value)")
            #expect(("a" + text + "a").count == 3, "\(value)")
        }
    }

    @Test("Lines end at \\n, \\r\\n and \\r")
    func lineEnds() {
        let source = SourceText("a\r\nb\rc\n\nd\r")
        #expect(source.lines.map(\.raw) == ["a", "b", "c", "", "d"])
        #expect(SourceText("").lineCount == 1)
        #expect(SourceText("\n").lines.map(\.raw) == [""])
        #expect(SourceText("x\r\r\ny").lines.map(\.raw) == ["x", "", "y"])
    }

    /// Strings of pieces chosen to meet every branch: combining marks, a
    /// compatibility ideograph, carriage returns, zero-width and ideographic spaces.
    @Test("isStandalone read from the table agrees with its ranges on every scalar")
    func standaloneTableAgreesWithRanges() {
        var standalone = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(scalar.isStandalone == Unicode.Scalar.isStandaloneByRange(value), "U+\(String(value, radix: 16))")
            if scalar.isStandalone { standalone += 1 }
        }
        // ASCII, kana and the CJK ideographs at the least.
        #expect(standalone > 100_000)
    }

    @Test("A row's words are what splitting its characters at spaces and tabs gives")
    func rowWordsAsSplit() {
        let texts = Self.randomTexts(count: 4000) + ["約4.6億件 約4.8億件\t\t5.2億件 ", "  ", "", "か\u{3099} 1", " \u{301}1 2"]
        for text in texts {
            let expected = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            #expect(QuantityParser.words(text).map(String.init) == expected, "\(Array(text.unicodeScalars))")
        }
    }

    static func randomTexts(count: Int) -> [String] {
        let pieces = ["施策名", "中期目標", "評価結果", "（続）", "か", "が", "\u{3099}", "\u{301}", "\u{F98E}", "年", " ", "\t", "\r", "\n",
                      "\u{3000}", "\u{200B}", "\u{85}", "。", "https://", "a", "5", "\u{1100}", "\u{1161}", "🇯", "🇵", "é", "\u{20000}", "\u{A0}",
                      // The edges of the byte-level standalone test: the last two-byte scalar before the
                      // combining marks, a hexagram between the ideograph blocks, the first ideograph after it.
                      "\u{2FF}", "\u{300}", "\u{4DC0}", "\u{4E00}", "\u{9FFF}", "\u{FF9D}"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { _ in (0..<next(6)).map { _ in pieces[next(pieces.count)] }.joined() }
    }
}
