import Foundation
import HyokaEvidence
import HyokaModel
import HyokaText

/// Which series of a draft: a measure-level one (`field` nil) or a field's.
public struct SeriesRef: Hashable, Sendable {
    public var policy: Int
    public var field: Int?
    public var index: Int

    public init(policy: Int, field: Int? = nil, index: Int) {
        self.policy = policy
        self.field = field
        self.index = index
    }

    /// 「p0.s1」, 「p0.f2.s0」: the form's and the audit log's name for the series.
    public var key: String { "p\(policy)" + (field.map { ".f\($0)" } ?? "") + ".s\(index)" }
}

/// A text of the draft an author writes.
public enum TextElement: Hashable, Sendable {
    /// 施策名
    case measureName(policy: Int)
    /// 施策の概要
    case overview(policy: Int)
    /// 達成すべき目標 / 施策目標, the i-th.
    case objective(policy: Int, index: Int)
    case fieldTitle(policy: Int, field: Int)
    /// 中期目標 of a field, the i-th.
    case goal(policy: Int, field: Int, index: Int)
    /// A field's 評価結果 in words.
    case fieldAssessment(policy: Int, field: Int)
    /// The measure's 評価結果 in words.
    case result(policy: Int)
    /// 学識経験を有する者の知見の活用
    case expertKnowledge(policy: Int)
    case indicatorTitle(SeriesRef)

    public var key: String {
        switch self {
        case .measureName(let p): "p\(p).title"
        case .overview(let p): "p\(p).overview"
        case .objective(let p, let i): "p\(p).objective\(i)"
        case .fieldTitle(let p, let f): "p\(p).f\(f).title"
        case .goal(let p, let f, let i): "p\(p).f\(f).goal\(i)"
        case .fieldAssessment(let p, let f): "p\(p).f\(f).assessment"
        case .result(let p): "p\(p).result"
        case .expertKnowledge(let p): "p\(p).expertKnowledge"
        case .indicatorTitle(let s): "\(s.key).title"
        }
    }
}

/// One change an author makes to a draft, as a typed command: each is
/// checked before it is applied, and each yields what the audit log records
/// (the element, its old value and its new one).
public enum DraftEdit: Sendable {
    case setText(TextElement, String)
    /// The cell of `kind` (実績値, 目標値, 基準値) for fiscal year `fiscalYear`
    /// (nil: a cell without a year, such as a 目標値 whose year is the
    /// indicator's 目標年度). Empty text clears the cell.
    case setPoint(SeriesRef, kind: SeriesPoint.Kind, fiscalYear: Int?, text: String)
    /// 目標年度, as typed (「2027」「令和9年度」); empty removes it.
    case setTargetYear(SeriesRef, text: String)
    case setUnit(SeriesRef, text: String)
    /// 予算額 or 執行額 of a budget group for a fiscal year.
    case setBudget(policy: Int, group: String, kind: Budget.Kind, fiscalYear: Int, text: String)
    /// The five-level rating stated for the measure (`field` nil) or a field; nil removes it.
    case setStatedRating(policy: Int, field: Int?, Rating?)

    /// The element's name in forms and in the audit log.
    public var key: String {
        switch self {
        case .setText(let element, _): element.key
        case .setPoint(let s, let kind, let year, _): "\(s.key).\(kind.rawValue)" + (year.map { ".FY\($0)" } ?? "")
        case .setTargetYear(let s, _): "\(s.key).targetYear"
        case .setUnit(let s, _): "\(s.key).unit"
        case .setBudget(let p, let group, let kind, let year, _): "p\(p).budget.\(group).\(kind.rawValue).FY\(year)"
        case .setStatedRating(let p, let f, _): "p\(p)" + (f.map { ".f\($0)" } ?? "") + ".rating"
        }
    }

    /// Sets what an indicator's cells are checked against (its unit, its 目標年度).
    var describesSeries: Bool {
        switch self {
        case .setUnit, .setTargetYear: true
        default: false
        }
    }
}

/// What an edit changed: the audit log's element, old value and new value.
public struct AppliedEdit: Sendable, Equatable {
    public var key: String
    public var oldValue: String?
    public var newValue: String?
}

/// Why an edit or a transition was refused. `key` names the form field the
/// message belongs beside (nil: the whole form).
public struct DraftError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// What was typed is not acceptable; the message says what to type.
        case invalid
        /// The account may not do this to this draft (HTTP 403).
        case forbidden
        /// The draft is not in a state that allows it (a published version, a draft not yet submitted).
        case state
        /// No such draft or element.
        case notFound
    }

    public var kind: Kind
    public var key: String?
    public var message: LocalizedText

    public init(_ kind: Kind, key: String? = nil, ja: String, en: String) {
        self.kind = kind
        self.key = key
        self.message = LocalizedText(ja: ja, en: en)
    }

    public var description: String { message.en }
}

/// Applies `DraftEdit`s to a report, checking each value first.
public enum DraftEditor {
    /// Texts longer than this are refused (a whole evaluation sheet is a few thousand characters).
    public static let maximumTextLength = 20_000
    /// Fiscal years outside this range are typing mistakes.
    public static let fiscalYears = 1947...2100
    /// Cells that say "no value" on purpose.
    static let blankMarks: Set<String> = ["-", "－", "―", "‐", "—"]

    public static func apply(_ edit: DraftEdit, to report: inout EvaluationReport) throws(DraftError) -> AppliedEdit {
        let key = edit.key
        let change: (old: String?, new: String?)
        switch edit {
        case .setText(let element, let text):
            change = try setText(element, text, key: key, in: &report)
        case .setPoint(let ref, let kind, let year, let text):
            change = try setPoint(ref, kind: kind, fiscalYear: year, text: text, key: key, in: &report)
        case .setTargetYear(let ref, let text):
            var series = try indicator(ref, in: report, key: key)
            let old = series.targetYear.map(String.init)
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                if series.points(.target).contains(where: { $0.value != nil && $0.period == nil }) {
                    throw DraftError(.invalid, key: key, ja: "年度のない目標値があるため、目標年度は空にできない。", en: "A target without a year is set, so the target year cannot be empty.")
                }
                series.targetYear = nil
            } else {
                let year = try fiscalYear(trimmed, key: key)
                if let base = series.points(.baseline).compactMap({ $0.period.flatMap(Self.year) }).max(), year < base {
                    throw DraftError(.invalid, key: key, ja: "目標年度（\(year)年度）が基準年度（\(base)年度）より前になっている。",
                                     en: "The target year (FY\(year)) is before the baseline year (FY\(base)).")
                }
                series.targetYear = year
            }
            try replace(ref, with: series, in: &report)
            change = (old, series.targetYear.map(String.init))
        case .setUnit(let ref, let text):
            var series = try indicator(ref, in: report, key: key)
            let old = series.unit
            let unit = text.trimmingCharacters(in: .whitespaces)
            try checkText(unit, key: key, limit: 20)
            series.unit = unit.isEmpty ? nil : unit
            try replace(ref, with: series, in: &report)
            change = (old, series.unit)
        case .setBudget(let p, let group, let kind, let year, let text):
            change = try setBudget(policy: p, group: group, kind: kind, fiscalYear: year, text: text, key: key, in: &report)
        case .setStatedRating(let p, let f, let rating):
            change = try setRating(policy: p, field: f, rating, key: key, in: &report)
        }
        DraftNumbering.renumber(&report)
        return AppliedEdit(key: key, oldValue: change.old, newValue: change.new)
    }

    // MARK: Values

    /// A fiscal year as typed: 「2025」, 「2025年度」, 「令和7年度」, 「R7」.
    public static func fiscalYear(_ text: String, key: String?) throws(DraftError) -> Int {
        let trimmed = TextNormalizer.normalize(text).trimmingCharacters(in: .whitespaces)
        var year: Int?
        if let plain = Int(trimmed.hasSuffix("年度") ? String(trimmed.dropLast(2)) : trimmed) {
            year = plain
        } else if case .fiscalYear(let y)? = PeriodParser.period(in: trimmed.hasSuffix("年度") ? trimmed : trimmed + "年度") {
            year = y
        }
        guard let year, fiscalYears.contains(year) else {
            throw DraftError(.invalid, key: key, ja: "「\(text)」は年度として読めない。西暦（2025）または和暦（令和7年度）で入力してください。",
                             en: "“\(text)” is not a fiscal year. Type it as 2025 or 令和7年度.")
        }
        return year
    }

    /// A number with its unit: the unit typed must be the indicator's (or the
    /// table's); a number typed bare takes that unit; with no unit anywhere the
    /// number is refused, since 「120」 alone cannot be read back.
    static func parseQuantity(_ text: String, unit expected: String?, key: String, allowNegative: Bool = true) throws(DraftError) -> Quantity {
        let quantity = QuantityParser.parse(text, defaultUnit: expected)
        guard let value = quantity.value else {
            throw DraftError(.invalid, key: key, ja: "「\(text)」は数値として読めない。数値と単位で入力してください（例：1,200\(expected ?? "件")）。",
                             en: "“\(text)” is not a number. Type a number with its unit, such as 1,200\(expected ?? "件").")
        }
        if let expected, let unit = quantity.unit, EvidenceMatcher.canonicalUnit(unit) != EvidenceMatcher.canonicalUnit(expected) {
            throw DraftError(.invalid, key: key, ja: "単位「\(unit)」がこの欄の単位「\(expected)」と異なる。",
                             en: "The unit “\(unit)” differs from this cell's unit “\(expected)”.")
        }
        if quantity.unit == nil && expected == nil {
            throw DraftError(.invalid, key: key, ja: "単位がない。単位を付けて入力するか（例：120件）、指標の単位を先に設定してください。",
                             en: "No unit. Type the number with its unit (such as 120件) or set the indicator's unit first.")
        }
        if !allowNegative && value < 0 {
            throw DraftError(.invalid, key: key, ja: "金額に負の値は入力できない。", en: "An amount cannot be negative.")
        }
        return quantity
    }

    static func checkText(_ text: String, key: String, limit: Int = maximumTextLength) throws(DraftError) {
        guard text.count <= limit else {
            throw DraftError(.invalid, key: key, ja: "\(limit)字以内で入力してください（\(text.count)字）。", en: "At most \(limit) characters (\(text.count) given).")
        }
        let allowed: Set<Unicode.Scalar> = ["\n", "\r", "\t"]
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) else {
            throw DraftError(.invalid, key: key, ja: "制御文字は入力できない。", en: "Control characters are not allowed.")
        }
    }

    static func year(_ period: Period) -> Int? {
        switch period {
        case .fiscalYear(let y), .year(let y): y
        case .asOf(let date): date.fiscalYear ?? date.year
        }
    }

    // MARK: Elements

    static func notFound(_ key: String) -> DraftError {
        DraftError(.notFound, key: key, ja: "この下書きに「\(key)」はない。", en: "The draft has no “\(key)”.")
    }

    static func checkPolicy(_ p: Int, in report: EvaluationReport, key: String) throws(DraftError) {
        guard report.policies.indices.contains(p) else { throw notFound(key) }
    }

    static func checkField(_ p: Int, _ f: Int, in report: EvaluationReport, key: String) throws(DraftError) {
        guard report.policies.indices.contains(p), report.policies[p].fields.indices.contains(f) else { throw notFound(key) }
    }

    public static func indicator(_ ref: SeriesRef, in report: EvaluationReport, key: String? = nil) throws(DraftError) -> Indicator {
        let key = key ?? ref.key
        try checkPolicy(ref.policy, in: report, key: key)
        let list: [Indicator]
        if let f = ref.field {
            try checkField(ref.policy, f, in: report, key: key)
            list = report.policies[ref.policy].fields[f].series
        } else {
            list = report.policies[ref.policy].series
        }
        guard list.indices.contains(ref.index) else { throw notFound(key) }
        return list[ref.index]
    }

    static func replace(_ ref: SeriesRef, with series: Indicator, in report: inout EvaluationReport) throws(DraftError) {
        if let f = ref.field {
            report.policies[ref.policy].fields[f].series[ref.index] = series
        } else {
            report.policies[ref.policy].series[ref.index] = series
        }
    }

    static func setText(_ element: TextElement, _ text: String, key: String, in report: inout EvaluationReport) throws(DraftError) -> (String?, String?) {
        try checkText(text, key: key)
        func setBlock(_ blocks: inout [TextBlock], heading: String?) -> String? {
            if let index = blocks.firstIndex(where: { $0.heading == heading }) {
                let old = blocks[index].text
                blocks[index].text = text
                return old
            }
            blocks.append(TextBlock(heading: heading, text: text, line: 1, endLine: 1))
            return nil
        }
        switch element {
        case .measureName(let p):
            try checkPolicy(p, in: report, key: key)
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw DraftError(.invalid, key: key, ja: "施策名は空にできない。", en: "The measure needs a name (施策名).")
            }
            let old = report.policies[p].title
            report.policies[p].title = text
            return (old, text)
        case .overview(let p):
            try checkPolicy(p, in: report, key: key)
            let old = report.policies[p].overview.map(\.text).joined(separator: "\n")
            let heading = report.policies[p].overview.first?.heading
            report.policies[p].overview = [TextBlock(heading: heading, text: text, line: 1, endLine: 1)]
            return (old, text)
        case .objective(let p, let i):
            try checkPolicy(p, in: report, key: key)
            guard i >= 0, i <= report.policies[p].objectives.count else { throw notFound(key) }
            if i == report.policies[p].objectives.count {
                report.policies[p].objectives.append(Goal(number: i + 1, text: text, cycle: .current, line: 1, endLine: 1))
                return (nil, text)
            }
            let old = report.policies[p].objectives[i].text
            report.policies[p].objectives[i].text = text
            return (old, text)
        case .fieldTitle(let p, let f):
            try checkField(p, f, in: report, key: key)
            let old = report.policies[p].fields[f].title
            report.policies[p].fields[f].title = text
            return (old, text)
        case .goal(let p, let f, let i):
            try checkField(p, f, in: report, key: key)
            let current = report.policies[p].fields[f].goals.indices.filter { report.policies[p].fields[f].goals[$0].cycle == .current }
            guard i >= 0, i <= current.count else { throw notFound(key) }
            if i == current.count {
                report.policies[p].fields[f].goals.append(Goal(number: i + 1, text: text, cycle: .current, line: 1, endLine: 1))
                return (nil, text)
            }
            let old = report.policies[p].fields[f].goals[current[i]].text
            report.policies[p].fields[f].goals[current[i]].text = text
            return (old, text)
        case .fieldAssessment(let p, let f):
            try checkField(p, f, in: report, key: key)
            var parts = report.policies[p].fields[f].assessment?.parts ?? []
            let old = setBlock(&parts, heading: nil)
            report.policies[p].fields[f].assessment = Assessment(parts: parts, line: 1, endLine: 1)
            return (old, text)
        case .result(let p):
            try checkPolicy(p, in: report, key: key)
            let heading: String? = report.policies[p].results.contains { $0.heading == StandardTemplate.result } ? StandardTemplate.result : nil
            return (setBlock(&report.policies[p].results, heading: heading), text)
        case .expertKnowledge(let p):
            try checkPolicy(p, in: report, key: key)
            return (setBlock(&report.policies[p].notes, heading: StandardTemplate.expertKnowledge), text)
        case .indicatorTitle(let ref):
            var series = try indicator(ref, in: report, key: key)
            let old = series.title
            series.title = text
            try replace(ref, with: series, in: &report)
            return (old, text)
        }
    }

    static func setPoint(_ ref: SeriesRef, kind: SeriesPoint.Kind, fiscalYear: Int?, text: String, key: String,
                         in report: inout EvaluationReport) throws(DraftError) -> (String?, String?) {
        var series = try indicator(ref, in: report, key: key)
        if let fiscalYear, !fiscalYears.contains(fiscalYear) {
            throw DraftError(.invalid, key: key, ja: "\(fiscalYear)は年度として扱えない。", en: "\(fiscalYear) is not a fiscal year.")
        }
        if kind == .actual && fiscalYear == nil {
            throw DraftError(.invalid, key: key, ja: "実績値には年度が必要です。", en: "An actual value needs its fiscal year.")
        }
        let trimmed = TextNormalizer.normalize(text).trimmingCharacters(in: .whitespaces)
        // A series counted by calendar year (年) keeps its kind of period.
        let byCalendarYear = !series.points.isEmpty && series.points.allSatisfy { point in
            if case .year? = point.period { true } else { point.period == nil }
        } && series.points.contains { if case .year? = $0.period { true } else { false } }
        let period: Period? = fiscalYear.map { byCalendarYear ? .year($0) : .fiscalYear($0) }
        // A blank 基準値 or 目標値 cell without a year (the template's) is the one a year is first given to.
        let index = series.points.firstIndex { $0.kind == kind && $0.period == period }
            ?? (kind == .actual ? nil : series.points.firstIndex { $0.kind == kind && $0.period == nil && $0.value == nil })
        let old = index.map { series.points[$0].text }
        var point: SeriesPoint
        if trimmed.isEmpty || blankMarks.contains(trimmed) {
            point = SeriesPoint(period: period, kind: kind, value: nil, text: trimmed, unit: series.unit, line: 1, endLine: 1)
        } else {
            if kind == .target && period == nil && series.targetYear == nil {
                throw DraftError(.invalid, key: key, ja: "目標値には目標年度が必要です。先に目標年度を入力してください。",
                                 en: "A target needs a target year: set the indicator's target year first.")
            }
            let quantity = try parseQuantity(trimmed, unit: series.unit ?? index.flatMap { series.points[$0].unit }, key: key)
            point = SeriesPoint(period: period, kind: kind, quantity: quantity, line: 1, endLine: 1)
            if series.unit == nil { series.unit = quantity.unit }
        }
        if let index {
            series.points[index] = point
        } else {
            let at = series.points.lastIndex { existing in
                guard let period, let other = existing.period else { return existing.kind != .target }
                return other.sortKey <= period.sortKey
            }.map { $0 + 1 } ?? series.points.endIndex
            series.points.insert(point, at: at)
        }
        try replace(ref, with: series, in: &report)
        return (old, point.text)
    }

    static func setBudget(policy p: Int, group: String, kind: Budget.Kind, fiscalYear: Int, text: String, key: String,
                          in report: inout EvaluationReport) throws(DraftError) -> (String?, String?) {
        try checkPolicy(p, in: report, key: key)
        guard fiscalYears.contains(fiscalYear) else {
            throw DraftError(.invalid, key: key, ja: "\(fiscalYear)は年度として扱えない。", en: "\(fiscalYear) is not a fiscal year.")
        }
        var rows = report.policies[p].budget
        let sameGroup = rows.filter { $0.group == group }
        guard let model = sameGroup.first(where: { $0.kind == kind }) ?? sameGroup.first else { throw notFound(key) }
        let index = rows.firstIndex { $0.group == group && $0.kind == kind && $0.fiscalYear == fiscalYear && $0.stage != .total }
        let old = index.map { rows[$0].text }
        let trimmed = TextNormalizer.normalize(text).trimmingCharacters(in: .whitespaces)
        var amount: Double?
        var written = trimmed
        if !trimmed.isEmpty && !blankMarks.contains(trimmed) {
            let quantity = try parseQuantity(trimmed, unit: model.unit, key: key, allowNegative: false)
            amount = quantity.value
            written = quantity.text
        }
        let label = kind == model.kind ? model.label : (kind == .budget ? "予算額" : "執行額")
        let row = Budget(group: group, label: label, kind: kind, fiscalYear: fiscalYear, stage: index.flatMap { rows[$0].stage } ?? model.stage,
                         amount: amount, text: written, unit: model.unit, line: 1, endLine: 1)
        if let index { rows[index] = row } else { rows.append(row) }
        report.policies[p].budget = rows
        return (old, written)
    }

    static func setRating(policy p: Int, field f: Int?, _ rating: Rating?, key: String, in report: inout EvaluationReport) throws(DraftError) -> (String?, String?) {
        try checkPolicy(p, in: report, key: key)
        func set(_ blocks: inout [TextBlock]) -> String? {
            let old = StatedRating.read(blocks)?.label
            blocks.removeAll { $0.heading == StatedRating.heading }
            if let rating { blocks.insert(TextBlock(heading: StatedRating.heading, text: rating.label, line: 1, endLine: 1), at: 0) }
            return old
        }
        let old: String?
        if let f {
            try checkField(p, f, in: report, key: key)
            var parts = report.policies[p].fields[f].assessment?.parts ?? []
            old = set(&parts)
            report.policies[p].fields[f].assessment = parts.isEmpty ? nil : Assessment(parts: parts, line: 1, endLine: 1)
        } else {
            old = set(&report.policies[p].results)
        }
        return (old, rating?.label)
    }
}
