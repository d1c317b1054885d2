import HyokaModel
import HyokaRecognition
import HyokaText
import Testing
@testable import HyokaEvidence

@Suite("Evidence suggestions")
struct EvidenceMatcherTests {
    @Test("002: the series of Japanese UN staff is backed by the figures its assessment states")
    func realLink() throws {
        let facts = try Corpus.facts("002_3ec3fed686115a88.txt")
        let staff = facts.filter { $0.subject.hasPrefix("国連関係機関で勤務する日本人職員数") }
        #expect(staff.map(\.value) == [918, 956, 961])
        let links = EvidenceMatcher().suggestions(for: staff, library: facts)
        // Both the mid-term goal (its baseline) and the assessment state 918 for the end of 2020.
        let for918 = links.filter { $0.quantityText == "918人" }
        #expect(for918.allSatisfy { $0.line == 1501 })
        #expect(Set(for918.map(\.evidenceLine)) == [1383, 1468])
        #expect(for918.contains { $0.evidenceText.contains("令和2年末時点の918名") })
        #expect(for918.allSatisfy { $0.reason.contains("date within the fiscal year") })
        #expect(Set(links.map(\.quantityText)) == ["918人", "956人", "961人"])
    }

    @Test("000: nothing in the corpus backs its page views or followers, and none is invented")
    func noFalseLinks() throws {
        let sheet = try Corpus.facts("000_47f71a321a7ee5e2.txt")
        let library = try ["002_3ec3fed686115a88.txt", "003_3c0173e389cd5384.txt", "004_d473122111bbb5a2.part1.txt"].flatMap(Corpus.facts)
        let series = sheet.filter { $0.quantityText.contains("億件") || $0.unit == "人" }
        #expect(series.count >= 8)
        #expect(EvidenceMatcher().suggestions(for: series, library: library).isEmpty)
    }

    @Test("No link where the unit or the period differs")
    func rejections() throws {
        let figure = fact(918, "人", .fiscalYear(2020), "国連関係機関で勤務する日本人職員数")
        let otherUnit = fact(918, "件", .fiscalYear(2020), "国連関係機関で勤務する日本人職員数", document: "lib")
        let otherYear = fact(918, "人", .fiscalYear(2019), "国連関係機関で勤務する日本人職員数", document: "lib")
        let otherDate = fact(918, "人", .asOf(CalendarDate(year: 2021, month: 6)), "国連関係機関で勤務する日本人職員数", document: "lib")
        let otherValue = fact(919, "人", .fiscalYear(2020), "国連関係機関で勤務する日本人職員数", document: "lib")
        let matcher = EvidenceMatcher()
        #expect(matcher.suggestions(for: [figure], library: [otherUnit, otherYear, otherDate, otherValue]).isEmpty)
        let same = fact(918, "名", .asOf(CalendarDate(year: 2020, month: 12)), "日本人職員数", document: "lib")
        #expect(matcher.suggestions(for: [figure], library: [same]).count == 1, "名 counts people as 人 does; December 2020 is in FY2020")
    }

    @Test("Approximate figures match within the precision they were stated to")
    func approximate() {
        var rounded = fact(7_140_000, "人", .year(2011), "日本に入国した外国人数", document: "lib")
        rounded.approximate = true
        rounded.quantityText = "約714万人"
        let exact = fact(7_136_000, "人", .year(2011), "入国外国人数")
        let far = fact(7_200_000, "人", .year(2011), "入国外国人数")
        let matcher = EvidenceMatcher()
        #expect(matcher.suggestions(for: [exact], library: [rounded]).count == 1)
        #expect(matcher.suggestions(for: [far], library: [rounded]).isEmpty)
    }

    @Test("Small numbers need a similar subject: 「3回」 about something else is a coincidence")
    func smallNumbers() {
        let figure = fact(3, "回", .fiscalYear(2022), "各国政府との宇宙対話の実施回数")
        let unrelated = fact(3, "回", .fiscalYear(2022), "NGO・外務省定期協議会", document: "lib")
        let related = fact(3, "回", .fiscalYear(2022), "宇宙対話", document: "lib")
        #expect(EvidenceMatcher().suggestions(for: [figure], library: [unrelated]).isEmpty)
        #expect(EvidenceMatcher().suggestions(for: [figure], library: [related]).count == 1)
    }

    @Test("A later white paper backs a figure from another document, and scores above a restatement")
    func crossDocument() throws {
        // A paragraph in the style of a later Bluebook edition (synthetic: the shared corpus has only the 2013 edition).
        let text = "（1）国際機関\n\n令和2年末時点で国連関係機関の日本人職員数は918人であった。\n\n225外交青書 2021\n"
        let source = SourceText(text)
        let bluebook = ReportRecognizer().recognize(source, id: "bluebook2021", sourceName: "b.txt", contentHash: "")
        #expect(bluebook.kind == .bluebook)
        let library = FactExtractor().facts(in: bluebook, source: source) + (try Corpus.facts("002_3ec3fed686115a88.txt"))
        let figure = try #require(try Corpus.facts("002_3ec3fed686115a88.txt").first { $0.quantityText == "918人" && $0.line == 1501 })
        let links = EvidenceMatcher().suggestions(for: [figure], library: library, documentKinds: ["bluebook2021": .bluebook])
        #expect(links.first?.evidenceDocument == "bluebook2021")
        #expect(links.first?.evidenceLine == 3)
        #expect(links.dropFirst().allSatisfy { $0.evidenceDocument == figure.document && $0.score < links[0].score })
        #expect(links.count == 3)
    }

    @Test("Facts about one subject across editions join into a series")
    func acrossEditions() {
        let edition2013 = fact(37, "団体", .asOf(CalendarDate(year: 2012, month: 12)), "ジャパン・プラットフォーム参加NGO", document: "bluebook2013")
        let edition2014 = fact(43, "団体", .asOf(CalendarDate(year: 2013, month: 12)), "ジャパン・プラットフォーム参加NGO", document: "bluebook2014")
        let unrelated = fact(48, "団体", .asOf(CalendarDate(year: 2012, month: 12)), "日本NGO連携無償資金協力", document: "bluebook2013")
        let series = FactSeries.group([edition2014, unrelated, edition2013])
        #expect(series.count == 1)
        #expect(series.first?.points.map(\.value) == [37, 43])
    }

    private func fact(_ value: Double, _ unit: String, _ period: Period, _ subject: String, document: String = "eval") -> Fact {
        Fact(document: document, value: value, unit: unit, approximate: false, subject: subject, period: period, text: subject,
             quantityText: "\(Int(value))\(unit)", section: nil, line: 1, endLine: 1)
    }
}

@Suite("Precision of approximate figures")
struct PrecisionTests {
    @Test("The last written non-zero digit sets the precision", arguments: [
        ("約714万人", 10_000.0), ("約1万6,000名", 1000), ("約1.8万人", 1000), ("約4.6億件", 10_000_000), ("約85.2%", 0.1), ("約2万7,000件", 1000),
    ])
    func precision(text: String, expected: Double) {
        let fact = Fact(document: "d", value: 0, unit: nil, approximate: true, subject: "", period: nil, text: "", quantityText: text, section: nil, line: 1, endLine: 1)
        #expect(abs(EvidenceMatcher.precisionOf(fact) - expected) < 1e-9)
    }
}
