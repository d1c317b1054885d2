import Synchronization

/// The posting index's run maps (`PostingRun`), decoded, kept between searches by the process.
///
/// Why: a rare query reads every run, and at ten years (148 runs) fetching and decoding their maps was most
/// of its time: keeping them halved the median of the benchmark's queries (BENCHMARKS.md, issue 14). A map changes only when a
/// save folds deletions into it or a merge replaces its run, so each is kept with its row's version, the
/// transaction id that wrote the row (`xmin`, new at every UPDATE); a search that finds another version
/// reads the map again.
final class RunMapCache: Sendable {
    /// Maps kept at most: about 270 million passages' worth of runs. Past it the cache starts again empty,
    /// which costs a search a few reads, never a wrong answer.
    static let capacity = 4_096

    private let maps = Mutex<[Int64: (version: Int64, map: PostingRun)]>([:])

    /// The map of `run` as of `version`, if kept.
    func map(run: Int64, version: Int64) -> PostingRun? {
        maps.withLock { maps in
            guard let kept = maps[run], kept.version == version else { return nil }
            return kept.map
        }
    }

    /// Keeps `map` as `run`'s at `version`.
    func keep(_ map: PostingRun, run: Int64, version: Int64) {
        maps.withLock { maps in
            if maps.count >= Self.capacity, maps[run] == nil { maps.removeAll() }
            maps[run] = (version, map)
        }
    }
}
