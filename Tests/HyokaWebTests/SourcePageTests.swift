import Foundation
import Hummingbird
import HummingbirdTesting
import HyokaModel
import HyokaStore
import HyokaText
import Testing
@testable import HyokaWeb

@Suite("Source view of a PDF document")
struct SourcePageTests {
    @Test("Each page's first line is marked with its page number; the form feeds are not shown")
    func pageMarks() async throws {
        let text = "一頁目の見出し\n本文が続く。\n\u{0C}二頁目の本文。\n\u{0C}三頁目。\n\u{0C}"
        let source = SourceText(text)
        var report = EvaluationReport(id: "1111222233334444", source: "sample.pdf", contentHash: "h", kind: .whitePaper,
                                      layout: .generic, lineCount: source.lineCount)
        report.pages = source.pages
        let store = try SQLiteStore.inMemory()
        try await store.save([StoredDocument(report: report, sourceText: text)])
        let app = Application(router: try await WebApp(store: store).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/documents/sample.pdf/source?line=3", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("<span class=\"page\" id=\"p1\">p.1</span>一頁目の見出し"))
                #expect(body.contains("<span class=\"page\" id=\"p2\">p.2</span>二頁目の本文。"))
                #expect(body.contains("<span class=\"page\" id=\"p3\">p.3</span>三頁目。"))
                #expect(body.components(separatedBy: "class=\"page\"").count == 4)
                #expect(!body.contains("\u{0C}"))
                #expect(body.contains("p.2 L3"))
            }
        }
    }
}
