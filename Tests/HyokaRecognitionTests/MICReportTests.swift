import HyokaModel
import Testing
@testable import HyokaRecognition

/// 004 part 1: MIC 令和５年度主要な政策に係る評価書, policies 2 and 4.
@Suite("MIC major-policy report (004 part 1)")
struct MICReportTests {
    let report: EvaluationReport

    init() throws {
        report = try Corpus.recognize(Corpus.micReport)
    }

    @Test("Document and policy headers")
    func headers() throws {
        #expect(report.layout == .micMajorPolicy)
        #expect(report.ministry == "総務省")
        #expect(report.title == "令和5年度主要な政策に係る評価書")
        #expect(report.policies.map(\.number) == ["2", "4"])
        let policy2 = report.policies[0]
        #expect(policy2.level == .policy)
        #expect(policy2.title == "行政評価等による行政制度・運営の改善")
        #expect(policy2.bureau == "行政評価局 総務課、政策評価課、行政相談企画課")
        #expect(policy2.author == "行政評価局総務課長 渡邉 浩之")
        #expect(policy2.evaluated == CalendarDate(year: 2023, month: 9))
        #expect(policy2.line == 27)
        let policy4 = report.policies[1]
        #expect(policy4.title == "地域振興（地域力創造）")
        #expect(policy4.bureau == "自治行政局地域力創造グループ地域政策課、地域自立応援課、地域振興室、人材力活性化・連携交流室、過疎対策室、国際室")
        #expect(policy4.author == "自治行政局地域政策課長 西中 隆")
        #expect(policy4.evaluated == CalendarDate(year: 2023, month: 9))
        #expect(policy4.line == 1257)
    }

    @Test("成果目標: 地域おこし協力隊の隊員数 5,560 / 6,015 / 6,447, target 10,000 in FY2026")
    func outcomeSeries() throws {
        let policy4 = report.policies[1]
        let members = policy4.series.filter { $0.title == "地域おこし協力隊の隊員数" }
        #expect(members.count == 2, "the table is printed under two initiatives")
        let series = try #require(members.first)
        #expect(series.role == .outcome)
        #expect(series.unit == "人")
        #expect(series.targetYear == 2026)
        #expect(series.points(.actual).map(\.period) == [.fiscalYear(2020), .fiscalYear(2021), .fiscalYear(2022)])
        #expect(series.points(.actual).map(\.value) == [5560, 6015, 6447])
        #expect(series.points(.actual).first?.line == 2262)
        #expect(series.points(.target).map(\.value) == [10000])
        #expect(series.points(.target).first?.period == .fiscalYear(2026))
        #expect(series.points(.target).first?.line == 2264)
        #expect(series.notes == ["成果目標：地域おこし協力隊の隊員数の増加"])
        let applications = try #require(policy4.series.first { $0.title == "地域おこし協力隊の応募件数" })
        #expect(applications.targetYear == 2024)
        #expect(applications.points(.target).map(\.value) == [6000])
        #expect(applications.points(.actual).map(\.value) == [5032, 4906, 4904])
    }

    @Test("Year tables read eras that only some cells state (21年度 … R元年度 … R4年度)")
    func yearTable() throws {
        let policy4 = report.policies[1]
        let municipalities = try #require(policy4.series.first { $0.title == "自治体数" })
        #expect(municipalities.points.first?.period == .fiscalYear(2009))
        #expect(municipalities.points.last?.period == .fiscalYear(2022))
        #expect(municipalities.points.last?.value == 1118)
        #expect(municipalities.points.last?.line == 1445)
        let interns = try #require(policy4.series.first { $0.title == "インターン参加者数" })
        #expect(interns.points.map(\.period) == [.fiscalYear(2021), .fiscalYear(2022)], "a series that starts late covers the latest years")
        let companies = try #require(policy4.series.first { $0.title == "企業人数" })
        #expect(companies.points.first?.period == .fiscalYear(2014), "26年度 … 元年度 crosses from 平成 into 令和")
        #expect(companies.points.last?.value == 618)
    }

    @Test("The logic model with the targets written in its cells")
    func logicModel() throws {
        let model = try #require(report.policies[0].logicModels.first)
        #expect(model.stages == ["アクティビティ", "活動モニタリング指標", "短期アウトカム", "中期～長期アウトカム"])
        let solved = try #require(model.cells.first { $0.text.hasPrefix("・技術的・制度的課題の解決件数") })
        #expect(solved.target == "把握した課題の70%")
        #expect(solved.line == 229)
        #expect(model.cells.contains { $0.target == "各府省政策評価担当官会議の評価B以上" })
    }

    @Test("Slides are sections titled by their captions; links keep wrapped URLs whole")
    func slides() throws {
        let policy2 = report.policies[0]
        #expect(policy2.sections.contains { $0.kind == .slide && $0.title == "① 政策評価の推進（制度概要）" })
        let link = try #require(policy2.references.first { $0.text == "令和5年度行政事業レビューシート" })
        #expect(link.url == "https://www.soumu.go.jp/menu_yosan/jigyou5/kizon/kizon_r5_2-1.html")
        #expect(link.line == 1218 && link.endLine == 1219)
        let budget = try #require(report.policies[1].budget.first)
        #expect(budget.group == "地域おこし協力隊について")
        #expect(budget.amount == 208 && budget.unit == "百万円" && budget.fiscalYear == 2023)
    }

    @Test("A 「R５予算額」 box repeating the amount stated beside a programme's name is that programme's, not the slide's")
    func restatedBudget() throws {
        let grants = report.policies[1].budget.filter { $0.amount == 8 && $0.unit == "億円" }
        #expect(grants.map(\.line) == [2043, 2054])
        #expect(grants.allSatisfy { $0.group == "過疎地域持続的発展支援交付金" && $0.fiscalYear == 2023 && $0.stage == .initial })
        #expect(!report.policies[1].budget.contains { $0.group == "過疎対策について" }, "no statement is left on the slide's title")
    }
}
