/// One token's postings in one run of passages (`search_posting.data`, see `SearchPostings`): the passages
/// of the run that hold the token, in ascending order of their ordinal in the run, cut into blocks of
/// `blockSize` passages, with a table of the blocks first:
///
///     number of passages
///     each block: its last ordinal − the previous block's last ordinal − 1 (the first: its last ordinal),
///                 the bytes of its ordinals, the bytes of its payloads
///     ordinals:   each passage's ordinal − the previous passage's ordinal − 1 (the first: its ordinal)
///     payloads:   each passage's length in tokens, occurrences, first position, gaps between positions …
///
/// each an unsigned LEB128 varint (7 bits a byte, low bits first). Positions are indexes into the passage's
/// token array, as FTS5 counts them, so that a phrase is its tokens at consecutive positions.
///
/// Why blocks and a table: a search of two common phrases rare together (「行政サービス デジタル化」 at ten
/// years: nine tokens, 1.8 million postings) asks the longer lists only about the passages the rarest lists
/// agree on. A `Cursor` finds the block that may hold a passage from the table's last ordinals and decodes
/// that block's ordinals alone; a passage's payload is read only when its phrases are checked. The earlier
/// format, one passage after another, had to be read whole to find any ordinal (BENCHMARKS.md, issue 14).
///
/// Why the length is in every posting: BM25 needs each candidate's length, and a candidate is in every
/// list the query reads, so whichever list is read has it, without a visit to the passage's row.
///
/// Reading is checked: the table when the list is decoded, a block when a cursor first reads it. A list
/// that disagrees with itself is reported damaged (`Cursor.damaged`), never trusted.
struct PostingList: Equatable {
    /// Passages a block: small enough that asking a long list about one passage decodes little of it.
    static let blockSize = 32

    /// The encoded list.
    let bytes: [UInt8]
    /// How many passages hold the token.
    let count: Int
    /// Each block's last ordinal, ascending.
    private let blockLast: [Int32]
    /// Where each block's ordinals start in `bytes`, and one more: where the payloads start.
    private let ordinalStart: [Int32]
    /// Where each block's payloads start in `bytes`, and one more: the end.
    private let payloadStart: [Int32]

    var blocks: Int { blockLast.count }

    /// A list that disagrees with itself: a block whose ordinals or payloads do not fill it as its table says.
    struct Damaged: Error {}

    /// Reads `data`'s table of blocks; nil when it is not well formed (a value that runs past the end, blocks
    /// whose sizes do not add up to the bytes, an ordinal past `Int32`), which the caller reports as a damaged
    /// index rather than trusting. The blocks themselves are checked as they are read (`Cursor`).
    init?<Bytes: Collection<UInt8>>(decoding data: Bytes) {
        let bytes = Array(data)
        guard bytes.count <= Int(Int32.max) else { return nil }
        guard !bytes.isEmpty else {
            self.init(bytes: [], count: 0, blockLast: [], ordinalStart: [0], payloadStart: [0])
            return
        }
        let table = bytes.withUnsafeBufferPointer { buffer -> (count: Int, last: [Int32], ordinals: [Int32], payloads: [Int32])? in
            var offset = 0
            guard let count = Self.checkedVarint(buffer, &offset), count > 0 else { return nil }
            let blocks = (count + Self.blockSize - 1) / Self.blockSize
            guard blocks <= buffer.count else { return nil }
            var last: [Int32] = []
            var ordinalBytes: [Int] = []
            var payloadBytes: [Int] = []
            last.reserveCapacity(blocks)
            var previous = -1
            for _ in 0..<blocks {
                guard let gap = Self.checkedVarint(buffer, &offset), let ordinalSize = Self.checkedVarint(buffer, &offset),
                      let payloadSize = Self.checkedVarint(buffer, &offset) else { return nil }
                let ordinal = previous + 1 + gap
                guard ordinal <= Int(Int32.max), ordinalSize > 0, payloadSize > 0 else { return nil }
                last.append(Int32(ordinal))
                ordinalBytes.append(ordinalSize)
                payloadBytes.append(payloadSize)
                previous = ordinal
            }
            var ordinals: [Int32] = []
            var payloads: [Int32] = []
            ordinals.reserveCapacity(blocks + 1)
            payloads.reserveCapacity(blocks + 1)
            var start = offset
            for size in ordinalBytes {
                ordinals.append(Int32(start))
                start += size
                guard start <= buffer.count else { return nil }
            }
            ordinals.append(Int32(start))
            for size in payloadBytes {
                payloads.append(Int32(start))
                start += size
                guard start <= buffer.count else { return nil }
            }
            payloads.append(Int32(start))
            guard start == buffer.count else { return nil }
            return (count, last, ordinals, payloads)
        }
        guard let table else { return nil }
        self.init(bytes: bytes, count: table.count, blockLast: table.last, ordinalStart: table.ordinals, payloadStart: table.payloads)
    }

    private init(bytes: [UInt8], count: Int, blockLast: [Int32], ordinalStart: [Int32], payloadStart: [Int32]) {
        self.bytes = bytes
        self.count = count
        self.blockLast = blockLast
        self.ordinalStart = ordinalStart
        self.payloadStart = payloadStart
    }

    /// An empty list.
    init() {
        self.init(bytes: [], count: 0, blockLast: [], ordinalStart: [0], payloadStart: [0])
    }

    /// One passage of a list, decoded whole.
    struct Posting: Equatable {
        var ordinal: Int32
        var length: Int32
        var positions: [Int32]
    }

    /// Every passage of the list, decoded, for a merge of runs and for tests; nil when the list is damaged.
    func postings() -> [Posting]? {
        var cursor = Cursor(self)
        var postings: [Posting] = []
        postings.reserveCapacity(count)
        var next: Int32 = 0
        while let ordinal = cursor.seek(next) {
            var positions: [Int32] = []
            var reader = cursor.positionCursor()
            while let position = reader.current {
                positions.append(position)
                reader.advance()
            }
            postings.append(Posting(ordinal: ordinal, length: cursor.length(), positions: positions))
            guard ordinal < Int32.max else { break }
            next = ordinal + 1
        }
        return cursor.damaged || postings.count != count ? nil : postings
    }

    /// Reads a list forward: `seek` moves to the first passage at or after an ordinal, decoding only the
    /// blocks it stops in; the payload of the passage it stands on is read when asked.
    struct Cursor {
        let list: PostingList
        /// The block read, `list.blocks` once past the end.
        private var block = -1
        /// The block's ordinals.
        private var ordinals: [Int32] = []
        /// Where the block's passages' payloads start, as far as they were read: payloads are read only as
        /// far as the passages asked about, and only once.
        private var payloads: [Int32] = []
        /// Where the payload after the last in `payloads` starts.
        private var payloadsEnd = 0
        /// The passage the cursor stands on, in the block.
        private var slot = 0
        /// Whether a block disagreed with the table: the list is damaged, and the cursor stops.
        private(set) var damaged = false

        init(_ list: PostingList) {
            self.list = list
            ordinals.reserveCapacity(PostingList.blockSize)
            if list.blocks > 0 { load(0) } else { block = 0 }
        }

        /// The ordinal the cursor stands on, nil past the end.
        var current: Int32? { block < list.blocks ? ordinals[slot] : nil }

        /// Moves to the first passage whose ordinal is at least `target` (never back), and returns its
        /// ordinal; nil past the end, or when the list is damaged.
        mutating func seek(_ target: Int32) -> Int32? {
            guard block < list.blocks else { return nil }
            if ordinals[slot] >= target { return ordinals[slot] }
            if list.blockLast[block] < target {
                var next = block + 1
                while next < list.blocks, list.blockLast[next] < target { next += 1 }
                guard next < list.blocks else { block = list.blocks; return nil }
                load(next)
                guard block < list.blocks else { return nil }
            }
            // The block's last ordinal is at least `target`, so this stops within the block.
            while ordinals[slot] < target { slot += 1 }
            return ordinals[slot]
        }

        /// The length in tokens of the passage the cursor stands on.
        mutating func length() -> Int32 {
            guard let offset = payloadOffset() else { return 0 }
            return list.bytes.withUnsafeBufferPointer { buffer in
                var offset = offset
                return Int32(truncatingIfNeeded: PostingList.varint(buffer, &offset))
            }
        }

        /// The token's positions in the passage the cursor stands on; none when the list is damaged.
        mutating func positionCursor() -> PositionCursor {
            guard let offset = payloadOffset() else { return PositionCursor(bytes: list.bytes, offset: 0, remaining: 0) }
            return list.bytes.withUnsafeBufferPointer { buffer in
                var offset = offset
                _ = PostingList.varint(buffer, &offset)
                let occurrences = PostingList.varint(buffer, &offset)
                return PositionCursor(bytes: list.bytes, offset: offset, remaining: occurrences)
            }
        }

        /// Where the payload of the passage the cursor stands on starts, reading the block's payloads up to
        /// it; nil past the end or when they are damaged.
        private mutating func payloadOffset() -> Int? {
            guard block < list.blocks else { return nil }
            if slot >= payloads.count { readPayloads(through: slot) }
            return block < list.blocks ? Int(payloads[slot]) : nil
        }

        /// Decodes block `index`'s ordinals, checking them against the table.
        private mutating func load(_ index: Int) {
            block = index
            slot = 0
            ordinals.removeAll(keepingCapacity: true)
            payloads.removeAll(keepingCapacity: true)
            let passages = index == list.blocks - 1 ? list.count - index * PostingList.blockSize : PostingList.blockSize
            let start = Int(list.ordinalStart[index]), end = Int(list.ordinalStart[index + 1])
            var previous = index == 0 ? -1 : Int(list.blockLast[index - 1])
            let valid = list.bytes.withUnsafeBufferPointer { whole -> Bool in
                let buffer = UnsafeBufferPointer(rebasing: whole[..<end])
                var offset = start
                for _ in 0..<passages {
                    guard let gap = PostingList.checkedVarint(buffer, &offset) else { return false }
                    previous += 1 + gap
                    guard previous <= Int(Int32.max) else { return false }
                    ordinals.append(Int32(previous))
                }
                return offset == end && previous == Int(list.blockLast[index])
            }
            if !valid { stopDamaged() }
        }

        /// Finds where the block's payloads start up to passage `last` of the block, checking that they stay
        /// within the block's bytes, and that the block's payloads fill them once the last is read.
        private mutating func readPayloads(through last: Int) {
            let end = Int(list.payloadStart[block + 1])
            var offset = payloads.isEmpty ? Int(list.payloadStart[block]) : payloadsEnd
            var starts = payloads
            payloads = []
            let valid = list.bytes.withUnsafeBufferPointer { whole -> Bool in
                let buffer = UnsafeBufferPointer(rebasing: whole[..<end])
                while starts.count <= last {
                    starts.append(Int32(offset))
                    guard PostingList.checkedVarint(buffer, &offset) != nil, let occurrences = PostingList.checkedVarint(buffer, &offset),
                          occurrences > 0 else { return false }
                    // Skip the positions: one byte below 0x80 ends each varint.
                    var remaining = occurrences
                    while remaining > 0 {
                        guard offset < end else { return false }
                        if buffer[offset] < 0x80 { remaining -= 1 }
                        offset += 1
                    }
                }
                return starts.count < ordinals.count || offset == end
            }
            payloads = starts
            payloadsEnd = offset
            if !valid { stopDamaged() }
        }

        private mutating func stopDamaged() {
            damaged = true
            block = list.blocks
        }
    }

    /// Reads a passage's positions forward; `current` is nil once past the last.
    struct PositionCursor {
        let bytes: [UInt8]
        var offset: Int
        /// Positions not yet read.
        private(set) var remaining: Int
        private(set) var current: Int32?
        /// How many positions the passage has: how often the token occurs in it.
        let occurrences: Int

        init(bytes: [UInt8], offset: Int, remaining: Int) {
            self.bytes = bytes
            self.offset = offset
            self.remaining = remaining
            occurrences = remaining
            advance()
        }

        /// Moves to the next position.
        mutating func advance() {
            guard remaining > 0 else { current = nil; return }
            let step = bytes.withUnsafeBufferPointer { PostingList.varint($0, &offset) }
            remaining -= 1
            current = remaining == occurrences - 1 ? Int32(truncatingIfNeeded: step) : (current ?? 0) + 1 + Int32(truncatingIfNeeded: step)
        }

        /// Moves to the first position at or after `target`.
        mutating func seek(_ target: Int32) {
            while let position = current, position < target { advance() }
        }
    }

    /// A varint at `offset` of bytes already checked (a block's payloads, `Cursor.readPayloads`).
    fileprivate static func varint(_ buffer: UnsafeBufferPointer<UInt8>, _ offset: inout Int) -> Int {
        var value = 0
        var shift = 0
        while true {
            let byte = buffer[offset]
            offset += 1
            value |= Int(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// A varint at `offset`, nil past the end or above `Int32.max` (no count, ordinal, length or position is larger).
    fileprivate static func checkedVarint(_ buffer: UnsafeBufferPointer<UInt8>, _ offset: inout Int) -> Int? {
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
        private(set) var passages = 0
        private var previous = -1
        private var table: [UInt8] = []
        private var ordinals: [UInt8] = []
        private var payloads: [UInt8] = []
        private var blockLast = -1
        private var blockOrdinals = 0
        private var blockPayloads = 0

        /// The list's bytes: the table of blocks, then the ordinals, then the payloads.
        var bytes: [UInt8] {
            guard passages > 0 else { return [] }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(table.count + ordinals.count + payloads.count + 24)
            Varint.append(UInt64(passages), to: &bytes)
            bytes.append(contentsOf: table)
            if passages % PostingList.blockSize != 0 { Self.appendEntry(last: previous, after: blockLast, ordinals: ordinals.count - blockOrdinals, payloads: payloads.count - blockPayloads, to: &bytes) }
            bytes.append(contentsOf: ordinals)
            bytes.append(contentsOf: payloads)
            return bytes
        }

        /// Adds the passage with `ordinal` (greater than any added before), `length` tokens long, holding the
        /// token at `positions` (ascending, not empty).
        mutating func append(ordinal: Int, length: Int, positions: some Sequence<Int32>) {
            precondition(ordinal > previous, "postings are added in ascending ordinal")
            var iterator = positions.makeIterator()
            guard let first = iterator.next() else { preconditionFailure("a posting has at least one position") }
            var rest: [Int32] = []
            while let next = iterator.next() { rest.append(next) }
            Varint.append(UInt64(ordinal - previous - 1), to: &ordinals)
            Varint.append(UInt64(length), to: &payloads)
            Varint.append(UInt64(rest.count + 1), to: &payloads)
            Varint.append(UInt64(first), to: &payloads)
            var last = first
            for position in rest {
                Varint.append(UInt64(position - last - 1), to: &payloads)
                last = position
            }
            previous = ordinal
            passages += 1
            if passages % PostingList.blockSize == 0 {
                Self.appendEntry(last: ordinal, after: blockLast, ordinals: ordinals.count - blockOrdinals, payloads: payloads.count - blockPayloads, to: &table)
                blockLast = ordinal
                blockOrdinals = ordinals.count
                blockPayloads = payloads.count
            }
        }

        private static func appendEntry(last: Int, after previousLast: Int, ordinals: Int, payloads: Int, to bytes: inout [UInt8]) {
            Varint.append(UInt64(last - previousLast - 1), to: &bytes)
            Varint.append(UInt64(ordinals), to: &bytes)
            Varint.append(UInt64(payloads), to: &bytes)
        }
    }

    /// The encoded form of this list, written again from what it reads; nil when it is damaged.
    func encoded() -> [UInt8]? {
        guard let postings = postings() else { return nil }
        var encoder = Encoder()
        for posting in postings {
            encoder.append(ordinal: Int(posting.ordinal), length: Int(posting.length), positions: posting.positions)
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
