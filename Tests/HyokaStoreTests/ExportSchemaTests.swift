import Foundation
import HyokaModel
import HyokaRecognition
import HyokaText
import HyokaTestSupport
import Testing
@testable import HyokaExport

/// The export contract in docs/export-schema.json, checked with the
/// `jsonschema` Python package (installed by .ci/run).
@Suite("Export schema", .enabled(if: SchemaValidator.isAvailable, "needs python3 with the jsonschema package"))
struct ExportSchemaTests {
    @Test("The export of the whole corpus validates against docs/export-schema.json")
    func corpusValidates() throws {
        let reports = try ["000_47f71a321a7ee5e2.txt", "002_3ec3fed686115a88.txt", "003_3c0173e389cd5384.txt", "004_d473122111bbb5a2.part1.txt"].map { name in
            let text = try String(contentsOf: SchemaValidator.root.appendingPathComponent("corpus/\(name)"), encoding: .utf8)
            return ReportRecognizer().recognize(SourceText(text), id: "0000000000000000", sourceName: name, contentHash: "h")
        }
        let result = try SchemaValidator.validate(JSONExport.encode(ExportBundle(documents: reports)))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("export valid: 4 documents"))
    }

    @Test("An element without its line is rejected: the schema catches drift")
    func driftIsCaught() throws {
        var json = String(decoding: try JSONExport.encode(ExportBundle(documents: [sampleReport()])), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"cycle\" : \"current\",", with: "\"cycle\" : \"someday\",")
        let result = try SchemaValidator.validate(Data(json.utf8))
        #expect(result.status == 1)
        #expect(result.output.contains("someday"))
    }
}

enum SchemaValidator {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let isAvailable: Bool = (try? run(["python3", "-c", "import jsonschema"]).status == 0) ?? false

    static func validate(_ export: Data) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).json")
        try export.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run(["python3", root.appendingPathComponent("scripts/validate_export.py").path,
                        root.appendingPathComponent("docs/export-schema.json").path, file.path])
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ToolRunner.run(arguments)
    }
}
