import Foundation
import HyokaTestSupport
import Testing

/// The checked-in OpenAPI document is valid OpenAPI 3.1 (openapi-spec-validator, PyPI).
enum SpecValidator {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let present: Bool = (try? run(["python3", "-c", "import openapi_spec_validator"]).status) == 0

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ToolRunner.run(arguments)
    }
}

@Suite("OpenAPI document", .enabled(if: SpecValidator.present, "needs python3 with openapi-spec-validator"))
struct OpenAPITests {
    @Test("docs/openapi.json validates as OpenAPI 3.1 and is the document the server serves")
    func validates() throws {
        let path = SpecValidator.root.appendingPathComponent("docs/openapi.json").path
        let result = try SpecValidator.run(["python3", "-c", "import json,sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1]))); print('valid')", path])
        #expect(result.status == 0, "\(result.output)")
        let served = SpecValidator.root.appendingPathComponent("Sources/HyokaWeb/Static/openapi.json")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(contentsOf: served))
    }
}
