import Foundation
import HyokaModel

/// The rows of an export's projects, built slice by slice across the cores
/// while a store's write transaction writes the slices already built.
///
/// Building the rows (each project's JSON and its tokenised passages) is
/// about a fifth of an import of the full RS export, and writing them in
/// SQLite's single transaction about a half; built first and written after,
/// the two add up. Here the transaction takes slice 0 as soon as it is
/// built, and later slices are built on the other cores meanwhile. The
/// slices are contiguous runs of projects in the export's order, so the
/// rows are written in the same order as when they were built at once, and
/// get the same ids.
///
/// The transaction runs on the store's own writer thread, not on Swift's
/// cooperative pool, so `rows(_:)` may block it while the builder tasks run.
/// A failed build reaches the transaction as the error of the slice it
/// waits for, and it rolls back; a failed transaction stops the builder
/// (`cancel()`): the slices being built finish, no further one starts.
final class ReviewSheetRowSlices: @unchecked Sendable {
    /// How many slices there are; the transaction asks for each in turn.
    let count: Int
    private let projects: [ReviewProject]
    private let projectsPerSlice: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var built: [Int: Result<ReviewSheetRows, any Error>] = [:]
    private var cancelled = false

    /// - Parameter projectsPerSlice: small enough that the first slice is
    ///   ready soon after the build starts (the full export's 23 slices of 256
    ///   take about 2.3 s of CPU in all, a tenth of a second each), large
    ///   enough that a task costs little beside its work.
    init(_ projects: [ReviewProject], projectsPerSlice: Int = 256) {
        self.projects = projects
        self.projectsPerSlice = max(1, projectsPerSlice)
        count = (projects.count + self.projectsPerSlice - 1) / self.projectsPerSlice
    }

    /// Builds every slice, at most `parallelism` at once, started in order.
    /// Run it in a task of its own beside the transaction that calls `rows(_:)`.
    func build(parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) async {
        await withTaskGroup(of: Void.self) { group in
            var next = 0
            func startNext() {
                let index = next
                next += 1
                group.addTask { self.deliver(index, Result { try self.buildSlice(index) }) }
            }
            while next < min(count, max(1, parallelism)) { startNext() }
            while await group.next() != nil {
                if isCancelled || Task.isCancelled { group.cancelAll(); break }
                if next < count { startNext() }
            }
        }
    }

    /// The rows of slice `index`, waiting until it is built: call from the
    /// writer's thread, never from a task of the cooperative pool. Each slice
    /// is handed out once and then let go, so written rows are not kept.
    /// - Throws: the error its build threw, or `CancellationError` once cancelled.
    func rows(_ index: Int) throws -> ReviewSheetRows {
        condition.lock()
        defer { condition.unlock() }
        while built[index] == nil, !cancelled { condition.wait() }
        guard let result = built.removeValue(forKey: index) else { throw CancellationError() }
        return try result.get()
    }

    /// Stops the build after the slices being built, and wakes a waiting `rows(_:)`.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    private func buildSlice(_ index: Int) throws -> ReviewSheetRows {
        try ReviewSheetRows(building: Array(projects[(index * projectsPerSlice)..<min(projects.count, (index + 1) * projectsPerSlice)]))
    }

    private func deliver(_ index: Int, _ result: Result<ReviewSheetRows, any Error>) {
        condition.lock()
        built[index] = result
        condition.broadcast()
        condition.unlock()
    }
}
