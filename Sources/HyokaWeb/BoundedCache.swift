/// A small in-memory cache with a size bound and an optional lifetime for
/// its entries, shared by the request handlers.
///
/// Decoding a stored document's JSON costs more than rendering its page, so
/// the web application keeps recently used documents decoded. Documents can
/// be replaced by an import running in another process while the server
/// runs, so those entries live for a few seconds only; reviews are keyed by
/// content hash, which changes with the content, so they need no lifetime.
///
/// `value(for:orCompute:)` computes a missing value once for every request
/// asking for it at the same time, and serves an entry that expired within
/// the last lifetime while one refresh runs: before, every request arriving
/// in the moment an entry expired computed it again, all at once: under
/// load, a field page with linked review sheets waited up to 1.6 s at each
/// expiry (BENCHMARKS.md, issue 14).
actor BoundedCache<Value: Sendable> {
    private struct Entry {
        var value: Value
        var expires: ContinuousClock.Instant?
    }

    private let capacity: Int
    private let lifetime: Duration?
    /// The time now: the clock's, or a test's.
    private let now: @Sendable () -> ContinuousClock.Instant
    private var entries: [String: Entry] = [:]
    /// The computation of each key being computed now, awaited by every caller that asks meanwhile.
    private var inFlight: [String: Task<Value, any Error>] = [:]

    /// - Parameters:
    ///   - capacity: the most entries kept; when full, expired entries go
    ///     first, then an arbitrary half, so that the cost stays amortised O(1).
    ///   - lifetime: how long an entry is served; nil for as long as it fits.
    ///   - now: the time now, for tests that move it by hand.
    init(capacity: Int, lifetime: Duration? = nil, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.capacity = max(1, capacity)
        self.lifetime = lifetime
        self.now = now
    }

    func value(for key: String) -> Value? {
        guard let entry = entries[key] else { return nil }
        if let expires = entry.expires, expires <= now() {
            entries[key] = nil
            return nil
        }
        return entry.value
    }

    /// The value of `key`: the cached one while it is fresh; else `compute`'s,
    /// run once however many callers ask while it runs, and cached.
    ///
    /// An entry that expired less than a lifetime ago is still served, and
    /// one refresh is started: a reader then sees a change at most about two
    /// lifetimes late, never waits for a value that exists, and the store
    /// computes each key once per lifetime rather than once per caller. An
    /// older entry is not served: it waits for the computation. A failed
    /// computation caches nothing and throws to everyone who waited for it.
    func value(for key: String, orCompute compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let current = now()
        if let entry = entries[key] {
            guard let expires = entry.expires, expires <= current else { return entry.value }
            if let lifetime, current < expires + lifetime {
                if inFlight[key] == nil { _ = computation(of: key, compute) }
                return entry.value
            }
        }
        return try await (inFlight[key] ?? computation(of: key, compute)).value
    }

    /// Starts computing `key`, recorded in `inFlight` until it ends.
    private func computation(of key: String, _ compute: @escaping @Sendable () async throws -> Value) -> Task<Value, any Error> {
        // The task's body runs on this actor once the current call suspends, so it is in `inFlight` before it can end.
        let task = Task {
            defer { inFlight[key] = nil }
            let value = try await compute()
            set(value, for: key)
            return value
        }
        inFlight[key] = task
        return task
    }

    func set(_ value: Value, for key: String) {
        if entries.count >= capacity, entries[key] == nil { makeRoom() }
        entries[key] = Entry(value: value, expires: lifetime.map { now() + $0 })
    }

    private func makeRoom() {
        let current = now()
        entries = entries.filter { $0.value.expires.map { $0 > current } ?? true }
        guard entries.count >= capacity else { return }
        for key in entries.keys.prefix(entries.count / 2 + 1) { entries[key] = nil }
    }

    var count: Int { entries.count }
}
