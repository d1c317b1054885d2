import Testing
@testable import HyokaText

@Suite("Safe normalisation")
struct TextNormalizerTests {
    @Test("Full-width digits, letters and percent fold to ASCII")
    func foldsAlphanumerics() {
        #expect(TextNormalizer.normalize("Ｇ７") == "G7")
        #expect(TextNormalizer.normalize("ＰＫＯ") == "PKO")
        #expect(TextNormalizer.normalize("８５.２％") == "85.2%")
    }

    @Test("A full-width full stop or comma between digits is a decimal point or separator; elsewhere it is punctuation")
    func fullWidthDecimals() {
        #expect(TextNormalizer.normalize("１３．０億円") == "13.0億円")
        #expect(TextNormalizer.normalize("１，２００人") == "1,200人")
        #expect(TextNormalizer.normalize("第６ ５．（４）") == "第6 5．（4）")
        #expect(TextNormalizer.normalize("以上．") == "以上．")
        // A heading's number followed by words that begin with digits stays a heading.
        #expect(TextNormalizer.normalize("１．150を超える国・地域") == "1．150を超える国・地域")
        #expect(TextNormalizer.normalize("１３．０億円") == "13.0億円")
        // 13.0億円, the magnitude word applied (it was 0 when 「．」 cut the number short).
        #expect(QuantityParser.parse("１３．０億円").value == 1_300_000_000)
        #expect(QuantityParser.parse("１３．０億円").unit == "円")
    }

    @Test("Japanese punctuation and circled numbers are left as written")
    func keepsMeaningfulCharacters() {
        #expect(TextNormalizer.normalize("①（注）「核兵器のない世界」～") == "①（注）「核兵器のない世界」～")
    }

    @Test("Half-width katakana becomes full width, voiced marks composed")
    func halfWidthKatakana() {
        #expect(TextNormalizer.normalize("分散型ｴﾈﾙｷﾞｰｲﾝﾌﾗﾌﾟﾛｼﾞｪｸﾄ") == "分散型エネルギーインフラプロジェクト")
    }

    @Test("Source lines keep their numbers and mark page starts")
    func sourceLines() {
        let source = SourceText(" 施策名：テスト\r\n\n  indented\n最後")
        #expect(source.lineCount == 4)
        #expect(source[1].startsPage)
        #expect(source[1].text == "施策名：テスト")
        #expect(source[2].isBlank)
        #expect(!source[3].startsPage)
        #expect(source[4].number == 4)
    }
}

@Suite("Search tokenisation")
struct SearchTokenizerTests {
    @Test("Japanese runs become overlapping bigrams; Latin words stay whole and lowercased")
    func tokens() {
        #expect(SearchTokenizer.tokens("地方自治体") == ["地方", "方自", "自治", "治体"])
        #expect(SearchTokenizer.tokens("ビザ") == ["ビザ"])
        #expect(SearchTokenizer.tokens("JICAボランティア") == ["jica", "ボラ", "ラン", "ンテ", "ティ", "ィア"])
        #expect(SearchTokenizer.tokens("ＰＫＯ、G7。") == ["pko", "g7"])
        #expect(SearchTokenizer.tokens("国・地域") == ["国", "地域"], "punctuation separates runs")
    }

    @Test("Queries become phrases that must all match")
    func queries() {
        #expect(SearchTokenizer.ftsQuery("外交") == "\"外交\"")
        #expect(SearchTokenizer.ftsQuery("地方自治体 連携") == "\"地方 方自 自治 治体\" AND \"連携\"")
        #expect(SearchTokenizer.ftsQuery("ＰＫＯ") == SearchTokenizer.ftsQuery("PKO"))
        #expect(SearchTokenizer.ftsQuery(" 。、 ") == nil)
        #expect(SearchTokenizer.phrases("地方自治体 、 ビザ") == [["地方", "方自", "自治", "治体"], ["ビザ"]])
    }

    @Test("Decomposed kana from PDFs give the same tokens as composed kana, each one token to FTS5")
    func decomposedKana() {
        let decomposed = "エネルキ\u{3099}ー・フ\u{309A}ロシ\u{3099}ェクト"
        #expect(SearchTokenizer.tokens(decomposed) == SearchTokenizer.tokens("エネルギー・プロジェクト"))
        #expect(SearchTokenizer.tokens(decomposed).allSatisfy { $0.unicodeScalars.count == 2 })
        #expect(SearchTokenizer.tokens("ア\u{3099}イ") == ["アイ"], "a mark NFC cannot compose is left out, as FTS5 leaves it out")
        #expect(SearchTokenizer.tokens("カ゛キ") == ["カ", "キ"], "a stand-alone sound mark separates, as in FTS5")
    }

    @Test("A number is one token however it is grouped or wide: 6447 = 6,447 = ６，４４７")
    func numbers() {
        let plain = SearchTokenizer.tokens("6447人")
        #expect(plain == ["6447", "人"])
        #expect(SearchTokenizer.tokens("6,447人") == plain)
        #expect(SearchTokenizer.tokens("６，４４７人") == plain)
        #expect(SearchTokenizer.tokens("1,234,567") == ["1234567"])
        #expect(SearchTokenizer.tokens("1,2") == ["1", "2"], "a comma before fewer than three digits is not grouping")
        #expect(SearchTokenizer.tokens("12,3456") == ["12", "3456"], "nor before more than three")
    }

    @Test("The character touching a number is a token too, so a figure is found inside longer text")
    func numberNeighbours() {
        #expect(SearchTokenizer.tokens("約4.6億件") == ["約", "4", "6", "億", "億件"])
        #expect(SearchTokenizer.tokens("は約4.6億件が") == ["は約", "約", "4", "6", "億", "億件", "件が"])
        #expect(SearchTokenizer.tokens("29.5 万人") == SearchTokenizer.tokens("29.5万人"), "PDF text's space before a unit")
        #expect(SearchTokenizer.tokens("令和 ４年度") == ["令和", "和", "4", "年", "年度"])
        // The query's tokens stand in order among the text's: a phrase match.
        let text = SearchTokenizer.tokens("アクセス件数は約4.6億件であった")
        for query in ["4.6億", "約4.6億件", "4.6億件", "億件"] {
            let phrase = SearchTokenizer.tokens(query)
            #expect((0...(text.count - phrase.count)).contains { Array(text[$0..<($0 + phrase.count)]) == phrase }, "\(query)")
        }
        #expect(SearchTokenizer.tokens("地方自治体") == ["地方", "方自", "自治", "治体"], "no number, no extra token")
    }
}
