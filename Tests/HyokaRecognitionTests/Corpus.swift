import Foundation
import HyokaModel
import HyokaText
@testable import HyokaRecognition

/// The bundled corpus: byte-for-byte copies of published documents.
enum Corpus {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpus")

    static let mofaSheet = "000_47f71a321a7ee5e2.txt"
    static let mofaMeasure = "002_3ec3fed686115a88.txt"
    static let bluebook = "003_3c0173e389cd5384.txt"
    static let micReport = "004_d473122111bbb5a2.part1.txt"
    static let micReportPart2 = "004_d473122111bbb5a2.part2.txt"
    static let bluebook2026 = "001_521a0fc67669dddb.txt"
    static let all = [mofaSheet, bluebook2026, mofaMeasure, bluebook, micReport, micReportPart2]

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func source(_ name: String) throws -> SourceText { SourceText(try text(name)) }

    static func recognize(_ name: String) throws -> EvaluationReport {
        ReportRecognizer().recognize(try source(name), id: "test", sourceName: name, contentHash: "")
    }
}
