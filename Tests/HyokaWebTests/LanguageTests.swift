import Foundation
import Hummingbird
import HummingbirdTesting
import HyokaImport
import HyokaModel
import HyokaReviewSheets
import HyokaStore
import Testing
@testable import HyokaWeb

/// Every page type, with the corpus and the review sheets behind it: an
/// evaluation with fields and budget (002), a narrative document (003), one
/// with findings (004) and one linked to review-sheet projects (000).
func everyPageApp() async throws -> some ApplicationProtocol {
    let store = try SQLiteStore.inMemory()
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let files = ["000_47f71a321a7ee5e2.txt", "002_3ec3fed686115a88.txt", "003_3c0173e389cd5384.txt", "004_d473122111bbb5a2.part1.txt"]
    try await Importer(store: store).importFiles(files.map { root.appendingPathComponent("corpus/\($0)").path })
    try await store.saveReviewSheets(try ReviewSheetReader().read([root.appendingPathComponent("corpus/rs2024")]))
    return Application(router: try await WebApp(store: store).router())
}

/// The page types a reader meets, by path (the language is added by the test).
let pageTypes: [(name: String, path: String)] = [
    ("dashboard", "/"),
    ("document", "/documents/002"),
    ("narrative document", "/documents/003"),
    ("document with linked projects", "/documents/000"),
    ("field with indicators", "/documents/002/policies/0/fields/5"),
    ("field with projects", "/documents/002/policies/0/fields/9"),
    ("source", "/documents/002/source?line=1481&end=1503"),
    ("findings", "/documents/004_d473122111bbb5a2.part1.txt/findings"),
    ("search", "/search?q=%E3%83%93%E3%82%B6"),
    ("projects of a ministry", "/projects?ministry=%E5%A4%96%E5%8B%99%E7%9C%81"),
    ("project", "/projects/1070"),
    ("comparison", "/compare"),
    ("comparison sorted and filtered", "/compare?kind=evaluation&sort=findings&order=desc"),
    ("compared documents", "/compare/documents"),
    ("compared evaluations", "/compare/evaluations?ministry=%E7%B7%8F%E5%8B%99%E7%9C%81"),
    ("compared findings", "/compare/findings"),
    ("compared budget", "/compare/budget"),
    ("error", "/documents/no-such-document"),
    ("sign-in", "/login"),
]

/// The HTML a reader sees, as text: the `<head>` (whose `<title>` holds data
/// and cannot mark its language) left out; elements marked with the language
/// `without` and elements named in `dropping` removed with everything inside.
enum VisibleText {
    static func of(_ html: String, without language: String? = nil, dropping tags: Set<String> = []) -> String {
        var text = ""
        var skipDepth = 0
        var index = html.startIndex
        if let end = html.range(of: "</head>") { index = end.upperBound }
        var stack: [(name: String, skipping: Bool)] = []
        let voids: Set<String> = ["meta", "link", "br", "img", "input", "hr", "col", "area", "base", "wbr", "source", "circle", "line", "polygon", "polyline", "rect", "path"]
        while index < html.endIndex {
            guard html[index] == "<", let close = html[index...].firstIndex(of: ">") else {
                if skipDepth == 0 { text.append(html[index]) }
                index = html.index(after: index)
                continue
            }
            let tag = html[html.index(after: index)..<close]
            index = html.index(after: close)
            if tag.hasPrefix("!") { continue }
            if tag.hasPrefix("/") {
                let name = tag.dropFirst().lowercased()
                if let open = stack.lastIndex(where: { $0.name == name }) {
                    for entry in stack[open...] where entry.skipping { skipDepth -= 1 }
                    stack.removeSubrange(open...)
                }
                if skipDepth == 0 { text.append(" ") }
                continue
            }
            let name = String(tag.prefix { !$0.isWhitespace && $0 != "/" }).lowercased()
            if voids.contains(name) || tag.hasSuffix("/") { continue }
            let skipping = tags.contains(name) || language.map { tag.contains("lang=\"\($0)\"") } == true
            if skipping { skipDepth += 1 }
            stack.append((name, skipping))
            if skipDepth == 0 { text.append(" ") }
        }
        return text
    }

    /// Kana, kanji and the full-width punctuation Japanese is written with.
    static func japanese(in text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).filter { word in
            word.unicodeScalars.contains { (0x3000...0x30FF).contains($0.value) || (0x3400...0x9FFF).contains($0.value) || (0xFF01...0xFF60).contains($0.value) }
        }.map(String.init)
    }
}

@Suite("Both languages on every page type, and every cited line a link")
struct LanguageTests {
    /// English words that must not be on a Japanese page outside the data:
    /// the English catalogue, the enums' raw values and the rule ids.
    static let englishWords: [String] = {
        let japanese = Set(Language.japanese.labels.values)
        // Words the Japanese catalogue uses too (Hyoka, API) are not English on a Japanese page.
        var words = Language.english.labels.values.filter { word in
            word.count >= 4 && !japanese.contains { $0.contains(word) } && word.unicodeScalars.allSatisfy { $0.value < 0x3000 }
        }
        words += ["error", "warning", "info", "evaluation", "bluebook", "whitePaper", "reference", "outcome", "measure", "activity",
                  "actual", "target", "forecast", "baseline", "achievement", "confirmed", "rejected", "contributions"]
        words += Language.ruleNames.keys
        words += Finding.Severity.allCases.map { Language.english.severity($0) } + Rating.allCases.map { Language.english.rating($0) }
        return words
    }()

    static func get(_ client: some TestClientProtocol, _ path: String, _ language: Language) async throws -> String {
        var uri = path + (language == .english ? (path.contains("?") ? "&" : "?") + "lang=en" : "")
        // An earlier address (a prefix id, 0-based positions) answers 301 to the page's permalink: follow it, as a browser does.
        for _ in 0..<3 {
            let response = try await client.execute(uri: uri, method: .get)
            if response.status == .movedPermanently, let location = response.headers[.location] {
                uri = location
                continue
            }
            if !path.contains("no-such") { #expect(response.status == .ok, "\(uri)") }
            return String(buffer: response.body)
        }
        Issue.record("more than three redirects from \(path)")
        return ""
    }

    @Test("English pages: no Japanese outside elements marked lang=\"ja\"; the page itself is lang=\"en\"")
    func englishPages() async throws {
        try await everyPageApp().test(.router) { client in
            for page in pageTypes {
                let body = try await Self.get(client, page.path, .english)
                #expect(body.contains("<html lang=\"en\">"), "\(page.name)")
                let stray = VisibleText.japanese(in: VisibleText.of(body, without: "ja", dropping: ["desc"]))
                #expect(stray.isEmpty, "\(page.name): \(stray.prefix(10))")
                if page.name != "error" { #expect(body.contains("lang=\"ja\""), "\(page.name): Japanese data is marked") }
            }
        }
    }

    @Test("Japanese pages: no English label, kind, severity, rating or rule id outside the data")
    func japanesePages() async throws {
        try await everyPageApp().test(.router) { client in
            for page in pageTypes {
                let body = try await Self.get(client, page.path, .japanese)
                #expect(body.contains("<html lang=\"ja\">"), "\(page.name)")
                // Code (file names, record codes) and text marked English (an error's message) are not prose in Japanese.
                // URLs the documents print are data, whatever words they hold.
                let text = VisibleText.of(body, without: "en", dropping: ["code"]).replacing(/https?:\/\/[^\s（）「」]+/, with: " ")
                let found = Self.englishWords.filter { word in
                    text.ranges(of: word).contains { range in
                        let before = range.lowerBound == text.startIndex ? " " : text[text.index(before: range.lowerBound)]
                        let after = range.upperBound == text.endIndex ? " " : text[range.upperBound]
                        return !before.isLetter && !after.isLetter
                    }
                }
                #expect(found.isEmpty, "\(page.name): \(found)")
                #expect(text.firstMatch(of: /FY\d/) == nil, "\(page.name): FY")
            }
        }
    }

    @Test("No cited line (L123) is printed without a link to the source view, in either language")
    func citedLinesAreLinks() async throws {
        try await everyPageApp().test(.router) { client in
            for page in pageTypes {
                for language in [Language.japanese, .english] {
                    let body = try await Self.get(client, page.path, language)
                    let unlinked = VisibleText.of(body, dropping: ["a"]).matches(of: /(?:^|[^A-Za-z0-9])(L\d+)/).map { String($0.output.1) }
                    #expect(unlinked.isEmpty, "\(page.name) [\(language.rawValue)]: \(unlinked.prefix(5))")
                }
            }
        }
    }

    @Test("A field page links each goal, initiative, assessment, indicator point and reference to its lines")
    func fieldCitations() async throws {
        try await everyPageApp().test(.router) { client in
            let body = try await Self.get(client, "/documents/002/policies/0/fields/5", .japanese)
            let links = body.matches(of: /<a class="lines" href="\/documents\/[^\/"]+\/source\?line=(\d+)&amp;end=(\d+)#L\d+">L\d+<\/a>/)
            #expect(links.count >= 20, "\(links.count) cited lines")
            #expect(links.allSatisfy { Int($0.output.1)! <= Int($0.output.2)! })
            // Every row of an indicator's table ends in its link.
            let rows = body.matches(of: /<tr><td>[^<]*<\/td><td>(実績|目標|計画|見込み|基準値|達成度)<\/td>.*?<\/tr>/)
            #expect(!rows.isEmpty)
            #expect(rows.allSatisfy { String($0.output.0).contains("class=\"lines\"") })
        }
    }

    @Test("The language switch keeps the page's query")
    func switchKeepsQuery() async throws {
        try await everyPageApp().test(.router) { client in
            let body = try await Self.get(client, "/search?q=%E3%83%93%E3%82%B6&year=2023", .japanese)
            #expect(body.contains("href=\"?q=%E3%83%93%E3%82%B6&amp;year=2023&amp;lang=en\" lang=\"en\""))
            let english = try await Self.get(client, "/documents/002/source?line=5", .english)
            #expect(english.contains("href=\"?line=5&amp;lang=ja\" lang=\"ja\""))
        }
    }

    @Test("Error pages are in the language asked for, and say so")
    func errorPages() async throws {
        try await everyPageApp().test(.router) { client in
            let japanese = try await Self.get(client, "/documents/no-such-document", .japanese)
            #expect(japanese.contains("<html lang=\"ja\">") && japanese.contains("見つかりません"))
            let english = try await Self.get(client, "/documents/no-such-document", .english)
            #expect(english.contains("<html lang=\"en\">") && english.contains("Not Found"))
        }
    }

    @Test("Charts have a scale with its unit, a legend and a title; no “→ FY” without a target year")
    func charts() async throws {
        try await everyPageApp().test(.router) { client in
            let field = try await Self.get(client, "/documents/002/policies/0/fields/5", .english)
            #expect(!field.contains("→ FY"))
            let chart = try #require(field.firstMatch(of: /<svg class="chart".*?<\/svg>/)).output
            #expect(chart.contains("<g class=\"legend\">") && chart.contains(">Actual</text>"))
            #expect(chart.matches(of: /<text class="tick" x="[0-9.]+" y="[0-9.]+" text-anchor="end">/).count >= 3, "a y-scale")
            #expect(chart.contains("<title id="))
            let document = try await Self.get(client, "/documents/002", .japanese)
            let budget = try #require(document.firstMatch(of: /<svg class="chart"[^>]*aria-labelledby="budget-.*?<\/svg>/)).output
            #expect(budget.contains(">予算額</text>") && budget.contains(">執行額</text>"), "legend")
            #expect(budget.contains("class=\"unit\""), "unit on the axis")
        }
    }
}
