import HyokaModel
import HyokaText

/// Ties review-sheet projects to the measures, fields and policies of
/// imported evaluations, each tie with its reason.
///
/// Two kinds of evidence, both within one ministry (a project is never tied
/// to another ministry's evaluation, whatever the titles say):
/// - the project's 1-3 record names the 政策 or 施策. The site writes a
///   MOFA measure's field as 「１－３ 内外広報・文化交流・報道対策（IT 広報の実施）」:
///   the numbers (measure 1, field 3), the measure's title, and the field's
///   title in brackets. MIC writes 「２ 地域振興（地域力創造）」, where the
///   brackets belong to the policy's own title. So the whole title is tried
///   first, then title and bracket apart;
/// - an evaluation cites the project's 行政事業レビュー 事業番号
///   (`Reference.Kind.reviewSheet`) with its name: matched on 旧事業番号 where
///   the export keeps it, else on the name (see `numberLinks`).
public struct ProjectLinker: Sendable {
    public init() {}

    public func links(reports: [EvaluationReport], projects: [ReviewProject]) -> [ReviewProjectLink] {
        var links: [ReviewProjectLink] = []
        let byMinistry = Dictionary(grouping: projects, by: \.ministry)
        for report in reports {
            guard let ministry = report.ministry, let candidates = byMinistry[ministry] else { continue }
            for policy in report.policies {
                for project in candidates {
                    links += titleLinks(report: report, policy: policy, project: project, ministry: ministry)
                    links += numberLinks(report: report, policy: policy, project: project, ministry: ministry)
                }
            }
        }
        return links
    }

    // MARK: - 1-3 titles

    private func titleLinks(report: EvaluationReport, policy: Policy, project: ReviewProject, ministry: String) -> [ReviewProjectLink] {
        var found: [ReviewProjectLink] = []
        var seen: Set<String> = []
        for record in project.policyLinks where (record.ministry ?? project.ministry) == ministry {
            for cell in [record.measure, record.policy].compactMap({ $0 }) {
                let title = NumberedTitle(cell)
                guard let link = match(title, cell: cell, record: record, report: report, policy: policy, project: project, ministry: ministry),
                      seen.insert("\(link.line)").inserted else { continue }
                found.append(link)
                break
            }
        }
        return found
    }

    private func match(_ title: NumberedTitle, cell: String, record: ProjectPolicyLink, report: EvaluationReport, policy: Policy,
                       project: ReviewProject, ministry: String) -> ReviewProjectLink? {
        let policyKey = Self.key(policy.title)
        let cited = "1-3 \(record.measure == cell ? "施策" : "政策")「\(cell)」"
        func link(_ target: ReviewProjectLink.Target, field: Field?, reason: LocalizedText, score: Double) -> ReviewProjectLink {
            ReviewProjectLink(
                document: report.id, documentSource: report.source, line: field?.line ?? policy.line, target: target,
                policyNumber: policy.number, policyTitle: policy.title, fieldNumber: field?.number, fieldTitle: field?.title,
                ministry: ministry, fiscalYear: project.fiscalYear, projectID: project.projectID, projectName: project.name,
                recordFile: record.source.file, recordLine: record.source.line, reason: reason.en, reasonJapanese: reason.ja, score: score)
        }
        // The whole title is the policy's (MIC: 「地域振興（地域力創造）」).
        if Self.key(title.title) == policyKey {
            let numbers = title.last.map { $0 == policy.number.flatMap(Int.init) } ?? false
            return link(.policy, field: nil, reason: LocalizedText(
                ja: "\(cited)は\(Self.levelName(policy))「\(policy.title)」を指す" + (numbers ? "（番号\(policy.number ?? "")も一致）" : ""),
                en: "\(cited) names \(Self.levelName(policy)) 「\(policy.title)」" + (numbers ? ", number \(policy.number ?? "") too" : "")),
                        score: numbers ? 1 : 0.9)
        }
        // The title before the brackets is the measure's, the bracket a field of it (MOFA).
        guard let inner = title.bracketed, Self.key(title.outer) == policyKey else { return nil }
        let innerKey = Self.key(inner)
        if let field = policy.fields.first(where: { Self.key($0.title) == innerKey }) {
            let numbers = title.last != nil && title.last == field.number
            return link(.field, field: field, reason: LocalizedText(
                ja: "\(cited)は施策「\(policy.title)」とその個別分野「\(field.title)」を指す" + (numbers ? "（個別分野\(field.number ?? 0)の番号も一致）" : ""),
                en: "\(cited) names measure 「\(policy.title)」 and its field 「\(field.title)」" + (numbers ? ", 個別分野\(field.number ?? 0) by number too" : "")),
                        score: numbers ? 1 : 0.9)
        }
        if let number = title.last, title.numbers.count == 2, let field = policy.fields.first(where: { $0.number == number }) {
            return link(.field, field: field, reason: LocalizedText(
                ja: "\(cited)は施策「\(policy.title)」と個別分野の番号\(number)を指す。この評価での分野名は「\(field.title)」",
                en: "\(cited) names measure 「\(policy.title)」 and field number \(number); the field's title here is 「\(field.title)」"),
                        score: 0.7)
        }
        // An evaluation of one part of a measure (000 evaluates IT 広報 without numbering a field): the bracket's
        // subject, less its verb noun (「の実施」), must appear in what the evaluation sets out to do.
        guard let core = Self.subject(of: inner), let mention = Self.mention(of: core, in: policy) else { return nil }
        let field = policy.fields.count == 1 ? policy.fields.first : nil
        return link(field == nil ? .policy : .field, field: field,
                    reason: LocalizedText(
                        ja: "\(cited)は施策「\(policy.title)」を指す。括弧内の「\(inner)」はこの評価の分野名にないが、「\(core)」が評価の「\(Quotation.short(mention.text))」（\(mention.line)行）にある",
                        en: "\(cited) names measure 「\(policy.title)」; its bracket 「\(inner)」 is no field title here, but 「\(core)」 is in the evaluation's 「\(Quotation.short(mention.text))」 (line \(mention.line))"),
                    score: 0.7)
    }

    /// 「IT 広報の実施」 → 「IT広報」: the subject of a bracketed sub-measure, without the action that follows it.
    static func subject(of bracket: String) -> String? {
        var subject = key(bracket)
        for ending in ["の実施", "の推進", "の促進", "の強化", "の充実", "の整備", "の確保", "の改善"] where subject.hasSuffix(ending) {
            subject = String(subject.dropLast(ending.count))
            break
        }
        return subject.count >= 3 ? subject : nil
    }

    /// The first goal, objective or title of `policy` that contains `subject` (compared as keys).
    static func mention(of subject: String, in policy: Policy) -> (text: String, line: Int)? {
        var texts: [(String, Int)] = policy.objectives.map { ($0.text, $0.line) } + policy.overview.map { ($0.text, $0.line) }
        for field in policy.fields {
            texts.append((field.title, field.line))
            texts += field.goals.map { ($0.text, $0.line) }
            texts += field.initiatives.compactMap { initiative in initiative.title.map { ($0, initiative.line) } }
        }
        return texts.first { key($0.0).contains(subject) }.map { (text: $0.0, line: $0.1) }
    }

    // MARK: - 行政事業レビュー 事業番号

    /// An evaluation cites 「行政事業レビュー 事業番号0187 国際科学技術センター（ISTC）拠出金」: the
    /// number of the sheet in the year it was written, and the project's name. The RS export keeps
    /// the old number as 旧事業番号, but the 2024 export fills it for 116 of 5,948 records and
    /// for none of 外務省's 456 (the numbering changed with the RS system, and the serial is not
    /// carried over). So the number is matched where 旧事業番号 has it, and otherwise the name
    /// written beside the number is matched against the project's 事業名, within the ministry:
    /// equal, or equal up to a bracketed qualifier the sheet adds (「（任意拠出金）」).
    private func numberLinks(report: EvaluationReport, policy: Policy, project: ReviewProject, ministry: String) -> [ReviewProjectLink] {
        let formerNumber = project.overview?.formerNumber.flatMap(Self.trailingNumber)
        let projectName = Self.key(project.name)
        var found: [ReviewProjectLink] = []
        let cited: [(Reference, Field?)] = policy.references.map { ($0, nil) } + policy.fields.flatMap { field in field.references.map { ($0, field) } }
        for (reference, field) in cited where reference.kind == .reviewSheet {
            guard let number = reference.number.flatMap({ Int($0) }) else { continue }
            let reason: LocalizedText, score: Double
            let anchor = project.overview?.source ?? project.records.first?.source
            if let formerNumber, number == formerNumber, let former = project.overview?.formerNumber {
                reason = LocalizedText(
                    ja: "\(report.source):\(reference.line)が「\(reference.text)」を引用。事業の旧事業番号は\(former)",
                    en: "\(report.source):\(reference.line) cites 「\(reference.text)」; the project's 旧事業番号 is \(former)")
                score = 0.8
            } else if let name = Self.citedName(after: reference, in: field.map(Self.texts) ?? Self.texts(policy)), !name.isEmpty {
                let citedKey = Self.key(name)
                if citedKey == projectName {
                    reason = LocalizedText(
                        ja: "\(report.source):\(reference.line)が「\(reference.text) \(name)」を引用。事業名と一致（旧事業番号は空欄）",
                        en: "\(report.source):\(reference.line) cites 「\(reference.text) \(name)」, the project's 事業名 (its 旧事業番号 is empty)")
                    score = 0.8
                } else if projectName.hasPrefix(citedKey), Self.isBracketed(String(projectName.dropFirst(citedKey.count))) {
                    reason = LocalizedText(
                        ja: "\(report.source):\(reference.line)が「\(reference.text) \(name)」を引用。事業名「\(project.name)」から括弧書きを除いたものと一致（旧事業番号は空欄）",
                        en: "\(report.source):\(reference.line) cites 「\(reference.text) \(name)」, the project's 事業名 「\(project.name)」 less its bracket (its 旧事業番号 is empty)")
                    score = 0.7
                } else { continue }
            } else { continue }
            found.append(ReviewProjectLink(
                document: report.id, documentSource: report.source, line: reference.line, target: field == nil ? .policy : .field,
                policyNumber: policy.number, policyTitle: policy.title, fieldNumber: field?.number, fieldTitle: field?.title,
                ministry: ministry, fiscalYear: project.fiscalYear, projectID: project.projectID, projectName: project.name,
                recordFile: anchor?.file ?? "", recordLine: anchor?.line ?? 0, reason: reason.en, reasonJapanese: reason.ja, score: score))
        }
        return found
    }

    /// The texts a field's citations are read from: its achievements, directions, assessment and notes.
    static func texts(_ field: Field) -> [TextBlock] {
        field.initiatives.flatMap { $0.achievements + $0.directions } + (field.assessment?.parts ?? []) + field.notes
    }

    static func texts(_ policy: Policy) -> [TextBlock] {
        policy.overview + policy.fields.flatMap(texts)
    }

    /// The name written after 「事業番号0187」 in the block that cites it: up to 「（詳細）」, the next
    /// 事業番号, a 「、」 or the end of the sentence. Line breaks inside the name are dropped.
    static func citedName(after reference: Reference, in blocks: [TextBlock]) -> String? {
        for block in blocks where block.line <= reference.line && reference.line <= block.endLine {
            let text = block.text.replacingOccurrences(of: "\n", with: "")
            guard let range = text.range(of: reference.text.replacingOccurrences(of: "\n", with: "")) else { continue }
            var name = Substring(text[range.upperBound...])
            for stop in ["（詳細）", "(詳細)", "事業番号", "、", "。", "，"] {
                if let end = name.range(of: stop) { name = name[..<end.lowerBound] }
            }
            let trimmed = String(name).trimmingJapaneseWhitespace()
            return trimmed.count >= 3 ? trimmed : nil
        }
        return nil
    }

    /// 「（任意拠出金）」: one bracketed qualifier and nothing else.
    static func isBracketed(_ rest: String) -> Bool {
        rest.hasPrefix("（") && rest.hasSuffix("）") && rest.dropFirst().dropLast().allSatisfy { $0 != "（" && $0 != "）" }
    }

    /// 「2023-外務-22-0187」 → 187: the serial at the end of an old-style 事業番号.
    static func trailingNumber(_ text: String) -> Int? {
        let digits = TextNormalizer.normalize(text).reversed().prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : Int(String(digits.reversed()))
    }

    /// Titles compared as written, less width and spacing: 「IT 広報の実施」 = 「ＩＴ広報の実施」.
    static func key(_ title: String) -> String {
        String(TextNormalizer.normalize(title).unicodeScalars.filter { !$0.properties.isWhitespace }
            .map { $0 == "(" ? "（" : $0 == ")" ? "）" : Character($0) })
    }

    private static func levelName(_ policy: Policy) -> String {
        (policy.level == .policy ? "政策" : "施策") + (policy.number ?? "")
    }
}

/// Short quotations in reasons.
enum Quotation {
    static func short(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}

/// A 1-3 title taken apart: 「１－１０ 国際の平和と安定に対する取組（原子力の平和的利用のための国際協力の推進）」 →
/// numbers [1, 10], outer 「国際の平和と安定に対する取組」, bracketed 「原子力の平和的利用のための国際協力の推進」.
struct NumberedTitle {
    var numbers: [Int] = []
    /// The title without its leading numbers (and without a leading roman numeral such as 「Ⅱ」).
    var title: String
    var outer: String
    var bracketed: String?

    var last: Int? { numbers.last }

    init(_ cell: String) {
        var rest = Substring(TextNormalizer.normalize(cell).trimmingJapaneseWhitespace())
        if let first = rest.first, ("Ⅰ"..."Ⅻ").contains(first) { rest = rest.dropFirst().drop { $0 == " " } }
        while let digits = Optional(rest.prefix { $0.isASCII && $0.isNumber }), !digits.isEmpty {
            numbers.append(Int(digits) ?? 0)
            rest = rest.dropFirst(digits.count)
            guard let separator = rest.first, "－-ー‐―".contains(separator) else { break }
            rest = rest.dropFirst()
        }
        title = String(rest).trimmingJapaneseWhitespace()
        if title.hasSuffix("）"), let open = title.lastIndex(of: "（") {
            outer = String(title[..<open]).trimmingJapaneseWhitespace()
            bracketed = String(title[title.index(after: open)..<title.index(before: title.endIndex)])
        } else {
            outer = title
        }
    }
}
