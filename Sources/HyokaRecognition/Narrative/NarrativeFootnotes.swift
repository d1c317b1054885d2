import HyokaModel
import HyokaText

/// 脚注 markers met in the running text and not yet defined.
///
/// A footnote definition looks like a heading (「(1) UPU : Universal Postal
/// Union」 after a paragraph, 「1 ICAO：…」 in a column), so the number alone
/// cannot tell them apart; the text can. A definition answers a marker the
/// text has used — 「（UPU）⁽¹⁾」, 「（ICAO）¹」, 「ガバナンス(1)」 — and a heading
/// does not. Markers are read as the text goes, so a definition is known by
/// the markers before it.
struct FootnoteMarkers {
    private(set) var pending: Set<Int> = []

    nonisolated(unsafe) static let parenthesised = #/⁽(?<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾|⁽(?<digits>\d+)⁾|\((?<inline>\d{1,2})\)/#

    /// Records the markers used in a line of running text.
    mutating func scan(_ text: String) {
        guard text.unicodeScalars.contains(where: { $0 == "(" || Self.superscriptValue($0) != nil || $0 == "⁽" }) else { return }
        for match in text.matches(of: Self.parenthesised) {
            if let sup = match.output.sup, let value = Self.superscriptNumber(sup) { pending.insert(value) }
            if let digits = match.output.digits, let value = Int(digits) { pending.insert(value) }
            // 「(1) …」 opening a line is a heading or a definition, not a marker.
            if let inline = match.output.inline, match.range.lowerBound != text.startIndex, let value = Int(inline) { pending.insert(value) }
        }
        // 「（ICAO）¹は」: bare superscript digits after a word.
        var run = 0
        var length = 0
        var previous: Unicode.Scalar?
        var beforeRun: Unicode.Scalar?
        for scalar in text.unicodeScalars + [" "] {
            if let digit = Self.superscriptValue(scalar) {
                if length == 0 { beforeRun = previous }
                run = run * 10 + digit
                length += 1
            } else {
                if length > 0, length <= 2, let before = beforeRun, !before.properties.isWhitespace, before != "⁽", scalar != "⁾" {
                    pending.insert(run)
                }
                run = 0
                length = 0
            }
            previous = scalar
        }
    }

    func isPending(_ number: Int) -> Bool { pending.contains(number) }

    mutating func define(_ number: Int) { pending.remove(number) }

    static func superscriptNumber(_ text: Substring) -> Int? {
        var value = 0
        for scalar in text.unicodeScalars {
            guard let digit = superscriptValue(scalar) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    static func superscriptValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x2070: 0
        case 0x00B9: 1
        case 0x00B2: 2
        case 0x00B3: 3
        case 0x2074...0x2079: Int(scalar.value - 0x2070)
        default: nil
        }
    }
}

/// A line that defines a footnote: 「⁽¹⁾ …」, 「¹ …」, 「(1) …」, 「1 …」 or
/// 「（注1）…」, split into its number and text.
struct FootnoteDefinition {
    let number: Int
    let text: String
    /// True for forms only footnotes take (superscripts, 注); the others
    /// are footnotes only when the text has used their marker.
    let isExplicit: Bool

    nonisolated(unsafe) static let pattern =
        #/(?:⁽(?<supParen>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾|⁽(?<digitParen>\d{1,2})⁾|(?<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})|[（(]注\s*(?<note>\d{1,2})[）)]|\((?<paren>\d{1,2})\)|(?<plain>\d{1,2})(?=\s))\s*(?<text>\S.*)/#

    init?(_ line: String) {
        guard let first = line.unicodeScalars.first,
              first == "(" || first == "（" || first == "⁽" || FootnoteMarkers.superscriptValue(first) != nil || first.properties.numericType != nil,
              let match = line.wholeMatch(of: Self.pattern) else { return nil }
        let output = match.output
        var explicit = true
        var number: Int?
        if let sup = output.supParen ?? output.sup {
            number = FootnoteMarkers.superscriptNumber(sup)
        } else if let digits = output.digitParen ?? output.note {
            number = Int(digits)
        } else if let digits = output.paren ?? output.plain {
            number = Int(digits)
            explicit = false
        }
        guard let number else { return nil }
        self.number = number
        self.text = String(output.text).trimmingJapaneseWhitespace()
        self.isExplicit = explicit
    }
}
