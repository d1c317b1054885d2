import Foundation
import HyokaExport
import HyokaModel
import Testing

@Suite("CSV for spreadsheets")
struct CSVWriterTests {
    @Test("The file starts with the UTF-8 byte order mark EF BB BF, once")
    func byteOrderMark() {
        var writer = CSVWriter(columns: ["a", "b"])
        writer.append(["日本語", "1"])
        let bytes = Array(writer.text.utf8)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(writer.text.components(separatedBy: "\u{FEFF}").count == 2, "only at the start, not before every row")
        #expect(writer.text.hasSuffix("日本語,1\r\n"))
    }

    @Test("A cell that would start a formula gets an apostrophe", arguments: [
        ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""), ("+81", "'+81"), ("-1+1", "'-1+1"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindent", "'\tindent"), ("\rreturn", "\"'\rreturn\""), ("a=b", "a=b"), ("＝全角", "＝全角"), ("", ""),
    ])
    func inertCells(cell: String, written: String) {
        var writer = CSVWriter(columns: ["x"])
        writer.append([cell])
        let rows = writer.text.dropFirst().components(separatedBy: "\r\n")
        #expect(rows[1] == written)
    }

    @Test("Numbers the exporter writes stay numbers: a negative amount is not prefixed")
    func numbersStayNumbers() {
        var writer = CSVWriter(columns: ["value", "text"])
        writer.append(cells: [.number("-12.5"), .text("-12.5")])
        #expect(writer.text.hasSuffix("-12.5,'-12.5\r\n"))
    }

    @Test("Evaluation CSV: amounts in 百万円 beside the printed value and unit; formulas from the document inert")
    func evaluationAmounts() {
        let budget = [
            Budget(group: "measure", label: "予算", kind: .budget, fiscalYear: 2023, amount: 2.1, text: "2.1", unit: "億円", line: 3, endLine: 3),
            Budget(group: "measure", label: "予算", kind: .execution, fiscalYear: 2023, amount: 5_262, text: "5,262", unit: "百万円", line: 4, endLine: 4),
        ]
        let policy = Policy(level: .measure, number: "1", title: "=cmd|' /C calc'!A0", budget: budget, line: 1, endLine: 5)
        let report = EvaluationReport(id: "abcd", source: "x.txt", contentHash: "abcd", kind: .evaluation, layout: .generic, policies: [policy], lineCount: 5)
        let csv = CSVExport.encode([report])
        let header = csv.dropFirst().components(separatedBy: "\r\n")[0].components(separatedBy: ",")
        let rows = csv.components(separatedBy: "\r\n").dropFirst().filter { $0.contains(",budget,") }.map { $0.components(separatedBy: ",") }
        let amount = header.firstIndex(of: "amount_million_yen")!, value = header.firstIndex(of: "value")!, unit = header.firstIndex(of: "unit")!
        #expect(rows.count == 2)
        #expect(rows.map { $0[value] } == ["2.1", "5262"], "the value as printed")
        #expect(rows.map { $0[unit] } == ["億円", "百万円"])
        #expect(rows.map { $0[amount] } == ["210", "5262"], "one unit: 2.1億円 = 210百万円")
        #expect(rows.allSatisfy { $0[header.firstIndex(of: "policy_title")!] == "'=cmd|' /C calc'!A0" })
    }

    @Test("Narrative documents export their sections, figures and table rows")
    func narrative() {
        let section = Section(title: "第1節 概観", kind: .heading, level: 1, children: [Section(title: "1 地域情勢", kind: .heading, level: 2, line: 5, endLine: 9)],
                              line: 2, endLine: 9)
        var report = EvaluationReport(id: "abcd", source: "bluebook.txt", contentHash: "abcd", kind: .bluebook, layout: .narrative,
                                      sections: [section], lineCount: 20)
        report.figures = [Figure(kind: .table, title: "図表1 件数", rows: [["2023年", "5,530人"]], line: 12, endLine: 14)]
        let rows = CSVExport.encode([report]).components(separatedBy: "\r\n")
        #expect(rows.contains { $0.contains(",section,") && $0.contains("第1節 概観") })
        #expect(rows.contains { $0.contains(",section,") && $0.contains("1 地域情勢") })
        #expect(rows.contains { $0.contains(",figure,") && $0.contains("図表1 件数") })
        #expect(rows.contains { $0.contains(",figure_row,") && $0.contains("2023年 | 5,530人") })
    }

    @Test("Facts and findings tables: one row each, with the source file and lines")
    func factsAndFindings() {
        let fact = Fact(document: "abcd", value: 460_000_000, unit: "件", approximate: true, subject: "ビザ発給", period: .fiscalYear(2023),
                        text: "約4.6億件", quantityText: "約4.6億件", section: nil, line: 7, endLine: 7)
        let facts = FactsCSV.encode([fact], sources: ["abcd": "x.txt"]).components(separatedBy: "\r\n")
        #expect(facts.count == 3 && facts[1].hasPrefix("abcd,x.txt,ビザ発給,") && facts[1].contains(",460000000,件,,true,約4.6億件,"))
        let finding = Finding(rule: "sum-mismatch", severity: .error, message: LocalizedText(ja: "-合計が合わない", en: "total differs"),
                              document: "abcd", relatedLines: [3, 4], line: 5, endLine: 6)
        let findings = FindingsCSV.encode([finding], sources: ["abcd": "x.txt"]).components(separatedBy: "\r\n")
        #expect(findings[1] == "abcd,x.txt,error,sum-mismatch,'-合計が合わない,total differs,5,6,3 4")
    }
}
