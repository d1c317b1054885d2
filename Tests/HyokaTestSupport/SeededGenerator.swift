import HyokaSynthetic

/// A deterministic random generator, so that shuffles and generated inputs repeat and a failure can be
/// replayed from its seed: the corpus generator's SplitMix64 (`SyntheticRandom`), whose draws are promised
/// to stay the same for a seed, rather than a second copy of it.
public typealias SeededGenerator = SyntheticRandom
