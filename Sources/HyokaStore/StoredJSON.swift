import Foundation

/// Encodes a value as compact JSON by writing bytes as `encode(to:)` walks
/// it: the JSON the stores keep — a document's report and review
/// (`report_json`, `review_json`) and a review-sheet project (`project_json`).
///
/// Foundation's `JSONEncoder` first builds a tree of boxed values (and, with
/// `.sortedKeys`, sorts every object's keys) before writing a byte; for the
/// full RS export — 5,700 projects holding 240,000 records — that was some
/// 15 % of an import, and a year of evaluations spent 8 % of its CPU there.
/// Nothing reads these bytes but `JSONDecoder`, which cares neither for key
/// order nor for spacing, so this writer streams:
///
/// - a keyed container writes `{`, then `"key":value` pairs as they come;
///   an unkeyed one `[` and its elements; each is closed when the value that
///   opened it has finished encoding, or when its parent writes its next
///   element (a nested container is used in order, as synthesized
///   `Codable` code and the standard library's collections use them);
/// - a struct's keys come in the order its `encode(to:)` gives them (the
///   declaration order, for synthesized code): the same in every run;
/// - a dictionary's keys (`[String: V]`, `[Int: V]`, 列名 → 値) are written in
///   byte order, so that the same value gives the same bytes in every run,
///   whatever the dictionary's hash seed. A dictionary whose keys are neither
///   strings nor integers is encoded by the standard library as an array of
///   alternating keys and values, in its own order, as `JSONEncoder` has it;
/// - strings are escaped as JSON requires (`"`, `\`, control characters)
///   and nothing else: Japanese text and `/` are written as they are;
/// - a `Double` that is not finite throws, as `JSONEncoder` does by default.
///
/// Types that `JSONEncoder` writes in a way of its own (`Date`, `Data`,
/// `URL`, `Decimal`) are written as their `encode(to:)` says, which its
/// decoder may not read back: the stored types hold none of them.
public enum StoredJSON {

    /// Appends `text` as a JSON string, quoted and escaped as JSON requires
    /// (`"`, `\`, control characters), to `bytes`. For writers of JSON that
    /// is not a `Codable` value (PostgreSQL's `jsonb` sent in binary).
    public static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var clean = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean..<index]))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: #"\u00"#.utf8)
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0xF)])
                }
                clean = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `value` as compact JSON text.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let writer = JSONByteWriter()
        try writer.write(value, depth: 0)
        writer.close(downTo: 0)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

/// The bytes written so far and the containers still open.
final class JSONByteWriter {
    var bytes: [UInt8] = []
    /// One entry per open container, outermost first.
    private var open: [OpenContainer] = []
    /// The key type of the last keyed container opened: how the standard
    /// library's dictionary key type is found (see `dictionaryKeyType`).
    private var lastKeyType: ObjectIdentifier?

    private struct OpenContainer {
        /// `}` or `]`.
        var close: UInt8
        /// Whether it holds an element yet: a comma goes before the next.
        var hasElement = false
        /// For a dictionary's container, where each member's key starts and
        /// ends in `bytes` (quotes included): its members are put in key order
        /// when it closes.
        var keys: [(start: Int, end: Int)]?
    }

    /// The type of the keys a `Dictionary` hands to `container(keyedBy:)`
    /// (the standard library's internal `_DictionaryCodingKey`, used for
    /// string, integer and `CodingKeyRepresentable` keys alike), found once by
    /// encoding a dictionary of one entry.
    private static let dictionaryKeyType: ObjectIdentifier? = {
        let probe = JSONByteWriter(probing: true)
        try? probe.write(["key": 0] as [String: Int], depth: 0)
        return probe.lastKeyType
    }()

    /// Whether this writer only finds `dictionaryKeyType` (it then sorts nothing).
    private let probing: Bool

    init() {
        probing = false
        bytes.reserveCapacity(4096)
    }

    private init(probing: Bool) { self.probing = probing }

    /// Writes `value`, whose containers open at `depth`, closing them after.
    func write<T: Encodable>(_ value: T, depth: Int) throws {
        // The common leaves, written without going through `encode(to:)`.
        if T.self == String.self { return writeString(value as! String) }
        if T.self == Int.self { return writeInteger(value as! Int) }
        if T.self == Int64.self { return writeInteger(value as! Int64) }
        if T.self == Bool.self { return writeBool(value as! Bool) }
        if T.self == Double.self { return try writeDouble(value as! Double) }
        let start = bytes.count
        try value.encode(to: Level(writer: self, depth: depth))
        close(downTo: depth)
        // A value that opened no container and wrote nothing is an empty object, as JSONEncoder writes it.
        if bytes.count == start { append("{}") }
    }

    /// Closes every container at `depth` or deeper.
    func close(downTo depth: Int) {
        while open.count > depth {
            let container = open.removeLast()
            if let keys = container.keys, keys.count > 1 { sortMembers(keys) }
            bytes.append(container.close)
        }
    }

    /// Opens a container at `depth`, closing any deeper one left open by an earlier sibling.
    func open(_ opening: UInt8, _ closing: UInt8, depth: Int) {
        close(downTo: depth)
        bytes.append(opening)
        open.append(OpenContainer(close: closing))
    }

    /// Opens a keyed container at `depth`; a dictionary's keeps where its members start.
    func openKeyed<Key: CodingKey>(_ keyType: Key.Type, depth: Int) {
        open(UInt8(ascii: "{"), UInt8(ascii: "}"), depth: depth)
        let type = ObjectIdentifier(keyType)
        if probing { lastKeyType = type } else if type == Self.dictionaryKeyType { open[depth].keys = [] }
    }

    /// Rewrites the members from the first's start to the end of `bytes` in
    /// the byte order of their keys as written (escaped, without the quotes:
    /// two distinct keys never escape to the same bytes, so the order is
    /// total). A member runs from its key's opening quote to the comma before
    /// the next.
    private func sortMembers(_ keys: [(start: Int, end: Int)]) {
        let end = bytes.count
        var members: [(key: Range<Int>, member: Range<Int>)] = []
        members.reserveCapacity(keys.count)
        for (index, key) in keys.enumerated() {
            members.append(((key.start + 1)..<(key.end - 1), key.start..<(index + 1 < keys.count ? keys[index + 1].start - 1 : end)))
        }
        let ordered = members.sorted { bytes[$0.key].lexicographicallyPrecedes(bytes[$1.key]) }
        if ordered.elementsEqual(members, by: { $0.member == $1.member }) { return }
        var sorted: [UInt8] = []
        sorted.reserveCapacity(end - keys[0].start)
        for (index, member) in ordered.enumerated() {
            if index > 0 { sorted.append(UInt8(ascii: ",")) }
            sorted.append(contentsOf: bytes[member.member])
        }
        bytes.replaceSubrange(keys[0].start..<end, with: sorted)
    }

    /// Before an element of the container at `depth`: closes deeper ones and writes the comma.
    func beginElement(depth: Int) {
        close(downTo: depth + 1)
        if open[depth].hasElement { bytes.append(UInt8(ascii: ",")) } else { open[depth].hasElement = true }
    }

    func writeKey(_ key: String, depth: Int) {
        beginElement(depth: depth)
        let start = bytes.count
        writeString(key)
        if open[depth].keys != nil { open[depth].keys!.append((start, bytes.count)) }
        bytes.append(UInt8(ascii: ":"))
    }

    func append(_ ascii: StaticString) {
        ascii.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    func writeBool(_ value: Bool) { append(value ? "true" : "false") }

    func writeNull() { append("null") }

    func writeInteger<I: BinaryInteger>(_ value: I) {
        if value == 0 { bytes.append(UInt8(ascii: "0")); return }
        var magnitude = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        while magnitude > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        bytes[start...].reverse()
    }

    /// The shortest text that reads back as the same number; not-finite throws.
    func writeDouble(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "\(value) is not valid in JSON"))
        }
        bytes.append(contentsOf: value.description.utf8)
    }

    func writeString(_ text: String) {
        StoredJSON.appendString(text, to: &bytes)
    }

    /// The `Encoder` handed to a value whose containers open at `depth`.
    struct Level: Encoder {
        let writer: JSONByteWriter
        let depth: Int
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            writer.openKeyed(Key.self, depth: depth)
            return KeyedEncodingContainer(Keyed(writer: writer, depth: depth))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            writer.open(UInt8(ascii: "["), UInt8(ascii: "]"), depth: depth)
            return Unkeyed(writer: writer, depth: depth)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(writer: writer, depth: depth) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: JSONByteWriter
        let depth: Int
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { writer.writeKey(key.stringValue, depth: depth); writer.writeNull() }
        mutating func encode(_ value: Bool, forKey key: Key) throws { writer.writeKey(key.stringValue, depth: depth); writer.writeBool(value) }
        mutating func encode(_ value: String, forKey key: Key) throws { writer.writeKey(key.stringValue, depth: depth); writer.writeString(value) }
        mutating func encode(_ value: Double, forKey key: Key) throws { writer.writeKey(key.stringValue, depth: depth); try writer.writeDouble(value) }
        mutating func encode(_ value: Float, forKey key: Key) throws { try encode(Double(value), forKey: key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { writer.writeKey(key.stringValue, depth: depth); writer.writeInteger(value) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { try encode(Int(value), forKey: key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { try encode(Int(value), forKey: key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { try encode(Int(value), forKey: key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { writer.writeKey(key.stringValue, depth: depth); writer.writeInteger(value) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { writer.writeKey(key.stringValue, depth: depth); writer.writeInteger(value) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { try encode(UInt(value), forKey: key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { try encode(UInt(value), forKey: key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { try encode(UInt(value), forKey: key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { writer.writeKey(key.stringValue, depth: depth); writer.writeInteger(value) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            writer.writeKey(key.stringValue, depth: depth)
            try writer.write(value, depth: depth + 1)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            writer.writeKey(key.stringValue, depth: depth)
            return Level(writer: writer, depth: depth + 1).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            writer.writeKey(key.stringValue, depth: depth)
            return Level(writer: writer, depth: depth + 1).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            writer.writeKey("super", depth: depth)
            return Level(writer: writer, depth: depth + 1)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            writer.writeKey(key.stringValue, depth: depth)
            return Level(writer: writer, depth: depth + 1)
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let writer: JSONByteWriter
        let depth: Int
        private(set) var count = 0
        var codingPath: [any CodingKey] { [] }

        init(writer: JSONByteWriter, depth: Int) {
            self.writer = writer
            self.depth = depth
        }

        private mutating func begin() {
            writer.beginElement(depth: depth)
            count += 1
        }

        mutating func encodeNil() throws { begin(); writer.writeNull() }
        mutating func encode(_ value: Bool) throws { begin(); writer.writeBool(value) }
        mutating func encode(_ value: String) throws { begin(); writer.writeString(value) }
        mutating func encode(_ value: Double) throws { begin(); try writer.writeDouble(value) }
        mutating func encode(_ value: Float) throws { try encode(Double(value)) }
        mutating func encode(_ value: Int) throws { begin(); writer.writeInteger(value) }
        mutating func encode(_ value: Int8) throws { try encode(Int(value)) }
        mutating func encode(_ value: Int16) throws { try encode(Int(value)) }
        mutating func encode(_ value: Int32) throws { try encode(Int(value)) }
        mutating func encode(_ value: Int64) throws { begin(); writer.writeInteger(value) }
        mutating func encode(_ value: UInt) throws { begin(); writer.writeInteger(value) }
        mutating func encode(_ value: UInt8) throws { try encode(UInt(value)) }
        mutating func encode(_ value: UInt16) throws { try encode(UInt(value)) }
        mutating func encode(_ value: UInt32) throws { try encode(UInt(value)) }
        mutating func encode(_ value: UInt64) throws { begin(); writer.writeInteger(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { begin(); try writer.write(value, depth: depth + 1) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            begin()
            return Level(writer: writer, depth: depth + 1).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            begin()
            return Level(writer: writer, depth: depth + 1).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            begin()
            return Level(writer: writer, depth: depth + 1)
        }
    }

    /// A single value writes at its encoder's own depth: it opens no container of its own.
    struct Single: SingleValueEncodingContainer {
        let writer: JSONByteWriter
        let depth: Int
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { writer.writeNull() }
        mutating func encode(_ value: Bool) throws { writer.writeBool(value) }
        mutating func encode(_ value: String) throws { writer.writeString(value) }
        mutating func encode(_ value: Double) throws { try writer.writeDouble(value) }
        mutating func encode(_ value: Float) throws { try writer.writeDouble(Double(value)) }
        mutating func encode(_ value: Int) throws { writer.writeInteger(value) }
        mutating func encode(_ value: Int8) throws { writer.writeInteger(value) }
        mutating func encode(_ value: Int16) throws { writer.writeInteger(value) }
        mutating func encode(_ value: Int32) throws { writer.writeInteger(value) }
        mutating func encode(_ value: Int64) throws { writer.writeInteger(value) }
        mutating func encode(_ value: UInt) throws { writer.writeInteger(value) }
        mutating func encode(_ value: UInt8) throws { writer.writeInteger(value) }
        mutating func encode(_ value: UInt16) throws { writer.writeInteger(value) }
        mutating func encode(_ value: UInt32) throws { writer.writeInteger(value) }
        mutating func encode(_ value: UInt64) throws { writer.writeInteger(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { try writer.write(value, depth: depth) }
    }
}
