import Foundation
import HyokaModel
import Testing
@testable import HyokaStore

/// `StoredJSON` writes what the stores keep of a document and a project; `JSONDecoder`
/// must read it back as the same value, and it must mean what Foundation's
/// `JSONEncoder` would have written (key order and spacing aside).
@Suite("Stored JSON writer")
struct StoredJSONTests {
    /// What a JSON text means, whatever its key order, spacing or way of writing a number.
    enum Value: Decodable, Equatable {
        case null, bool(Bool), number(Double), string(String), array([Value]), object([String: Value])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Double.self) { self = .number(value) }
            else if let value = try? container.decode(String.self) { self = .string(value) }
            else if let value = try? container.decode([Value].self) { self = .array(value) }
            else { self = .object(try container.decode([String: Value].self)) }
        }
    }

    private func parsed(_ json: String) throws -> Value {
        try JSONDecoder().decode(Value.self, from: Data(json.utf8))
    }

    private func foundation<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    @Test("every bundled project decodes back equal, and parses as the same JSON as JSONEncoder's")
    func bundledProjects() throws {
        let projects = try BundledSheets.export().projects
        #expect(projects.count > 10)
        for project in projects {
            let json = try StoredJSON.encode(project)
            #expect(try JSONDecoder().decode(ReviewProject.self, from: Data(json.utf8)) == project)
            #expect(try parsed(json) == parsed(foundation(project)), "project \(project.projectID)")
        }
    }

    struct Awkward: Codable, Equatable {
        var text: String
        var missing: String?
        var present: Int64?
        var numbers: [Double]
        var optionals: [Int?]
        var nested: [[String: String]]
        var flag: Bool
        var big: UInt64
        var small: Int
        var table: ReviewTable
    }

    @Test("escapes, numbers, nulls, nested arrays and dictionaries read back as written")
    func awkwardValues() throws {
        let value = Awkward(
            text: "引用\"と\\と/と\t\n\r\u{01}\u{1F}と😀", missing: nil, present: Int64.min,
            numbers: [0, -0.5, 0.1, 1e-7, 1.5e300, 33_000_000, 0.9843636363636363], optionals: [1, nil, -3],
            nested: [[:], ["予算事業ID": "1070", "事業名": "広報", "a": "\u{7F}"]], flag: true, big: UInt64.max, small: Int.min,
            table: .overview)
        let json = try StoredJSON.encode(value)
        #expect(try JSONDecoder().decode(Awkward.self, from: Data(json.utf8)) == value)
        #expect(try parsed(json) == parsed(foundation(value)))
        #expect(!json.contains("missing"), "a nil optional is left out, as JSONEncoder leaves it")
        #expect(json.contains("と/と"), "slashes are not escaped")
        #expect(json.contains(#"\u0001"#))
    }

    @Test("every bundled document's report decodes back equal; report and review parse as the same JSON as JSONEncoder's")
    func bundledDocuments() throws {
        let documents = try Corpus.documents()
        #expect(documents.count == Corpus.names.count)
        for document in documents {
            let (report, review) = try document.encoded()
            #expect(try JSONDecoder().decode(EvaluationReport.self, from: Data(report.utf8)) == document.report, "\(document.report.id)")
            #expect(try parsed(report) == parsed(foundation(document.report)), "\(document.report.id)")
            #expect(try parsed(review) == parsed(foundation(document.review)), "\(document.report.id)")
        }
    }

    @Test("a dictionary's keys are written in byte order, so the same value gives the same bytes")
    func sortedDictionary() throws {
        let cells = ["予算事業ID": "1", "b": "2", "a": "3", "事業名": "4"]
        #expect(try StoredJSON.encode(cells) == #"{"a":"3","b":"2","予算事業ID":"1","事業名":"4"}"#)
        #expect(try StoredJSON.encode([10: "a", 2: "b", 1: "c"]) == #"{"1":"c","10":"a","2":"b"}"#)
        // An escaped key sorts by its escaped bytes; a key that is the start of another comes first.
        #expect(try StoredJSON.encode(["a\"b": 1, "a": 2, "": 3]) == #"{"":3,"a":2,"a\"b":1}"#)
    }

    struct Nested: Codable, Equatable {
        var zeta: Int
        var byName: [String: [Int: String]]
        var alpha: String
    }

    @Test("dictionaries built in different orders give the same bytes, nested or not; a struct keeps its keys' order")
    func dictionariesInAnyOrder() throws {
        let keys = (0..<300).map { "項目\($0)" }
        var forward: [String: [Int: String]] = [:]
        for key in keys { forward[key] = Dictionary(uniqueKeysWithValues: (0..<20).map { ($0 * 7, key) }) }
        var backward: [String: [Int: String]] = [:]
        backward.reserveCapacity(4096)
        for key in keys.reversed() {
            var inner: [Int: String] = [:]
            inner.reserveCapacity(512)
            for number in (0..<20).reversed() { inner[number * 7] = key }
            backward[key] = inner
        }
        let first = Nested(zeta: 1, byName: forward, alpha: "a")
        let json = try StoredJSON.encode(first)
        #expect(try StoredJSON.encode(Nested(zeta: 1, byName: backward, alpha: "a")) == json)
        #expect(try JSONDecoder().decode(Nested.self, from: Data(json.utf8)) == first)
        #expect(json.hasPrefix(#"{"zeta":1,"byName":{"項目0":{"0":"項目0","105":"項目0","112":"項目0","119":"項目0","126":"項目0","133":"項目0","14":"#))
        #expect(json.hasSuffix(#","alpha":"a"}"#))
    }

    @Test("a number JSON cannot hold throws, as JSONEncoder's does")
    func notFinite() {
        #expect(throws: EncodingError.self) { try StoredJSON.encode([1.0, .infinity]) }
        #expect(throws: EncodingError.self) { try StoredJSON.encode(Double.nan) }
    }
}
