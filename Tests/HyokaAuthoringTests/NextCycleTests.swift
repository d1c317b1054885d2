import HyokaModel
import Testing
@testable import HyokaAuthoring

@Suite("Next cycle (次期) from an imported evaluation")
struct NextCycleTests {
    @Test("000: the page views keep FY2022–2024 and gain an empty FY2025 actual; the snapshot series gains none")
    func mofaSheetSeries() throws {
        let last = try Corpus.report(Corpus.mofaSheet)
        #expect(NextCycle.newFiscalYear(after: last) == 2025, "the latest actual is FY2024; the 令和7年4月時点 snapshot does not count")
        let (report, year) = NextCycle.report(from: last, id: "d-v1")
        #expect(year == 2025)
        let oldViews = try #require(last.policies.flatMap(\.fields).flatMap(\.series).first { $0.title.contains("アクセス件数") })
        let views = try #require(report.policies.flatMap(\.fields).flatMap(\.series).first { $0.title.contains("アクセス件数") })
        #expect(views.points.map(\.period) == [.fiscalYear(2022), .fiscalYear(2023), .fiscalYear(2024), .fiscalYear(2025)])
        #expect(Array(views.points.prefix(3).map(\.value)) == oldViews.points.map(\.value))
        let cell = try #require(views.points.last)
        #expect(cell.kind == .actual && cell.value == nil && cell.text.isEmpty && cell.unit == "件")
        let followers = try #require(report.policies.flatMap(\.fields).flatMap(\.series).first { $0.title == "フォロワー数" })
        let oldFollowers = try #require(last.policies.flatMap(\.fields).flatMap(\.series).first { $0.title == "フォロワー数" })
        #expect(followers.points.count == oldFollowers.points.count, "a series stated at a date gains no yearly cell")
    }

    @Test("000: the goals and initiatives are carried, the judgement is left to write")
    func mofaSheetGoals() throws {
        let last = try Corpus.report(Corpus.mofaSheet)
        let report = NextCycle.report(from: last, id: "d-v1").report
        let oldField = try #require(last.policies.first?.fields.first)
        let field = try #require(report.policies.first?.fields.first)
        #expect(field.title == oldField.title)
        #expect(field.goals.map(\.text) == oldField.goals.filter { $0.cycle == .current }.map(\.text), "no next-cycle goals were set, so the current ones stay")
        #expect(field.initiatives.map(\.title) == oldField.initiatives.map(\.title))
        #expect(field.initiatives.allSatisfy { $0.achievements.isEmpty && $0.directions.isEmpty })
        #expect(field.assessment == nil)
        #expect(report.ministry == "外務省" && report.id == "d-v1" && report.published == nil)
    }

    @Test("002: each field's 次回評価時に向けての中期目標 become its current goals, the 次期施策目標 the measure's objectives")
    func nextGoalsBecomeCurrent() throws {
        let last = try Corpus.report(Corpus.mofaMeasure)
        let report = NextCycle.report(from: last, id: "d-v1").report
        let oldMeasure = try #require(last.policies.first)
        let measure = try #require(report.policies.first)
        #expect(!oldMeasure.nextObjectives.isEmpty)
        #expect(measure.objectives.map(\.text) == oldMeasure.nextObjectives.map(\.text))
        #expect(measure.nextObjectives.isEmpty)
        var promoted = 0
        for (old, new) in zip(oldMeasure.fields, measure.fields) {
            let next = old.goals.filter { $0.cycle == .next }
            guard !next.isEmpty else { continue }
            promoted += 1
            #expect(new.goals.map(\.text) == next.map(\.text))
            #expect(new.goals.allSatisfy { $0.cycle == .current })
        }
        #expect(promoted >= 4, "002 sets next-cycle goals in several fields")
        #expect(oldMeasure.fields.contains { $0.assessment != nil })
        #expect(measure.fields.allSatisfy { $0.assessment == nil }, "the judgement is the new cycle's to write")
    }

    @Test("002: every budget row is carried and each group and kind gains an empty row for the new year")
    func budgetCarried() throws {
        let last = try Corpus.report(Corpus.mofaMeasure)
        let (report, year) = NextCycle.report(from: last, id: "d-v1")
        let newYear = try #require(year)
        let old = try #require(last.policies.first).budget
        let budget = try #require(report.policies.first).budget
        #expect(!old.isEmpty)
        #expect(Array(budget.prefix(old.count).map(\.amount)) == old.map(\.amount))
        for row in old where row.stage != .total {
            #expect(budget.contains { $0.group == row.group && $0.kind == row.kind && $0.fiscalYear == newYear },
                    "\(row.group) \(row.kind) FY\(newYear)")
        }
        let added = budget.dropFirst(old.count)
        #expect(!added.isEmpty && added.allSatisfy { $0.amount == nil && $0.fiscalYear == newYear })
    }

    @Test("004 (MIC): the same rules apply to a report of another ministry and layout")
    func micReport() throws {
        let last = try Corpus.report(Corpus.micReport)
        let (report, year) = NextCycle.report(from: last, id: "d-v1")
        let newYear = try #require(year)
        #expect(report.ministry == last.ministry && report.layout == .micMajorPolicy)
        let oldSeries = last.policies.flatMap { $0.series + $0.fields.flatMap(\.series) }
        let series = report.policies.flatMap { $0.series + $0.fields.flatMap(\.series) }
        #expect(series.count == oldSeries.count)
        let yearly = zip(oldSeries, series).filter { old, _ in old.points.contains { if case .fiscalYear? = $0.period { true } else { false } } }
        #expect(!yearly.isEmpty)
        for (old, new) in yearly where !old.points.contains(where: { $0.kind == .actual && $0.period == .fiscalYear(newYear) }) {
            #expect(new.points.count == old.points.count + 1, "\(old.title)")
            #expect(new.points.contains { $0.kind == .actual && $0.period == .fiscalYear(newYear) && $0.value == nil })
        }
    }

    @Test("Every element of a next-cycle draft has a line span within the draft, in reading order")
    func linesRenumbered() throws {
        for name in [Corpus.mofaSheet, Corpus.mofaMeasure, Corpus.micReport] {
            let report = NextCycle.report(from: try Corpus.report(name), id: "d-v1").report
            let spans = allLines(report)
            #expect(spans.allSatisfy { $0.0 >= 1 && $0.0 <= $0.1 && $0.1 <= report.lineCount }, "\(name)")
            let points = report.policies.flatMap { $0.series + $0.fields.flatMap(\.series) }.flatMap(\.points).map(\.line)
            #expect(Set(points).count == points.count, "each cell has its own line, so a finding names one cell")
        }
    }
}
