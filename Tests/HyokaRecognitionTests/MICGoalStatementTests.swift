import HyokaModel
import HyokaText
import Testing
@testable import HyokaRecognition

/// `GoalStatements` on made-up slides: the same shapes as the MIC report's,
/// in other words and other units, so that the rules hold for reports not yet seen.
@Suite("MIC goals stated in wrapped sentences")
struct MICGoalStatementTests {
    static func page(_ text: String) -> [Line] { Line.lines(of: SourceText(text)) }

    /// A deadline on the line above the figure, a progress heading, and a diagram that repeats the goal.
    static let networkSlide = page("""
    2030年度末までの中期的な目標として、全国の主要な幹線道路と離島の海底区間について、2022年度末を起点として、合計で約1,200km
    の光ファイバ網整備を目指す。

    ・進捗状況
    合計で約350km（北部：120km、南部：230km）の光ファイバ網を整備。

    2022年度末の整備済み延長の合計
    約800km

    2030年度末
    +約1,200km※1

    2026年度末
    約900km
    """)

    @Test("The deadline a line above the figure makes it a target; what follows the figure names it")
    func deadlineAboveFigure() throws {
        let series = GoalStatements.read(Self.networkSlide, used: [])
        let goal = try #require(series.first)
        #expect(series.count == 1)
        #expect(goal.title == "光ファイバ網整備")
        let target = try #require(goal.points(.target).first)
        #expect(target.period == .fiscalYear(2030) && target.value == 1200 && target.unit == "km" && target.approximate)
        #expect(target.line == 1 && target.endLine == 1, "the figure ends its first line; the point starts with the deadline")
    }

    @Test("Under 「進捗状況」 the first figure in the goal's unit is the progress; the bracketed parts are not points")
    func progress() throws {
        let goal = try #require(GoalStatements.read(Self.networkSlide, used: []).first)
        #expect(goal.points(.actual).map(\.value) == [350])
        #expect(goal.points(.actual).first?.period == nil)
        #expect(goal.points(.actual).first?.line == 5)
    }

    @Test("A diagram's box at the goal's 起点 is its baseline; at its deadline the same target is counted once; other years are not read")
    func diagramBoxes() throws {
        let goal = try #require(GoalStatements.read(Self.networkSlide, used: []).first)
        let baseline = try #require(goal.points(.baseline).first)
        #expect(baseline.period == .fiscalYear(2022) && baseline.value == 800 && baseline.line == 7 && baseline.endLine == 8)
        #expect(goal.points(.target).count == 1)
        #expect(goal.points.count == 3, "約900km in 2026年度末 is neither the 起点 nor the deadline")
    }

    @Test("A quoted goal wrapped between its number and its unit, and the part 「（うち…）」 after it")
    func quotedGoal() throws {
        let series = GoalStatements.read(Self.page("""
        当省では、「デジタル輸出戦略2030」（関係閣僚会議決定）における「2030年のデジタル関連輸出額12
        兆円」（うち中小企業分5兆円）という政府全体の目標の達成に向け、支援を行っている。
        """), used: [])
        #expect(series.map(\.title) == ["デジタル関連輸出額", "デジタル関連輸出額（中小企業分）"])
        let whole = try #require(series.first?.points.first)
        #expect(whole.kind == .target && whole.period == .year(2030) && whole.value == 12e12 && whole.unit == "円")
        #expect(whole.line == 1 && whole.endLine == 2)
        let part = try #require(series.last?.points.first)
        #expect(part.value == 5e12 && part.period == .year(2030) && part.line == 1 && part.endLine == 2)
    }

    @Test("No 目標, no goal: a quote with a figure, a deadline without 目標, a box on a slide with no goal")
    func notGoals() {
        #expect(GoalStatements.read(Self.page("""
        当省では、「2030年のデジタル関連輸出額12兆円」という試算が示されたことを踏まえ、支援を行っている。
        """), used: []).isEmpty)
        #expect(GoalStatements.read(Self.page("""
        2030年度末までの間に、全国の主要な幹線道路と離島の海底区間について、合計で約1,200kmの光ファイバ網を整備した。
        """), used: []).isEmpty)
        #expect(GoalStatements.read(Self.page("""
        新たな目標
        2022年度末の整備済み延長の合計
        約800km
        """), used: []).isEmpty)
    }

    @Test("A short label does not wrap into the line below; lines already read as a table are left alone")
    func sentences() {
        let lines = Self.page("""
        2030年度末までの目標として
        約1,200kmの光ファイバ網整備を目指す。
        """)
        #expect(GoalStatements.Sentence.all(in: lines, used: []).count == 2)
        #expect(GoalStatements.read(lines, used: []).isEmpty)
        #expect(GoalStatements.read(Self.networkSlide, used: [1, 2]).isEmpty)
    }

    /// A sentence's lines are joined as `LineShape.join` joins them, and each
    /// starts at the character offset the whole joined text gives it — also
    /// where a line opens with a combining mark (it merges with the character
    /// before it) or Latin meets Latin (a space is put between).
    @Test("Joined lines start where the joined text says, whatever the characters")
    func joinedOffsets() {
        let runs = [
            ["2030年度末までの目標として、全国の主要な幹線道路と離島の海底区間について約1,200", "kmの光ファイバ網整備を目指す。"],
            ["「2025年のインフラシステム受注34", "兆円」という目標"],
            ["カ\u{3099}イドラインに沿って整備する方針を", "\u{3099}目標とし、e", "Taxを推進する。"],
            ["  全角の空白で始まる行を含む段落で、", "", "　次の行に続く。"],
        ]
        for texts in runs {
            let lines = Self.page(texts.joined(separator: "\n"))
            let (text, starts) = GoalStatements.Sentence.joined(lines)
            var expected = ""
            var expectedStarts: [Int] = []
            for line in lines {
                let piece = TextNormalizer.normalize(line.text).trimmingJapaneseWhitespace()
                expected = LineShape.join([expected, piece])
                expectedStarts.append(expected.count - piece.count)
            }
            #expect(text == expected)
            #expect(starts.map(\.offset) == expectedStarts)
            #expect(starts.map(\.line) == lines.map(\.number))
        }
    }
}
