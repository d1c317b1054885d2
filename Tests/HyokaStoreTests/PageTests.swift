import Foundation
import HyokaExport
import HyokaModel
import HyokaText
import Testing
@testable import HyokaStore

/// The pages of a document imported from a PDF, through the stores and the export.
@Suite("Pages of PDF documents")
struct PageTests {
    /// Two pages as pdftotext ends them: each with a form feed.
    static let pdfText = "一頁目の見出し\n本文が続く。\n\u{0C}二頁目の本文。\n\u{0C}"

    static func pdfReport() -> EvaluationReport {
        var report = sampleReport(id: "1111222233334444", source: "sample.pdf")
        report.pages = SourceText(pdfText).pages
        return report
    }

    @Test("A PDF's pages survive the round trip; a text file's report has none", arguments: StoreKind.available)
    func roundTrip(kind: StoreKind) async throws {
        try await kind.withEmptyStore { store async throws in
            try await store.save([StoredDocument(report: Self.pdfReport(), sourceText: Self.pdfText),
                                  StoredDocument(report: sampleReport(), sourceText: "原文\n")])
            let loaded = try #require(try await store.report(matching: "1111222233334444"))
            #expect(loaded == Self.pdfReport())
            #expect(loaded.pages == [Page(number: 1, line: 1, endLine: 2), Page(number: 2, line: 3, endLine: 4)])
            #expect(loaded.page(ofLine: 2) == 1)
            #expect(loaded.page(ofLine: 3) == 2)
            #expect(try await store.sourceText(documentID: "1111222233334444") == Self.pdfText)
            let text = try #require(try await store.report(matching: "sample.txt"))
            #expect(text.pages == nil)
            #expect(text.page(ofLine: 3) == nil)
        }
    }

    @Test("The JSON export has pages for a PDF and no pages key for a text file")
    func export() throws {
        let json = String(decoding: try JSONExport.encode(ExportBundle(documents: [Self.pdfReport(), sampleReport()])), as: UTF8.self)
        #expect(json.components(separatedBy: "\"pages\"").count == 2)
        let decoded = try JSONDecoder().decode(ExportBundle.self, from: Data(json.utf8))
        #expect(decoded.documents.map(\.pages) == [Self.pdfReport().pages, nil])
    }

    @Test("An export with pages validates against docs/export-schema.json", .enabled(if: SchemaValidator.isAvailable, "needs python3 with the jsonschema package"))
    func schema() throws {
        let result = try SchemaValidator.validate(JSONExport.encode(ExportBundle(documents: [Self.pdfReport()])))
        #expect(result.status == 0, "\(result.output)")
        var broken = Self.pdfReport()
        broken.pages = [Page(number: 0, line: 1, endLine: 2)]
        #expect(try SchemaValidator.validate(JSONExport.encode(ExportBundle(documents: [broken]))).status == 1)
    }

    @Test("page(ofLine:) finds the page of every line, and none outside the pages")
    func pageOfLine() {
        var report = sampleReport()
        report.pages = [Page(number: 1, line: 1, endLine: 10), Page(number: 2, line: 11, endLine: 11), Page(number: 4, line: 12, endLine: 30)]
        #expect((1...10).allSatisfy { report.page(ofLine: $0) == 1 })
        #expect(report.page(ofLine: 11) == 2)
        #expect(report.page(ofLine: 12) == 4 && report.page(ofLine: 30) == 4)
        #expect(report.page(ofLine: 0) == nil && report.page(ofLine: 31) == nil)
        #expect(report.pages(of: TextBlock(text: "x", line: 9, endLine: 14)) == 1...4)
        #expect(report.pages(of: TextBlock(text: "x", line: 11, endLine: 11)) == 2...2)
    }
}
