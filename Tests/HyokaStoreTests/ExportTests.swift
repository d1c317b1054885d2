import Foundation
import HyokaModel
import Testing
@testable import HyokaExport

@Suite("Open-data export")
struct ExportTests {
    @Test("JSON export decodes back to an equal bundle, Japanese unescaped")
    func jsonRoundTrip() throws {
        let bundle = ExportBundle(documents: [sampleReport()])
        let data = try JSONExport.encode(bundle)
        #expect(try JSONDecoder().decode(ExportBundle.self, from: data) == bundle)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("テスト施策"))
        #expect(text.contains("\"fiscalYear\" : 2020"))
        #expect(text.contains("\"date\" : \"2025-04\""))
        #expect(text.contains("\"schemaVersion\" : 1"))
    }

    @Test("Indicator points carry exactly one period key, and null for a non-numeric value")
    func pointShape() throws {
        let data = try JSONExport.encode(ExportBundle(documents: [sampleReport()]))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let documents = try #require(object?["documents"] as? [[String: Any]])
        let policies = try #require(documents.first?["policies"] as? [[String: Any]])
        let fields = try #require(policies.first?["fields"] as? [[String: Any]])
        let series = try #require(fields.first?["series"] as? [[String: Any]])
        let points = try #require(series.first?["points"] as? [[String: Any]])
        let periodKeys = points.map { point in ["fiscalYear", "year", "date"].filter { point[$0] != nil } }
        #expect(periodKeys == [["fiscalYear"], ["year"], ["date"]])
        #expect(points[1]["value"] is NSNull)
        #expect(points[1]["text"] as? String == "公表予定")
    }

    @Test("CSV quotes commas, quotes and newlines, and prints whole numbers whole")
    func csvQuoting() {
        #expect(CSVExport.quote("plain") == "plain")
        #expect(CSVExport.quote("a,b") == "\"a,b\"")
        #expect(CSVExport.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVExport.quote("two\nlines") == "\"two\nlines\"")
        #expect(CSVExport.number(460_000_000) == "460000000")
        #expect(CSVExport.number(85.2) == "85.2")
        #expect(CSVExport.number(.nan) == "" && CSVExport.number(.infinity) == "", "a non-finite value is an empty field")
    }

    @Test("CSV has a header and one row per value")
    func csvRows() {
        let csv = CSVExport.encode([sampleReport()])
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.first == CSVWriter.byteOrderMark + CSVExport.columns.joined(separator: ","))
        // 1 goal + 3 points + 1 budget + 1 expert opinion + 1 unparsed block
        #expect(rows.count == 1 + 7)
        #expect(rows.contains { $0.contains("series_point") && $0.contains("14560000") && $0.contains(",date,2025-04,") })
        #expect(rows.contains { $0.contains("\"分野, with \"\"quotes\"\"\"") })
    }
}
