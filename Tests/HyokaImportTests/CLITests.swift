import Foundation
import HyokaModel
import HyokaStore
import Testing

/// What one run of the `hyoka` binary did.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `hyoka` executable.
enum HyokaBinary {
    /// The executable next to the test bundle (SwiftPM builds it first, as
    /// the test target depends on it), else under the package's .build.
    static let url: URL? = {
        let starts = [Bundle.main.executableURL, CommandLine.arguments.first.map { URL(fileURLWithPath: $0) }]
            .compactMap { $0?.resolvingSymlinksInPath().deletingLastPathComponent() }
        for start in starts {
            var directory = start
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("hyoka")
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                   FileManager.default.isExecutableFile(atPath: candidate.path) {
                    return candidate
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        let fallback = Corpus.packageRoot.appendingPathComponent(".build/debug/hyoka")
        return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
    }()

    /// - Parameter input: standard input (a password for `hyoka user add`); none when nil.
    static func run(_ arguments: [String], environment extra: [String: String] = [:], in directory: URL? = nil, input: String? = nil) throws -> CLIResult {
        let executable = try #require(url, "the hyoka executable was not found next to the tests or in .build/debug")
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        // Files rather than pipes: a pipe fills up and blocks a large export.
        let outPath = scratch.path("stdout"), errPath = scratch.path("stderr")
        try Data().write(to: URL(fileURLWithPath: outPath))
        try Data().write(to: URL(fileURLWithPath: errPath))
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HYOKA_DB"] = nil
        environment["HYOKA_PDFTOTEXT"] = nil
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardOutput = out
        process.standardError = err
        if let input {
            let inPath = scratch.path("stdin")
            try Data(input.utf8).write(to: URL(fileURLWithPath: inPath))
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        if let directory { process.currentDirectoryURL = directory }
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return CLIResult(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: URL(fileURLWithPath: outPath)), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self)
        )
    }
}

@Suite("hyoka command line")
struct CLITests {
    let directory: TemporaryDirectory
    var db: String { directory.path("test.sqlite") }

    init() throws {
        directory = try TemporaryDirectory()
    }

    private func importCorpus() throws -> CLIResult {
        try HyokaBinary.run(["import"] + Corpus.files + ["--db", db])
    }

    private func summaries() throws -> [DocumentSummary] {
        let result = try HyokaBinary.run(["list", "--json", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode([DocumentSummary].self, from: Data(result.stdout.utf8))
    }

    /// Checks a failed run: the exit status, `error:` on stderr, nothing on stdout.
    private func expectFailure(_ result: CLIResult, status: Int32, mentioning text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "stdout: \(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("error: "), sourceLocation: sourceLocation)
        #expect(result.stderr.contains(text), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func importListAndReimport() throws {
        defer { directory.remove() }
        let first = try importCorpus()
        #expect(first.status == 0, "\(first.stderr)")
        let lines = first.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }
        #expect(lines.count == 5)
        #expect(lines.prefix(4).allSatisfy { $0.hasPrefix("inserted") })
        #expect(lines.last == "Imported 4 files: 4 inserted, 0 replaced, 0 unchanged.")
        #expect(try summaries().map(\.source) == Corpus.files.map { URL(fileURLWithPath: $0).lastPathComponent })

        let again = try importCorpus()
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("Imported 4 files: 0 inserted, 0 replaced, 4 unchanged."))
        #expect(try summaries().count == 4)

        let table = try HyokaBinary.run(["list", "--db", db])
        #expect(table.status == 0)
        #expect(table.stdout.hasPrefix("ID "))
        #expect(table.stdout.split(separator: "\n").count == 5)
    }

    @Test func exportJSONAndCSV() throws {
        defer { directory.remove() }
        #expect(try importCorpus().status == 0)
        let json = try HyokaBinary.run(["export", "--format", "json", "--db", db])
        #expect(json.status == 0, "\(json.stderr)")
        let bundle = try JSONDecoder().decode(ExportBundle.self, from: Data(json.stdout.utf8))
        #expect(bundle.documents.count == 4)
        #expect(bundle.schemaVersion == ExportBundle.currentSchemaVersion)

        let output = directory.path("export.json")
        let toFile = try HyokaBinary.run(["export", "--format", "json", "--output", output, "--db", db])
        #expect(toFile.status == 0 && toFile.stdout.isEmpty)
        #expect(try JSONDecoder().decode(ExportBundle.self, from: Data(contentsOf: URL(fileURLWithPath: output))) == bundle)

        let csv = try HyokaBinary.run(["export", "--format", "csv", "--db", db])
        #expect(csv.status == 0, "\(csv.stderr)")
        // CSV lines end with CRLF (RFC 4180); in Swift "\r\n" is one Character, so split on any newline.
        let header = try #require(csv.stdout.split(whereSeparator: \.isNewline).first)
        #expect(header.contains(","))
        #expect(!bundle.documents.contains { header.contains($0.id) }, "the first CSV line should be a header, not data")
    }

    @Test func showPrintsTheTreeWithUnparsedTextInFull() throws {
        defer { directory.remove() }
        #expect(try importCorpus().status == 0)
        // The corpus recognises fully; a sheet with a 参考 table that has no values leaves lines unparsed.
        let partial = try directory.write("partial.txt", "施策名：テスト施策\n\n個別分野1：テスト分野\n\n中期目標\n1 目標を達成する。\n\n参考1：値のない表\n\n読めない行\nもう一行\n")
        #expect(try HyokaBinary.run(["import", partial, "--db", db]).status == 0)
        let summary = try #require(try summaries().max { $0.unparsedLineCount < $1.unparsedLineCount })
        try #require(summary.unparsedLineCount > 0)
        #expect(summary.source == "partial.txt")

        let tree = try HyokaBinary.run(["show", summary.source, "--db", db])
        #expect(tree.status == 0, "\(tree.stderr)")
        #expect(tree.stdout.hasPrefix("Document \(summary.id)  \(summary.source)  [L1–L\(summary.lineCount)]"))
        let json = try HyokaBinary.run(["show", summary.source, "--json", "--db", db])
        #expect(json.status == 0)
        let report = try JSONDecoder().decode(EvaluationReport.self, from: Data(json.stdout.utf8))
        #expect(report.id == summary.id)
        for block in report.unparsed {
            let span = block.endLine > block.line ? "[L\(block.line)–L\(block.endLine)]" : "[L\(block.line)]"
            let firstLine = String(block.text.split(separator: "\n", omittingEmptySubsequences: false)[0])
            #expect(tree.stdout.contains("\(span) \(firstLine)"), "unparsed block \(span) is not shown in full")
        }
        // Every line of every block, continuation lines included.
        for line in report.unparsed.flatMap({ $0.text.split(separator: "\n") }) {
            #expect(tree.stdout.contains(line))
        }

        let byPrefix = try HyokaBinary.run(["show", String(summary.id.prefix(6)), "--db", db])
        #expect(byPrefix.status == 0)
        #expect(byPrefix.stdout == tree.stdout)
    }

    @Test func importInBatchesStoresEveryFile() throws {
        defer { directory.remove() }
        let result = try HyokaBinary.run(["import", "--batch-size", "3"] + Corpus.files + ["--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try summaries().count == Corpus.files.count)
        let zero = try HyokaBinary.run(["import", "--batch-size", "0", Corpus.files[0], "--db", db])
        #expect(zero.status == 64 && zero.stderr.contains("--batch-size must be at least 1"), "usage error: \(zero.stderr)")
    }

    @Test func unknownDocumentIsAnErrorWithStatus1() throws {
        defer { directory.remove() }
        #expect(try importCorpus().status == 0)
        expectFailure(try HyokaBinary.run(["show", "no-such-document.txt", "--db", db]), status: 1, mentioning: "no document matches")
    }

    @Test func missingFileExits66() throws {
        defer { directory.remove() }
        let missing = directory.path("missing.txt")
        expectFailure(try HyokaBinary.run(["import", missing, "--db", db]), status: 66, mentioning: missing)
    }

    @Test func binaryFileExits65() throws {
        defer { directory.remove() }
        let binary = try directory.write("image.bin", [0x00, 0x01, 0x02, 0xFF])
        expectFailure(try HyokaBinary.run(["import", binary, "--db", db]), status: 65, mentioning: "binary")
    }

    @Test func nonUTF8FileExits65() throws {
        defer { directory.remove() }
        let sjis = try directory.write("sjis.txt", [0x95, 0x5D, 0x89, 0xBF, 0x0A])
        expectFailure(try HyokaBinary.run(["import", sjis, "--db", db]), status: 65, mentioning: "iconv -f SHIFT_JIS -t UTF-8")
    }

    @Test func missingPdftotextExits69() throws {
        defer { directory.remove() }
        let pdf = try directory.write("report.pdf", minimalPDF(text: "x"))
        let result = try HyokaBinary.run(["import", pdf, "--db", db], environment: ["HYOKA_PDFTOTEXT": "/nonexistent/pdftotext"])
        expectFailure(result, status: 69, mentioning: "poppler-utils")
    }

    @Test func databaseUnderARegularFileExits73() throws {
        defer { directory.remove() }
        let file = try directory.write("plain-file", "x")
        let good = try directory.write("good.txt", "本文\n")
        expectFailure(try HyokaBinary.run(["import", good, "--db", file + "/x.sqlite"]), status: 73, mentioning: file + "/x.sqlite")
        expectFailure(try HyokaBinary.run(["list", "--db", file + "/x.sqlite"]), status: 73, mentioning: file + "/x.sqlite")
    }

    @Test func unwritableExportOutputExits73() throws {
        defer { directory.remove() }
        let file = try directory.write("plain-file", "x")
        expectFailure(try HyokaBinary.run(["export", "--format", "csv", "--output", file + "/out.csv", "--db", db]), status: 73, mentioning: "cannot write")
    }

    @Test func oneBadFileImportsNothingUnlessKeepGoing() throws {
        defer { directory.remove() }
        let good = try directory.write("good.txt", "本文\n")
        let missing = directory.path("missing.txt")
        let strict = try HyokaBinary.run(["import", good, missing, "--db", db])
        expectFailure(strict, status: 66, mentioning: "nothing was imported")
        #expect(try summaries().isEmpty)

        let lenient = try HyokaBinary.run(["import", good, missing, "--keep-going", "--db", db])
        #expect(lenient.status == 66)
        #expect(lenient.stderr.contains(missing))
        #expect(lenient.stdout.contains("inserted"))
        #expect(lenient.stdout.contains("1 failed"))
        #expect(try summaries().map(\.source) == ["good.txt"])
    }

    @Test func aBadFileInALaterBatchKeepsTheBatchesBeforeItAndSaysSo() throws {
        defer { directory.remove() }
        let first = try directory.write("first.txt", "本文\n")
        let second = try directory.write("second.txt", "別の本文\n")
        let missing = directory.path("missing.txt")
        let result = try HyokaBinary.run(["import", first, second, missing, "--batch-size", "2", "--db", db])
        // The saved batch was listed as it was saved, on stdout; the error and what it left, on stderr.
        #expect(result.status == 66)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(missing))
        #expect(result.stderr.contains("the 2 files of the batches before it were imported"), "stderr: \(result.stderr)")
        #expect(result.stdout.contains("first.txt") && result.stdout.contains("second.txt"))
        #expect(!result.stdout.contains("Imported"))
        #expect(try summaries().map(\.source).sorted() == ["first.txt", "second.txt"])
    }

    @Test func databaseLocationPrecedence() throws {
        defer { directory.remove() }
        let good = try directory.write("good.txt", "本文\n")
        let fromEnvironment = directory.path("env.sqlite")
        #expect(try HyokaBinary.run(["import", good], environment: ["HYOKA_DB": fromEnvironment], in: directory.url).status == 0)
        #expect(FileManager.default.fileExists(atPath: fromEnvironment))
        #expect(!FileManager.default.fileExists(atPath: directory.path("hyoka.sqlite")))

        let explicit = directory.path("explicit.sqlite")
        #expect(try HyokaBinary.run(["import", good, "--db", explicit], environment: ["HYOKA_DB": fromEnvironment]).status == 0)
        #expect(FileManager.default.fileExists(atPath: explicit))

        #expect(try HyokaBinary.run(["import", good], in: directory.url).status == 0)
        #expect(FileManager.default.fileExists(atPath: directory.path("hyoka.sqlite")))
    }

    @Test func demoImportsTheCorpusIntoAFreshDatabase() throws {
        defer { directory.remove() }
        let demoDB = directory.path("demo.sqlite")
        for _ in 0..<2 {
            // Run from an empty directory: the corpus is found through the executable.
            let result = try HyokaBinary.run(["demo", "--no-serve", "--db", demoDB], in: directory.url)
            #expect(result.status == 0, "\(result.stderr)")
            // The six text files, and the four PDFs when pdftotext is installed.
            let count = executableOnPath("pdftotext") == nil ? 6 : 10
            #expect(result.stdout.contains("Imported \(count) files: \(count) inserted, 0 replaced, 0 unchanged."))
            #expect(result.stdout.contains("\nID "))
        }
        let list = try HyokaBinary.run(["list", "--json", "--db", demoDB]).stdout
        #expect(list.contains("004_d473122111bbb5a2.part1.txt"))
        #expect(list.contains("bluebook-2025-ch1.pdf") == (executableOnPath("pdftotext") != nil))
    }

    @Test func demoWithoutPdftotextImportsTheTextFilesAndSaysOnceThatPDFsWereSkipped() throws {
        defer { directory.remove() }
        let demoDB = directory.path("demo.sqlite")
        // PATH without pdftotext (the executable is found by its path, not on PATH).
        let result = try HyokaBinary.run(["demo", "--no-serve", "--db", demoDB], environment: ["PATH": directory.url.path], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Imported 6 files: 6 inserted, 0 replaced, 0 unchanged."))
        #expect(result.stderr.components(separatedBy: "pdftotext is not installed").count == 2, "\(result.stderr)")
        #expect(result.stderr.contains("4 PDF file(s) of the corpus were skipped"))
    }

    @Test func demoDoesNotDeleteAFileThatIsNotADatabase() throws {
        defer { directory.remove() }
        let notes = try directory.write("notes.txt", "my notes\n")
        expectFailure(try HyokaBinary.run(["demo", "--no-serve", "--db", notes]), status: 73, mentioning: "not a SQLite database")
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "my notes\n")
    }

    @Test func helpDocumentsTheExitCodes() throws {
        defer { directory.remove() }
        let help = try HyokaBinary.run(["--help"])
        #expect(help.status == 0)
        for code in ["65", "66", "69", "73"] {
            #expect(help.stdout.contains("\n  \(code) "))
        }
    }
}
