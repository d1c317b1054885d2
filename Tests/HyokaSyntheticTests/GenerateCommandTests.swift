import Foundation
import HyokaSynthetic
import HyokaTestSupport
import Testing

/// `hyoka generate`, run as a process through `ToolRunner`.
@Suite("hyoka generate")
struct GenerateCommandTests {
    /// The `hyoka` executable SwiftPM built next to the tests (this target depends on it).
    static let binary: String? = {
        let starts = [Bundle.main.executableURL, CommandLine.arguments.first.map { URL(fileURLWithPath: $0) }]
            .compactMap { $0?.resolvingSymlinksInPath().deletingLastPathComponent() }
        for start in starts {
            var directory = start
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("hyoka").path
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                   FileManager.default.isExecutableFile(atPath: candidate) {
                    return candidate
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        return nil
    }()

    let scratch: URL

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hyoka-generate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let binary = try #require(Self.binary, "the hyoka executable was not found next to the tests")
        return try ToolRunner.run([binary] + arguments)
    }

    private func files(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test("Writes the documents into a new folder, named by index and layout, and says how many bytes")
    func writes() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("corpus/nested")
        let result = try run(["generate", "--documents", "25", "--seed", "7", out.path])
        #expect(result.status == 0, "\(result.output)")
        let names = try files(in: out)
        #expect(names.count == 25)
        #expect(names.first?.hasPrefix("syn-000000-") == true)
        #expect(names.last?.hasPrefix("syn-000024-") == true)
        let generator = CorpusGenerator(seed: 7)
        var total = 0
        for index in 0..<25 {
            let expected = generator.document(at: index)
            let written = try Data(contentsOf: out.appendingPathComponent(expected.fileName))
            #expect(written == Data(expected.text.utf8), "\(expected.fileName) differs from the library's document")
            total += written.count
        }
        #expect(result.output.hasPrefix("Generated 25 documents, \(total) bytes,"), "\(result.output)")
        #expect(result.output.split(separator: "\n").count == 1, "one line of summary")
    }

    @Test("--documents 0 is a usage error (64)")
    func zeroDocuments() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("none")
        let result = try run(["generate", "--documents", "0", out.path])
        #expect(result.status == 64)
        #expect(result.output.contains("--documents must be 1 or more"))
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing is created")
    }

    @Test("An unknown layout in --mix is a usage error (64)")
    func badMix() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result = try run(["generate", "--documents", "3", "--mix", "mofa=1,pamphlet=2", scratch.appendingPathComponent("x").path])
        #expect(result.status == 64)
        #expect(result.output.contains("--mix"))
    }

    @Test("OUT that is a file is refused (73) and left alone")
    func outIsFile() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appendingPathComponent("notes.txt")
        try Data("keep me".utf8).write(to: file)
        let result = try run(["generate", "--documents", "3", file.path])
        #expect(result.status == 73)
        #expect(result.output.hasPrefix("error: "))
        #expect(result.output.contains("is a file, not a folder"))
        #expect(try Data(contentsOf: file) == Data("keep me".utf8))
    }

    @Test("A non-empty OUT is refused (73) unless --force")
    func notEmpty() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Data("x".utf8).write(to: scratch.appendingPathComponent("other.txt"))
        let refused = try run(["generate", "--documents", "3", scratch.path])
        #expect(refused.status == 73)
        #expect(refused.output.contains("is not empty"))
        #expect(try files(in: scratch) == ["other.txt"], "nothing is written when refused")
        let forced = try run(["generate", "--documents", "3", "--force", scratch.path])
        #expect(forced.status == 0, "\(forced.output)")
        #expect(try files(in: scratch).count == 4)
    }
}
