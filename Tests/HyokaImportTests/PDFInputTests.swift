import Foundation
@testable import HyokaImport
import Testing

@Suite("PDF input")
struct PDFInputTests {
    static let pdfBytes = minimalPDF(text: "Hyoka PDF test")

    @Test func overrideNamingNoBinaryMeansPdftotextMissing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Starts with %PDF- but has a .txt name: detected by its magic bytes.
        let path = try directory.write("report.txt", Self.pdfBytes)
        let reader = SourceFileReader(environment: ["HYOKA_PDFTOTEXT": "/nonexistent/pdftotext", "PATH": "/usr/bin:/bin"])
        let error = try #require(throws: ImportError.self) { try reader.read(path) }
        #expect(error == .pdftotextMissing(path: path, override: "/nonexistent/pdftotext"))
        #expect(error.description.contains("apt-get install poppler-utils"))
    }

    @Test func noPdftotextOnPathMeansPdftotextMissing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("report.pdf", Self.pdfBytes)
        let reader = SourceFileReader(environment: ["PATH": directory.url.path])
        let error = try #require(throws: ImportError.self) { try reader.read(path) }
        #expect(error == .pdftotextMissing(path: path, override: nil))
        #expect(error.description.contains("install poppler-utils (apt-get install poppler-utils)"))
    }

    @Test func pdfExtensionAloneSelectsConversionWithLayoutArguments() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The fake tool prints its arguments, one per line.
        let tool = try directory.writeScript("fake-pdftotext", #"printf '%s\n' "$@""#)
        let path = try directory.write("plain.pdf", "not really a PDF\n")
        let file = try SourceFileReader(environment: ["HYOKA_PDFTOTEXT": tool]).read(path)
        #expect(file.isPDF)
        #expect(file.text == "-layout\n\(path)\n-\n")
        #expect(file.contentHash == ContentHash.sha256Hex(of: Data("not really a PDF\n".utf8)))
    }

    @Test func pdftotextFoundOnPathIsUsed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.writeScript("pdftotext", "echo 'from PATH'")
        let path = try directory.write("report.pdf", Self.pdfBytes)
        let file = try SourceFileReader(environment: ["PATH": "/nonexistent:" + directory.url.path]).read(path)
        #expect(file.text == "from PATH\n")
    }

    @Test func failingPdftotextReportsStatusAndStderr() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tool = try directory.writeScript("broken-pdftotext", "echo 'Syntax Error: Couldn'\\''t find trailer dictionary' >&2; exit 3")
        let path = try directory.write("broken.pdf", Array("%PDF-1.4\ngarbage".utf8))
        let error = try #require(throws: ImportError.self) { try SourceFileReader(environment: ["HYOKA_PDFTOTEXT": tool]).read(path) }
        guard case .pdftotextFailed(path, 3, let stderr) = error else {
            Issue.record("expected pdftotextFailed with status 3, got \(error)")
            return
        }
        #expect(stderr.contains("Couldn't find trailer dictionary"))
        #expect(error.description.contains("exit status 3"))
    }

    @Test func pdfWithoutTextIsReported() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tool = try directory.writeScript("silent-pdftotext", "printf '\\f\\n'")
        let path = try directory.write("scan.pdf", Self.pdfBytes)
        #expect(throws: ImportError.pdfHasNoText(path: path)) { try SourceFileReader(environment: ["HYOKA_PDFTOTEXT": tool]).read(path) }
    }

    @Test(.enabled(if: executableOnPath("pdftotext") != nil, "pdftotext (poppler-utils) is not installed"))
    func realPdftotextConvertsAHandWrittenPDF() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("tiny.pdf", Self.pdfBytes)
        let file = try SourceFileReader().read(path)
        #expect(file.isPDF)
        #expect(file.text.contains("Hyoka PDF test"))
        #expect(file.contentHash == ContentHash.sha256Hex(of: Data(Self.pdfBytes)))
    }
}
