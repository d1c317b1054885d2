import Testing
@testable import HyokaText

@Suite("Regex tried only where a match can begin")
struct RegexStartsTests {
    // A budget statement's year, as the MIC reader looks for it: it opens with R, 令和 or 平成.
    nonisolated(unsafe) static let year = #/(?:R|令和|平成)\s*(?:[0-9]{1,2}|元)\s*(?:年度)?/#
    static func opensYear(_ character: Character) -> Bool { character == "R" || character == "令" || character == "平" }

    static let texts = [
        "令和4年度第2次補正予算：662億円 令和5年度当初予算：150億円",
        "R4補正 662億円 R5予算 150億円", "平成30年度・令和元年度に実施", "RR4 令令和5", "予算額 R", "",
        "か\u{3099}令和2年度", "令\u{301}和3年度", "\u{F9A8}和3年度", "令和 元 年度 令和２年度",
    ]

    @Test("The same matches as matches(of:) and firstMatch(of:), where they are, with the same captures")
    func sameAsFullSearch() {
        for text in Self.texts {
            let expected = text.matches(of: Self.year).map { ($0.range, String($0.output)) }
            let found = text.matches(of: Self.year, startingWhere: Self.opensYear).map { ($0.range, String($0.output)) }
            #expect(found.map(\.0) == expected.map(\.0), "\(text)")
            #expect(found.map(\.1) == expected.map(\.1), "\(text)")
            #expect(text.firstMatch(of: Self.year, startingWhere: Self.opensYear)?.range == text.firstMatch(of: Self.year)?.range, "\(text)")
        }
    }

    @Test("By initial scalars: the same matches as matches(of:), in standalone text and in text with marks or compatibility ideographs")
    func initialsSameAsFullSearch() {
        for text in Self.texts {
            let expected = text.matches(of: Self.year).map { ($0.range, String($0.output)) }
            let found = text.matches(of: Self.year, startingWithAnyOf: ["R", "令", "平"]).map { ($0.range, String($0.output)) }
            #expect(found.map(\.0) == expected.map(\.0), "\(text)")
            #expect(found.map(\.1) == expected.map(\.1), "\(text)")
        }
        #expect("令和4年度 R5".matches(of: Self.year, startingWithAnyOf: ["平"]).isEmpty)
        #expect("\u{F9A8}和3年度".matches(of: #/和/#, startingWithAnyOf: ["令"]).isEmpty)
    }

    @Test("Positions the filter rules out are not tried")
    func filterRulesOut() {
        #expect("令和4年度".matches(of: Self.year, startingWhere: { $0 == "平" }).isEmpty)
        #expect("R4 R5".matches(of: Self.year, startingWhere: Self.opensYear).count == 2)
    }
}
