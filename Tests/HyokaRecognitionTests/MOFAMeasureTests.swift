import HyokaModel
import HyokaText
import Testing
@testable import HyokaRecognition

/// 002: the MOFA measure 「国際の平和と安定に対する取組」 with 11 個別分野.
@Suite("MOFA measure report (002)")
struct MOFAMeasureTests {
    let report: EvaluationReport
    let measure: Policy

    init() throws {
        report = try Corpus.recognize(Corpus.mofaMeasure)
        measure = try #require(report.policies.first)
    }

    @Test("The measure, its ministry and date")
    func measureHeader() {
        #expect(report.layout == .mofaSheet)
        #expect(report.kind == .evaluation)
        #expect(report.ministry == "外務省")
        #expect(measure.level == .measure)
        #expect(measure.title == "国際の平和と安定に対する取組")
        #expect(measure.evaluated == CalendarDate(year: 2024, month: 8))
        #expect(measure.bureau == "総合外交政策局")
        #expect(report.published == CalendarDate(year: 2024, month: 8))
    }

    @Test("Eleven fields with their titles, in order")
    func fields() {
        #expect(measure.fields.map(\.number) == Array(1...11).map(Optional.some))
        #expect(measure.fields[0].title == "中長期的かつ総合的な外交政策の企画立案と対外発信")
        #expect(measure.fields[2].title == "国際平和協力やその他の安全保障上の協力の拡充、体制の整備")
        #expect(measure.fields[5].title == "国連を始めとする国際機関における我が国の地位向上、望ましい国連の実現", "a title wrapped after 「、」 is joined")
        #expect(measure.fields[10].title == "科学技術に係る国際協力の推進")
        #expect(measure.fields[1].bureau == "総合外交政策局 安全保障政策課、安全保障協力課 宇宙・海洋安全保障政策室、経済安全保障政策室")
        #expect(measure.fields[0].line == 317)
        #expect(measure.fields[0].evaluated == CalendarDate(year: 2024, month: 8))
    }

    @Test("36 current mid-term goals, with their lines")
    func currentGoals() throws {
        let current = measure.fields.map { $0.goals.filter { $0.cycle == .current } }
        #expect(current.map(\.count) == [2, 6, 3, 3, 2, 3, 3, 2, 4, 4, 4])
        #expect(current.joined().count == 36)
        let first = try #require(current[0].first)
        #expect(first.number == 1)
        #expect(first.text == "中期的・戦略的な外交政策の企画立案能力を強化する。")
        #expect(first.line == 325 && first.endLine == 325)
        let wrapped = current[1][1]
        #expect(wrapped.line == 547 && wrapped.endLine == 549, "goal 2 of field 2 wraps over a blank line")
        #expect(wrapped.text.hasSuffix("海上交通の安全を確保する。"))
    }

    @Test("Next-cycle goals: headed bullets, numbered lines and paragraphs")
    func nextGoals() throws {
        let next = measure.fields.map { $0.goals.filter { $0.cycle == .next } }
        #expect(next[0].map(\.heading) == ["外交・安全保障調査研究事業費補助金", "国際共同研究支援事業費補助金（領土・主権・歴史調査研究支援事業）", "外交青書", "政策スピーチ"])
        #expect(next[2].map(\.number) == [1, 2, 3])
        #expect(next[2].map(\.line) == [1001, 1002, 1003])
        #expect(next[3].count == 1)
        #expect(next[3][0].line == 1172 && next[3][0].endLine == 1173)
        #expect(next.allSatisfy { !$0.isEmpty }, "every field states goals for the next cycle")
    }

    @Test("Measure objectives: numbers printed after their items, one lost at a page break")
    func objectives() {
        #expect(measure.objectives.map(\.number) == Array(1...11).map(Optional.some))
        #expect(measure.objectives[0].line == 9)
        #expect(measure.objectives[0].text == "有識者との意見交換及び研究の成果を踏まえ、中長期的かつ総合的な外交政策を企画、立案及び発信する。")
        #expect(measure.objectives[10].line == 50 && measure.objectives[10].endLine == 51)
        #expect(measure.nextObjectives.count == 11)
        #expect(measure.nextObjectives[3].text.hasPrefix("我が国として国際テロ対策に貢献"))
        #expect(!measure.nextObjectives[3].text.hasSuffix("4"), "the glued item number is not part of the text")
        #expect(measure.results.map(\.heading) == (1...11).map { String($0) })
    }

    @Test("19 expert opinions, linked to the fields they cite")
    func expertOpinions() {
        #expect(measure.expertComments.count == 19)
        let cited = Dictionary(grouping: measure.expertComments.compactMap(\.field), by: { $0 }).mapValues(\.count)
        #expect(cited == [1: 3, 2: 2, 3: 2, 6: 2, 8: 1, 9: 2, 10: 1])
        #expect(measure.expertComments.filter { $0.field == nil }.count == 6)
        let pko = measure.expertComments.first { $0.text.hasPrefix("個別分野3で、国際平和協力") }
        #expect(pko?.line == 286 && pko?.endLine == 290, "a bullet with a blank line inside stays one opinion")
    }

    @Test("Budget by fiscal year and group, in the table's unit")
    func budget() throws {
        func amount(_ group: String, _ kind: Budget.Kind, _ year: Int) -> Budget? {
            measure.budget.first { $0.group == group && $0.kind == kind && $0.fiscalYear == year }
        }
        let budget2021 = try #require(amount("measure", .budget, 2021))
        #expect(budget2021.amount == 3223)
        #expect(budget2021.unit == "百万円")
        #expect(budget2021.line == 252)
        #expect(amount("measure", .execution, 2021)?.amount == 2354)
        #expect(amount("measure", .execution, 2021)?.line == 254)
        #expect(amount("contributions", .budget, 2021)?.amount == 95663)
        #expect(amount("contributions", .execution, 2021)?.amount == 95280)
        #expect(amount("contributions", .budget, 2024)?.amount == 77140)
        #expect(amount("measure", .execution, 2024) == nil, "no execution is reported for the current year")
        #expect(measure.budget.count == 14)
    }

    @Test("Reference series: JPO retention 85.2 / 78.6 / 72.7 / 82.7 % for FY2020–2023")
    func jpoSeries() throws {
        let field6 = measure.fields[5]
        let jpo = try #require(field6.series.first { $0.title.hasPrefix("JPO派遣者") })
        #expect(jpo.role == .reference)
        #expect(jpo.unit == "%")
        #expect(jpo.points.map(\.period) == (2020...2023).map { Period.fiscalYear($0) })
        #expect(jpo.points.map(\.value) == [85.2, 78.6, 72.7, 82.7])
        #expect(jpo.points.allSatisfy { $0.line == 1489 && $0.kind == .actual })
        let staff = try #require(field6.series.first { $0.title.hasPrefix("国連関係機関で勤務する日本人職員数") })
        #expect(staff.points.map(\.value) == [918, 956, 961, nil])
        #expect(staff.points.last?.text == "公表予定", "a non-numeric cell keeps its text")
    }

    @Test("Footnotes printed under the last table go to the series whose title carries their marker")
    func footnotes() {
        let field1 = measure.fields[0]
        #expect(field1.series[0].notes == ["（注1）補助事業におけるシンポジウム・セミナー・ワークショップの主催、インタビューや報道発表の回数、政策提言を含む報告書や学術誌等の発行等の回数"])
        #expect(field1.series[1].notes == ["（出典：外務省）", "（注2）暦年でカウント"])
        #expect(measure.fields[5].series[0].notes.last == "（注）3年度前に派遣手続きをとった者の定着率")
    }

    @Test("A table numbered per indicator becomes one series per number")
    func numberedTable() {
        let field4 = measure.fields[3]
        #expect(field4.series.count == 5)
        #expect(field4.series[0].title.hasSuffix("有志国とのテロ対策協議の実施"))
        #expect(field4.series[0].points.map(\.value) == [1, 2, 5])
        #expect(field4.series[3].points.map(\.value) == [0, 20, 6])
    }

    @Test("Initiatives pair achievements with the directions printed beside them")
    func initiatives() throws {
        let field1 = measure.fields[0]
        #expect(field1.initiatives.map(\.title) == ["補助金事業の実施等を通じた外部有識者及びシンクタンクとの連携強化", "中長期的・戦略的外交政策の対外発信の強化", "政策スピーチ"])
        let first = field1.initiatives[0]
        #expect(first.directions.map(\.line) == [330, 337, 343])
        #expect(first.achievements.first?.heading == "外交・安全保障調査研究事業費補助金")
        #expect(first.achievements.first?.line == 352 && first.achievements.first?.endLine == 354)
        // The continuation page's directions and achievements stay with the same initiative.
        #expect(field1.initiatives[1].directions.map(\.line) == [371, 378, 398, 402])
        #expect(field1.initiatives[1].achievements.map(\.line) == [385, 390, 406, 411])
        let field3 = measure.fields[2]
        #expect(field3.initiatives.count == 3)
        #expect(field3.initiatives[0].directions.map(\.line) == [829, 835, 839], "directions printed above the column header")
    }

    @Test("Assessment parts with their headings; an embedded two-column block is not mistaken for assessment")
    func assessment() throws {
        let field1 = try #require(measure.fields[0].assessment)
        #expect(field1.parts.map(\.heading) == ["外交・安全保障調査研究事業費補助金", "国際共同研究支援事業費補助金（領土・主権・歴史調査研究支援事業）", "外交青書", "政策スピーチ"])
        let field11 = measure.fields[10]
        #expect(field11.assessment?.parts.count == 1)
        #expect(field11.initiatives.last?.title == "科学的知見の外交への活用促進")
        #expect(field11.initiatives.last?.directions.first?.line == 2267)
    }

    @Test("Review sheet and Bluebook citations inside sentences")
    func citations() {
        let field11 = measure.fields[10]
        #expect(Set(field11.references.filter { $0.kind == .reviewSheet }.compactMap(\.number)) == ["0186", "0187", "0188"])
        let field2 = measure.fields[1]
        #expect(field2.references.contains { $0.kind == .bluebook && $0.page == "201" })
    }

    @Test("Nothing is left unparsed in this report")
    func nothingUnparsed() {
        #expect(report.unparsed.isEmpty)
        #expect(report.warnings.isEmpty)
    }
}
