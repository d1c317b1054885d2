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
