import Foundation
import HyokaModel
import HyokaRecognition
import HyokaText
import Testing
@testable import HyokaPostgres
@testable import HyokaStore

/// A search that matches more passages than it ranks (`SearchQuery.candidateLimit`, issue 14) ranks the
/// newest of them only, counts up to the limit and says the count is a lower bound; with fewer matches
/// it is the exact search, hit for hit. The corpus has far fewer matches than the default limit, so these
/// tests lower the limit to a few passages.
@Suite("Search of a common word: the best of the newest matches")
struct BoundedSearchTests {
    /// A store to test: SQLite, and PostgreSQL ranked as the server allows and ranked exactly (BM25).
    struct Setup: Sendable, CustomTestStringConvertible {
        var kind: StoreKind
        var parameters: [String]
        var testDescription: String { kind.testDescription + (parameters.isEmpty ? "" : " " + parameters.joined(separator: "&")) }
        /// Whether ties are broken as the exact ranking breaks them, so that the order itself can be compared.
        var ranksLikeExact: Bool { kind == .sqlite || parameters.contains("ranking=exact") }

        static var available: [Setup] {
            StoreKind.available.flatMap { kind in
                kind == .sqlite ? [Setup(kind: kind, parameters: [])] : [Setup(kind: kind, parameters: []), Setup(kind: kind, parameters: ["ranking=exact"])]
            }
        }
    }

    /// Where a hit is: its file, line and role, one passage of the corpus.
    static func place(_ hit: SearchHit) -> String { "\(hit.source):\(hit.line):\(hit.role)" }

    /// Every passage's place, newest (largest id, stored last) first.
    static func placesNewestFirst(_ store: TestStore) async throws -> [String] {
        try await store.strings("SELECT d.source || ':' || p.line || ':' || p.role FROM passage p JOIN document d ON d.id = p.document_id ORDER BY p.id DESC")
    }

    @Test("More matches than the limit: the newest matches are ranked, the count is a lower bound", arguments: Setup.available)
    func newestRanked(setup: Setup) async throws {
        try await setup.kind.withCorpusStore(parameters: setup.parameters) { store async throws in
            let every = try await store.search(SearchQuery("外交", limit: 500, candidateLimit: nil))
            let exactCount = try await store.searchCount(SearchQuery("外交", candidateLimit: nil))
            #expect(exactCount == SearchCount(passages: every.count, isLowerBound: false), "without a limit, every match is counted")
            let byPlace = Dictionary(every.map { (Self.place($0), $0) }, uniquingKeysWith: { first, _ in first })
            try #require(byPlace.count == every.count, "a place names one passage")
            let limit = 9
            try #require(every.count > limit * 3, "the corpus has many more matches than the limit")

            let count = try await store.searchCount(SearchQuery("外交", candidateLimit: limit))
            #expect(count == SearchCount(passages: limit, isLowerBound: true))
            let bounded = try await store.search(SearchQuery("外交", limit: 500, candidateLimit: limit))
            #expect(bounded.count == limit, "only the candidates can be hits")

            // The candidates are the newest matches: the `limit` matching passages stored last.
            let newest = try await Self.placesNewestFirst(store).filter { byPlace[$0] != nil }.prefix(limit)
            #expect(Set(bounded.map(Self.place)) == Set(newest), "the newest \(limit) matches, and no older one")
            // Ranked by the store's ranking, best first: the score each hit has in the whole ranking, except that
            // SQLite takes one phrase's IDF from the walk, estimated when there are more matches than it walks
            // (PassageRanking): its scores are then the whole ranking's times one factor, that IDF's error.
            let first = try #require(bounded.first)
            let factor = setup.kind == .sqlite ? first.score / (try #require(byPlace[Self.place(first)]?.score)) : 1
            #expect(factor > 0.5 && factor < 2, "an IDF estimated from \(limit) matches is off by \(factor), not by more than twice")
            for hit in bounded {
                let whole = try #require(byPlace[Self.place(hit)]?.score)
                #expect(abs(hit.score - whole * factor) <= 1e-12 * whole, "\(Self.place(hit)): the score it has among every match, times \(factor)")
            }
            #expect(zip(bounded, bounded.dropFirst()).allSatisfy { $0.score >= $1.score }, "best first")
            if setup.ranksLikeExact {
                #expect(bounded.map(Self.place) == every.filter { newest.contains(Self.place($0)) }.map(Self.place),
                        "the whole ranking's order, restricted to the candidates")
            }
        }
    }

    @Test("Pages of a bounded search follow one another up to the count, and end there", arguments: Setup.available)
    func pages(setup: Setup) async throws {
        try await setup.kind.withCorpusStore(parameters: setup.parameters) { store async throws in
            let limit = 17
            let whole = try await store.search(SearchQuery("外交", limit: 500, candidateLimit: limit))
            let total = try await store.searchCount(SearchQuery("外交", limit: 5, offset: 10, candidateLimit: limit))
            #expect(total == SearchCount(passages: limit, isLowerBound: true))
            var paged: [SearchHit] = []
            for offset in stride(from: 0, to: total.passages, by: 5) {
                paged += try await store.search(SearchQuery("外交", limit: 5, offset: offset, candidateLimit: limit))
            }
            #expect(paged.map(Self.place) == whole.map(Self.place))
            #expect(try await store.search(SearchQuery("外交", limit: 5, offset: limit, candidateLimit: limit)).isEmpty)
        }
    }

    @Test("Filters choose the candidates: the newest matches of the filtered search", arguments: Setup.available)
    func filtered(setup: Setup) async throws {
        try await setup.kind.withCorpusStore(parameters: setup.parameters) { store async throws in
            let every = try await store.search(SearchQuery("外交", kind: .bluebook, limit: 500, candidateLimit: nil))
            let limit = 4
            try #require(every.count > limit)
            let bounded = try await store.search(SearchQuery("外交", kind: .bluebook, limit: 500, candidateLimit: limit))
            #expect(bounded.count == limit && bounded.allSatisfy { $0.kind == .bluebook })
            let places = Set(every.map(Self.place))
            let newest = try await Self.placesNewestFirst(store).filter(places.contains).prefix(limit)
            #expect(Set(bounded.map(Self.place)) == Set(newest))
            #expect(try await store.searchCount(SearchQuery("外交", kind: .bluebook, candidateLimit: limit)) == SearchCount(passages: limit, isLowerBound: true))
        }
    }

    @Test("Up to the limit, the search is the exact one: same hits, same order, exact count", arguments: Setup.available)
    func exactBelowTheLimit(setup: Setup) async throws {
        let queries = [SearchQuery("ビザ", limit: 500), SearchQuery("地方自治体", limit: 500), SearchQuery("外交", limit: 500),
                       SearchQuery("ビザ 中国", limit: 500), SearchQuery("地域", ministry: "総務省", limit: 500), SearchQuery("地域おこし協力隊", limit: 7, offset: 7),
                       SearchQuery("外交 政策", limit: 500), SearchQuery("外交 政策", kind: .bluebook, limit: 500)]
        try await setup.kind.withCorpusStore(parameters: setup.parameters) { store async throws in
            // Several phrases, and a filter, rank with an IDF of each phrase given to the ranking on SQLite: they must find something.
            for query in queries.suffix(2) { try #require(try await store.searchCount(query).passages > 0, "\(query.text) finds passages") }
            for query in queries {
                #expect(query.candidateLimit == SearchQuery.defaultCandidateLimit, "the default bounds every search")
                var exact = query
                exact.candidateLimit = nil
                let reference = try await store.search(exact)
                #expect(try await store.search(query) == reference, "\(query.text)")
                let count = try await store.searchCount(query)
                #expect(count == (try await store.searchCount(exact)), "\(query.text)")
                #expect(!count.isLowerBound, "\(query.text): the corpus is below the default limit")
            }
            // Exactly as many matches as the limit: still exact, and not "or more".
            let matches = try await store.searchCount(SearchQuery("ビザ", candidateLimit: nil)).passages
            var atLimit = SearchQuery("ビザ", limit: 500, candidateLimit: matches)
            #expect(try await store.searchCount(atLimit) == SearchCount(passages: matches, isLowerBound: false))
            let atLimitHits = try await store.search(atLimit)
            atLimit.candidateLimit = nil
            #expect(atLimitHits == (try await store.search(atLimit)))
        }
    }

    /// The corpus and one more document of `paragraphs` short paragraphs that all say 「外交」, stored last:
    /// a word dense among the newest passages, as a common word is in a large store.
    static func denseStore(_ setup: Setup, paragraphs: Int, _ body: (TestStore) async throws -> Void) async throws {
        let text = "（1）外交\n\n" + (1...paragraphs).map { "外交の取組その\($0)。\n\n" }.joined()
        let report = ReportRecognizer().recognize(SourceText(text), id: "0090000000000000", sourceName: "009.txt", contentHash: "dense")
        try await setup.kind.withCorpusStore(parameters: setup.parameters) { store async throws in
            try await store.save([StoredDocument(report: report, sourceText: text)])
            try await body(store)
        }
    }

    @Test("A word dense among the newest passages: one walk gives the count and the candidates, as the limit requires", arguments: Setup.available)
    func denseWalk(setup: Setup) async throws {
        try await Self.denseStore(setup, paragraphs: 1_000) { store async throws in
            // Pages of 500, the most a page holds.
            func all(_ query: SearchQuery) async throws -> [SearchHit] {
                var hits: [SearchHit] = []
                var page = query
                page.limit = 500
                while true {
                    let next = try await store.search(page)
                    hits += next
                    if next.count < page.limit { return hits }
                    page.offset += page.limit
                }
            }
            let every = try await all(SearchQuery("外交", candidateLimit: nil))
            let matches = try await store.searchCount(SearchQuery("外交", candidateLimit: nil)).passages
            try #require(every.count == matches && matches > 1_000)
            // Bounded: the newest matches, counted as a lower bound.
            let bounded = SearchQuery("外交", limit: 500, candidateLimit: 9)
            let hits = try await store.search(bounded)
            let places = Set(every.map(Self.place))
            #expect(Set(hits.map(Self.place)) == Set(try await Self.placesNewestFirst(store).filter(places.contains).prefix(9)))
            #expect(try await store.searchCount(bounded) == SearchCount(passages: 9, isLowerBound: true))
            let together = try await store.store.searchResults(SearchQuery("外交", limit: 4, offset: 2, candidateLimit: 9))
            #expect(together.count == SearchCount(passages: 9, isLowerBound: true))
            #expect(together.hits.map(Self.place) == Array(hits.map(Self.place)[2..<6]))
            // Exactly as many matches as the limit: the walk finds no more than the limit, and the search is the exact one.
            var atLimit = SearchQuery("外交", candidateLimit: matches)
            #expect(try await all(atLimit) == every)
            #expect(try await store.searchCount(atLimit) == SearchCount(passages: matches, isLowerBound: false))
            atLimit.offset = matches
            #expect(try await store.search(atLimit).isEmpty)
            #expect(try await store.store.searchResults(atLimit) == SearchResults(hits: [], count: SearchCount(passages: matches, isLowerBound: false)))
        }
    }

    @Test("A filter or a second phrase counts a phrase's passages as the phrase's own search does")
    func phraseIDFAlone() async throws {
        // SQLite takes a phrase's IDF from a walk of its newest matches, estimated above the limit
        // (PassageRanking). A search of one phrase walks them itself; a filtered search, or one of several
        // phrases, walks each phrase alone first. The estimate must be the same: each hit's score is its
        // score in the exact ranking times the one factor the phrase's own bounded search has.
        try await StoreKind.sqlite.withCorpusStore { store async throws in
            let limit = 9
            let exact = try await store.search(SearchQuery("外交", limit: 500, candidateLimit: nil))
            let exactScore = Dictionary(exact.map { (Self.place($0), $0.score) }, uniquingKeysWith: { first, _ in first })
            let alone = try #require(try await store.search(SearchQuery("外交", limit: 1, candidateLimit: limit)).first)
            let factor = alone.score / (try #require(exactScore[Self.place(alone)]))
            #expect(abs(factor - 1) > 1e-6, "more matches than \(limit): the IDF is estimated, not exact")

            let filtered = try await store.search(SearchQuery("外交", kind: .bluebook, limit: 500, candidateLimit: limit))
            try #require(!filtered.isEmpty)
            for hit in filtered {
                let whole = try #require(exactScore[Self.place(hit)])
                #expect(abs(hit.score - whole * factor) <= 1e-12 * whole, "filtered, \(Self.place(hit))")
            }
            // The same phrase twice: two IDFs, each the phrase's, so the score is the exact one's times that factor too.
            let twiceExact = try await store.search(SearchQuery("外交 外交", limit: 500, candidateLimit: nil))
            let twiceExactScore = Dictionary(twiceExact.map { (Self.place($0), $0.score) }, uniquingKeysWith: { first, _ in first })
            let twice = try await store.search(SearchQuery("外交 外交", limit: 500, candidateLimit: limit))
            #expect(twice.count == limit)
            for hit in twice {
                let whole = try #require(twiceExactScore[Self.place(hit)])
                #expect(abs(hit.score - whole * factor) <= 1e-12 * whole, "twice, \(Self.place(hit))")
            }
        }
    }

    @Test("A page and its count found together are the page and the count found apart", arguments: Setup.available)
    func resultsTogether(setup: Setup) async throws {
        let queries = [
            SearchQuery("外交", limit: 5, offset: 3, candidateLimit: 9),        // more matches than the limit
            SearchQuery("外交", limit: 5, offset: 9, candidateLimit: 9),        // the page after the last
            SearchQuery("ビザ", limit: 500),                                    // fewer: exact
            SearchQuery("ビザ", limit: 20, offset: 100_000),                    // past the end
            SearchQuery("外交", kind: .bluebook, limit: 3, candidateLimit: 4),  // filtered
            SearchQuery("外交", limit: 7, offset: 2, candidateLimit: nil),      // every match ranked and counted
            SearchQuery("存在しない語句ですよ", limit: 20),                       // no match
            SearchQuery("。、", limit: 20),                                     // nothing to search for
        ]
        try await setup.kind.withCorpusStore(parameters: setup.parameters) { store async throws in
            for query in queries {
                let results = try await store.searchResults(query)
                #expect(results.count == (try await store.searchCount(query)), "\(query.text) \(query.offset)")
                #expect(results.hits.map(Self.place) == (try await store.search(query)).map(Self.place), "\(query.text) \(query.offset)")
                #expect(results.hits.count <= query.limit)
            }
            let bounded = try await store.searchResults(SearchQuery("外交", limit: 500, candidateLimit: 9))
            #expect(bounded.count == SearchCount(passages: 9, isLowerBound: true) && bounded.hits.count == 9)
        }
    }

    @Test("A page that ends inside a run of equal scores breaks the ties as the exact search does")
    func tiesAtThePageEdge() async throws {
        // Three documents of the same paragraph, four times each: twelve passages of one length, each
        // holding 査証 once, all of one score. SQLite reads the passage and its document, which break
        // ties, for the page's candidates only; every page here ends inside the tie.
        let paragraph = "査証の発給を行う。"
        let text = Array(repeating: paragraph, count: 4).joined(separator: "\n\n") + "\n"
        let documents = (1...3).map { number in
            StoredDocument(report: ReportRecognizer().recognize(SourceText(text), id: "tie\(number)", sourceName: "tie-\(4 - number).txt", contentHash: "tie\(number)"),
                           sourceText: text)
        }
        try await StoreKind.sqlite.withEmptyStore { store async throws in
            try await store.save(documents)
            let exact = try await store.search(SearchQuery("査証", limit: 500, candidateLimit: nil))
            try #require(exact.count == 12 && Set(exact.map(\.score)).count == 1, "twelve passages of one score")
            #expect(exact.map(\.source) == Array(repeating: "tie-1.txt", count: 4) + Array(repeating: "tie-2.txt", count: 4) + Array(repeating: "tie-3.txt", count: 4),
                    "ties broken by source, then line")
            for candidateLimit in [SearchQuery.defaultCandidateLimit, 12] {
                for size in [1, 5] {
                    var paged: [SearchHit] = []
                    for offset in stride(from: 0, to: 12, by: size) {
                        paged += try await store.searchResults(SearchQuery("査証", limit: size, offset: offset, candidateLimit: candidateLimit)).hits
                    }
                    #expect(paged.map(Self.place) == exact.map(Self.place), "pages of \(size), at most \(candidateLimit) candidates")
                }
            }
        }
    }

    @Test("A phrase's matches are estimated from the newest ones as if as dense in the older passages")
    func estimatedMatches() {
        #expect(BM25.estimatedMatches(walked: 10, oldest: 91, first: 1, last: 100, passages: 100) == 100, "10 in the newest tenth: 100")
        #expect(BM25.estimatedMatches(walked: 10, oldest: 51, first: 1, last: 100, passages: 90) == 20, "10 in the newer half: 20")
        #expect(BM25.estimatedMatches(walked: 30, oldest: 81, first: 1, last: 100, passages: 100) == 100, "never more than the passages")
        #expect(BM25.estimatedMatches(walked: 10, oldest: 1, first: 1, last: 100, passages: 100) == 10, "every passage walked: the count itself")
        #expect(BM25.estimatedMatches(walked: 0, oldest: 0, first: 1, last: 100, passages: 100) == 0)
        // The score in parts is the score: a phrase's IDF times its saturation.
        let whole = BM25.score(idfs: [2.5], frequencies: [3], length: 20, averageLength: 11)
        #expect(whole == 2.5 * BM25.saturation(frequency: 3, length: 20, averageLength: 11))
    }

    @Test("PostgreSQL walks the newest passages for a denser query the larger the store and the smaller the limit")
    func walkDensity() {
        let oneYear = PostgresSearch.walkDensity(candidates: 5_000, passages: 541_686)
        #expect(oneYear > 0.04 && oneYear < 0.05, "4.6% at one year with K = 5,000")
        let tenYears = PostgresSearch.walkDensity(candidates: 5_000, passages: 5_416_860)
        #expect(tenYears < oneYear && abs(tenYears * 10.0.squareRoot() - oneYear) < 1e-9, "√10 lower at ten times the passages")
        #expect(PostgresSearch.walkDensity(candidates: 1_000, passages: 541_686) < oneYear, "fewer candidates: the walk is shorter")
        #expect(PostgresSearch.walkDensity(candidates: 5_000, passages: 0) == 1, "an empty store never walks")
    }
}
