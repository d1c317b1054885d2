/// A small in-memory cache with a size bound and an optional lifetime for
/// its entries, shared by the request handlers.
///
/// Decoding a stored document's JSON costs more than rendering its page, so
/// the web application keeps recently used documents decoded. Documents can
/// be replaced by an import running in another process while the server
/// runs, so those entries live for a few seconds only; reviews are keyed by
/// content hash, which changes with the content, so they need no lifetime.
actor BoundedCache<Value: Sendable> {
    private struct Entry {
        var value: Value
        var expires: ContinuousClock.Instant?
    }

    private let capacity: Int
    private let lifetime: Duration?
    private var entries: [String: Entry] = [:]

    /// - Parameters:
    ///   - capacity: the most entries kept; when full, expired entries go
    ///     first, then an arbitrary half, so that the cost stays amortised O(1).
    ///   - lifetime: how long an entry is served; nil for as long as it fits.
    init(capacity: Int, lifetime: Duration? = nil) {
        self.capacity = max(1, capacity)
        self.lifetime = lifetime
    }

    func value(for key: String) -> Value? {
        guard let entry = entries[key] else { return nil }
        if let expires = entry.expires, expires <= .now {
            entries[key] = nil
            return nil
        }
        return entry.value
    }

    func set(_ value: Value, for key: String) {
        if entries.count >= capacity, entries[key] == nil { makeRoom() }
        entries[key] = Entry(value: value, expires: lifetime.map { .now + $0 })
    }

    private func makeRoom() {
        let now = ContinuousClock.now
        entries = entries.filter { $0.value.expires.map { $0 > now } ?? true }
        guard entries.count >= capacity else { return }
        for key in entries.keys.prefix(entries.count / 2 + 1) { entries[key] = nil }
    }

    var count: Int { entries.count }
}
