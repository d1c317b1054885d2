import HyokaAssessment
import HyokaModel
import Testing
@testable import HyokaAuthoring

@Suite("Edits: typed commands, validated, each with its audit change")
struct EditTests {
    static func blank() -> EvaluationReport { StandardTemplate.report(id: "t-v1", ministry: "外務省", fiscalYear: 2025) }
    static let indicator = SeriesRef(policy: 0, index: 0)

    func refusal(_ edit: DraftEdit, on report: EvaluationReport = blank()) -> DraftError? {
        var report = report
        do { _ = try DraftEditor.apply(edit, to: &report); return nil } catch let error as DraftError { return error } catch { return nil }
    }

    @Test("The blank template has every heading of the standard format")
    func template() throws {
        let report = Self.blank()
        let policy = try #require(report.policies.first)
        #expect(policy.overview.first?.heading == "施策の概要")
        #expect(policy.objectives.count == 1)
        let series = try #require(policy.series.first)
        #expect(series.role == .measure)
        #expect(Set(series.points.map(\.kind)) == [.baseline, .target, .actual])
        #expect(Set(policy.budget.map(\.fiscalYear)) == [2023, 2024, 2025] && Set(policy.budget.map(\.kind)) == [.budget, .execution])
        #expect(policy.results.contains { $0.heading == "評価区分" })
        #expect(policy.notes.contains { $0.heading == "学識経験を有する者の知見の活用" })
    }

    @Test("A number with its unit is stored with value, unit and text; the change is old → new")
    func actualWithUnit() throws {
        var report = Self.blank()
        _ = try DraftEditor.apply(.setUnit(Self.indicator, text: "件"), to: &report)
        let first = try DraftEditor.apply(.setPoint(Self.indicator, kind: .actual, fiscalYear: 2025, text: "1,200件"), to: &report)
        #expect(first == AppliedEdit(key: "p0.s0.actual.FY2025", oldValue: "", newValue: "1,200件"))
        let again = try DraftEditor.apply(.setPoint(Self.indicator, kind: .actual, fiscalYear: 2025, text: "1300"), to: &report)
        #expect(again.oldValue == "1,200件" && again.newValue == "1300")
        let point = try #require(report.policies[0].series[0].points.first { $0.period == .fiscalYear(2025) && $0.kind == .actual })
        #expect(point.value == 1300 && point.unit == "件")
    }

    @Test("Not a number, another unit, no unit at all: each refused with a message for its field")
    func numberMessages() throws {
        var withUnit = Self.blank()
        _ = try DraftEditor.apply(.setUnit(Self.indicator, text: "件"), to: &withUnit)
        let word = try #require(refusal(.setPoint(Self.indicator, kind: .actual, fiscalYear: 2025, text: "たくさん"), on: withUnit))
        #expect(word.kind == .invalid && word.key == "p0.s0.actual.FY2025")
        #expect(word.message.ja.contains("数値として読めない") && word.message.en.contains("not a number"))
        let unit = try #require(refusal(.setPoint(Self.indicator, kind: .actual, fiscalYear: 2025, text: "5人"), on: withUnit))
        #expect(unit.message.ja.contains("「人」") && unit.message.ja.contains("「件」"))
        let bare = try #require(refusal(.setPoint(Self.indicator, kind: .actual, fiscalYear: 2025, text: "120")))
        #expect(bare.message.en.contains("unit"))
        #expect(refusal(.setPoint(Self.indicator, kind: .actual, fiscalYear: 2025, text: "120件")) == nil, "a unit typed with the number is taken")
    }

    @Test("A target needs a target year; with one it is accepted")
    func targetNeedsYear() throws {
        var report = Self.blank()
        _ = try DraftEditor.apply(.setUnit(Self.indicator, text: "件"), to: &report)
        let refused = try #require(refusal(.setPoint(Self.indicator, kind: .target, fiscalYear: nil, text: "2,000件"), on: report))
        #expect(refused.message.ja.contains("目標年度") && refused.key == "p0.s0.target")
        _ = try DraftEditor.apply(.setTargetYear(Self.indicator, text: "令和9年度"), to: &report)
        #expect(report.policies[0].series[0].targetYear == 2027)
        _ = try DraftEditor.apply(.setPoint(Self.indicator, kind: .target, fiscalYear: nil, text: "2,000件"), to: &report)
        #expect(report.policies[0].series[0].points(.target).map(\.value) == [2000])
        #expect(refusal(.setTargetYear(Self.indicator, text: ""), on: report) != nil, "the target's year cannot be taken away")
    }

    @Test("Fiscal years: 2025, 2025年度 and 令和7年度 are FY2025; words and far years are refused")
    func fiscalYears() throws {
        #expect(try DraftEditor.fiscalYear("2025", key: nil) == 2025)
        #expect(try DraftEditor.fiscalYear("2025年度", key: nil) == 2025)
        #expect(try DraftEditor.fiscalYear("令和7年度", key: nil) == 2025)
        #expect(try DraftEditor.fiscalYear("令和元年度", key: nil) == 2019)
        for text in ["来年", "25000", "1800"] {
            #expect(throws: DraftError.self) { try DraftEditor.fiscalYear(text, key: "y") }
        }
        #expect(refusal(.setPoint(Self.indicator, kind: .actual, fiscalYear: 3000, text: "1件")) != nil)
        #expect(refusal(.setPoint(Self.indicator, kind: .actual, fiscalYear: nil, text: "1件"))?.message.ja.contains("年度") == true)
    }

    @Test("Budget amounts: in the table's unit, never negative")
    func budget() throws {
        var report = Self.blank()
        let change = try DraftEditor.apply(.setBudget(policy: 0, group: "measure", kind: .execution, fiscalYear: 2024, text: "3,223"), to: &report)
        #expect(change.key == "p0.budget.measure.execution.FY2024")
        #expect(report.policies[0].budget.first { $0.kind == .execution && $0.fiscalYear == 2024 }?.amount == 3223)
        #expect(refusal(.setBudget(policy: 0, group: "measure", kind: .budget, fiscalYear: 2024, text: "-5")) != nil)
        #expect(refusal(.setBudget(policy: 0, group: "measure", kind: .budget, fiscalYear: 2024, text: "5件"))?.message.ja.contains("千円") == true)
        #expect(refusal(.setBudget(policy: 0, group: "nothing", kind: .budget, fiscalYear: 2024, text: "5"))?.kind == .notFound)
    }

    @Test("Texts: the measure needs a name; control characters are refused; an unknown element is not found")
    func texts() throws {
        var report = Self.blank()
        let change = try DraftEditor.apply(.setText(.measureName(policy: 0), "IT広報の実施"), to: &report)
        #expect(change == AppliedEdit(key: "p0.title", oldValue: "", newValue: "IT広報の実施"))
        #expect(refusal(.setText(.measureName(policy: 0), "  ")) != nil)
        #expect(refusal(.setText(.overview(policy: 0), "a\u{0007}b"))?.message.en.contains("Control") == true)
        #expect(refusal(.setText(.goal(policy: 0, field: 3, index: 0), "x"))?.kind == .notFound)
        _ = try DraftEditor.apply(.setText(.expertKnowledge(policy: 0), "有識者会合で意見を聴取した。"), to: &report)
        #expect(report.policies[0].notes.first { $0.heading == "学識経験を有する者の知見の活用" }?.text == "有識者会合で意見を聴取した。")
    }

    @Test("The stated rating is kept as 評価区分 and read back")
    func statedRating() throws {
        var report = Self.blank()
        let change = try DraftEditor.apply(.setStatedRating(policy: 0, field: nil, .achieved), to: &report)
        #expect(change == AppliedEdit(key: "p0.rating", oldValue: nil, newValue: "目標達成"))
        #expect(StatedRating.read(report.policies[0].results) == .achieved)
        _ = try DraftEditor.apply(.setStatedRating(policy: 0, field: nil, nil), to: &report)
        #expect(StatedRating.read(report.policies[0].results) == nil)
    }
}

@Suite("Live review of a draft")
struct LiveReviewTests {
    @Test("An actual moving away from the target raises a finding and a stated/computed gap; fixing the value clears both")
    func findingAppearsAndGoes() throws {
        var report = StandardTemplate.report(id: "t-v1", ministry: "外務省", fiscalYear: 2025)
        let s = SeriesRef(policy: 0, index: 0)
        for edit: DraftEdit in [
            .setText(.measureName(policy: 0), "IT広報の実施"), .setText(.indicatorTitle(s), "HPアクセス件数"), .setUnit(s, text: "件"),
            .setPoint(s, kind: .baseline, fiscalYear: 2022, text: "100件"), .setTargetYear(s, text: "2026"),
            .setPoint(s, kind: .target, fiscalYear: nil, text: "200件"), .setPoint(s, kind: .actual, fiscalYear: 2024, text: "90件"),
            .setPoint(s, kind: .actual, fiscalYear: 2025, text: "60件"), .setStatedRating(policy: 0, field: nil, .achieved),
        ] { _ = try DraftEditor.apply(edit, to: &report) }
        let broken = DraftReview(report)
        let judgement = try #require(broken.judgements.first)
        #expect(judgement.stated == .achieved)
        let computed = try #require(judgement.computed?.rating)
        #expect(computed > .substantialProgress, "falling away from the target rates low")
        #expect(broken.findings.contains { $0.rule == "stated-vs-computed" })
        let series = report.policies[0].series[0]
        #expect(broken.findings(for: series).contains { $0.severity == .error || $0.severity == .warning }, "the finding sits beside the indicator")

        _ = try DraftEditor.apply(.setPoint(s, kind: .actual, fiscalYear: 2025, text: "210件"), to: &report)
        let fixed = DraftReview(report)
        #expect(!fixed.findings.contains { $0.rule == "stated-vs-computed" })
        #expect(fixed.judgements.first?.computed?.rating ?? .notProgressing <= .achieved)
        #expect(fixed.findings(for: report.policies[0].series[0]).filter { $0.severity == .error }.isEmpty)
    }
}

@Suite("Form keys")
struct DraftKeysTests {
    @Test("Every value a form shows has a key that parses back to an edit of the same key (002 and the template)")
    func keysRoundTrip() throws {
        let reports = [NextCycle.report(from: try Corpus.report(Corpus.mofaMeasure), id: "d-v1").report,
                       StandardTemplate.report(id: "t-v1", ministry: "外務省", fiscalYear: 2025)]
        for report in reports {
            let values = DraftKeys.values(of: report)
            #expect(values.count > 10)
            for (key, value) in values {
                let edit = try #require(DraftKeys.edit(key: key, value: value), "\(key)")
                #expect(edit.key == key)
            }
        }
    }

    @Test("Only changed values become edits; unknown and malformed keys are ignored")
    func onlyChanges() throws {
        let report = StandardTemplate.report(id: "t-v1", ministry: "外務省", fiscalYear: 2025)
        var form = DraftKeys.values(of: report)
        form["p0.title"] = "新しい施策"
        form["p9.title"] = "x"
        form["p0.s0.actual.FYx"] = "1件"
        form["csrf"] = "token"
        let edits = DraftKeys.edits(from: form, current: DraftKeys.values(of: report))
        #expect(edits.map(\.key) == ["p0.title"])
        #expect(DraftKeys.edit(key: "p0.s0.actual.FYx", value: "1") == nil)
        #expect(DraftKeys.edit(key: "p0.rating", value: "excellent") == nil)
    }

    @Test("A form that sets a target with its target year, or a new unit with a value in it, is applied as one change")
    func seriesAttributesFirst() throws {
        var report = StandardTemplate.report(id: "t-v1", ministry: "外務省", fiscalYear: 2025)
        var form = DraftKeys.values(of: report)
        form["p0.s0.unit"] = "件"
        form["p0.s0.targetYear"] = "2027"
        form["p0.s0.target"] = "200"
        let edits = DraftKeys.edits(from: form, current: DraftKeys.values(of: report))
        #expect(edits.map(\.key) == ["p0.s0.targetYear", "p0.s0.unit", "p0.s0.target"])
        for edit in edits { _ = try DraftEditor.apply(edit, to: &report) }
        #expect(report.policies[0].series[0].points(.target).first?.value == 200)
    }
}
