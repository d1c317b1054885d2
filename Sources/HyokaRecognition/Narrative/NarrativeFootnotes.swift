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
    /// How a marker is printed; a definition answers markers of its own style
    /// only: 「(2) ある国が…」 answers 「抑止 (2)」, 「2 日本外交の展望」 answers no
    /// parenthesised marker.
    enum Style: Hashable {
        /// 「⁽¹⁾」「(1)」: a number in brackets.
        case bracketed
        /// 「¹」: a bare superscript (its definition is 「1 …」 or 「¹ …」).
        case bare
    }

    private(set) var pending: Set<Key> = []

    struct Key: Hashable {
        let number: Int
        let style: Style
    }

    nonisolated(unsafe) static let parenthesised = #/⁽(?<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾|⁽(?<digits>\d+)⁾|\((?<inline>\d{1,2})\)/#

    /// Records the markers used in a line of running text.
    mutating func scan(_ text: String) {
        guard text.unicodeScalars.contains(where: { $0 == "(" || Self.superscriptValue($0) != nil || $0 == "⁽" }) else { return }
        for match in text.matches(of: Self.parenthesised) {
            if let sup = match.output.sup, let value = Self.superscriptNumber(sup) { pending.insert(Key(number: value, style: .bracketed)) }
            if let digits = match.output.digits, let value = Int(digits) { pending.insert(Key(number: value, style: .bracketed)) }
            // 「(1) …」 opening a line is a heading or a definition, not a marker.
            if let inline = match.output.inline, match.range.lowerBound != text.startIndex, let value = Int(inline) {
                pending.insert(Key(number: value, style: .bracketed))
            }
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
                    pending.insert(Key(number: run, style: .bare))
                }
                run = 0
                length = 0
            }
            previous = scalar
        }
    }

    /// Records a marker read some other way (a digit glued to a heading's title).
    mutating func expect(_ number: Int, style: Style) { pending.insert(Key(number: number, style: style)) }

    func isPending(_ number: Int, style: Style) -> Bool { pending.contains(Key(number: number, style: style)) }

    mutating func define(_ number: Int, style: Style) { pending.remove(Key(number: number, style: style)) }

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
    /// The marker style this definition answers.
    let style: FootnoteMarkers.Style

    nonisolated(unsafe) static let pattern =
        #/(?:⁽(?<supParen>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾|⁽(?<digitParen>\d{1,2})⁾|(?<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})|[（(]注\s*(?<note>\d{1,2})[）)]|\((?<paren>\d{1,2})\)|(?<plain>\d{1,2})(?=\s))\s*(?<text>\S.*)/#

    init?(_ line: String) {
        guard let first = line.unicodeScalars.first,
              first == "(" || first == "（" || first == "⁽" || FootnoteMarkers.superscriptValue(first) != nil || first.properties.numericType != nil,
              let match = line.wholeMatch(of: Self.pattern) else { return nil }
        let output = match.output
        var explicit = true
        var number: Int?
        var style = FootnoteMarkers.Style.bracketed
        if let sup = output.supParen {
            number = FootnoteMarkers.superscriptNumber(sup)
        } else if let sup = output.sup {
            number = FootnoteMarkers.superscriptNumber(sup)
            style = .bare
        } else if let digits = output.digitParen ?? output.note {
            number = Int(digits)
        } else if let digits = output.paren {
            number = Int(digits)
            explicit = false
        } else if let digits = output.plain {
            number = Int(digits)
            explicit = false
            style = .bare
        }
        guard let number else { return nil }
        self.number = number
        self.text = String(output.text).trimmingJapaneseWhitespace()
        self.isExplicit = explicit
        self.style = style
    }
}
