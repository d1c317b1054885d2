import Foundation
import HyokaModel
import HyokaTestSupport
import Testing
@testable import HyokaPostgres
@testable import HyokaStore

/// The posting index's pieces, without a server: its encodings read back what was written, refuse what is
/// damaged, and the matching of phrases on positions finds what a plain scan of the tokens finds.
@Suite("Search postings: encoding and matching")
struct SearchPostingsTests {
    /// Passages of tokens drawn from a few, so that phrases recur, overlap and miss.
    static func passages(_ count: Int, seed: UInt64) -> [[String]] {
        var random = SeededGenerator(seed: seed)
        let alphabet = ["外交", "交政", "政策", "政", "行政", "ODA"]
        return (0..<count).map { _ in (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! } }
    }

    /// How often `phrase` occurs in `tokens`, overlapping occurrences included: the definition the index must meet.
    static func frequency(of phrase: [String], in tokens: [String]) -> Int {
        guard tokens.count >= phrase.count else { return 0 }
        return (0...(tokens.count - phrase.count)).filter { Array(tokens[$0..<($0 + phrase.count)]) == phrase }.count
    }

    static func lists(of run: SearchPostings.Prepared.Run) throws -> [String: PostingList] {
        var lists: [String: PostingList] = [:]
        for row in run.tokens { lists[row.token] = try #require(PostingList(decoding: row.data)) }
        return lists
    }

    @Test("A posting list reads back its ordinals, lengths and positions; large values take several bytes", arguments: [1, 2, 3] as [UInt64])
    func postingListRoundTrip(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        var encoder = PostingList.Encoder()
        var expected: [(ordinal: Int32, length: Int32, positions: [Int32])] = []
        var ordinal = -1
        for _ in 0..<200 {
            ordinal += Int.random(in: 1...(Bool.random(using: &random) ? 3 : 100_000), using: &random)
            let length = Int.random(in: 1...5_000, using: &random)
            var positions: [Int32] = []
            var position = Int32(-1)
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                position += Int32.random(in: 1...300, using: &random)
                positions.append(position)
            }
            encoder.append(ordinal: ordinal, length: length, positions: positions)
            expected.append((Int32(ordinal), Int32(length), positions))
        }
        #expect(encoder.passages == 200)
        let decoded = try #require(PostingList(decoding: encoder.bytes))
        #expect(decoded.count == 200 && decoded.blocks == (200 + PostingList.blockSize - 1) / PostingList.blockSize)
        let postings = try #require(decoded.postings())
        #expect(postings.map(\.ordinal) == expected.map(\.ordinal))
        #expect(postings.map(\.length) == expected.map(\.length))
        #expect(postings.map(\.positions) == expected.map(\.positions))
        #expect(decoded.encoded() == encoder.bytes, "encoding what was decoded gives the same bytes")

        // Seeking forward to targets, some between postings and some past several blocks, stands on the
        // first posting at or after each, as a scan of the list finds it.
        var cursor = PostingList.Cursor(decoded)
        var target: Int32 = 0
        while target <= expected.last!.ordinal + 10 {
            let scanned = expected.first { $0.ordinal >= target }
            #expect(cursor.seek(target) == scanned?.ordinal, "seek \(target)")
            if let scanned {
                #expect(cursor.length() == scanned.length)
                var reader = cursor.positionCursor()
                #expect(reader.occurrences == scanned.positions.count)
                reader.seek(scanned.positions.last!)
                #expect(reader.current == scanned.positions.last)
            }
            target += Int32.random(in: 1...(Bool.random(using: &random) ? 50 : 3_000_000), using: &random)
        }
        #expect(cursor.seek(.max) == nil && !cursor.damaged)
    }

    @Test("A list whose ordinals disagree with their table is refused; a damaged payload is found when it is read")
    func damagedBlocks() throws {
        // One passage: a table of one block (last ordinal 3, one byte of ordinals, three of payload), then the block.
        let wellFormed: [UInt8] = [1, 3, 1, 3, 3, 4, 1, 0]
        #expect(PostingList(decoding: wellFormed)?.postings() == [PostingList.Posting(ordinal: 3, length: 4, positions: [0])])
        #expect(PostingList(decoding: [1, 3, 1, 3, 5, 4, 1, 0] as [UInt8]) == nil, "a block ending at another ordinal than its table says")
        let noOccurrence: [UInt8] = [1, 3, 1, 3, 3, 4, 0, 0]
        let badPayload = try #require(PostingList(decoding: noOccurrence), "the table and ordinals alone are well formed")
        #expect(badPayload.postings() == nil, "a passage without an occurrence")
        var cursor = PostingList.Cursor(badPayload)
        #expect(cursor.seek(0) == 3 && !cursor.damaged)
        #expect(cursor.length() == 0 && cursor.damaged && cursor.seek(0) == nil, "a cursor stops at a damaged payload and says so")
        #expect(throws: PostingList.Damaged.self) {
            _ = try SearchPostings.match([["外交"]], lists: ["外交": badPayload], live: .all(10), admitted: .all(10))
        }
    }

    @Test("A damaged posting list is refused, not read as postings")
    func damagedPostingList() throws {
        var encoder = PostingList.Encoder()
        encoder.append(ordinal: 3, length: 10, positions: [2, 5])
        encoder.append(ordinal: 200, length: 10, positions: [0])
        #expect(PostingList(decoding: encoder.bytes.dropLast()) == nil, "cut short")
        #expect(PostingList(decoding: encoder.bytes + [0x80]) == nil, "a varint that never ends")
        #expect(PostingList(decoding: [1, 3, 1, 3, 3, 4, 1]) == nil, "blocks larger than the bytes")
        #expect(PostingList(decoding: [1, 3, 0, 3, 3, 4, 1, 0]) == nil, "a block without ordinals")
        #expect(PostingList(decoding: [UInt8]())?.count == 0, "an empty list is well formed")
    }

    @Test("A run's passage map reads back its ranges; ids, filters and deletions follow the ranges")
    func passageMap() throws {
        var map = PostingRun()
        map.append(firstID: 1_000, count: 3, kind: "evaluation", ministry: "外務省", year: 2024)
        map.append(firstID: 1_003, count: 2, kind: "bluebook", ministry: nil, year: nil)
        map.append(firstID: 900, count: 1, kind: "evaluation", ministry: "総務省", year: 2023)
        let decoded = try #require(PostingRun(decoding: map.encoded()))
        #expect(decoded == map)
        #expect(decoded.strings == ["evaluation", "外務省", "bluebook", "総務省"], "each string once")
        #expect(decoded.ids() == [1_000, 1_001, 1_002, 1_003, 1_004, 900])
        var reader = decoded.idReader()
        #expect([0, 2, 3, 5].map { reader.id(of: $0) } == [1_000, 1_002, 1_003, 900])

        let all = decoded.ordinals(kind: nil, ministry: nil, year: nil)
        #expect(all.live.spans == [0..<6] && all.admitted.spans == [0..<6])
        #expect(decoded.ordinals(kind: "evaluation", ministry: nil, year: nil).admitted.spans == [0..<3, 5..<6])
        #expect(decoded.ordinals(kind: nil, ministry: "外務省", year: 2024).admitted.spans == [0..<3])
        #expect(decoded.ordinals(kind: nil, ministry: "文部科学省", year: nil).admitted.spans.isEmpty, "a ministry the run never saw")

        var deleted = decoded
        let marked = deleted.markDeleted(1_003...1_004)
        let markedNothing = deleted.markDeleted(5_000...5_001)
        #expect(marked)
        #expect(!markedNothing, "nothing there")
        let afterDeletion = try #require(PostingRun(decoding: deleted.encoded()))
        #expect(afterDeletion.ordinals(kind: nil, ministry: nil, year: nil).live.spans == [0..<3, 5..<6])
        #expect(PostingRun(decoding: map.encoded().dropLast()) == nil, "cut short")
        #expect(PostingRun(decoding: map.encoded() + [0]) == nil, "bytes after the end")
    }

    @Test("Matching on positions finds every passage holding every phrase, with each phrase's frequency, as a scan of the tokens does",
          arguments: [11, 12, 13, 14] as [UInt64])
    func matchesLikeAScan(seed: UInt64) throws {
        let passages = Self.passages(300, seed: seed)
        let run = SearchPostings.Prepared.run(passages[...])
        let lists = try Self.lists(of: run)
        #expect(run.passages == passages.count)
        // Live: every passage but those of a deleted stretch; admitted: of those, the first half.
        let live = OrdinalSet(spans: [0..<100, 120..<300])
        let admitted = OrdinalSet(spans: [0..<100, 120..<150])
        for phrases in [[["外交"]], [["外交", "交政", "政策"]], [["政", "政"]], [["行政"], ["ODA", "外交"]], [["政策"], ["存在しない"]]] {
            let found = try SearchPostings.match(phrases, lists: lists, live: live, admitted: admitted)
            var expected: [SearchPostings.Match] = []
            for (ordinal, tokens) in passages.enumerated() {
                let frequencies = phrases.map { Self.frequency(of: $0, in: tokens) }
                let ordinal = Int32(ordinal)
                guard frequencies.allSatisfy({ $0 > 0 }), admitted.spans.contains(where: { $0.contains(ordinal) }) else { continue }
                expected.append(SearchPostings.Match(ordinal: ordinal, length: Int32(tokens.count), frequencies: frequencies))
            }
            #expect(found.matches == expected, "\(phrases)")
            let counts = phrases.map { phrase in
                passages.indices.filter { ordinal in live.spans.contains { $0.contains(Int32(ordinal)) } && Self.frequency(of: phrase, in: passages[ordinal]) > 0 }.count
            }
            #expect(found.phraseCounts == counts, "each phrase counted among the live passages, whatever the filters: \(phrases)")
            let uncounted = try SearchPostings.match(phrases, lists: lists, live: live, admitted: admitted, countingPhrases: false)
            #expect(uncounted.matches == expected, "the same matches without counting each phrase: \(phrases)")
            #expect(uncounted.phraseCounts == (phrases.count == 1 ? counts : nil), "one phrase is counted as it is matched")
            let newest = try SearchPostings.match(phrases, lists: lists, live: live, admitted: admitted, newest: 3)
            #expect(newest.matches == Array(expected.suffix(3)), "the newest three: \(phrases)")
            #expect(newest.phraseCounts == counts, "counted whatever is kept: \(phrases)")
        }
    }

    @Test("A search's next round reads as many runs as the matches so far say it needs, and a tenth more")
    func roundsSizedByMatches() {
        let runs = ArraySlice(repeatElement(36_000, count: 147))
        // 100 matches in 36,000 passages, 5,001 wanted: 49 more runs, and a tenth more.
        #expect(PostingSearch.nextRound(after: 1, limit: 5_000, found: 100, passagesRead: 36_000, unread: runs) == 54)
        #expect(PostingSearch.nextRound(after: 1, limit: 5_000, found: 100, passagesRead: 36_000, unread: runs.prefix(20)) == 20, "no more than are left")
        #expect(PostingSearch.nextRound(after: 40, limit: 5_000, found: 4_990, passagesRead: 1_476_000, unread: runs) == 1, "after a large round, only what is still wanted")
        // A small first run of 2,000 passages with 1,000 matches: one large run holds the rest.
        #expect(PostingSearch.nextRound(after: 1, limit: 5_000, found: 1_000, passagesRead: 2_000, unread: runs) == 2, "sized by passages, not runs; two after the first")
        #expect(PostingSearch.nextRound(after: 2, limit: 5_000, found: 0, passagesRead: 36_000, unread: runs) == 8, "nothing found yet: four times the last")
        #expect(PostingSearch.nextRound(after: 1, limit: nil, found: 10, passagesRead: 36_000, unread: runs) == 147, "no limit: the rest")
        #expect(PostingSearch.nextRound(after: 1, limit: 5_000, found: 10, passagesRead: 36_000, unread: []) == 0)
    }

    @Test("The best of the matches are chosen as a full sort would put them, ties and all")
    func bestWithoutSortingAll() {
        var random = SeededGenerator(seed: 11)
        let precedes: ((id: Int64, score: Double), (id: Int64, score: Double)) -> Bool = {
            $0.score != $1.score ? $0.score > $1.score : $0.id > $1.id
        }
        for size in [0, 1, 7, 50, 400, 5_001] {
            // Scores from few values, so that many tie and the ids decide.
            let scored = (0..<size).map { (id: Int64($0), score: Double(Int.random(in: 0..<20, using: &random)) / 4) }.shuffled(using: &random)
            let sorted = scored.sorted(by: precedes)
            for count in [0, 1, 20, 50, 600, size, size + 5] {
                let best = PostingSearch.first(count, of: scored, by: precedes)
                #expect(best.map(\.id) == sorted.prefix(count).map(\.id), "\(count) of \(size)")
            }
        }
    }

    @Test("A batch fills as few runs as hold it, of about the same size, in order")
    func runsOfABatch() async throws {
        let passages = Self.passages(SearchPostings.runCapacity + 10, seed: 5)
        let prepared = await SearchPostings.Prepared(passages)
        let half = (SearchPostings.runCapacity + 10) / 2
        #expect(prepared.runs.map(\.passages) == [half, half], "two runs, none small enough to be merged")
        let last = try Self.lists(of: prepared.runs[1])
        let expected = SearchPostings.Prepared.run(passages[half...])
        #expect(try Self.lists(of: expected) == last, "the second run numbers its passages from 0")
        #expect(await SearchPostings.Prepared(Array(passages.prefix(SearchPostings.runCapacity))).runs.map(\.passages) == [SearchPostings.runCapacity])
        #expect(await SearchPostings.Prepared([]).runs.isEmpty)
    }
}
