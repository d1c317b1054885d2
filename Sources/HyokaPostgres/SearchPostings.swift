/// Hyoka's own inverted index of passages in PostgreSQL, which gives a bounded search its newest matches
/// without reading every posting.
///
/// Why not the RUM or GIN index alone: to hand over its first row, RUM reads the whole posting list of an
/// entry (「外交」 at one year: 179,586 items, 114 ms before the first row, BENCHMARKS.md, issue 14), and GIN
/// collects every match before any is returned, to be checked again on the heap for the phrase (about
/// 17.6 µs a match). A bounded search wants the newest K matches and no more, and at ten years a common
/// word has two million.
///
/// How: passages are indexed in runs (`search_run`) of at most `runCapacity` passages, each saved batch
/// making runs of its own. A run holds, for each token of its passages, one row of `search_posting`: the
/// passages holding the token, with their positions and lengths (`PostingList`). A search reads the runs
/// newest first, a few at a time, only those holding every token of the query, intersects the lists in
/// Swift, checks the phrases on the positions and the filters on the run's ranges (`PostingRun`), and stops
/// when the newest K + 1 matches are known: the walk newest first that FTS5's doclists allow SQLite, in
/// rounds sized by the matches found so far (`PostingSearch.nextRound`).
///
/// The runs stay few: a batch is cut into runs of about the same size, and runs of fewer than `smallRun`
/// passages (a save of a few documents, as authoring publishes them) are merged into one once there are
/// `mergeWidth` of them (`PostingIndex.mergeSmallRuns`), which is no larger than `runCapacity`.
enum SearchPostings {
    /// The most passages in one run: bounds what a search decodes from one run of a common word (half the
    /// passages hold 「外交」: 32,768 postings).
    static let runCapacity = 65_536
    /// Runs of fewer passages are merged once there are `mergeWidth` of them.
    static let mergeWidth = 16
    static let smallRun = runCapacity / mergeWidth
    /// The passages of each run when the whole index is built again (`PostingIndex.rebuild`): about what a
    /// save of a thousand documents makes. A search decodes the ordinals of a dense word's list in the newest
    /// run whole to find its newest matches, so runs of `runCapacity` made it decode twice what it needs
    /// (BENCHMARKS.md, issue 14); smaller runs would make a rare word read more rows.
    static let rebuiltRun = runCapacity / 2

    /// The postings of passages to be saved, built before the transaction: the runs their passages fill,
    /// `runCapacity` at a time, in the order they are copied.
    struct Prepared: Sendable {
        struct Run: Sendable {
            var passages: Int
            /// One row of `search_posting` a token: how many passages hold it, and their encoded postings.
            var tokens: [(token: String, passages: Int, data: [UInt8])]
        }
        var runs: [Run]
        var passages: Int { runs.reduce(0) { $0 + $1.passages } }

        /// Postings of passages whose tokens are `passages`, in the order the passages take ids: as few runs
        /// as hold them, of about the same size (73,000 passages make two runs of 36,500, not one of 65,536
        /// and a small one left to merge).
        init(_ passages: [[String]]) async {
            let runCount = (passages.count + runCapacity - 1) / runCapacity
            let size = runCount > 0 ? (passages.count + runCount - 1) / runCount : 0
            let chunks = stride(from: 0, to: passages.count, by: max(1, size)).map { passages[$0..<min($0 + size, passages.count)] }
            runs = await withTaskGroup(of: (Int, Run).self) { group in
                for (index, chunk) in chunks.enumerated() {
                    group.addTask { (index, Self.run(chunk)) }
                }
                var built: [(Int, Run)] = []
                for await run in group { built.append(run) }
                return built.sorted { $0.0 < $1.0 }.map(\.1)
            }
        }

        /// The postings of one run's passages, each at its ordinal in `passages`.
        static func run(_ passages: ArraySlice<[String]>) -> Run {
            var builder = RunBuilder()
            for tokens in passages { builder.append(tokens) }
            return builder.run()
        }

        /// Postings of passages given one at a time, in the order they take ids, when their number is not known
        /// in advance (`PostgresWriter.save(feed:)`): a run is closed each time it holds `runCapacity` passages.
        struct Builder {
            private(set) var runs: [Run] = []
            private var current = RunBuilder()

            mutating func append(_ tokens: [String]) {
                current.append(tokens)
                if current.passages == runCapacity {
                    runs.append(current.run())
                    current = RunBuilder()
                }
            }

            /// The postings of every passage appended.
            func prepared() -> Prepared {
                Prepared(runs: current.passages > 0 ? runs + [current.run()] : runs)
            }
        }

        init(runs: [Run]) {
            self.runs = runs
        }
    }

    /// One run's postings, built passage by passage: each passage's ordinal is the number appended before it.
    struct RunBuilder {
        private var encoders: [String: PostingList.Encoder] = [:]
        private var positions: [String: [Int32]] = [:]
        private(set) var passages = 0

        mutating func append(_ tokens: [String]) {
            positions.removeAll(keepingCapacity: true)
            for (position, token) in tokens.enumerated() {
                positions[token, default: []].append(Int32(position))
            }
            for (token, at) in positions {
                encoders[token, default: PostingList.Encoder()].append(ordinal: passages, length: tokens.count, positions: at)
            }
            passages += 1
        }

        func run() -> Prepared.Run {
            Prepared.Run(passages: passages, tokens: encoders.map { ($0.key, $0.value.passages, $0.value.bytes) })
        }
    }

    /// A passage of a run that a search matched.
    struct Match: Equatable {
        var ordinal: Int32
        var length: Int32
        /// How often each phrase occurs in it, in the query's order.
        var frequencies: [Int]
    }

    /// What one run holds of a query.
    struct RunMatches: Equatable {
        /// Passages holding every phrase that the filters admit, by ascending ordinal.
        var matches: [Match]
        /// For each phrase, how many of the run's live passages hold it, whatever the filters (BM25's IDF
        /// counts over the whole store, as FTS5's does); nil when not counted (`countingPhrases`).
        var phraseCounts: [Int]?
    }

    /// Matches `phrases` in one run: `lists` has the run's postings of every token of the phrases, `live`
    /// holds the ordinals of stored passages, `admitted` those of them that the filters admit.
    ///
    /// A query of one phrase counts its passages as it matches them. Of several, `countingPhrases` asks for
    /// each phrase's count too, which means finding each phrase alone: a search asks it of its first runs
    /// only (`PostingSearch`), and elsewhere intersects the lists of every token first, so that positions
    /// are read for the passages holding them all, few where the phrases are rare together.
    ///
    /// `newest` keeps only the run's newest matches (the highest ordinals): a bounded search ranks no more
    /// than its limit and one. A phrase of one token then reads the payloads of those alone, and counts the
    /// rest from the ordinals.
    ///
    /// Throws `PostingList.Damaged` when a list disagrees with itself.
    static func match(_ phrases: [[String]], lists: [String: PostingList], live: OrdinalSet, admitted: OrdinalSet,
                      countingPhrases: Bool = true, newest: Int? = nil) throws -> RunMatches {
        if phrases.count == 1, phrases[0].count == 1 {
            guard let list = lists[phrases[0][0]] else { return RunMatches(matches: [], phraseCounts: [0]) }
            return try match(token: list, live: live, admitted: admitted, newest: newest)
        }
        if phrases.count == 1 {
            let found = try occurrences(of: phrases[0], in: lists, live: live)
            var admits = admitted.reader()
            let matches = found.filter { admits.contains($0.ordinal) }.map { Match(ordinal: $0.ordinal, length: $0.length, frequencies: [$0.frequency]) }
            return RunMatches(matches: newest.map { Array(matches.suffix($0)) } ?? matches, phraseCounts: [found.count])
        }
        let counts = countingPhrases ? try phrases.map { try occurrences(of: $0, in: lists, live: live).count } : nil
        let tokens = Array(Set(phrases.flatMap { $0 }))
        let tokenLists = tokens.compactMap { lists[$0] }
        guard tokenLists.count == tokens.count else { return RunMatches(matches: [], phraseCounts: counts) }
        let column = Dictionary(uniqueKeysWithValues: tokens.enumerated().map { ($1, $0) })
        // Each phrase's tokens as columns of the intersection, looked up once rather than for every passage.
        let phraseColumns = phrases.map { phrase in phrase.compactMap { column[$0] } }
        var matches: [Match] = []
        try intersect(tokenLists, within: admitted) { ordinal, cursors in
            var frequencies: [Int] = []
            for columns in phraseColumns {
                let frequency = Self.frequency(of: columns.map { cursors[$0].positionCursor() })
                guard frequency > 0 else { return }
                frequencies.append(frequency)
            }
            matches.append(Match(ordinal: ordinal, length: cursors[0].length(), frequencies: frequencies))
        }
        return RunMatches(matches: newest.map { Array(matches.suffix($0)) } ?? matches, phraseCounts: counts)
    }

    /// A query of one token: every live passage of its list holds it, so the count is read from the ordinals,
    /// and a payload (length and occurrences) only for the matches kept. Why: 「外交」 is in half the passages,
    /// and a bounded search keeps its newest 5,001 of a run's 16,000 or more.
    private static func match(token list: PostingList, live: OrdinalSet, admitted: OrdinalSet, newest: Int?) throws -> RunMatches {
        var lives = live.reader(), admits = admitted.reader()
        var count = 0
        var kept: [Int] = []
        for (index, ordinal) in list.ordinals.enumerated() where lives.contains(ordinal) {
            count += 1
            if admits.contains(ordinal) { kept.append(index) }
        }
        var cursor = PostingList.Cursor(list)
        var matches: [Match] = []
        for index in newest.map({ kept.suffix($0) }) ?? kept[...] {
            let ordinal = list.ordinals[index]
            _ = cursor.seek(ordinal)
            let occurrences = cursor.positionCursor().occurrences
            matches.append(Match(ordinal: ordinal, length: cursor.length(), frequencies: [occurrences]))
        }
        if cursor.damaged { throw PostingList.Damaged() }
        return RunMatches(matches: matches, phraseCounts: [count])
    }

    /// The live passages of a run holding `phrase` (its tokens at consecutive positions), with how often:
    /// each place where the first token stands and the rest follow, overlapping occurrences included, as
    /// FTS5 counts phrase instances.
    static func occurrences(of phrase: [String], in lists: [String: PostingList], live: OrdinalSet) throws -> [(ordinal: Int32, length: Int32, frequency: Int)] {
        let tokenLists = phrase.compactMap { lists[$0] }
        guard tokenLists.count == phrase.count else { return [] }
        var found: [(ordinal: Int32, length: Int32, frequency: Int)] = []
        try intersect(tokenLists, within: live) { ordinal, cursors in
            let frequency = Self.frequency(of: cursors.indices.map { cursors[$0].positionCursor() })
            if frequency > 0 { found.append((ordinal, cursors[0].length(), frequency)) }
        }
        return found
    }

    /// Calls `body` with each ordinal of `set` that every list holds, ascending, and the lists' cursors
    /// standing on it. The rarest list proposes an ordinal and the others are asked about it in order of
    /// length; any that holds only a later one proposes that instead. A long list is thus asked only about
    /// the ordinals proposed, galloping over its ordinals (`PostingList.Cursor`), and payloads are read only
    /// where every list agrees.
    private static func intersect(_ lists: [PostingList], within set: OrdinalSet, _ body: (Int32, inout [PostingList.Cursor]) -> Void) throws {
        var cursors = lists.map(PostingList.Cursor.init)
        let order = lists.indices.sorted { lists[$0].count < lists[$1].count }
        var members = set.reader()
        var target: Int32 = 0
        search: while let member = members.first(atOrAfter: target) {
            target = member
            var agreed = true
            for list in order {
                guard let ordinal = cursors[list].seek(target) else { break search }
                if ordinal > target {
                    target = ordinal
                    agreed = false
                    break
                }
            }
            guard agreed else { continue }
            body(target, &cursors)
            guard target < Int32.max else { break }
            target += 1
        }
        if cursors.contains(where: \.damaged) { throw PostingList.Damaged() }
    }

    /// How often a phrase occurs in one passage, given its tokens' positions there: the places p where
    /// token k stands at p + k for every k, found by leapfrogging the tokens' positions.
    private static func frequency(of tokens: [PostingList.PositionCursor]) -> Int {
        guard tokens.count > 1 else { return tokens.first?.occurrences ?? 0 }
        var cursors = tokens
        var frequency = 0
        var start: Int32 = 0
        while true {
            // The smallest start every token allows from `start` on.
            var agreed = true
            for k in cursors.indices {
                cursors[k].seek(start + Int32(k))
                guard let position = cursors[k].current else { return frequency }
                let candidate = position - Int32(k)
                if candidate > start { start = candidate; agreed = false; break }
            }
            if agreed {
                frequency += 1
                start += 1
            }
        }
    }
}

/// A set of a run's ordinals, as ascending spans: the passages a search may return.
struct OrdinalSet: Equatable {
    /// Ascending, disjoint half-open spans of ordinals.
    var spans: [Range<Int32>]

    /// Every ordinal below `count`.
    static func all(_ count: Int) -> OrdinalSet { OrdinalSet(spans: count > 0 ? [0..<Int32(count)] : []) }

    /// Reads membership of ascending ordinals with a cursor, in time linear in the spans and the ordinals asked.
    func reader() -> Reader { Reader(spans: spans) }

    struct Reader {
        let spans: [Range<Int32>]
        var index = 0

        /// Whether `ordinal` is in the set; ordinals must be asked in ascending order.
        mutating func contains(_ ordinal: Int32) -> Bool {
            while index < spans.count, spans[index].upperBound <= ordinal { index += 1 }
            return index < spans.count && spans[index].contains(ordinal)
        }

        /// The set's first ordinal at or after `ordinal`, nil when none is; ordinals must be asked in ascending order.
        mutating func first(atOrAfter ordinal: Int32) -> Int32? {
            while index < spans.count, spans[index].upperBound <= ordinal { index += 1 }
            return index < spans.count ? max(ordinal, spans[index].lowerBound) : nil
        }
    }
}
