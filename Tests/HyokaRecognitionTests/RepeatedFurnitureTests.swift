import Testing
@testable import HyokaRecognition

/// Running heads and footers found by repetition at the edges of pages, and
/// lines of the text itself that happen to stand there twice.
@Suite("Page furniture found by repetition")
struct RepeatedFurnitureTests {
    /// Pages of lines, each page's first line marked as a page start, numbered from 1.
    private static func lines(_ pages: [[String]]) -> [Line] {
        var lines: [Line] = []
        for page in pages {
            for (index, text) in page.enumerated() {
                lines.append(Line(number: lines.count + 1, text: text, startsPage: index == 0, gluedPage: nil))
            }
        }
        return lines
    }

    /// Words of each page's paragraph, other on every page (as a paragraph's are).
    private static let topics = ["外交", "国際協力", "安全保障", "情報発信"]

    /// A page with `head` on top, a paragraph and its page number below.
    private static func page(_ head: String, number: Int) -> [String] {
        let topic = topics[number % topics.count]
        return [head, "", "近年、\(topic)に対する国民の関心が高まっており、関係国による国際会議も", "活発に行われている。", "", "\(number)"]
    }

    private static func found(_ pages: [[String]]) -> [String] {
        let lines = lines(pages)
        let isHeading: (Line) -> Bool = { NarrativeHeading.parse($0.text).map { $0.rank >= .number } ?? false }
        return RepeatedFurniture.find(in: lines, isHeadingShaped: isHeading).map { match in
            "\(match.kind.rawValue) \(lines[match.line - 1].text)"
        }
    }

    @Test("A running head on two pages is furniture, and so are the page numbers below")
    func runningHead() {
        #expect(Self.found([Self.page("外交青書 2022", number: 12), Self.page("外交青書 2022", number: 13)])
                == ["runningHead 外交青書 2022", "pageNumber 12", "runningHead 外交青書 2022", "pageNumber 13"])
    }

    @Test("Subsections that open two pages are headings, not a running head whose number changes")
    func headingsOpeningPages() {
        let pages = [Self.page("（2）外交に関する協力の推進", number: 12), Self.page("（3）外交に関する協力の推進", number: 13)]
        #expect(Self.found(pages) == ["pageNumber 12", "pageNumber 13"])
        // Set on three pages, a heading's words are a running head after all.
        let three = pages + [Self.page("（4）外交に関する協力の推進", number: 14)]
        #expect(Self.found(three).filter { $0.hasPrefix("runningHead") }.count == 3)
    }

    @Test("A line of prose that two pages open with is text, not furniture")
    func proseOpeningPages() {
        let line = "こうした取組は、安全保障の基盤整備にもつながって"
        #expect(Self.found([Self.page(line, number: 12), Self.page(line, number: 13)]) == ["pageNumber 12", "pageNumber 13"])
        let sentenceInside = "付け、実証事業を積極的に実施している。なお、2022"
        #expect(Self.found([Self.page(sentenceInside, number: 12), Self.page(sentenceInside, number: 13)]) == ["pageNumber 12", "pageNumber 13"])
        #expect(Self.found([Self.page(line, number: 12), Self.page(line, number: 13), Self.page(line, number: 14)])
                .filter { $0.hasPrefix("runningHead") }.count == 3)
    }
}
