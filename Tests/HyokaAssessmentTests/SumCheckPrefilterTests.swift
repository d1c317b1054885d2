import Foundation
@testable import HyokaAssessment
import HyokaText
import Testing

/// `SumCheck.mayHoldTotal` stands before the total regex on every line: it may let through lines the regex
/// then refuses, never the other way round, or a total would go unchecked.
@Suite struct SumCheckPrefilterTests {
    @Test func everyLineTheRegexMatchesPassesTheFilter() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Corpus.directory.path).filter { $0.hasSuffix(".txt") }
        #expect(names.count >= 6)
        var lines = ["合計28万局", "件数：1,116件", "件数: 約 5件", "総数 12人", "計\u{3000}約3億円", "合計 \u{301}5件", "合計\r5件", "計約\u{301}3人",
                     "件数は増加した", "人数", "数値目標", "計画では5件"]
        for name in names {
            lines += SourceText(try String(contentsOf: Corpus.directory.appendingPathComponent(name), encoding: .utf8)).lines.map(\.text)
        }
        var matched = 0, passed = 0
        for line in lines {
            let filtered = SumCheck.mayHoldTotal(line)
            if filtered { passed += 1 }
            if line.firstMatch(of: SumCheck.total) != nil {
                matched += 1
                #expect(filtered, "\(Array(line.unicodeScalars))")
            }
        }
        // The corpus has totals, and the filter leaves out most lines (those holding 計 or 数 included).
        #expect(matched >= 10)
        #expect(passed < lines.count / 10)
        #expect(!SumCheck.mayHoldTotal("件数は増加した") && !SumCheck.mayHoldTotal("数値目標") && !SumCheck.mayHoldTotal("計画では5件"))
    }
}
