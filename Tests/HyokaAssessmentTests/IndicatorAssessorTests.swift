import HyokaModel
import Testing
@testable import HyokaAssessment

/// Hand-worked cases for the achievement and trajectory rules.
@Suite("Indicator achievement and trajectory")
struct IndicatorAssessorTests {
    let assessor = IndicatorAssessor(currentFiscalYear: 2023)

    func series(_ title: String, actuals: [(Int, Double?)], target: (Int, Double)?, baseline: (Int, Double)? = nil) -> Indicator {
        var points = actuals.map { year, value in
            SeriesPoint(period: .fiscalYear(year), kind: .actual, value: value, text: value.map { "\($0)" } ?? "公表予定", line: 10, endLine: 10)
        }
        if let target { points.append(SeriesPoint(period: .fiscalYear(target.0), kind: .target, value: target.1, text: "\(target.1)", line: 11, endLine: 11)) }
        if let baseline { points.append(SeriesPoint(period: .fiscalYear(baseline.0), kind: .baseline, value: baseline.1, text: "\(baseline.1)", line: 9, endLine: 9)) }
        return Indicator(title: title, role: .outcome, targetYear: target?.0, points: points, line: 8, endLine: 11)
    }

    @Test("地域おこし協力隊の隊員数: 6,447 in FY2022 is behind the path from 5,560 (FY2020) to 10,000 (FY2026)")
    func membersBehind() {
        let result = assessor.assess(series("隊員数", actuals: [(2020, 5560), (2021, 6015), (2022, 6447)], target: (2026, 10000)))
        #expect(result.status == .behind)
        #expect(result.expectedOnPath == 7040) // 5,560 + (10,000 − 5,560) × 2/6
        #expect(result.reason.ja.contains("7,040"))
        #expect(result.reason.en.contains("behind"))
    }

    @Test("応募件数: falling from 5,032 to 4,904 while the target is 6,000 is moving away")
    func applicationsMovingAway() {
        let result = assessor.assess(series("応募件数", actuals: [(2020, 5032), (2021, 4906), (2022, 4904)], target: (2024, 6000)))
        #expect(result.status == .movingAway)
    }

    @Test("A target met before its year is achieved; well above it, exceeded")
    func metEarly() {
        #expect(assessor.assess(series("x", actuals: [(2020, 100), (2022, 125)], target: (2025, 120))).status == .achieved)
        let exceeded = assessor.assess(series("x", actuals: [(2020, 100), (2022, 150)], target: (2025, 120)))
        #expect(exceeded.status == .exceeded)
        #expect(exceeded.achievement == 1.25)
    }

    @Test("A zero baseline: halfway in time and value is on track")
    func zeroBaseline() {
        let result = assessor.assess(series("x", actuals: [(2022, 50)], target: (2024, 100), baseline: (2020, 0)))
        #expect(result.status == .onTrack)
        #expect(result.expectedOnPath == 50)
    }

    @Test("Decreasing targets: lower is better when the indicator says 削減")
    func decreasing() {
        func status(_ latest: Double) -> IndicatorStatus {
            assessor.assess(series("事故件数の削減", actuals: [(2020, 100), (2022, latest)], target: (2025, 50))).status
        }
        #expect(status(80) == .onTrack) // path: 100 − 50 × 2/5 = 80
        #expect(status(90) == .behind)
        #expect(status(110) == .movingAway)
        #expect(status(45) == .achieved)
    }

    @Test("A ceiling (「10％以内」) is met while the value stays under it")
    func ceiling() {
        var within = series("事務局運営費の比率（10%以内）", actuals: [(2021, 7), (2022, 8), (2023, 9)], target: (2023, 10))
        #expect(IndicatorAssessor.direction(of: within) == .ceiling)
        #expect(assessor.assess(within).status == .achieved)
        within.points[2].value = 10.37
        #expect(assessor.assess(within).status == .notMet)
    }

    @Test("Non-numeric points (「公表予定」) and missing years are skipped")
    func gaps() {
        let result = assessor.assess(series("日本人職員数", actuals: [(2020, 918), (2022, 961), (2023, nil)], target: (2025, 1000)))
        #expect(result.latest?.value == 961)
        #expect(result.status == .onTrack) // path: 918 + 82 × 2/5 = 950.8
    }

    @Test("The target year has passed without meeting the target")
    func notMet() {
        #expect(assessor.assess(series("x", actuals: [(2020, 80), (2022, 90)], target: (2022, 100))).status == .notMet)
    }

    @Test("Without a target there is nothing to assess")
    func noTarget() {
        #expect(assessor.assess(series("x", actuals: [(2020, 80)], target: nil)).status == .notAssessable)
    }
}

@Suite("Measure ratings")
struct RatingTests {
    func assessment(_ title: String, _ status: IndicatorStatus) -> IndicatorAssessment {
        IndicatorAssessment(title: title, unit: nil, direction: .higherIsBetter, status: status, achievement: nil, expectedOnPath: nil,
                            baseline: nil, latest: nil, target: nil, reason: LocalizedText(ja: "", en: ""), line: 1, endLine: 1)
    }

    @Test("The five levels from indicator results", arguments: [
        ([IndicatorStatus.exceeded, .exceeded], Rating.exceeded),
        ([.exceeded, .achieved], .achieved),
        ([.achieved, .onTrack, .behind], .substantialProgress),
        ([.achieved, .behind, .behind], .limitedProgress),
        ([.movingAway, .behind, .behind], .limitedProgress),
        ([.movingAway, .notMet, .behind], .notProgressing),
    ])
    func levels(statuses: [IndicatorStatus], expected: Rating) throws {
        let assessments = statuses.enumerated().map { assessment("i\($0.offset)", $0.element) }
        let rating = try #require(MeasureRating.rate(assessments))
        #expect(rating.rating == expected)
        #expect(rating.reason.ja.contains("\(statuses.count)指標"))
    }

    @Test("The same indicator printed twice counts once; unassessable ones are left out")
    func duplicates() {
        let rating = MeasureRating.rate([assessment("隊員数", .behind), assessment("隊員数", .behind), assessment("応募件数", .movingAway), assessment("x", .notAssessable)])
        #expect(rating?.rating == .notProgressing) // 1 of 2 distinct indicators moves away
        #expect(MeasureRating.rate([assessment("x", .notAssessable)]) == nil)
    }

    @Test("Stated judgements are classified with their sentence")
    func stated() {
        let blocks = [TextBlock(text: "中期目標を概ね達成することができたと評価。他方、更なる取組が必要となっている。", line: 5, endLine: 6),
                      TextBlock(text: "一定の進捗がみられた。", line: 8, endLine: 8)]
        let judgements = StatedJudgement.classify(blocks, field: 9)
        #expect(judgements.map(\.rating) == [.achieved, .limitedProgress, .substantialProgress])
        #expect(judgements.first?.sentence == "中期目標を概ね達成することができたと評価。")
        #expect(judgements.first?.field == 9 && judgements.first?.line == 5)
        #expect(StatedJudgement.overall(judgements) == .limitedProgress, "a three-way tie goes to the lower rating")
    }
}
