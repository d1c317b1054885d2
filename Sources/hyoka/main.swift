import Foundation
import HyokaModel
import HyokaRecognition
import HyokaText

// TEMPORARY debug entry point (replaced by the CLI on merge).
let path = CommandLine.arguments[1]
let text = try String(contentsOfFile: path, encoding: .utf8)
let report = ReportRecognizer().recognize(SourceText(text), id: "x", sourceName: path, contentHash: "")
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
FileHandle.standardOutput.write(try encoder.encode(report))
