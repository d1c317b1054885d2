import Synchronization
@testable import HyokaWeb
import Testing

@Suite("Bounded cache")
struct BoundedCacheTests {
    @Test func keepsValuesUntilTheyExpire() async throws {
        let cache = BoundedCache<Int>(capacity: 10, lifetime: .milliseconds(50))
        await cache.set(1, for: "a")
        #expect(await cache.value(for: "a") == 1)
        try await Task.sleep(for: .milliseconds(120))
        #expect(await cache.value(for: "a") == nil, "an expired entry is not served")
    }

    @Test func neverGrowsPastItsCapacity() async {
        let cache = BoundedCache<Int>(capacity: 8)
        for index in 0..<100 { await cache.set(index, for: "k\(index)") }
        #expect(await cache.count <= 8)
        #expect(await cache.value(for: "k99") == 99, "the newest entry is kept")
    }

    @Test func replacingAKeyDoesNotEvict() async {
        let cache = BoundedCache<Int>(capacity: 2)
        await cache.set(1, for: "a")
        await cache.set(2, for: "b")
        await cache.set(3, for: "b")
        #expect(await cache.value(for: "a") == 1)
        #expect(await cache.value(for: "b") == 3)
    }
}

/// `BoundedCache.value(for:orCompute:)`: one computation for callers asking at once, stale entries served while
/// one refresh runs, failures cached for no one. The clock is moved by hand, so nothing depends on timing.
@Suite("Bounded cache: computed once, refreshed behind a recent value")
struct BoundedCacheComputeTests {
    /// A clock the test moves.
    final class ManualClock: Sendable {
        private let current = Mutex(ContinuousClock.now)
        var now: ContinuousClock.Instant { current.withLock { $0 } }
        func advance(_ duration: Duration) { current.withLock { $0 += duration } }
    }

    /// Counts computations, and holds each until the test opens the gate.
    actor Computations {
        private(set) var count = 0
        private(set) var arrived = 0
        private var open = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func arrive() { arrived += 1 }

        func compute() async -> Int {
            count += 1
            let mine = count
            if !open { await withCheckedContinuation { waiting.append($0) } }
            return mine
        }

        func openGate() {
            open = true
            for continuation in waiting { continuation.resume() }
            waiting = []
        }
    }

    struct Refused: Error {}

    @Test("Callers asking while a value is computed wait for that one computation")
    func oneComputationForConcurrentCallers() async throws {
        let cache = BoundedCache<Int>(capacity: 10, lifetime: .seconds(3_600))  // outlives the test, however slow the machine
        let computations = Computations()
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    await computations.arrive()
                    return try await cache.value(for: "a") { await computations.compute() }
                }
            }
            while await computations.arrived < 10 { await Task.yield() }
            while await computations.count < 1 { await Task.yield() }
            try await Task.sleep(for: .milliseconds(50))  // every caller is inside the cache, waiting
            await computations.openGate()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(await computations.count == 1)
        #expect(values == Array(repeating: 1, count: 10))
    }

    @Test("An entry expired within the last lifetime is served while one refresh runs; an older one is waited for")
    func staleWhileRefreshing() async throws {
        let clock = ManualClock()
        let cache = BoundedCache<Int>(capacity: 10, lifetime: .seconds(5), now: { clock.now })
        let computations = Computations()
        await computations.openGate()
        #expect(try await cache.value(for: "a") { await computations.compute() } == 1)
        clock.advance(.seconds(4))
        #expect(try await cache.value(for: "a") { await computations.compute() } == 1, "fresh: served")
        #expect(await computations.count == 1)

        clock.advance(.seconds(2))  // expired a second ago
        #expect(try await cache.value(for: "a") { await computations.compute() } == 1, "recently expired: served as it is")
        #expect(try await cache.value(for: "a") { await computations.compute() } == 1, "still served while the refresh runs")
        while await computations.count < 2 { await Task.yield() }
        while try await cache.value(for: "a", orCompute: { await computations.compute() }) != 2 { await Task.yield() }
        #expect(await computations.count == 2, "one refresh for the callers that found it expired")

        clock.advance(.seconds(11))  // expired six seconds ago: more than a lifetime
        #expect(try await cache.value(for: "a") { await computations.compute() } == 3, "too old to serve: computed while the caller waits")
    }

    @Test("A computation that fails caches nothing: everyone waiting gets the error, and the next caller computes again")
    func failuresAreNotCached() async throws {
        let cache = BoundedCache<Int>(capacity: 10, lifetime: .seconds(3_600))  // outlives the test, however slow the machine
        let attempts = Mutex(0)
        await #expect(throws: Refused.self) {
            try await cache.value(for: "a") { attempts.withLock { $0 += 1 }; throw Refused() }
        }
        #expect(try await cache.value(for: "a") { attempts.withLock { $0 += 1 }; return 7 } == 7)
        #expect(attempts.withLock { $0 } == 2)
        #expect(await cache.value(for: "a") == 7)
    }
}
