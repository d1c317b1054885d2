import HyokaModel
import Testing
@testable import HyokaText

@Suite("Japanese eras and periods")
struct PeriodParserTests {
    @Test("Era years convert to Western years, 元年 included", arguments: [
        (JapaneseEra.meiji, 1, 1868), (.taisho, 15, 1926), (.showa, 64, 1989), (.heisei, 1, 1989),
        (.heisei, 31, 2019), (.reiwa, 1, 2019), (.reiwa, 7, 2025),
    ])
    func eraYears(era: JapaneseEra, year: Int, western: Int) {
        #expect(era.westernYear(year) == western)
    }

    @Test("年度 is a fiscal year named by the year it starts in")
    func fiscalYears() {
        #expect(PeriodParser.period(in: "令和５年度") == .fiscalYear(2023))
        #expect(PeriodParser.period(in: "令和元年度") == .fiscalYear(2019))
        #expect(PeriodParser.period(in: "R4年度") == .fiscalYear(2022))
        #expect(PeriodParser.period(in: "R元年度") == .fiscalYear(2019))
        #expect(PeriodParser.period(in: "平成26年度") == .fiscalYear(2014))
        #expect(PeriodParser.period(in: "2023年度") == .fiscalYear(2023))
        #expect(PeriodParser.period(in: "Ｒ５年度") == .fiscalYear(2023), "full-width letters and digits are folded")
    }

    @Test("年 is a calendar year, never a fiscal year")
    func calendarYears() {
        #expect(PeriodParser.period(in: "2021年") == .year(2021))
        #expect(PeriodParser.period(in: "令和４年") == .year(2022))
        #expect(PeriodParser.period(in: "令和４年") != .fiscalYear(2022))
    }

    @Test("Points in time keep their month")
    func pointsInTime() {
        #expect(PeriodParser.period(in: "令和7年4月時点") == .asOf(CalendarDate(year: 2025, month: 4)))
        #expect(PeriodParser.period(in: "2012年12月末現在") == .asOf(CalendarDate(year: 2012, month: 12)))
        #expect(PeriodParser.period(in: "令和２年末時点") == .asOf(CalendarDate(year: 2020, month: 12)))
        #expect(PeriodParser.date(in: "2024（令和６）年８月") == CalendarDate(year: 2024, month: 8))
        #expect(PeriodParser.date(in: "政策評価実施時期 令和５年９月") == CalendarDate(year: 2023, month: 9))
    }

    @Test("Ranges expand to every fiscal year they cover")
    func ranges() {
        #expect(PeriodParser.periods(in: "過去３年度（令和３～５年度）の主な取組") == [.fiscalYear(2021), .fiscalYear(2022), .fiscalYear(2023)])
        #expect(PeriodParser.periods(in: "令和３年度～令和５年度") == [.fiscalYear(2021), .fiscalYear(2022), .fiscalYear(2023)])
        #expect(PeriodParser.periods(in: "令和４～６年度") == [.fiscalYear(2022), .fiscalYear(2023), .fiscalYear(2024)])
    }

    @Test("Bare years need an era from context")
    func impliedEra() {
        #expect(PeriodParser.period(in: "21年度") == nil)
        #expect(PeriodParser.period(in: "21年度", impliedEra: .heisei) == .fiscalYear(2009))
        #expect(PeriodParser.period(in: "３年間") == nil)
    }

    @Test("A Latin letter glued before a digit is not an era")
    func notAnEra() {
        #expect(PeriodParser.periods(in: "CSR4年").isEmpty)
    }

    @Test("Text without periods gives none")
    func none() {
        #expect(PeriodParser.periods(in: "国際社会の平和と安定").isEmpty)
        #expect(PeriodParser.periods(in: "").isEmpty)
    }
}

@Suite("Fiscal year of a date")
struct FiscalYearOfDateTests {
    @Test("April starts the fiscal year; March ends it; a bare year has none", arguments: [
        (CalendarDate(year: 2024, month: 3), 2023 as Int?), (CalendarDate(year: 2024, month: 4), 2024), (CalendarDate(year: 2020, month: 12), 2020),
        (CalendarDate(year: 2013), nil),
    ])
    func fiscalYear(date: CalendarDate, expected: Int?) {
        #expect(date.fiscalYear == expected)
    }
}
