import Foundation
import HyokaEvidence
import HyokaModel
import HyokaText

/// Totals that do not equal their parts.
///
/// A total is a number after 計, 合計, 総計, 総数 or 件数： (「計697アカウント」,
/// 「実施件数：2,355件」). Its parts are the numbers in the same unit on the lines
/// that follow (short label lines such as 「【在外公館】」 may stand between).
/// Two layouts are understood:
/// - a list, one part per line: the parts must add up to the total;
/// - a breakdown table: a first row of subtotals that add up to the total
///   (「事前評価 1,001件 事後評価 1,354件」), then rows whose k-th number
///   belongs to the k-th subtotal; each column must add up to its subtotal.
/// A total with its parts as a report prints them, e.g. MIC's count of
/// evaluations reported to the Diet: 2,355 = 事前評価 1,001 (公共事業 546, 規制 227 …)
/// + 事後評価 1,354 (目標管理型 196 …).
public struct Breakdown: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        public var label: String
        public var value: Double
        public var line: Int
    }

    public struct Group: Codable, Sendable, Equatable {
        public var label: String
        public var value: Double
        public var items: [Item]
    }

    /// The words before the total (「令和４年度政策評価実施件数」).
    public var title: String
    public var unit: String
    public var total: Double
    /// Subtotals with their items, for a breakdown table; empty for a plain list.
    public var groups: [Group]
    /// The parts of a plain list.
    public var items: [Item]
    public var line: Int
}

struct SumCheck {
    nonisolated(unsafe) static let total = #/(?:合計|総計|総数|件数[：:]|計)\s*(?:約)?(?<number>[0-9][0-9,]*)\s*(?<unit>[^\s0-9（）()、。]{1,6})/#

    /// Whether `text` can hold a total: every marker of `total` ends in 計 or
    /// 数, and is followed by a number, after at most a colon, spaces and 約.
    /// A scan of the scalars is far cheaper than the regex, which every line
    /// of every document met (18 % of an import's CPU), and then every line
    /// holding 数 (件数, 人数, 数値: 3 %). It answers true for every line the
    /// regex matches (a character of more than one scalar after the marker
    /// answers true too, and is left to the regex).
    static func mayHoldTotal(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            index = scalars.index(after: index)
            guard scalar == "計" || scalar == "数" else { continue }
            var next = index
            if next < scalars.endIndex, scalars[next] == "：" || scalars[next] == ":" { next = scalars.index(after: next) }
            while next < scalars.endIndex, scalars[next].isStandalone, scalars[next].isWhitespace { next = scalars.index(after: next) }
            if next < scalars.endIndex, scalars[next] == "約" { next = scalars.index(after: next) }
            guard next < scalars.endIndex else { continue }
            if !scalars[next].isStandalone || scalars[next].isASCIIDigit { return true }
        }
        return false
    }

    func findings(in source: SourceText, document: String) -> [Finding] {
        check(source, document: document).findings
    }

    /// Findings for totals that do not add up, and every total that was read, with its parts.
    func check(_ source: SourceText, document: String) -> (findings: [Finding], breakdowns: [Breakdown]) {
        var findings: [Finding] = []
        var breakdowns: [Breakdown] = []
        for line in source.lines {
            // The total with its magnitude word: 「合計28万局」 is 280,000 局.
            guard Self.mayHoldTotal(line.text), let match = line.text.firstMatch(of: Self.total),
                  let quantity = QuantityParser.quantities(in: String(match.output.number) + String(match.output.unit)).first?.quantity,
                  let total = quantity.value, let unit = quantity.unit else { continue }
            let rows = partRows(after: line.number, unit: unit, in: source)
            // The words up to the number, without the marker: 「令和4年度政策評価実施件数：」 → 令和4年度政策評価実施件数.
            var title = String(line.text[..<match.output.number.startIndex]).trimmingCharacters(in: CharacterSet(charactersIn: " （(：:約"))
            for marker in ["合計", "総計", "総数", "計"] where title.hasSuffix(marker) && !title.hasSuffix("件数") { title = String(title.dropLast(marker.count)) }
            title = title.trimmingCharacters(in: CharacterSet(charactersIn: " （(：:"))
            if let breakdown = breakdown(title: title.isEmpty ? line.text : title, total: total, unit: unit, line: line.number, rows: rows) {
                breakdowns.append(breakdown)
            }
            if let finding = check(total: total, unit: unit, totalLine: line, rows: rows.map { ($0.line, $0.values) }, document: document) {
                findings.append(finding)
            }
        }
        return (findings, breakdowns)
    }

    private func breakdown(title: String, total: Double, unit: String, line: Int, rows: [(line: Int, values: [Double], labels: [String])]) -> Breakdown? {
        guard let first = rows.first, rows.count >= 2 else { return nil }
        if first.values.count >= 2, first.values.reduce(0, +) == total {
            var groups = zip(first.labels, first.values).map { Breakdown.Group(label: $0, value: $1, items: []) }
            for row in rows.dropFirst() {
                for (index, (label, value)) in zip(row.labels, row.values).enumerated() where index < groups.count {
                    groups[index].items.append(Breakdown.Item(label: label, value: value, line: row.line))
                }
            }
            return Breakdown(title: title, unit: unit, total: total, groups: groups, items: [], line: line)
        }
        guard rows.allSatisfy({ $0.values.count == 1 }) else { return nil }
        return Breakdown(title: title, unit: unit, total: total, groups: [],
                         items: rows.map { Breakdown.Item(label: $0.labels.first ?? "", value: $0.values[0], line: $0.line) }, line: line)
    }

    /// Lines after the total with numbers in its unit, each as its values and the words before each value.
    private func partRows(after lineNumber: Int, unit: String, in source: SourceText) -> [(line: Int, values: [Double], labels: [String])] {
        var rows: [(line: Int, values: [Double], labels: [String])] = []
        var skipped = 0
        var number = lineNumber + 1
        while number <= source.lineCount, rows.count < 20 {
            let text = source[number].text
            number += 1
            if text.isEmpty { continue }
            // A line with a total of its own (「（合計30万局）」 under the next year) is not a part.
            if Self.mayHoldTotal(text), text.firstMatch(of: Self.total) != nil { break }
            let matches = QuantityParser.quantities(in: text).filter { EvidenceMatcher.sameUnit($0.quantity.unit, unit) && $0.quantity.value != nil }
            if matches.isEmpty {
                // A short label between parts (「【在外公館】」); anything longer ends the parts.
                guard text.count <= 12, skipped < 2 else { break }
                skipped += 1
                continue
            }
            let characters = Array(text)
            var start = 0
            var labels: [String] = []
            for match in matches {
                labels.append(String(characters[start..<match.range.lowerBound]).trimmingCharacters(in: CharacterSet(charactersIn: " 　（(")))
                start = match.range.upperBound
            }
            rows.append((number - 1, matches.compactMap(\.quantity.value), labels))
        }
        return rows
    }

    private func check(total: Double, unit: String, totalLine: SourceLine, rows: [(line: Int, values: [Double])], document: String) -> Finding? {
        guard let first = rows.first else { return nil }
        let allLines = rows.map(\.line)
        // A breakdown table: the first row's numbers are subtotals of the total.
        if first.values.count >= 2, first.values.reduce(0, +) == total {
            var columns = Array(repeating: 0.0, count: first.values.count)
            let body = rows.dropFirst()
            guard body.count >= 2 else { return nil }
            for row in body {
                for (index, value) in row.values.prefix(columns.count).enumerated() { columns[index] += value }
            }
            for (index, subtotal) in first.values.enumerated() where columns[index] != subtotal {
                return finding(expected: subtotal, actual: columns[index], unit: unit, line: first.line, related: body.map(\.line), document: document,
                               note: LocalizedText(ja: "（内訳の\(index + 1)列目）", en: " (breakdown column \(index + 1))"), onlyMain: false)
            }
            return nil
        }
        // A list: one part per line.
        guard rows.count >= 2, rows.allSatisfy({ $0.values.count == 1 }) else { return nil }
        let sum = rows.reduce(0) { $0 + $1.values[0] }
        guard sum != total else { return nil }
        return finding(expected: total, actual: sum, unit: unit, line: totalLine.number, related: allLines, document: document,
                       note: LocalizedText(ja: "", en: ""), onlyMain: totalLine.text.containsLiteral("主な"))
    }

    private func finding(expected: Double, actual: Double, unit: String, line: Int, related: [Int], document: String,
                         note: LocalizedText, onlyMain: Bool) -> Finding {
        let difference = expected - actual
        let caveat = onlyMain
            ? LocalizedText(ja: "本文は「主な」もののみを掲げるとしているため、差が意図どおりか確認されたい。", en: " The text says only the main items are listed; check that the difference is intended.")
            : LocalizedText(ja: "", en: "")
        return Finding(
            rule: "sum-mismatch", severity: onlyMain ? .warning : .error,
            message: LocalizedText(
                ja: "合計\(IndicatorAssessor.format(expected))\(unit)に対し、内訳の計は\(IndicatorAssessor.format(actual))\(unit)（差\(IndicatorAssessor.format(difference))）\(note.ja)。\(caveat.ja)",
                en: "The total is \(IndicatorAssessor.format(expected)) \(unit) but its parts add up to \(IndicatorAssessor.format(actual)) \(unit) (difference \(IndicatorAssessor.format(difference)))\(note.en).\(caveat.en)"),
            document: document, relatedLines: related, line: line, endLine: line
        )
    }
}
