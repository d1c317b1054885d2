import HyokaModel
import Testing
@testable import hyoka

@Suite("show: the report tree")
struct ReportTreeTests {
    /// A report with one of everything the tree shows.
    static let report: EvaluationReport = {
        let points = [
            SeriesPoint(period: .fiscalYear(2021), kind: .actual, value: 3223, text: "約3,223", approximate: true, line: 12, endLine: 12),
            SeriesPoint(period: .asOf(CalendarDate(year: 2024, month: 12)), kind: .target, value: nil, text: "公表予定", line: 13, endLine: 13),
        ]
        let series = Indicator(title: "拠出額", unit: "百万円", role: .reference, targetYear: 2026, points: points, line: 11, endLine: 14)
        let initiative = Initiative(
            number: 1, title: "【IT 広報手段の強化】",
            achievements: [TextBlock(text: "HPを改善した。", line: 6, endLine: 7), TextBlock(text: "SNSを強化した。", line: 8, endLine: 8)],
            directions: [TextBlock(text: "更なる改善を目指す。", line: 6, endLine: 6)], line: 5, endLine: 8
        )
        let field = Field(
            number: 3, title: "IT広報の実施", goals: [Goal(number: 1, text: "理解を促進する。", cycle: .current, line: 4, endLine: 4)],
            initiatives: [initiative],
            assessment: Assessment(parts: [TextBlock(text: String(repeating: "評価", count: 60), line: 9, endLine: 10)], line: 9, endLine: 10),
            series: [series], line: 3, endLine: 14
        )
        let policy = Policy(
            level: .measure, title: "内外広報・文化交流・報道対策", bureau: "外務報道官・広報文化組織",
            evaluated: CalendarDate(year: 2025, month: 8), fields: [field],
            budget: [Budget(group: "measure", label: "施策の予算額", kind: .budget, fiscalYear: 2023, amount: 3223, text: "3,223", unit: "百万円", line: 15, endLine: 15)],
            expertComments: [ExpertOpinion(text: "個別分野3で、発信が強化された。", field: 3, line: 16, endLine: 17)],
            references: [Reference(kind: .url, text: "https://www.mofa.go.jp/", url: "https://www.mofa.go.jp/", line: 18, endLine: 18)],
            line: 2, endLine: 18
        )
        var report = EvaluationReport(
            id: "0123456789abcdef", source: "mofa.txt", contentHash: "0123456789abcdef00", kind: .evaluation, layout: .mofaSheet,
            ministry: "外務省", title: "令和7年度政策評価書", published: CalendarDate(year: 2025, month: 8), lineCount: 22
        )
        report.policies = [policy]
        report.sections = [Section(title: "表紙", kind: .preamble, level: 1, line: 1, endLine: 1)]
        report.unparsed = [TextBlock(text: "読めなかった行\n続きの行", line: 20, endLine: 21)]
        return report
    }()

    static let lines = ReportTree(report: report).text.split(separator: "\n").map(String.init)

    @Test(arguments: [
        "Document 0123456789abcdef  mofa.txt  [L1–L22]",
        "  ministry: 外務省",
        "  published: 2025-08",
        "  Measure: 内外広報・文化交流・報道対策  [L2–L18]",
        "    bureau: 外務報道官・広報文化組織",
        "    evaluated: 2025-08",
        "    Field 3: IT広報の実施  [L3–L14]",
        "        (current) 1. 理解を促進する。  [L4]",
        "        1. 【IT 広報手段の強化】 — 2 achievements  [L5–L8]",
        "          direction: 更なる改善を目指す。  [L6]",
        "      Indicator: 拠出額 (百万円, reference, target FY2026)  [L11–L14]",
        "        actual: FY2021 3,223 百万円 (approx)  [L12]",
        "        target: as of 2024-12 “公表予定”  [L13]",
        "      FY2023 budget measure (施策の予算額): 3,223 百万円  [L15]",
        "      (field 3) 個別分野3で、発信が強化された。  [L16–L17]",
        "      url: https://www.mofa.go.jp/  [L18]",
        "    表紙 (preamble, 0 blocks)  [L1]",
        "  Unparsed (1 block, 2 lines)",
        "    [L20–L21] 読めなかった行",
        "              続きの行",
    ])
    func showsEachElementWithItsSpan(line: String) {
        #expect(Self.lines.contains(line), "missing: \(line)")
    }

    @Test func longTextIsCutToAboutEightyColumns() throws {
        let assessment = try #require(Self.lines.first { $0.contains("Assessment: ") })
        #expect(assessment.hasSuffix("…  [L9–L10]"))
        let text = assessment.replacingOccurrences(of: "      Assessment: ", with: "").replacingOccurrences(of: "  [L9–L10]", with: "")
        #expect(TextLayout.displayWidth(text) <= ReportTree.excerptWidth)
        #expect(TextLayout.displayWidth(text) >= ReportTree.excerptWidth - 2)
    }

    @Test(arguments: [
        (3223.0, "3,223"), (460_000_000, "460,000,000"), (12.5, "12.5"), (-1234.25, "-1,234.25"), (0, "0"), (999, "999"),
    ] as [(Double, String)])
    func numbersAreGroupedInThousands(value: Double, text: String) {
        #expect(TextLayout.number(value) == text)
    }

    @Test func wideCharactersTakeTwoColumns() {
        #expect(TextLayout.displayWidth("外務省") == 6)
        #expect(TextLayout.displayWidth("ＰＫＯ abc") == 10)
        #expect(TextLayout.table(header: ["A", "B"], rows: [["外務省", "x"]]) == "A       B\n外務省  x")
    }
}
