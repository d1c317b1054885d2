import Foundation
import HyokaModel
import Testing
@testable import HyokaText

/// `Snippets.make` finds the searched words without copying the text around
/// each place it compares; it must find what comparing copies found.
@Suite("Search snippets")
struct SnippetsTests {
    /// The window test as it was written first: each window copied into an array, then compared.
    static func copiedWindows(_ comparable: [Character], _ needle: [Character]) -> [Int] {
        var found: [Int] = []
        var index = 0
        while index + needle.count <= comparable.count {
            if Array(comparable[index..<(index + needle.count)]) == needle {
                found.append(index)
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }

    @Test("Scalar by scalar, snippets are those made character by character: random texts and the corpus's lines")
    func scalarwiseSameAsCharacterwise() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("corpus/003_3c0173e389cd5384.txt")
        let lines = try String(contentsOf: corpus, encoding: .utf8).split(separator: "\n").map(String.init)
        let terms = [["外交"], ["か"], ["が"], ["施策", "評価"], ["5"], ["年 度"], ["1,000"], ["ＯＤＡ"], ["oda"], ["ビザ", "査証"], ["6447"], ["か\u{3099}"]]
        var scalarwise = 0
        for text in LiteralMatchingTests.randomTexts(count: 3000) + lines + ["6,447人の外交", "ＯＤＡとODA、1,000件", "Ａｂｃ ＤＥＦ",
                                                                         "ODA、Oda と oDa", "ΣΟΦΊΑ σοφία İstanbul ODA", "Ⅳ期のODA", "ＯＤＡ Ｏｄａ oda"] {
            for words in terms {
                for radius in [0, 3, 40] {
                    let fast = Snippets.scalarwise(text, terms: words, radius: radius)
                    if fast != nil { scalarwise += 1 }
                    #expect(Snippets.make(text, terms: words, radius: radius) == Snippets.characterwise(text, terms: words, radius: radius),
                            "\(Array(text.unicodeScalars)) \(words) \(radius)")
                }
            }
        }
        #expect(scalarwise > 10_000, "most texts take the scalar path")
    }

    @Test("Highlights on random texts are where the words stand, as copying each window found them")
    func sameAsCopiedWindows() {
        let terms = [["外交"], ["か"], ["が"], ["施策", "評価"], ["5"], ["年 度"], ["1,000"], ["ＯＤＡ"]]
        var highlighted = 0
        for text in LiteralMatchingTests.randomTexts(count: 3000) + ["外交外交外交", "1,000件の外交、5年度", "ＯＤＡとODA"] {
            let characters = Array(text.lowercased())
            let comparable = characters.filter { !$0.isWhitespace }
            for words in terms {
                let snippet = Snippets.make(text, terms: words, radius: 4)
                highlighted += snippet.highlights.count
                let marked = Array(snippet.text)
                for highlight in snippet.highlights {
                    // A highlight covers a searched word, whitespace and digit-grouping commas inside it aside.
                    let covered = SearchTokenizer.ungrouped(String(marked[highlight.start..<(highlight.start + highlight.length)])).lowercased().filter { !$0.isWhitespace }
                    #expect(words.contains { SearchTokenizer.ungrouped($0).filter { !$0.isWhitespace }.lowercased() == covered }, "\(text) \(words)")
                }
                // Where the text has no comma or normalised form, the first match is the copied search's first.
                if !text.contains(","), TextNormalizer.normalize(text) == text {
                    let first = words.compactMap { word in
                        Self.copiedWindows(comparable, Array(word.filter { !$0.isWhitespace })).first
                    }.min()
                    #expect((first == nil) == snippet.highlights.isEmpty, "\(text) \(words)")
                }
            }
        }
        #expect(highlighted > 500, "the random texts hold the words often enough to test")
    }
}
