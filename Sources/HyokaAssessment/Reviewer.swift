import Foundation
import HyokaEvidence
import HyokaModel
import HyokaText

/// The automated review (点検) of one document: indicator assessments, the
/// computed and stated ratings, and findings for a reviewer.
public struct Review: Codable, Sendable {
    public var document: String
    public var indicators: [IndicatorAssessment]
    /// Per policy (by title): the rating computed from its indicators.
    public var computedRatings: [String: ComputedRating]
    public var stated: [StatedJudgement]
    public var findings: [Finding]
    /// Totals printed with their parts, as read (whether or not they add up).
    public var breakdowns: [Breakdown]
}

/// Runs the review rules (docs/review-rules.md) over a document.
public struct Reviewer: Sendable {
    public var rules: AssessmentRules
    /// Bluebook editions (years) the library holds, to check citations; nil skips that rule.
    public var libraryEditions: Set<Int>?

    public init(rules: AssessmentRules = AssessmentRules(), libraryEditions: Set<Int>? = nil) {
        self.rules = rules
        self.libraryEditions = libraryEditions
    }

    public func review(_ report: EvaluationReport, source: SourceText, facts: [Fact]) -> Review {
        var findings: [Finding] = []
        var indicators: [IndicatorAssessment] = []
        var computed: [String: ComputedRating] = [:]
        var stated: [StatedJudgement] = []
        let currentFiscalYear = report.published.map { $0.fiscalYear ?? $0.year }
        let assessor = IndicatorAssessor(rules: rules, currentFiscalYear: currentFiscalYear)
        let progress = SeriesProgress(rules: rules, currentFiscalYear: currentFiscalYear)
        for policy in report.policies {
            var policyIndicators: [IndicatorAssessment] = []
            for series in policy.series + policy.fields.flatMap(\.series) {
                findings += seriesFindings(series, document: report.id)
                findings += progress.findings(series, among: policy.series + policy.fields.flatMap(\.series), document: report.id)
                guard series.role != .reference || !series.points(.target).isEmpty else { continue }
                let assessment = assessor.assess(series)
                policyIndicators.append(assessment)
                if let finding = trajectoryFinding(assessment, document: report.id) { findings.append(finding) }
            }
            indicators += policyIndicators
            if let rating = MeasureRating.rate(policyIndicators, rules: rules) { computed[policy.title] = rating }
            var policyStated: [StatedJudgement] = []
            for field in policy.fields {
                policyStated += StatedJudgement.classify(field.assessment?.parts ?? [], field: field.number)
                findings += goalFindings(field, document: report.id)
            }
            policyStated += StatedJudgement.classify(policy.results, field: nil)
            stated += policyStated
            if let rating = computed[policy.title]?.rating, let said = StatedJudgement.overall(policyStated),
               abs((Rating.allCases.firstIndex(of: rating) ?? 0) - (Rating.allCases.firstIndex(of: said) ?? 0)) >= 2 {
                findings.append(Finding(
                    rule: "stated-vs-computed", severity: .warning,
                    message: LocalizedText(ja: "記述上の評価（\(said.label)）が指標から算定した評価（\(rating.label)）と2段階以上異なる。",
                                           en: "The stated judgement (\(said.label)) is two or more levels from the rating computed from the indicators (\(rating.label))."),
                    document: report.id, line: policy.line, endLine: policy.line))
            }
            findings += budgetFindings(policy.budget, document: report.id)
            findings += citationFindings(policy.references + policy.fields.flatMap(\.references), document: report.id)
        }
        let sums = SumCheck().check(source, document: report.id)
        findings += sums.findings
        findings += ConflictCheck(bracketNotes: BracketNotes(source)).findings(facts.filter { $0.document == report.id })
        return Review(document: report.id, indicators: indicators, computedRatings: computed, stated: stated, findings: Self.ordered(findings),
                      breakdowns: sums.breakdowns)
    }

    // MARK: Indicators

    private func trajectoryFinding(_ assessment: IndicatorAssessment, document: String) -> Finding? {
        let (rule, severity): (String, Finding.Severity)
        switch assessment.status {
        case .behind: (rule, severity) = ("indicator-behind", .warning)
        case .movingAway: (rule, severity) = ("indicator-moving-away", .error)
        case .notMet: (rule, severity) = ("indicator-not-met", .warning)
        default: return nil
        }
        return Finding(rule: rule, severity: severity,
                       message: LocalizedText(ja: "「\(assessment.title)」：\(assessment.reason.ja)", en: "“\(assessment.title)”: \(assessment.reason.en)"),
                       document: document, relatedLines: [assessment.latest?.line, assessment.target?.line].compactMap { $0 },
                       line: assessment.line, endLine: assessment.endLine)
    }

    private func seriesFindings(_ series: Indicator, document: String) -> [Finding] {
        var findings: [Finding] = []
        func add(_ rule: String, _ severity: Finding.Severity, _ ja: String, _ en: String) {
            findings.append(Finding(rule: rule, severity: severity, message: LocalizedText(ja: "「\(series.title)」：\(ja)", en: "“\(series.title)”: \(en)"),
                                    document: document, line: series.line, endLine: series.endLine))
        }
        let targets = series.points(.target)
        if series.role == .outcome || series.role == .measure {
            if targets.isEmpty {
                add("indicator-without-target", .warning, "目標値が設定されていない。", "No target is set.")
            } else if targets.allSatisfy({ $0.value == nil }) {
                add("target-not-quantified", .warning, "目標値が数値で示されていない。", "The target is not quantified.")
            }
            // A KPI table may say in a note which year its targets are for (「R４年度目標値または最終年度目標値」).
            if series.targetYear == nil && targets.allSatisfy({ $0.period == nil }) && !series.notes.contains(where: { $0.containsLiteral("年度目標") }) {
                add("indicator-without-target-year", .warning, "目標年度が示されていない。", "No target year is stated.")
            }
            // Without any actual there is no trajectory to judge (targets-without-actuals says so).
            if series.points(.baseline).isEmpty, series.points(.actual).contains(where: { $0.value != nil }) {
                let first = series.points(.actual).first { $0.value != nil }?.period.map { "\($0)" } ?? "—"
                add("indicator-without-baseline", .info, "基準値・基準年度が示されていない（最初の実績値（\(first)）を基準として軌道を判定した）。",
                    "No baseline or base year is stated (the first actual, \(first), was used as the base for the trajectory).")
            }
        }
        let units = Set(series.points.compactMap { EvidenceMatcher.canonicalUnit($0.unit ?? series.unit) })
        if units.count > 1 {
            add("unit-mismatch", .error, "単位が混在している（\(units.sorted().joined(separator: "・"))）。", "Units are mixed (\(units.sorted().joined(separator: ", "))).")
        }
        let kinds = Set(series.points.compactMap { point -> String? in
            switch point.period { case .fiscalYear: "年度"; case .year: "年"; case .asOf: "時点"; case nil: nil }
        })
        if kinds.count > 1 {
            add("period-mismatch", .warning, "年度・年・時点が混在している。", "Fiscal years, calendar years and dates are mixed.")
        } else if kinds == ["年度"], series.notes.contains(where: { $0.containsLiteral("暦年") }) {
            add("period-mismatch", .warning, "表頭は年度だが、注記では暦年で計上している。いずれの期間か確認されたい。",
                "The header gives fiscal years (年度) but a note says the figures are by calendar year (暦年); check which is meant.")
        }
        return findings
    }

    // MARK: Goals, budget, citations

    private func goalFindings(_ field: Field, document: String) -> [Finding] {
        var findings: [Finding] = []
        let current = field.goals.filter { $0.cycle == .current }
        let next = field.goals.filter { $0.cycle == .next }
        if !current.isEmpty, field.series.isEmpty {
            findings.append(Finding(
                rule: "goal-without-indicator", severity: .warning,
                message: LocalizedText(ja: "個別分野\(field.number.map(String.init) ?? "")「\(field.title)」の中期目標（\(current.count)件）に対応する指標がない。",
                                       en: "Field \(field.number.map(String.init) ?? "") “\(field.title)” has \(current.count) mid-term goal(s) but no indicator."),
                document: document, relatedLines: current.map(\.line), line: field.line, endLine: field.line))
        }
        // Dropped goals: only where the next-cycle goals are itemised, so that a merged paragraph is not read as dropping everything.
        guard next.count >= 2 else { return findings }
        for goal in current {
            let closest = next.map { EvidenceMatcher.similarity(goal.text, ($0.heading ?? "") + $0.text) }.max() ?? 0
            guard closest < 0.3 else { continue }
            findings.append(Finding(
                rule: "goal-dropped", severity: .info,
                message: LocalizedText(ja: "中期目標「\(goal.text.prefix(40))…」に対応する次回評価時の目標が見当たらない。見直しの理由が示されているか確認されたい。",
                                       en: "The mid-term goal “\(goal.text.prefix(40))…” has no counterpart among the next-cycle goals; check that the reason is given."),
                document: document, line: goal.line, endLine: goal.endLine))
        }
        return findings
    }

    private func budgetFindings(_ budget: [Budget], document: String) -> [Finding] {
        budget.filter { $0.kind == .execution }.compactMap { execution in
            guard let spent = execution.amount,
                  let planned = budget.first(where: { $0.kind == .budget && $0.group == execution.group && $0.fiscalYear == execution.fiscalYear })?.amount,
                  planned > 0 else { return nil }
            let rate = spent / planned
            guard rate < rules.lowExecutionRate else { return nil }
            let percent = Int((rate * 100).rounded())
            return Finding(
                rule: "low-execution", severity: .warning,
                message: LocalizedText(ja: "\(execution.fiscalYear)年度の執行率が\(percent)％（執行額\(IndicatorAssessor.format(spent)) / 予算額\(IndicatorAssessor.format(planned))\(execution.unit ?? "")）と低い。",
                                       en: "FY\(execution.fiscalYear) execution rate is \(percent)% (\(IndicatorAssessor.format(spent)) spent of \(IndicatorAssessor.format(planned)) \(execution.unit ?? ""))."),
                document: document, line: execution.line, endLine: execution.endLine)
        }
    }

    private func citationFindings(_ references: [Reference], document: String) -> [Finding] {
        guard let libraryEditions else { return [] }
        return citations(references, document: document).filter { !libraryEditions.contains($0.edition) }.map(\.finding)
    }

    /// Every Bluebook edition `references` cite, with the finding raised when
    /// the library lacks it: the one rule that depends on other documents
    /// (see `StoredReview`).
    func citations(_ references: [Reference], document: String) -> [StoredReview.EditionCitation] {
        references.filter { $0.kind == .bluebook }.compactMap { reference in
            guard let year = reference.number.flatMap(Int.init) else { return nil }
            return StoredReview.EditionCitation(edition: year, finding: Finding(
                rule: "evidence-not-found", severity: .info,
                message: LocalizedText(ja: "外交青書\(year)年版\(reference.page.map { " p.\($0)" } ?? "")を引用しているが、ライブラリに同版がない。",
                                       en: "Cites the \(year) Diplomatic Bluebook\(reference.page.map { " p.\($0)" } ?? ""), which the library does not hold."),
                document: document, line: reference.line, endLine: reference.endLine))
        }
    }

    /// Findings in the order a review lists them: by line, then severity,
    /// then rule; findings equal in all three keep the order they were raised in (the sort is stable).
    static func ordered(_ findings: [Finding]) -> [Finding] {
        findings.sorted { ($0.line, $0.severity, $0.rule) < ($1.line, $1.severity, $1.rule) }
    }
}

/// The same quantity stated twice with different values in one document:
/// same unit, the same stated period, the same words just before the number
/// (「受入自治体数も1,116自治体」 and the table row 「自治体数 … 1,118団体」), and
/// values within 5% that differ beyond their stated precision. Figures
/// without a period are left out: they cannot be told apart from other years.
///
/// A difference that a bracketed count explains is reconciled, not a
/// conflict: 「1,118団体【2団体】」 against 「1,116自治体」, where the table's note
/// says 「【 】内の数は、自治体数のうち、インターンのみ受け入れた自治体数」
/// (1,118 − 2 = 1,116). It is shown as `values-reconciled` (info), with the note.
struct ConflictCheck {
    var bracketNotes = BracketNotes()

    func findings(_ facts: [Fact]) -> [Finding] {
        // Source order, so that the first statement is reported and the second is related.
        let facts = facts.sorted { ($0.line, $0.quantityText) < ($1.line, $1.quantityText) }
        var findings: [Finding] = []
        var reported: Set<String> = []
        // Every pair of facts is compared: what each pair needs of one fact is worked out once per fact
        // (a document of a few hundred facts made these the larger part of an import's CPU), and a fact's
        // label only when one of its pairs gets that far: most pairs differ in unit or period, and working
        // out every fact's label was still 10 % of an import's CPU.
        let units = facts.map { EvidenceMatcher.canonicalUnit($0.unit) }
        var labels = [(names: Bool, tokens: Set<String>)?](repeating: nil, count: facts.count)
        func label(_ index: Int) -> (names: Bool, tokens: Set<String>) {
            if let known = labels[index] { return known }
            let text = Self.label(facts[index])
            let names = Self.namesSomething(text)
            // A label that names nothing is never compared.
            labels[index] = (names, names ? EvidenceMatcher.similarityTokens(text) : [])
            return labels[index]!
        }
        let series = facts.map(Self.isSeriesFact)
        // Only facts of one unit (`EvidenceMatcher.sameUnit`, on units folded once) and one period can conflict:
        // each is compared with the later facts of its own group, in source order, rather than with every later
        // fact (comparing two Japanese strings was most of the pairs' time). The pairs, and so the findings and
        // their order, are those of comparing every pair.
        struct Group: Hashable { let unit: String, period: Period }
        var groups: [Group: [Int]] = [:]
        for (index, fact) in facts.enumerated() {
            guard let unit = units[index], let period = fact.period else { continue }
            groups[Group(unit: unit, period: period), default: []].append(index)
        }
        var laterInGroup = [ArraySlice<Int>](repeating: [], count: facts.count)
        for members in groups.values {
            for (position, index) in members.enumerated() { laterInGroup[index] = members[(position + 1)...] }
        }
        for (index, first) in facts.enumerated() {
            for other in laterInGroup[index] where first.line != facts[other].line {
                let second = facts[other]
                guard first.value != second.value, !EvidenceMatcher.sameValue(first, second) else { continue }
                // Two series the reader told apart (「5G人口カバー率」, 「道路カバー率」) count different things.
                if series[index], series[other], first.subject != second.subject { continue }
                // A label of only a period or a kind word (「末実績:」) says nothing of what is counted.
                let firstLabel = label(index), secondLabel = label(other)
                guard firstLabel.names, secondLabel.names else { continue }
                let similarity = EvidenceMatcher.similarity(firstLabel.tokens, secondLabel.tokens)
                let relative = abs(first.value - second.value) / max(abs(first.value), abs(second.value))
                guard similarity >= 0.75, relative <= 0.05, max(first.value, second.value) >= 10 else { continue }
                let key = "\(min(first.line, second.line))-\(max(first.line, second.line))"
                guard reported.insert(key).inserted else { continue }
                if let reconciled = reconciled(first, second) {
                    findings.append(reconciled)
                    continue
                }
                findings.append(Finding(
                    rule: "conflicting-values", severity: .error,
                    message: LocalizedText(
                        ja: "同じ数量が異なる値で記載されている：「\(first.quantityText)」（\(first.line)行）と「\(second.quantityText)」（\(second.line)行）\(first.period.map { "（\($0)）" } ?? "")。",
                        en: "The same quantity is stated with different values: “\(first.quantityText)” (line \(first.line)) and “\(second.quantityText)” (line \(second.line))\(first.period.map { " (\($0))" } ?? "")."),
                    document: first.document, relatedLines: [second.line], line: first.line, endLine: first.endLine))
            }
        }
        return findings
    }

    /// The two values differ by a bracketed count that a note of the document explains.
    private func reconciled(_ first: Fact, _ second: Fact) -> Finding? {
        for (whole, part) in [(first, second), (second, first)] {
            guard let (count, bracket) = BracketNotes.count(in: whole), let note = bracketNotes.explanation(of: bracket),
                  abs(whole.value - count - part.value) < 1e-9 else { continue }
            let arithmetic = "\(IndicatorAssessor.format(whole.value)) − \(IndicatorAssessor.format(count)) = \(IndicatorAssessor.format(part.value))"
            return Finding(
                rule: "values-reconciled", severity: .info,
                message: LocalizedText(
                    ja: "「\(whole.quantityText)」（\(whole.line)行）と「\(part.quantityText)」（\(part.line)行）の差は\(bracket)内の数で説明される（\(arithmetic)。注記：「\(note)」）。",
                    en: "“\(whole.quantityText)” (line \(whole.line)) and “\(part.quantityText)” (line \(part.line)) differ by the count in \(bracket), which the note explains (\(arithmetic); note: “\(note)”)."),
                document: whole.document, relatedLines: [part.line], line: whole.line, endLine: whole.endLine)
        }
        return nil
    }

    /// True when a label has words beyond a period and a kind (実績, 目標, 計画, 見込み).
    static func namesSomething(_ label: String) -> Bool {
        let text = label.removingLiterals(periodAndKindWords)
        guard text.isStandalone else { return text.filter { !" :：（）()、".contains($0) && !$0.isNumber }.count >= 2 }
        // Standalone scalars are characters of their own: the same count without grapheme breaking.
        var count = 0
        for scalar in text.unicodeScalars where !separatorScalars.contains(scalar) && !scalar.isNumber {
            count += 1
            if count >= 2 { return true }
        }
        return false
    }

    /// Removed from a label, in this order, before what is left is looked at (「年度末」 before 「年度」).
    private static let periodAndKindWords = ["年度末", "年度", "年末", "末", "実績値", "実績", "目標値", "目標", "計画", "見込み", "当初"]
    private static let separatorScalars = Set(" :：（）()、".unicodeScalars)

    /// A fact read from an indicator series: its text is 「title：value」.
    static func isSeriesFact(_ fact: Fact) -> Bool {
        fact.text.hasPrefix(fact.subject + "：")
    }

    /// What a fact is about: the words just before the number (「研究開発 91件」 →
    /// 研究開発), or its subject when the number follows a comma or a verb.
    static func label(_ fact: Fact) -> String {
        guard let range = fact.text.rangeOfLiteral(fact.quantityText) else { return fact.subject }
        let preceding = fact.text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        var before = String(preceding.reversed().prefix { !"、。（）：: ".contains($0) }.reversed())
        for particle in ["も", "が", "は", "を", "で", "に", "の"] where before.hasSuffix(particle) { before = String(before.dropLast()) }
        return before.count >= 2 ? before : fact.subject
    }
}

/// Notes that say what a bracketed count means: 「※ 【 】内の数は、自治体数のうち、
/// インターンのみ受け入れた自治体数。」, 「（ ）内は公募時の申請件数」.
struct BracketNotes {
    /// The explanation by bracket pair (「【】」, 「（）」).
    private var notes: [String: String] = [:]

    nonisolated(unsafe) static let note = #/(?<open>[【（(])\s*(?<close>[】）)])\s*内(?:の数)?は[、,]?(?<what>[^。]+)/#
    nonisolated(unsafe) static let bracketed = #/^\s*(?<open>[【（(])\s*(?<count>[0-9][0-9,]*)[^】）)0-9]{0,6}(?<close>[】）)])/#

    init() {}

    init(_ source: SourceText) {
        for number in stride(from: 1, through: source.lineCount, by: 1) {
            let text = source[number].text
            guard text.containsLiteral("内"), let match = text.firstMatch(of: Self.note) else { continue }
            notes[Self.pair(match.output.open, match.output.close), default: String(match.output.what)] = String(match.output.what)
        }
    }

    func explanation(of bracket: String) -> String? { notes[bracket] }

    /// The count in brackets printed right after a fact's number (「1,118団体【2団体】」 → 2, 「【】」).
    static func count(in fact: Fact) -> (Double, String)? {
        let tail: Substring
        if let range = fact.text.rangeOfLiteral(fact.quantityText) {
            tail = fact.text[range.upperBound...]
        } else {
            tail = ""
        }
        let afterNumber = fact.quantityText.firstIndex(where: { "【（(".contains($0) }).map { fact.quantityText[$0...] } ?? tail
        guard let match = afterNumber.firstMatch(of: bracketed), let count = QuantityParser.parse(String(match.output.count)).value else { return nil }
        return (count, pair(match.output.open, match.output.close))
    }

    private static func pair(_ open: Substring, _ close: Substring) -> String {
        let normalized: [Substring: String] = ["(": "（", ")": "）"]
        return (normalized[open] ?? String(open)) + (normalized[close] ?? String(close))
    }
}
