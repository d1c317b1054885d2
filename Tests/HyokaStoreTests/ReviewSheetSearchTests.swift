import Foundation
import HyokaModel
import HyokaReviewSheets
import Testing
@testable import HyokaStore

@Suite("Review-sheet search")
struct ReviewSheetSearchTests {
    @Test("a sheet's name, purpose and review text are found, with the RS file and line; filters apply", arguments: StoreKind.available)
    func finds(kind: StoreKind) async throws {
        let export = try BundledSheets.export()
        try await kind.withEmptyStore { store in
            try await store.sheets.saveReviewSheets(export)
            let hits = try await store.sheets.searchReviewSheets(SearchQuery("広報基盤"))
            let first = try #require(hits.first)
            #expect(first.projectID == 1070)
            #expect(first.fiscalYear == 2024)
            #expect(first.file.hasPrefix("1-2_RS_2024"))
            let project = try #require(export.projects.first { $0.projectID == 1070 })
            #expect(first.line == project.overview?.source.line)
            #expect(first.snippet.highlights.count >= 1)
            #expect(hits == hits.sorted { $0.score >= $1.score })
            // The review team's words are searchable too, and lead to their 4-1 record.
            let detail = try #require(project.assessment?.selfCheck)
            let phrase = String(detail.prefix(12))
            let review = try await store.sheets.searchReviewSheets(SearchQuery(phrase, limit: 50))
            #expect(review.contains { $0.projectID == 1070 && $0.role == "review" && $0.file.hasPrefix("4-1_RS_2024") }, "\(phrase)")
            #expect(try await store.sheets.searchReviewSheets(SearchQuery("広報基盤", ministry: "総務省")).isEmpty)
            #expect(try await store.sheets.searchReviewSheets(SearchQuery("広報基盤", year: 2023)).isEmpty)
            #expect(try await store.sheets.searchReviewSheets(SearchQuery("広報基盤", kind: .evaluation)).isEmpty)
        }
    }

    @Test("re-importing a year replaces its passages; another year adds its own", arguments: StoreKind.available)
    func replaced(kind: StoreKind) async throws {
        let export = try BundledSheets.export()
        try await kind.withEmptyStore { store in
            try await store.sheets.saveReviewSheets(export)
            let once = try await store.sheets.searchReviewSheets(SearchQuery("広報基盤", limit: 500))
            try await store.sheets.saveReviewSheets(export)
            #expect(try await store.sheets.searchReviewSheets(SearchQuery("広報基盤", limit: 500)) == once)
            try await store.sheets.saveReviewSheets(try BundledSheets.export(as: 2025))
            let both = try await store.sheets.searchReviewSheets(SearchQuery("広報基盤", limit: 500))
            #expect(both.count == 2 * once.count)
            #expect(Set(both.map(\.fiscalYear)) == [2024, 2025])
            // A filter narrows the hits, not the statistics: a phrase's IDF counts its matches in every year.
            let only2024 = try await store.sheets.searchReviewSheets(SearchQuery("広報基盤", year: 2024, limit: 500))
            #expect(only2024.map(\.score) == both.filter { $0.fiscalYear == 2024 }.map(\.score))
            #expect(!only2024.isEmpty)
            // Twice the passages: BM25 ranks by the store as it is now, as a store that held both years from the start.
            try await kind.withEmptyStore { fresh in
                try await fresh.sheets.saveReviewSheets(export)
                try await fresh.sheets.saveReviewSheets(try BundledSheets.export(as: 2025))
                let expected = try await fresh.sheets.searchReviewSheets(SearchQuery("広報基盤", limit: 500))
                #expect(both.map(\.score) == expected.map(\.score))
                #expect(both.filter { $0.fiscalYear == 2024 }.map(\.score) != once.map(\.score), "N counts both years now")
            }
        }
    }

    @Test("SQLite and PostgreSQL rank the sheets alike", .enabled(if: StoreKind.postgresURL != nil, "needs HYOKA_TEST_POSTGRES_URL"))
    func sameRanking() async throws {
        let export = try BundledSheets.export()
        var results: [[ProjectSearchHit]] = []
        for kind in StoreKind.allCases {
            try await kind.withEmptyStore { store in
                try await store.sheets.saveReviewSheets(export)
                results.append(try await store.sheets.searchReviewSheets(SearchQuery("国際 協力", limit: 30)))
            }
        }
        #expect(results[0].map(\.projectID) == results[1].map(\.projectID))
        #expect(zip(results[0], results[1]).allSatisfy { abs($0.score - $1.score) < 1e-9 })
    }
}
