import HyokaModel
import HyokaText
import Testing
@testable import HyokaWeb

/// The search page's hit lists are written in Swift, not the template: every
/// value from a document is escaped there, and only the snippet's marks are markup.
@Suite("Search hit lists: escaped, linked, marked")
struct SearchHitListTests {
    static let hostile = "<script>alert('x')</script>&\""
    static let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"

    @Test("A passage's title, source, ministry, section and snippet are escaped; the match is marked")
    func passage() {
        let snippet = Snippet(text: "前<b>外交</b>後", highlights: [.init(start: 4, length: 2)])
        let hit = SearchHit(document: "d", source: "a b&<c>.txt", kind: .bluebook, ministry: Self.hostile, title: Self.hostile,
                            published: CalendarDate(year: 2024, month: 4), section: Self.hostile, role: "paragraph", text: "",
                            snippet: snippet, score: 1, line: 12, endLine: 14)
        for language in [Language.japanese, .english] {
            let html = SearchHitList.passages([hit, hit], language: language)
            #expect(!html.contains("<script>") && !html.contains("<b>"))
            #expect(html.components(separatedBy: Self.escaped).count == 1 + 2 * 3, "title, ministry and section of both hits")
            #expect(html.contains("前&lt;b&gt;<mark>外交</mark>&lt;/b&gt;後"))
            #expect(html.contains("title=\"a b&amp;&lt;c&gt;.txt\""))
            let lang = language == .english ? "&amp;lang=en" : ""
            #expect(html.contains("<a href=\"/documents/a%20b%26%3Cc%3E.txt/source?line=12&amp;end=14\(lang)#L12\""))
            #expect(html.contains("</span> L12–14</a>") && html.contains(" 2024</small>"))
            #expect(html.components(separatedBy: "<li>").count == 3)
        }
        #expect(SearchHitList.passages([], language: .japanese).isEmpty)
    }

    @Test("A review sheet's name, ministry, section and file are escaped; it links to its year")
    func reviewSheet() {
        let hit = ProjectSearchHit(fiscalYear: 2024, projectID: 17, name: Self.hostile, ministry: Self.hostile, role: "purpose",
                                   section: Self.hostile, text: "", snippet: Snippet(text: "広報<i>", highlights: [.init(start: 0, length: 2)]),
                                   score: 1, file: Self.hostile, line: 3, endLine: 3)
        let html = SearchHitList.reviewSheets([hit], language: .english)
        #expect(!html.contains("<script>") && !html.contains("<i>"))
        #expect(html.components(separatedBy: Self.escaped).count == 1 + 4)
        #expect(html.contains("<a href=\"/projects/17?year=2024&amp;lang=en\">17 "))
        #expect(html.contains("<mark>広報</mark>&lt;i&gt;"))
        #expect(html.contains(Self.escaped + ":3</code>"))
    }

    /// The marks as they were first made: the snippet cut character by character.
    static func highlightedByCharacters(_ snippet: Snippet) -> String {
        let characters = Array(snippet.text)
        var html = ""
        var index = 0
        for highlight in snippet.highlights.sorted(by: { $0.start < $1.start }) where highlight.start >= index && highlight.start + highlight.length <= characters.count {
            html += HTML.escape(String(characters[index..<highlight.start]))
            html += "<mark>" + HTML.escape(String(characters[highlight.start..<(highlight.start + highlight.length)])) + "</mark>"
            index = highlight.start + highlight.length
        }
        return html + HTML.escape(String(characters[index...]))
    }

    @Test("Marks cut by scalars are those cut by characters: snippets of random texts, combining marks and overlapping highlights included")
    func marksByScalars() {
        let pieces = ["外交", "か", "\u{3099}", "<", "&", "a", "Ｂ", "\u{1F1EF}\u{1F1F5}", " ", "é", "e\u{301}", "\n"]
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var standalone = 0
        for _ in 0..<2_000 {
            let text = (0..<next(12)).map { _ in pieces[next(pieces.count)] }.joined()
            let count = text.count
            let highlights = (0..<next(4)).map { _ in Snippet.Highlight(start: next(count + 2), length: next(4)) }
            let snippet = Snippet(text: text, highlights: highlights)
            if text.isStandalone { standalone += 1 }
            #expect(WebApp.highlighted(snippet) == Self.highlightedByCharacters(snippet), "\(Array(text.unicodeScalars)) \(highlights)")
        }
        #expect(standalone > 200 && standalone < 1_900, "both ways are taken")
    }

    @Test("Escaping replaces the five characters and nothing else, even before a combining mark")
    func escaping() {
        #expect(HTML.escape("外交 ODA") == "外交 ODA")
        #expect(HTML.escape(Self.hostile) == Self.escaped)
        #expect(HTML.escape("&\u{301}") == "&amp;\u{301}", "an & that a combining mark follows is one Character, and still escaped")
        #expect(HTML.escape("") == "")
    }
}
