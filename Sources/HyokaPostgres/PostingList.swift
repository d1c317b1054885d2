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
/// Why the ordinals apart from the payloads: a search intersects the ordinals of every list it reads, but
/// reads positions only for passages holding every token. Decoding the ordinals is then one tight pass over
/// about a byte a passage; positions are skipped without being read, and a passage's payload is found from
/// its block's start (`Cursor`). In the earlier format, one passage after another, every position had to be
/// stepped over to find the next ordinal (「行政サービス デジタル化」 at ten years: nine lists, 1.8 million
/// postings, 7.8 MB; BENCHMARKS.md, issue 14).
///
/// Why the length is in every posting: BM25 needs each candidate's length, and a candidate is in every
/// list the query reads, so whichever list is read has it, without a visit to the passage's row.
///
/// Reading is checked: the table and the ordinals when the list is decoded, a payload when it is first
/// read. A list that disagrees with itself is refused or reported damaged (`Cursor.damaged`), never trusted.
struct PostingList: Equatable {
    /// Passages a block: the payloads a cursor may step over to reach a passage's.
    static let blockSize = 32

    /// The encoded list.
    let bytes: [UInt8]
    /// Ordinals of the passages in the run that hold the token, ascending.
    let ordinals: [Int32]
    /// Where each block's payloads start in `bytes`, and one more: the end.
    private let payloadStart: [Int32]

    var count: Int { ordinals.count }
    var blocks: Int { payloadStart.count - 1 }

    /// A list that disagrees with itself: a passage's payload that does not fit its block.
    struct Damaged: Error {}

    /// Reads `data`'s table of blocks and its ordinals; nil when they are not well formed (a value that runs
    /// past the end, blocks whose sizes do not add up to the bytes or whose ordinals end elsewhere than the
    /// table says), which the caller reports as a damaged index rather than trusting. Payloads are checked
    /// as they are read (`Cursor`).
    init?<Bytes: Collection<UInt8>>(decoding data: Bytes) {
        let bytes = Array(data)
        guard bytes.count <= Int(Int32.max) else { return nil }
        guard !bytes.isEmpty else {
            self.init(bytes: [], ordinals: [], payloadStart: [0])
            return
        }
        let decoded = bytes.withUnsafeBufferPointer { buffer -> (ordinals: [Int32], payloads: [Int32])? in
            var offset = 0
            guard let count = Self.checkedVarint(buffer, &offset), count > 0 else { return nil }
            let blocks = (count + Self.blockSize - 1) / Self.blockSize
            guard blocks <= buffer.count else { return nil }
            var table: [(last: Int, ordinalBytes: Int, payloadBytes: Int)] = []
            table.reserveCapacity(blocks)
            var previous = -1
            for _ in 0..<blocks {
                guard let gap = Self.checkedVarint(buffer, &offset), let ordinalBytes = Self.checkedVarint(buffer, &offset),
                      let payloadBytes = Self.checkedVarint(buffer, &offset) else { return nil }
                previous += 1 + gap
                guard previous <= Int(Int32.max), ordinalBytes > 0, payloadBytes > 0 else { return nil }
                table.append((previous, ordinalBytes, payloadBytes))
            }
            guard offset + table.reduce(0, { $0 + $1.ordinalBytes + $1.payloadBytes }) == buffer.count else { return nil }
            var ordinals = [Int32](repeating: 0, count: count)
            var payloads: [Int32] = []
            payloads.reserveCapacity(blocks + 1)
            var payload = offset + table.reduce(0) { $0 + $1.ordinalBytes }
            let valid = ordinals.withUnsafeMutableBufferPointer { out -> Bool in
                var index = 0
                var previous = -1
                for (block, entry) in table.enumerated() {
                    let end = offset + entry.ordinalBytes
                    let passages = block == blocks - 1 ? count - block * Self.blockSize : Self.blockSize
                    let blockBuffer = UnsafeBufferPointer(rebasing: buffer[..<end])
                    for _ in 0..<passages {
                        guard let gap = Self.checkedVarint(blockBuffer, &offset) else { return false }
                        previous += 1 + gap
                        out[index] = Int32(truncatingIfNeeded: previous)
                        index += 1
                    }
                    guard offset == end, previous == entry.last else { return false }
                    payloads.append(Int32(payload))
                    payload += entry.payloadBytes
                }
                return true
            }
            guard valid else { return nil }
            payloads.append(Int32(payload))
            return (ordinals, payloads)
        }
        guard let decoded else { return nil }
        self.init(bytes: bytes, ordinals: decoded.ordinals, payloadStart: decoded.payloads)
    }

    private init(bytes: [UInt8], ordinals: [Int32], payloadStart: [Int32]) {
        self.bytes = bytes
        self.ordinals = ordinals
        self.payloadStart = payloadStart
    }

    /// An empty list.
    init() {
        self.init(bytes: [], ordinals: [], payloadStart: [0])
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

    /// Reads a list forward: `seek` moves to the first passage at or after an ordinal, galloping over the
    /// ordinals; the payload of the passage it stands on is found when asked, stepping over the payloads of
    /// its block before it (once: the steps are remembered for the next passage asked in the block).
    struct Cursor {
        let list: PostingList
        /// The passage the cursor stands on, `list.count` once past the end.
        private(set) var index = 0
        /// The block whose payloads were stepped over, the next passage of it to step over, and where its payload starts.
        private var scanBlock = -1
        private var scanSlot = 0
        private var scanOffset = 0
        /// The last passage whose payload was found, and where it starts.
        private var foundIndex = -1
        private var foundOffset = 0
        /// Whether a payload did not fit its block: the list is damaged, and the cursor stops.
        private(set) var damaged = false

        init(_ list: PostingList) {
            self.list = list
        }

        /// The ordinal the cursor stands on, nil past the end.
        var current: Int32? { index < list.count ? list.ordinals[index] : nil }

        /// Moves to the first passage whose ordinal is at least `target` (never back), and returns its
        /// ordinal; nil past the end, or when the list is damaged.
        mutating func seek(_ target: Int32) -> Int32? {
            let count = list.count
            guard index < count else { return nil }
            return list.ordinals.withUnsafeBufferPointer { ordinals -> Int32? in
                if ordinals[index] >= target { return ordinals[index] }
                // Gallop: ordinals[low] < target, then the first at or after it lies in (low, high].
                var low = index
                var step = 1
                var high = index + 1
                while high < count, ordinals[high] < target {
                    low = high
                    step *= 2
                    high = low + step
                }
                high = min(high, count)
                var first = low + 1
                while first < high {
                    let middle = (first + high) / 2
                    if ordinals[middle] < target { first = middle + 1 } else { high = middle }
                }
                index = first
                return first < count ? ordinals[first] : nil
            }
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

        /// Where the payload of the passage the cursor stands on starts, stepping over (and checking) the
        /// payloads of its block before it, and checking its own; nil past the end or when they are damaged.
        private mutating func payloadOffset() -> Int? {
            guard index < list.count else { return nil }
            if index == foundIndex { return foundOffset }
            let block = index / PostingList.blockSize, slot = index % PostingList.blockSize
            if block != scanBlock {
                scanBlock = block
                scanSlot = 0
                scanOffset = Int(list.payloadStart[block])
            }
            let end = Int(list.payloadStart[block + 1])
            var offset = scanOffset
            let start = list.bytes.withUnsafeBufferPointer { whole -> Int? in
                let buffer = UnsafeBufferPointer(rebasing: whole[..<end])
                var start = offset
                for _ in scanSlot...slot {
                    start = offset
                    guard PostingList.checkedVarint(buffer, &offset) != nil, let occurrences = PostingList.checkedVarint(buffer, &offset),
                          occurrences > 0 else { return nil }
                    // Skip the positions: one byte below 0x80 ends each varint.
                    var remaining = occurrences
                    while remaining > 0 {
                        guard offset < end else { return nil }
                        if buffer[offset] < 0x80 { remaining -= 1 }
                        offset += 1
                    }
                }
                return start
            }
            let lastOfBlock = slot == PostingList.blockSize - 1 || index == list.count - 1
            guard let start, !lastOfBlock || offset == end else {
                damaged = true
                index = list.count
                return nil
            }
            scanSlot = slot + 1
            scanOffset = offset
            foundIndex = index
            foundOffset = start
            return start
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

    /// A varint at `offset` of bytes already checked (a payload, by `Cursor.payloadOffset`).
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
