import Foundation
import HyokaEvidence
import HyokaModel
import HyokaRecognition
import HyokaText

// TEMPORARY debug entry point (replaced by the CLI on merge).
let path = CommandLine.arguments[1]
let text = try String(contentsOfFile: path, encoding: .utf8)
let source = SourceText(text)
let report = ReportRecognizer().recognize(source, id: "x", sourceName: path, contentHash: "")
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
if CommandLine.arguments.count > 2 {
    FileHandle.standardOutput.write(try encoder.encode(FactExtractor().facts(in: report, source: source)))
} else {
    FileHandle.standardOutput.write(try encoder.encode(report))
}
