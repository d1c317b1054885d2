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
