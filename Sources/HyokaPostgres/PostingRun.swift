/// The passages of one run of the posting index (`search_run`, see `SearchPostings`): which passage each
/// ordinal of the run is, and what a search filters on, of the document each belongs to.
///
/// A run's passages are numbered 0, 1, 2 … (their ordinals), which the postings name; the run maps them to
/// passage ids by ranges, each a span of consecutive ids of one document: ordinals first … first + count − 1
/// of the run are ids `firstID` … `firstID` + count − 1 of the range, range after range.
///
/// Why ranges and not a list of ids: a document's passages are copied together and take consecutive ids,
/// so a run of 65,536 passages from a thousand documents is a thousand ranges, a few kilobytes, read by
/// every search that reaches the run.
struct PostingRun: Equatable, Sendable {
    /// A span of consecutive passage ids of one document.
    struct IDSpan: Equatable, Sendable {
        var firstID: Int64
        var count: Int
        /// Indexes into `strings`: the document's kind, and its ministry (nil: none).
        var kind: Int
        var ministry: Int?
        /// The year the document was published (the first four characters of `published`), nil when unknown.
        var year: Int?
        /// The document was deleted or replaced: its passages no longer match.
        var deleted = false
    }

    /// Kinds and ministries, each once.
    var strings: [String] = []
    var ranges: [IDSpan] = []

    var passages: Int { ranges.reduce(0) { $0 + $1.count } }

    /// The index of `string` in `strings`, added when new.
    mutating func intern(_ string: String) -> Int {
        if let index = strings.firstIndex(of: string) { return index }
        strings.append(string)
        return strings.count - 1
    }

    /// Adds `count` passages of one document, the first with `firstID`, continuing the last range where the
    /// ids and the document's attributes continue it.
    mutating func append(firstID: Int64, count: Int, kind: String, ministry: String?, year: Int?) {
        let range = IDSpan(firstID: firstID, count: count, kind: intern(kind), ministry: ministry.map { intern($0) }, year: year)
        ranges.append(range)
    }

    /// Adds one passage, the run's next ordinal: it lengthens the last range where it is the next id of the
    /// same document (`sameDocument`), and starts a range otherwise.
    mutating func append(id: Int64, sameDocument: Bool, kind: String, ministry: String?, year: Int?) {
        if sameDocument, let last = ranges.last, last.firstID + Int64(last.count) == id {
            ranges[ranges.count - 1].count += 1
        } else {
            append(firstID: id, count: 1, kind: kind, ministry: ministry, year: year)
        }
    }

    /// The ordinals of the run's stored passages (`live`), and of those whose document passes the filters
    /// (`admitted`): a deleted document's passages are in neither.
    func ordinals(kind: String?, ministry: String?, year: Int?) -> (live: OrdinalSet, admitted: OrdinalSet) {
        let kindIndex = kind.map { strings.firstIndex(of: $0) ?? -1 }
        let ministryIndex = ministry.map { strings.firstIndex(of: $0) ?? -1 }
        var live = OrdinalSet(spans: []), admitted = OrdinalSet(spans: [])
        var start: Int32 = 0
        func add(_ span: Range<Int32>, to set: inout OrdinalSet) {
            if let last = set.spans.last, last.upperBound == span.lowerBound {
                set.spans[set.spans.count - 1] = last.lowerBound..<span.upperBound
            } else {
                set.spans.append(span)
            }
        }
        for range in ranges {
            let span = start..<(start + Int32(range.count))
            start = span.upperBound
            guard !range.deleted, !span.isEmpty else { continue }
            add(span, to: &live)
            if (kindIndex.map { $0 == range.kind } ?? true) && (ministryIndex.map { $0 == range.ministry } ?? true)
                && (year.map { $0 == range.year } ?? true) {
                add(span, to: &admitted)
            }
        }
        return (live, admitted)
    }

    /// The passage id of each ordinal, ascending ordinals.
    func ids() -> [Int64] {
        var ids: [Int64] = []
        ids.reserveCapacity(passages)
        for range in ranges {
            ids.append(contentsOf: (0..<Int64(range.count)).map { range.firstID + $0 })
        }
        return ids
    }

    /// Maps ascending ordinals to passage ids with a cursor over the ranges.
    struct IDReader {
        let ranges: [IDSpan]
        var index = 0
        var start = 0

        /// The id of `ordinal`, which is no smaller than the last asked and below the run's passage count.
        mutating func id(of ordinal: Int32) -> Int64 {
            let ordinal = Int(ordinal)
            while index < ranges.count - 1, start + ranges[index].count <= ordinal {
                start += ranges[index].count
                index += 1
            }
            return ranges[index].firstID + Int64(ordinal - start)
        }
    }

    func idReader() -> IDReader { IDReader(ranges: ranges) }

    /// Marks deleted the ranges whose ids lie within `deleted` (a deleted document's first and last passage
    /// id). Returns whether any was marked.
    mutating func markDeleted(_ deleted: ClosedRange<Int64>) -> Bool {
        var changed = false
        for index in ranges.indices where !ranges[index].deleted {
            let first = ranges[index].firstID
            if deleted.contains(first) && deleted.contains(first + Int64(ranges[index].count) - 1) {
                ranges[index].deleted = true
                changed = true
            }
        }
        return changed
    }

    // MARK: - Encoding (`search_run.passages_map`)

    /// Strings (count, then each as its UTF-8 length and bytes); ranges (count, then each as the signed gap from
    /// the end of the previous range to its first id, its count, kind, ministry + 1 (0: none), year (0: none)
    /// and flags (1: deleted)); all varints.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        Varint.append(UInt64(strings.count), to: &bytes)
        for string in strings {
            let utf8 = Array(string.utf8)
            Varint.append(UInt64(utf8.count), to: &bytes)
            bytes += utf8
        }
        Varint.append(UInt64(ranges.count), to: &bytes)
        var next: Int64 = 0
        for range in ranges {
            Varint.append(signed: range.firstID - next, to: &bytes)
            Varint.append(UInt64(range.count), to: &bytes)
            Varint.append(UInt64(range.kind), to: &bytes)
            Varint.append(UInt64(range.ministry.map { $0 + 1 } ?? 0), to: &bytes)
            Varint.append(UInt64(range.year ?? 0), to: &bytes)
            Varint.append(range.deleted ? 1 : 0, to: &bytes)
            next = range.firstID + Int64(range.count)
        }
        return bytes
    }

    init() {}

    /// Decodes `data`; nil when it is not well formed.
    init?<Bytes: Collection<UInt8>>(decoding data: Bytes) where Bytes.Index == Int {
        var reader = VarintReader(data)
        guard let stringCount = reader.next() else { return nil }
        for _ in 0..<stringCount {
            guard let length = reader.next(), let string = reader.text(count: length) else { return nil }
            strings.append(string)
        }
        guard let rangeCount = reader.next() else { return nil }
        var next: Int64 = 0
        for _ in 0..<rangeCount {
            guard let gap = reader.nextSigned(), let count = reader.next(), let kind = reader.next(), kind < strings.count,
                  let ministry = reader.next(), ministry <= strings.count, let year = reader.next(), let flags = reader.next() else { return nil }
            let first = next + Int64(gap)
            ranges.append(IDSpan(firstID: first, count: count, kind: kind, ministry: ministry == 0 ? nil : ministry - 1,
                                year: year == 0 ? nil : year, deleted: flags & 1 != 0))
            next = first + Int64(count)
        }
        guard reader.isAtEnd else { return nil }
    }
}
