/// A seeded pseudo-random generator (SplitMix64) with the few helpers the
/// corpus generator needs.
///
/// Why not the standard library's generator or `Int.random(in:using:)`: the
/// corpus must be byte-identical for a seed on every run, machine and Swift
/// version. `SystemRandomNumberGenerator` is not seedable, and the standard
/// library does not promise that `random(in:using:)` or `shuffled(using:)`
/// draw the same values from a generator in every release. So every draw
/// here is spelled out: SplitMix64 for the bits, plain arithmetic on top.
public struct SyntheticRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// The generator for document `index` of the corpus with `seed`.
    ///
    /// Each document draws from its own stream, so that a document's text
    /// depends only on the seed and its index: not on how many documents are
    /// generated, nor on the order they are written in.
    public init(seed: UInt64, stream index: UInt64) {
        var mixer = SyntheticRandom(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
        let base = mixer.next()
        var indexMixer = SyntheticRandom(seed: index &* 0x9E37_79B9_7F4A_7C15 ^ base)
        state = indexMixer.next() ^ base
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range`. The modulo bias is below 2⁻⁴⁰ for the small
    /// ranges used here, far below anything a benchmark corpus could show.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % span)
    }

    /// A number in `range` (half-open).
    public mutating func int(in range: Range<Int>) -> Int {
        int(in: range.lowerBound...(range.upperBound - 1))
    }

    /// A uniform value in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T {
        items[int(in: 0..<items.count)]
    }

    /// An index drawn with the given (positive) weights.
    public mutating func weightedIndex(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var target = unit() * total
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }

    /// `count` distinct elements of `items`, in a random order.
    public mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        var pool = items
        var result: [T] = []
        for _ in 0..<min(count, pool.count) {
            result.append(pool.remove(at: int(in: 0..<pool.count)))
        }
        return result
    }
}
