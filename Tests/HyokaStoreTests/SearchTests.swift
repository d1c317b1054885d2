import Foundation
import HyokaEvidence
import HyokaModel
import HyokaRecognition
import HyokaText
import Testing
@testable import HyokaStore

/// Search behaves the same on every store.
@Suite("Japanese full-text search")
struct SearchTests {
    @Test("ビザ: the Bluebook's visa section comes first, with the word highlighted", arguments: StoreKind.available)
    func visa(kind: StoreKind) async throws {
        try await kind.withCorpusStore { store async throws in
            let hits = try await store.search(SearchQuery("ビザ"))
            let first = try #require(hits.first)
            #expect(first.source == "003_3c0173e389cd5384.txt")
            // The section's heading itself (a passage of its own), or a passage under it.
            #expect(first.text == "（1）ビザ（査証）" || first.section == "（1）ビザ（査証）", "\(first.text)")
            #expect(first.snippet.marked().contains("【ビザ】"))
            #expect(hits.count >= 5)
            #expect(hits.allSatisfy { $0.text.contains("ビザ") || ($0.section ?? "").contains("ビザ") })
        }
    }

    @Test("地方自治体: a longer word matches only where all its bigrams stand in order", arguments: StoreKind.available)
    func localGovernments(kind: StoreKind) async throws {
        try await kind.withCorpusStore { store async throws in
            let hits = try await store.search(SearchQuery("地方自治体", limit: 50))
            #expect(hits.contains { $0.source.hasPrefix("003") && $0.section == "3 地方自治体等との連携" })
            #expect(hits.contains { $0.source.hasPrefix("004") })
            #expect(hits.allSatisfy { ($0.text + ($0.section ?? "")).contains("地方自治体") })
            // Scores are in rank order.
            #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
        }
    }

    @Test("Two-character words: 外交", arguments: StoreKind.available)
    func twoCharacters(kind: StoreKind) async throws {
        try await kind.withCorpusStore { store async throws in
            let hits = try await store.search(SearchQuery("外交", limit: 100))
            #expect(hits.count > 20)
            #expect(Set(hits.map(\.source)).count >= 3)
        }
    }

    @Test("Latin and mixed queries; full-width and ASCII forms find the same passages", arguments: StoreKind.available, [("ＰＫＯ", "PKO"), ("Ｇ７", "G7"), ("ＪＩＣＡ", "jica")])
    func latin(kind: StoreKind, pair: (fullWidth: String, ascii: String)) async throws {
        try await kind.withCorpusStore { store async throws in
            let wide = try await store.search(SearchQuery(pair.fullWidth, limit: 200))
            let narrow = try await store.search(SearchQuery(pair.ascii, limit: 200))
            #expect(!wide.isEmpty)
            #expect(wide.map(\.line) == narrow.map(\.line))
        }
    }

    @Test("Mixed Japanese and Latin in one word: JICAボランティア", arguments: StoreKind.available)
    func mixed(kind: StoreKind) async throws {
        try await kind.withCorpusStore { store async throws in
            let hits = try await store.search(SearchQuery("JICAボランティア"))
            #expect(hits.contains { $0.source.hasPrefix("003") && $0.line == 75 })
        }
    }

    @Test("Several words must all match", arguments: StoreKind.available)
    func conjunction(kind: StoreKind) async throws {
        try await kind.withCorpusStore { store async throws in
            let hits = try await store.search(SearchQuery("ビザ 中国"))
            #expect(!hits.isEmpty)
            #expect(hits.allSatisfy { $0.text.contains("ビザ") && $0.text.contains("中国") })
        }
    }

    @Test("Filters by document kind, ministry and year", arguments: StoreKind.available)
    func filters(kind: StoreKind) async throws {
        try await kind.withCorpusStore { store async throws in
            let bluebook = try await store.search(SearchQuery("外交", kind: .bluebook, limit: 100))
            #expect(!bluebook.isEmpty && bluebook.allSatisfy { $0.kind == .bluebook })
            let mic = try await store.search(SearchQuery("地域", ministry: "総務省", limit: 100))
            #expect(!mic.isEmpty && mic.allSatisfy { $0.ministry == "総務省" })
            let in2013 = try await store.search(SearchQuery("外交", year: 2013, limit: 100))
            #expect(!in2013.isEmpty && in2013.allSatisfy { $0.published?.year == 2013 })
            #expect(try await store.search(SearchQuery("ビザ", year: 1999)).isEmpty)
        }
    }

    @Test("Nothing to search for gives nothing, not an error", arguments: StoreKind.available)
    func emptyQuery(kind: StoreKind) async throws {
        try await kind.withCorpusStore { store async throws in
            #expect(try await store.search(SearchQuery("")).isEmpty)
            #expect(try await store.search(SearchQuery("、。！")).isEmpty)
            #expect(try await store.search(SearchQuery("存在しない語句ですよ")).isEmpty)
            #expect(try await store.search(SearchQuery("\"OR\" NEAR(")).isEmpty, "FTS syntax in a query is searched as text")
        }
    }

    @Test("Facts are stored and read back per document", arguments: StoreKind.available)
    func facts(kind: StoreKind) async throws {
        try await kind.withCorpusStore { store async throws in
            let bluebookFacts = try await store.facts(documentID: "0030000000000000")
            let entrants = try #require(bluebookFacts.first { $0.quantityText == "約714万人" })
            #expect(entrants.line == 12)
            #expect(entrants.period == .year(2011))
            #expect(try await store.facts(documentID: nil).count > bluebookFacts.count)
        }
    }

    @Test("Re-importing a document replaces its passages in the index", arguments: StoreKind.available)
    func reindex(kind: StoreKind) async throws {
        try await kind.withCorpusStore { store async throws in
            let before = try await store.search(SearchQuery("ビザ", limit: 200)).count
            let text = "（1）ビザ\n\nビザの説明。\n"
            let report = ReportRecognizer().recognize(SourceText(text), id: "0030000000000000", sourceName: "003_3c0173e389cd5384.txt", contentHash: "x")
            try await store.save([StoredDocument(report: report, sourceText: text)])
            let after = try await store.search(SearchQuery("ビザ", limit: 200))
            #expect(after.count < before)
            // Only the new version's two passages: its heading and its paragraph.
            #expect(after.filter { $0.source.hasPrefix("003") }.map(\.line).sorted() == [1, 3])
        }
    }
}
