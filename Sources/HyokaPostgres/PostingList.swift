/// One token's postings in one run of passages (`search_posting.data`, see `SearchPostings`): for each passage
/// of the run that holds the token, in ascending order of its ordinal in the run,
///
///     ordinal − previous ordinal − 1, length of the passage in tokens, occurrences, first position, gaps between positions …
///
/// each an unsigned LEB128 varint (7 bits a byte, low bits first). Positions are indexes into the passage's
/// token array, as FTS5 counts them, so that a phrase is its tokens at consecutive positions.
///
/// Why the length is in every posting: BM25 needs each candidate's length, and a candidate is in every
/// list the query reads, so whichever list is read first has it, without a visit to the passage's row.
///
/// Why read in two steps: a search of two common phrases rare together (「行政サービス デジタル化」 at ten
/// years: 1.8 million postings over nine tokens) intersects every list but reads the positions of few
/// passages. Decoding ordinals only, and a passage's length and positions when asked, made it several
/// times faster than decoding every position (BENCHMARKS.md, issue 14).
struct PostingList: Equatable {
    /// The encoded list.
    private(set) var bytes: [UInt8] = []
    /// Ordinals of the passages in the run, ascending.
    private(set) var ordinals: [Int32] = []
    /// Where each passage's length starts in `bytes` (after its ordinal gap).
    private var entries: [Int32] = []

    var count: Int { ordinals.count }

    /// The `index`th passage's length in tokens.
    func length(at index: Int) -> Int32 {
        var offset = Int(entries[index])
        return Int32(truncatingIfNeeded: Self.varint(bytes, &offset))
    }

    /// How often the token occurs in the `index`th passage.
    func occurrences(at index: Int) -> Int {
        var offset = Int(entries[index])
        _ = Self.varint(bytes, &offset)
        return Self.varint(bytes, &offset)
    }

    /// The positions of the token in the `index`th passage of the list, ascending.
    func positions(at index: Int) -> [Int32] {
        var offset = Int(entries[index])
        _ = Self.varint(bytes, &offset)
        let occurrences = Self.varint(bytes, &offset)
        var positions: [Int32] = []
        positions.reserveCapacity(occurrences)
        var position = -1
        for index in 0..<occurrences {
            let step = Self.varint(bytes, &offset)
            position = index == 0 ? step : position + 1 + step
            positions.append(Int32(truncatingIfNeeded: position))
        }
        return positions
    }

    /// The positions of the token in the `index`th passage, read one at a time: no array is made, which
    /// matters where a phrase of nine tokens is checked in thousands of passages.
    func positionCursor(at index: Int) -> PositionCursor {
        var offset = Int(entries[index])
        _ = Self.varint(bytes, &offset)
        let occurrences = Self.varint(bytes, &offset)
        return PositionCursor(list: self, offset: offset, remaining: occurrences)
    }

    /// Reads positions forward; `current` is nil once past the last.
    struct PositionCursor {
        let list: PostingList
        var offset: Int
        var remaining: Int
        private(set) var current: Int32?
        private var started = false

        init(list: PostingList, offset: Int, remaining: Int) {
            self.list = list
            self.offset = offset
            self.remaining = remaining
            advance()
        }

        /// Moves to the next position.
        mutating func advance() {
            guard remaining > 0 else { current = nil; return }
            let step = PostingList.varint(list.bytes, &offset)
            remaining -= 1
            current = started ? (current ?? 0) + 1 + Int32(truncatingIfNeeded: step) : Int32(truncatingIfNeeded: step)
            started = true
        }

        /// Moves to the first position at or after `target`.
        mutating func seek(_ target: Int32) {
            while let position = current, position < target { advance() }
        }
    }

    /// Reads `data`, checking its structure and decoding its ordinals; nil when it is not a well-formed list
    /// (a value that runs past the end, a passage without an occurrence, an ordinal past `Int32`), which the
    /// caller reports as a damaged index rather than trusting.
    init?<Bytes: Collection<UInt8>>(decoding data: Bytes) {
        bytes = Array(data)
        var ordinals: [Int32] = []
        var entries: [Int32] = []
        let valid = bytes.withUnsafeBufferPointer { buffer -> Bool in
            let end = buffer.count
            guard end <= Int(Int32.max) else { return false }
            var offset = 0
            var previous = -1
            while offset < end {
                guard let gap = Self.checkedVarint(buffer, &offset) else { return false }
                let entry = offset
                guard Self.checkedVarint(buffer, &offset) != nil, let occurrences = Self.checkedVarint(buffer, &offset), occurrences > 0 else { return false }
                // Skip the positions: one byte below 0x80 ends each varint.
                var remaining = occurrences
                while remaining > 0 {
                    guard offset < end else { return false }
                    if buffer[offset] < 0x80 { remaining -= 1 }
                    offset += 1
                }
                let ordinal = previous + 1 + gap
                guard ordinal <= Int(Int32.max) else { return false }
                ordinals.append(Int32(ordinal))
                entries.append(Int32(entry))
                previous = ordinal
            }
            return true
        }
        guard valid else { return nil }
        self.ordinals = ordinals
        self.entries = entries
    }

    init() {}

    /// A varint at `offset` of a list already checked (`init(decoding:)`).
    fileprivate static func varint(_ bytes: [UInt8], _ offset: inout Int) -> Int {
        var value = 0
        var shift = 0
        while true {
            let byte = bytes[offset]
            offset += 1
            value |= Int(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// A varint at `offset`, nil past the end or above `Int32.max` (no ordinal, length or position is larger).
    private static func checkedVarint(_ buffer: UnsafeBufferPointer<UInt8>, _ offset: inout Int) -> Int? {
        var value = 0
        var shift = 0
        while offset < buffer.count, shift <= 28 {
            let byte = buffer[offset]
            offset += 1
            value |= Int(byte & 0x7F) << shift
            if byte < 0x80 { return value <= Int(Int32.max) ? value : nil }
            shift += 7
        }
        return nil
    }

    /// Encodes postings one passage after another, in ascending ordinal.
    struct Encoder {
        private(set) var bytes: [UInt8] = []
        private(set) var passages = 0
        private var previous = -1

        /// Adds the passage with `ordinal` (greater than any added before), `length` tokens long, holding the
        /// token at `positions` (ascending, not empty).
        mutating func append(ordinal: Int, length: Int, positions: some Sequence<Int32>) {
            precondition(ordinal > previous, "postings are added in ascending ordinal")
            var iterator = positions.makeIterator()
            guard let first = iterator.next() else { preconditionFailure("a posting has at least one position") }
            var rest: [Int32] = []
            while let next = iterator.next() { rest.append(next) }
            Varint.append(UInt64(ordinal - previous - 1), to: &bytes)
            Varint.append(UInt64(length), to: &bytes)
            Varint.append(UInt64(rest.count + 1), to: &bytes)
            Varint.append(UInt64(first), to: &bytes)
            var last = first
            for position in rest {
                Varint.append(UInt64(position - last - 1), to: &bytes)
                last = position
            }
            previous = ordinal
            passages += 1
        }
    }

    /// The encoded form of this list, written again from what it reads.
    func encoded() -> [UInt8] {
        var encoder = Encoder()
        for index in 0..<count {
            encoder.append(ordinal: Int(ordinals[index]), length: Int(length(at: index)), positions: positions(at: index))
        }
        return encoder.bytes
    }
}

/// Unsigned LEB128: seven bits a byte, low bits first, the high bit set on every byte but the last.
enum Varint {
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Zigzag: small signed numbers as small unsigned ones (0, −1, 1, −2 … as 0, 1, 2, 3 …).
    static func append(signed value: Int64, to bytes: inout [UInt8]) {
        append(UInt64(bitPattern: (value << 1) ^ (value >> 63)), to: &bytes)
    }
}

/// Reads varints (`Varint`) from bytes, returning nil past the end or on a value too large for an `Int`.
struct VarintReader<Bytes: Collection<UInt8>> where Bytes.Index == Int {
    private let bytes: Bytes
    private var index: Int

    init(_ bytes: Bytes) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    var isAtEnd: Bool { index >= bytes.endIndex }

    mutating func next() -> Int? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.endIndex, shift < 63 {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value <= UInt64(Int.max) ? Int(value) : nil }
            shift += 7
        }
        return nil
    }

    mutating func nextSigned() -> Int? {
        guard let raw = next() else { return nil }
        let value = UInt64(raw)
        return Int(Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1))))
    }

    /// `count` bytes as UTF-8 text.
    mutating func text(count: Int) -> String? {
        guard count >= 0, index + count <= bytes.endIndex else { return nil }
        defer { index += count }
        return String(decoding: bytes[index..<(index + count)], as: UTF8.self)
    }
}
