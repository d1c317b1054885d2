import Foundation
import HyokaModel
import Testing
@testable import HyokaStore

/// The relevance set: real queries over the corpus with the lines a reader
/// expects them to find (Tests/Fixtures/keys/search-relevance.tsv).
struct RelevanceCase: Sendable, CustomTestStringConvertible {
    var query: String
    var source: String
    var lines: Set<Int>

    var testDescription: String { query }

    /// Whether `hit` shows a relevant line: one of `lines` in `source`, within the hit's lines.
    func isRelevant(_ hit: SearchHit) -> Bool {
        hit.source == source && lines.contains { (hit.line...max(hit.line, hit.endLine)).contains($0) }
    }

    /// Relevant among the first five hits shown (as many as there are, up to five); 0 for no hit.
    func precisionAtFive(_ hits: [SearchHit]) -> Double { precision(hits, at: 5) }

    /// Relevant among the first `depth` hits shown (as many as there are, up to `depth`); 0 for no hit.
    func precision(_ hits: [SearchHit], at depth: Int) -> Double {
        let shown = hits.prefix(depth)
        return shown.isEmpty ? 0 : Double(shown.filter(isRelevant).count) / Double(shown.count)
    }

    /// The share of relevant lines that some hit shows.
    func recall(_ hits: [SearchHit]) -> Double {
        let reached = lines.filter { line in hits.contains { $0.source == source && (($0.line)...max($0.line, $0.endLine)).contains(line) } }
        return Double(reached.count) / Double(lines.count)
    }

    static let all: [RelevanceCase] = {
        let url = Corpus.root.appendingPathComponent("Tests/Fixtures/keys/search-relevance.tsv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line -> RelevanceCase? in
            guard !line.hasPrefix("#"), !line.hasPrefix("query\t") else { return nil }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 3 else { return nil }
            return RelevanceCase(query: columns[0], source: columns[1], lines: Set(columns[2].split(separator: ",").compactMap { Int($0) }))
        }
    }()

    /// The queries of issue 12, each of which must put a relevant hit first.
    static let issueQueries = ["外交青書の発行部数", "5,530人", "2,917件", "約4.6億件", "ビザ発給件数の推移", "6447", "地域おこし協力隊"]
}

@Suite("Search relevance over the corpus")
struct SearchRelevanceTests {
    /// Hits read per query for recall.
    static let depth = 100

    @Test("The relevance set is read whole: at least 30 queries, the issue's among them")
    func fixture() {
        #expect(RelevanceCase.all.count >= 30)
        #expect(RelevanceCase.all.allSatisfy { !$0.lines.isEmpty })
        #expect(Set(RelevanceCase.issueQueries).isSubset(of: Set(RelevanceCase.all.map(\.query))))
    }

    @Test("Mean precision@5 and recall reach 0.9", arguments: StoreKind.available)
    func meanPrecisionAndRecall(kind: StoreKind) async throws {
        try await kind.withCorpusStore { store async throws in
            var precision = 0.0
            var precisionAtTen = 0.0
            var recall = 0.0
            for relevance in RelevanceCase.all {
                let hits = try await store.search(SearchQuery(relevance.query, limit: Self.depth))
                let p = relevance.precisionAtFive(hits)
                let r = relevance.recall(hits)
                if p < 1 || r < 1 { print("relevance \(kind): \(relevance.query) P@5 \(p) recall \(r)") }
                precision += p
                precisionAtTen += relevance.precision(hits, at: 10)
                recall += r
            }
            precision /= Double(RelevanceCase.all.count)
            precisionAtTen /= Double(RelevanceCase.all.count)
            recall /= Double(RelevanceCase.all.count)
            print("relevance \(kind): \(RelevanceCase.all.count) queries, precision@5 \(precision), precision@10 \(precisionAtTen), recall \(recall)")
            #expect(precision >= 0.9)
            #expect(recall >= 0.9)
        }
    }

    @Test("The issue's searches find the figure they name first, with its line",
          arguments: RelevanceCase.all.filter { RelevanceCase.issueQueries.contains($0.query) })
    func issueQueries(relevance: RelevanceCase) async throws {
        for kind in StoreKind.available {
            try await kind.withCorpusStore { store async throws in
                let first = try #require(try await store.search(SearchQuery(relevance.query)).first, "\(relevance.query) finds nothing")
                #expect(relevance.isRelevant(first), "\(relevance.query): first hit \(first.source) L\(first.line) \(first.text)")
                #expect(first.snippet.highlights.isEmpty == false, "the snippet shows the words searched for")
            }
        }
    }

    @Test("Every hit's text holds the words searched for, not only its section's title", arguments: StoreKind.available)
    func hitsHoldTheWords(kind: StoreKind) async throws {
        try await kind.withCorpusStore { store async throws in
            let hits = try await store.search(SearchQuery("地域おこし協力隊", limit: 200))
            let titled: Set<String> = ["indicatorValue", "tableRow"]
            #expect(hits.allSatisfy { titled.contains($0.role) || $0.text.filter { !$0.isWhitespace }.contains("地域おこし協力隊") })
        }
    }

    @Test("A running head repeated on every page is one hit, at its first print", arguments: StoreKind.available)
    func runningHeads(kind: StoreKind) async throws {
        try await kind.withCorpusStore { store async throws in
            let hits = try await store.search(SearchQuery("地域おこし協力隊の推進", limit: 200))
            let titles = hits.filter { $0.text.trimmingCharacters(in: .whitespaces) == "地域おこし協力隊の推進" }
            #expect(titles.count == 1)
        }
    }

    @Test("The count is every match, whatever the page; pages join up to it", arguments: StoreKind.available)
    func countsAndPages(kind: StoreKind) async throws {
        try await kind.withCorpusStore { store async throws in
            let everything = try await store.search(SearchQuery("地域おこし協力隊", limit: 500))
            let total = try await store.searchCount(SearchQuery("地域おこし協力隊", limit: 5, offset: 10)).passages
            #expect(total == everything.count)
            #expect(total > 20, "more than one page of 20")
            var paged: [SearchHit] = []
            var offset = 0
            while offset < total {
                paged += try await store.search(SearchQuery("地域おこし協力隊", limit: 20, offset: offset))
                offset += 20
            }
            #expect(paged.map(\.line) == everything.map(\.line))
            #expect(try await store.searchCount(SearchQuery("地域おこし協力隊", ministry: "外務省")) == SearchCount(passages: 0, isLowerBound: false))
            #expect(try await store.searchCount(SearchQuery("、。")).passages == 0)
        }
    }
}
