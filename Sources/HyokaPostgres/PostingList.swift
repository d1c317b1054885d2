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
struct PostingList: Equatable {
    /// Ordinals of the passages in the run, ascending.
    var ordinals: [Int32] = []
    /// Each passage's length in tokens.
    var lengths: [Int32] = []
    /// Where each passage's positions start in `positions`; one more entry than passages.
    var offsets: [Int32] = [0]
    /// Positions of the token, passage after passage.
    var positions: [Int32] = []

    var count: Int { ordinals.count }

    /// The positions of the token in the `index`th passage of the list.
    func positions(at index: Int) -> ArraySlice<Int32> {
        positions[Int(offsets[index])..<Int(offsets[index + 1])]
    }

    /// Decodes `data`; nil when it is not a well-formed list (a value that runs past the end, or ordinals
    /// that do not ascend), which the caller reports as a damaged index rather than trusting.
    init?<Bytes: Collection<UInt8>>(decoding data: Bytes) where Bytes.Index == Int {
        var reader = VarintReader(data)
        var previous = -1
        ordinals.reserveCapacity(data.count / 4)
        lengths.reserveCapacity(data.count / 4)
        while !reader.isAtEnd {
            guard let gap = reader.next(), let length = reader.next(), let occurrences = reader.next(), occurrences > 0 else { return nil }
            let ordinal = previous + 1 + gap
            guard ordinal <= Int32.max else { return nil }
            var position = -1
            for index in 0..<occurrences {
                guard let step = reader.next() else { return nil }
                position = index == 0 ? step : position + 1 + step
                positions.append(Int32(truncatingIfNeeded: position))
            }
            ordinals.append(Int32(ordinal))
            lengths.append(Int32(truncatingIfNeeded: length))
            offsets.append(Int32(positions.count))
            previous = ordinal
        }
    }

    init() {}

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

    /// The encoded form of this list.
    func encoded() -> [UInt8] {
        var encoder = Encoder()
        for index in 0..<count {
            encoder.append(ordinal: Int(ordinals[index]), length: Int(lengths[index]), positions: self.positions(at: index))
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
