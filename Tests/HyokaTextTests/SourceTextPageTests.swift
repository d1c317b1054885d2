import HyokaModel
import HyokaText
import Testing

@Suite("Pages of source text")
struct SourceTextPageTests {
    @Test func formFeedsStartPagesAndTheFinalOneOpensNone() {
        // pdftotext ends every page, the last included, with a form feed.
        let source = SourceText("一頁目\n\n続き\n\u{0C}二頁目\n\u{0C}三頁目\n\u{0C}")
        #expect(source.lines.map(\.page) == [1, 1, 1, 2, 3, 3])
        #expect(source.pageCount == 3)
        #expect(source.pages == [Page(number: 1, line: 1, endLine: 3), Page(number: 2, line: 4, endLine: 4), Page(number: 3, line: 5, endLine: 6)])
    }

    @Test func textWithoutFormFeedsIsOnePage() {
        let source = SourceText("a\nb\r\nc\n")
        #expect(source.lines.map(\.page) == [1, 1, 1])
        #expect(source.pageCount == 1)
        #expect(source.pages == [Page(number: 1, line: 1, endLine: 3)])
    }

    @Test func anEmptyPageHasNoLinesAndIsLeftOut() {
        let source = SourceText("一\n\u{0C}\u{0C}三\n")
        #expect(source.lines.map(\.page) == [1, 3])
        #expect(source.pages.map(\.number) == [1, 3])
    }

    @Test func aFormFeedInsideALineMovesOnlyTheFollowingLines() {
        let source = SourceText("一\u{0C}\n二\n")
        #expect(source.lines.map(\.page) == [1, 2])
    }
}
