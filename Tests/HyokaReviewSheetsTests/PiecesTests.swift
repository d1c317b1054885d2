import Foundation
import PropertyBased
import Testing
@testable import HyokaReviewSheets

/// A large table is parsed in pieces at once (`CSVPieces`, `ParsedTable.parse`).
/// Cut anywhere else than where CSV.swift ends a record, a piece would parse
/// to other records, or to the right ones on the wrong lines; these tests
/// parse the same bytes whole and in pieces and ask for the same result.
@Suite("RS export: a file parsed in pieces reads as it does whole")
struct PiecesTests {
    /// What a record's bytes are drawn from: plain text, separators, every
    /// line ending, quoted fields holding commas, line breaks and doubled
    /// quotes, and the quotes CSV.swift reads as ordinary characters (one
    /// inside an unquoted field, one after a closing quote).
    static let fragments = [
        "a", "事業", ",", "\n", "\r\n", "\r", "\"", "\"\"", "\"x,\ny\"", "\"改\r\n行\"", "\"a\"\"b\"", "5\"", "\"q\"z", " ", "\u{3000}",
    ]

    /// Texts drawn from a fixed seed, so that every run checks the same cases and a failure can be run again.
    static let cases: [(text: String, pieceSize: Int)] = {
        var random = Xoshiro(seed: (0x5253_4353_56, 2026, 12, 3))
        let body = Gen.element(of: fragments).array(of: 0...160)
        let header = Gen.element(of: ["a,b,c\n", "\u{FEFF}予算事業ID,事業名\r\n", "x\n", "\"h,1\",h2\n"])
        let sizes = Gen.int(in: 1...48)
        return (0..<400).map { _ in
            (header.run(using: &random)! + body.run(using: &random).map { $0! }.joined(), sizes.run(using: &random))
        }
    }()

    /// The parts of a table that a reader sees, in a form that compares.
    struct Shape: Equatable {
        var header: [String]
        var records: [[String]]
        var lines: [[Int]]
        var failure: String?

        init(_ table: ParsedTable) {
            header = table.header
            records = table.records.map(\.cells)
            lines = table.records.map { [$0.line, $0.endLine] }
            failure = table.failure.map { "\($0)" }
        }
    }

    @Test("random texts with quotes, commas and every line ending: same header, records, lines and failure")
    func sameAsWhole() async {
        var cut = 0
        for (index, item) in Self.cases.enumerated() {
            let data = Data(item.text.utf8)
            let whole = Shape(ParsedTable(name: "t.csv", data: data))
            let pieces = Shape(await ParsedTable.parse(name: "t.csv", data: data, pieceSize: item.pieceSize))
            #expect(pieces == whole, "case \(index), piece size \(item.pieceSize): \(item.text.debugDescription)")
            if CSVPieces.cuts(data, pieceSize: item.pieceSize).count > 2 { cut += 1 }
        }
        // The property says nothing unless most texts were really cut in several pieces.
        #expect(cut > Self.cases.count / 2)
    }

    @Test("cuts fall where a record ends, each with the line it starts on")
    func cutsAndLines() {
        let text = "h1,h2\nA,\"1\n2\"\r\nB,\"x\"\"\"\rC,3\n\nD,4\n"
        let cuts = CSVPieces.cuts(Data(text.utf8), pieceSize: 1)
        let starts = cuts.map { String(decoding: Data(text.utf8)[$0.offset...].prefix(1), as: UTF8.self) }
        #expect(starts == ["A", "B", "C", "\n", "D"])
        // A's quoted line feed makes B start on line 4; the blank line is a line of its own.
        #expect(cuts.map(\.line) == [2, 4, 5, 6, 7])
    }

    @Test("a file that is not UTF-8 past its first piece is refused whole, naming the line of its first bad byte")
    func notUTF8InALaterPiece() async {
        var data = Data((BadInputTests.header + String(repeating: BadInputTests.record, count: 50)).utf8)
        data.append(BadInputTests.shiftJISHeader)
        let whole = ParsedTable(name: "s.csv", data: data)
        let pieces = await ParsedTable.parse(name: "s.csv", data: data, pieceSize: 256)
        #expect(CSVPieces.cuts(data, pieceSize: 256).count > 2)
        #expect(pieces.header.isEmpty)
        #expect(pieces.records.isEmpty)
        #expect(Shape(pieces) == Shape(whole))
        if case .notUTF8(_, let line, _)? = pieces.failure as? ReviewSheetError { #expect(line == 52) } else { Issue.record("expected notUTF8, got \(String(describing: pieces.failure))") }
    }

    @Test("a record cut short in a later piece: the records before it, then its error")
    func malformedInALaterPiece() async {
        let data = Data((BadInputTests.header + String(repeating: BadInputTests.record, count: 300) + "レビューシート,2024,8\n"
            + String(repeating: BadInputTests.record, count: 20)).utf8)
        let pieces = await ParsedTable.parse(name: "m.csv", data: data, pieceSize: 1_000)
        #expect(pieces.records.count == 300)
        #expect(pieces.failure as? ReviewSheetError == .malformedRecord(file: "m.csv", line: 302, expected: 14, found: 3))
        #expect(Shape(pieces) == Shape(ParsedTable(name: "m.csv", data: data)))
    }
}
