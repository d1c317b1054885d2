import HyokaModel
import HyokaText

/// A row of a MIC table by fiscal year: a label, then one cell per year.
///
/// The label may name what the row is (「目標」「実績」「見込み件数」
/// 「実績件数※」); cells may be numbers, placeholders (「ー」), a number with
/// a count in brackets (「９（15）」: 9 grants of 15 applications) or a note
/// in brackets (「(調査・とりまとめ中)」), which is kept as a point without a value.
struct MICRow {
    var label: String
    var cells: [Quantity]
    /// What the label says the row is; nil when it says nothing (「箇所数」).
    var kind: SeriesPoint.Kind?
    /// The label without its kind word and note marks: 「実績件数※」 → 「件数」, 「目標」 → 「」.
    var subject: String

    /// Kind words, longest first within each kind. 見込み is a forecast, not an actual.
    static let kindWords: [(String, SeriesPoint.Kind)] = [
        ("実績値", .actual), ("実績", .actual), ("見込み", .forecast), ("見込", .forecast), ("当初計画", .plan), ("計画値", .plan), ("計画", .plan),
        ("目標値", .target), ("目標", .target), ("基準値", .baseline),
    ]

    nonisolated(unsafe) static let annotatedCount = #/(?<value>[0-9][0-9,.]*)\s*[（(](?<count>[0-9][0-9,.]*)[）)]/#

    static func parse(_ text: String) -> MICRow? {
        var cells = QuantityParser.rowCells(text)
        guard let first = cells.firstIndex(where: isValueCell) else { return nil }
        for index in cells.indices[first...] {
            guard isValueCell(cells[index]) else { return nil }
            if !cells[index].isNumeric, cells[index].text.unicodeScalars.first?.isASCIIDigit == true,
               let match = cells[index].text.wholeMatch(of: annotatedCount) {
                cells[index].value = QuantityParser.parse(String(match.output.value)).value
            }
        }
        let values = Array(cells[first...])
        guard values.contains(where: \.isNumeric) else { return nil }
        let label = cells[..<first].map(\.text).joined(separator: " ")
        let (kind, subject) = kindAndSubject(label)
        return MICRow(label: label, cells: values, kind: kind, subject: subject)
    }

    static func kindAndSubject(_ label: String) -> (SeriesPoint.Kind?, String) {
        let compact = label.filter { $0 != " " && $0 != "※" }
        guard let (word, kind) = kindWords.first(where: { compact.containsLiteral($0.0) }) else { return (nil, compact) }
        return (kind, compact.replacingOccurrences(of: word, with: ""))
    }

    /// A cell that belongs to the values of a row.
    static func isValueCell(_ cell: Quantity) -> Bool {
        cell.isNumeric || TableReader.isPlaceholderCell(cell.text) || isAnnotatedCount(cell.text) || isBracketedNote(cell.text)
    }

    /// 「９（15）」: `annotatedCount`, tried only on a cell that opens with a
    /// digit, as the pattern does.
    static func isAnnotatedCount(_ text: String) -> Bool {
        text.unicodeScalars.first?.isASCIIDigit == true && text.wholeMatch(of: annotatedCount) != nil
    }

    /// 「(調査・とりまとめ中)」「（集計中）」: a note standing in for a value.
    static func isBracketedNote(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last, text.count >= 3 else { return false }
        return (first == "(" || first == "（") && (last == ")" || last == "）") && !text.contains(where: \.isNumber)
    }

    /// The note of a bracketed cell without its brackets.
    static func noteText(_ text: String) -> String {
        isBracketedNote(text) ? String(text.dropFirst().dropLast()) : text
    }

    /// 「（見込み）」 under the last year of a header: the kinds of the last columns.
    static func columnKinds(_ text: String) -> [SeriesPoint.Kind]? {
        let tokens = TextNormalizer.normalize(text).split(separator: " ").map(String.init)
        guard !tokens.isEmpty else { return nil }
        var kinds: [SeriesPoint.Kind] = []
        for token in tokens {
            guard isBracketedNote(token) else { return nil }
            let inner = noteText(token)
            if inner.contains("予定") { kinds.append(.forecast); continue }
            guard let (_, kind) = kindWords.first(where: { inner == $0.0 }) else { return nil }
            kinds.append(kind)
        }
        return kinds
    }
}
