import Foundation
import HyokaModel
import Testing
@testable import HyokaStore

/// The SQLite save writes the rows of an export slice by slice while the
/// later slices are still being built (`ReviewSheetRowSlices`).
@Suite("Review-sheet rows built in slices while they are written")
struct ReviewSheetRowSlicesTests {
    /// Takes every slice in turn on a thread of its own, as the store's writer does.
    static func takeAll(_ slices: ReviewSheetRowSlices) async throws -> [ReviewSheetRows] {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try (0..<slices.count).map { try slices.rows($0) } })
            }
        }
    }

    @Test("the slices, in order, are the rows built at once", arguments: [(1, 1), (5, 2), (64, 3), (10_000, 2)])
    func sameRows(projectsPerSlice: Int, parallelism: Int) async throws {
        let export = try BundledSheets.export()
        let whole = try await ReviewSheetRows(export, importedAt: "now")
        let slices = ReviewSheetRowSlices(export.projects, projectsPerSlice: projectsPerSlice)
        #expect(slices.count == (export.projects.count + projectsPerSlice - 1) / projectsPerSlice)
        async let built: Void = slices.build(parallelism: parallelism)
        let taken = try await Self.takeAll(slices)
        await built
        #expect(taken.flatMap(\.projects) == whole.projects)
        #expect(taken.flatMap(\.budgetYears) == whole.budgetYears)
        #expect(taken.flatMap(\.policyLinks) == whole.policyLinks)
        #expect(taken.flatMap(\.passages) == whole.passages)
    }

    @Test("cancelling wakes a writer waiting for a slice that will not come")
    func cancelWakesTheWriter() async throws {
        let slices = ReviewSheetRowSlices(try BundledSheets.export().projects, projectsPerSlice: 8)
        // Nothing is built: the writer waits until the cancellation.
        let taken = Task { try await Self.takeAll(slices) }
        try await Task.sleep(for: .milliseconds(50))
        slices.cancel()
        await #expect(throws: CancellationError.self) { try await taken.value }
    }

    @Test("a project that cannot be encoded in a late slice fails the save, and the stored year stays as it was", arguments: StoreKind.available)
    func failedBuild(kind: StoreKind) async throws {
        let export = try BundledSheets.export()
        var broken = export
        let index = try #require(broken.projects.indices.last { i in broken.projects[i].budgetYears.contains { $0.total != nil } })
        let year = try #require(broken.projects[index].budgetYears.firstIndex { $0.total != nil })
        broken.projects[index].budgetYears[year].total?.executionRate = .nan
        try await kind.withEmptyStore { store in
            try await store.sheets.saveReviewSheets(export)
            await #expect(throws: EncodingError.self) { try await store.sheets.saveReviewSheets(broken) }
            #expect(try await store.sheets.reviewProjects(fiscalYear: nil) == export.projects)
            #expect(try await store.sheets.searchReviewSheets(SearchQuery("広報基盤")).first?.projectID == 1070)
        }
    }
}
