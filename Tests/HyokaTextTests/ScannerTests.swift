import Foundation
import HyokaModel
import Testing
@testable import HyokaText

@Suite("Character scalars")
struct CharacterScalarsTests {
    @Test("Plain Japanese text is its own scalars")
    func plainText() {
        let text = CharacterScalars("令和５年度に3万人")
        #expect(text.count == 9)
        #expect(text[2] == "５")
        #expect(text.hasPrefix("年度", at: 3))
        #expect(!text.hasPrefix("年度", at: 8))
        #expect(text.string(6..<9) == "3万人")
    }

    @Test("Offsets are character offsets when a character has several scalars")
    func combiningMarks() {
        // 「か」 + combining voiced mark is one character that equals 「が」.
        let text = CharacterScalars("ペーシ\u{3099}5件")
        #expect(text.count == Array(text.text).count)
        #expect(text.hasPrefix("ページ", at: 0))
        #expect(text.string(3..<5) == "5件")
        #expect(text.string(0..<3) == "ペーシ\u{3099}")
    }

    @Test("A compatibility ideograph is read as the ideograph it equals")
    func compatibilityIdeograph() {
        let text = CharacterScalars("令和5\u{F98E}")
        #expect(text[3] == "年")
        #expect(text.string(3..<4) == "\u{F98E}")
    }

    @Test("Scalar classes are those of the character, as Regex's \\d and \\s see them")
    func classes() {
        for value in UInt32(0)...0x10_FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(scalar.isNumber == Character(scalar).isNumber, "\(value)")
            #expect(scalar.isWhitespace == Character(scalar).isWhitespace, "\(value)")
        }
    }

    @Test("A character that composes to no single scalar matches nothing")
    func opaque() {
        let text = CharacterScalars("5\u{301}年")
        #expect(text.count == 2)
        #expect(text[0] == CharacterScalars.opaque)
        #expect(CharacterScalars("a\r\nb")[1] == "\n")
    }
}

@Suite("Period scanner")
struct PeriodScannerTests {
    @Test("Full-width digits and 元年")
    func digitsAndFirstYear() {
        #expect(PeriodParser.periods(in: "令和元年") == [.year(2019)])
        #expect(PeriodParser.periods(in: "令和元年度") == [.fiscalYear(2019)])
        #expect(PeriodParser.periods(in: "Ｒ元年度") == [.fiscalYear(2019)])
        #expect(PeriodParser.periods(in: "２０２３年度") == [.fiscalYear(2023)])
    }

    @Test("年度 is not 年; 年末 is December")
    func suffixes() {
        #expect(PeriodParser.periods(in: "2023年度と2023年") == [.fiscalYear(2023), .year(2023)])
        #expect(PeriodParser.periods(in: "令和２年末") == [.asOf(CalendarDate(year: 2020, month: 12))])
    }

    @Test("Ranges, and a range with no 年 after it is only its start")
    func ranges() {
        #expect(PeriodParser.periods(in: "平成30年度～令和2年度") == [.fiscalYear(2018), .fiscalYear(2019), .fiscalYear(2020)])
        #expect(PeriodParser.periods(in: "2019～2021年") == [.year(2019), .year(2020), .year(2021)])
        #expect(PeriodParser.periods(in: "令和3年～5") == [.year(2021)])
    }

    @Test("Months and days, also after a bracket")
    func monthsAndDays() {
        #expect(PeriodParser.periods(in: "2024年（8月15日") == [.asOf(CalendarDate(year: 2024, month: 8, day: 15))])
        #expect(PeriodParser.periods(in: "2024年 8 月") == [.asOf(CalendarDate(year: 2024, month: 8))])
        #expect(PeriodParser.periods(in: "2024年123月") == [.year(2024)])
    }

    @Test("Mentions give character offsets, leading white space included")
    func offsets() {
        let mentions = PeriodParser.mentions(in: "第 令和5年に 2021年度")
        #expect(mentions.map(\.range) == [2..<6, 7..<14])
    }

    @Test("Years in other than ASCII digits are matched, but name no period", arguments: ["三年", "二〇二三年", "令和三年度"])
    func otherDigits(text: String) {
        #expect(PeriodParser.periods(in: text).isEmpty)
    }

    @Test("The scanner finds what the regular expression it replaces found")
    func sameAsRegex() throws {
        var samples = [
            "CSR4年", "R4年度", "20231年", " 2021年", "令和 3 年 度", "令和３～５年度", "令和３年度～令和５年度", "平成31年～令和2年",
            "2024（令和６）年８月", "2012年12月末現在", "令和7年4月時点", "H14年", "21年度", "３年間", "5\u{301}年", "令和5\u{F98E}度",
            "年度～5年度", "2019年度 ～ 2021年度", "明治元年", "令和元年～", "M1年", "2020年①月", "2020年 （ 4 月 1 日", "令和 元 年",
        ]
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("corpus")
        for name in try FileManager.default.contentsOfDirectory(atPath: corpus.path) where name.hasSuffix(".txt") {
            let text = try String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8)
            samples += text.split(separator: "\n").map(String.init)
        }
        samples += Self.randomSamples(count: 3000)
        for sample in samples {
            let found = PeriodParser.mentions(in: sample).map { "\($0.periods) \($0.range)" }
            #expect(found == RegexPeriods.mentions(in: sample).map { "\($0.periods) \($0.range)" }, "\(sample)")
        }
    }

    /// Strings made of the pieces periods are made of, in random order (seeded, so every run checks the same ones).
    static func randomSamples(count: Int) -> [String] {
        let pieces = ["令和", "平成", "昭和", "R", "H", "S", "C", "元", "1", "2", "3", "12", "2023", "20231", "３", "三", "①", "年", "年度",
                      "年末", "度", "月", "日", "～", "〜", "~", "（", "）", " ", "\t", "に", "か\u{3099}", "\u{F98E}", "5\u{301}", "。"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { _ in (0..<(1 + next(12))).map { _ in pieces[next(pieces.count)] }.joined() }
    }
}

@Suite("Quantity scanner")
struct QuantityScannerTests {
    @Test("万 and 億 join the number; 千円 and 百万円 are units")
    func magnitudes() {
        #expect(QuantityParser.parse("1億2,000万円").value == 120_000_000)
        #expect(QuantityParser.parse("1億2,000万円").unit == "円")
        #expect(QuantityParser.parse("3千円").value == 3)
        #expect(QuantityParser.parse("3千円").unit == "千円")
        #expect(QuantityParser.parse("約２兆円").value == 2e12)
    }

    @Test("Ranges are two quantities, with character offsets")
    func ranges() {
        let found = QuantityParser.quantities(in: "参加者は約1,200～1,500人")
        #expect(found.map(\.quantity.value) == [1200, 1500])
        #expect(found.map(\.range) == [4..<10, 11..<17])
    }

    @Test("Separators and points only inside a number")
    func separators() {
        #expect(QuantityParser.parse("1,2345").value == nil)
        #expect(QuantityParser.quantities(in: "5.").map(\.quantity.text) == ["5"])
        #expect(QuantityParser.quantities(in: "第3.5回").map(\.quantity.text) == ["3.5回"])
        #expect(QuantityParser.quantities(in: "v1.5.2").isEmpty)
    }

    @Test("Offsets count characters, not scalars")
    func offsets() {
        let found = QuantityParser.quantities(in: "ヘ\u{309A}ージ数は12ヘ\u{309A}ージ")
        #expect(found.first?.range == 5..<10)
        #expect(found.first?.quantity.unit == "ページ")
        #expect(found.first?.quantity.text == "12ヘ\u{309A}ージ")
    }
}

/// The regular expression `PeriodParser` used before its scanner, kept as the reference the scanner is checked against.
private enum RegexPeriods {
    nonisolated(unsafe) static let pattern = #/(?<era>明治|大正|昭和|平成|令和|[MTSHR])?\s*(?<year>元|\d{1,4})\s*(?:（(?:明治|大正|昭和|平成|令和)(?:元|\d{1,2})）)?\s*(?:(?:年度?)?\s*[～〜~]\s*(?<endEra>明治|大正|昭和|平成|令和|[MTSHR])?\s*(?<endYear>元|\d{1,4}))?\s*(?<suffix>年度|年末|年)(?:\s*（?\s*(?<month>\d{1,2})\s*月(?:\s*(?<day>\d{1,2})\s*日)?)?/#

    static func mentions(in text: String) -> [PeriodParser.Mention] {
        let text = TextNormalizer.normalize(text)
        var result: [PeriodParser.Mention] = []
        var rest = Substring(text)
        while let match = rest.firstMatch(of: pattern) {
            rest = rest[match.range.upperBound...]
            if let era = match.output.era, era.count == 1,
               let before = text[..<match.range.lowerBound].last, before.isASCII, before.isLetter || before.isNumber {
                continue
            }
            guard let startYear = western(match.output.era, match.output.year) else { continue }
            let endYear = match.output.endYear.flatMap { western(match.output.endEra ?? match.output.era, $0) }
            let month = match.output.month.flatMap { Int($0) }
            let day = match.output.day.flatMap { Int($0) }
            let suffix = match.output.suffix
            var periods: [Period]
            if suffix == "年度" {
                let last = endYear ?? startYear
                periods = last >= startYear && last - startYear < 50 ? (startYear...last).map { .fiscalYear($0) } : []
            } else if suffix == "年末" {
                periods = [.asOf(CalendarDate(year: startYear, month: 12))]
            } else if let month, (1...12).contains(month) {
                periods = [.asOf(CalendarDate(year: startYear, month: month, day: day))]
            } else if let endYear, endYear >= startYear, endYear - startYear < 50 {
                periods = (startYear...endYear).map { .year($0) }
            } else {
                periods = [.year(startYear)]
            }
            guard !periods.isEmpty else { continue }
            let lower = text.distance(from: text.startIndex, to: match.range.lowerBound)
            let upper = text.distance(from: text.startIndex, to: match.range.upperBound)
            result.append(PeriodParser.Mention(periods: periods, range: lower..<upper))
        }
        return result
    }

    private static func western(_ eraName: Substring?, _ yearText: Substring) -> Int? {
        guard let year = yearText == "元" ? 1 : Int(yearText) else { return nil }
        if let eraName {
            guard let era = JapaneseEra(name: eraName), year <= 64 else { return nil }
            return era.westernYear(year)
        }
        return year >= 1800 && year <= 2200 ? year : nil
    }
}
