import HyokaModel
import HyokaText

/// A unit of sheet content made of one or more lines: a bullet with its
/// wrapped lines, a run of plain text, a URL, a 【heading】 …
enum LineItem {
    case bullet([Line])
    case text([Line])
    case url([Line])
    case bracket(Line, title: String)
    case numberedBracket(Line, number: Int, title: String)
    case loneNumber(Line, Int)
    case note([Line])

    var lines: [Line] {
        switch self {
        case .bullet(let lines), .text(let lines), .url(let lines), .note(let lines): lines
        case .bracket(let line, _), .numberedBracket(let line, _, _), .loneNumber(let line, _): [line]
        }
    }

    /// Text of the item with its bullet marker removed.
    var text: String {
        switch self {
        case .bullet(let lines):
            guard let first = lines.first else { return "" }
            let head = LineShape.bullet(first.text)?.rest ?? first.text
            return LineShape.join([head] + lines.dropFirst().map(\.text))
        case .url(let lines): return lines.map(\.text).joined()
        default: return lines.joinedText
        }
    }

    /// Widest line: the 今後の方向性 column is narrow, the 取組 column wide.
    var width: Int { lines.map(\.width).max() ?? 0 }
}

enum LineItems {
    /// Widest line of the narrow 今後の方向性 column, with a margin (measured: ≤ 48; the 取組 column runs to ~77).
    static let narrowColumnWidth = 52

    /// Groups lines into items. Blank lines separate items, except that a
    /// bullet or paragraph whose sentence is unfinished continues after them
    /// (pdftotext often puts a blank line inside a wrapped bullet).
    static func group(_ lines: [Line]) -> [LineItem] {
        var items: [LineItem] = []
        var current: [Line] = []
        var currentIsBullet = false
        var blankSinceLast = false

        func flush() {
            guard !current.isEmpty else { return }
            items.append(currentIsBullet ? .bullet(current) : .text(current))
            current = []
            currentIsBullet = false
        }

        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.isBlank {
                blankSinceLast = true
                continue
            }
            let text = line.text
            if LineShape.isURL(text) {
                flush()
                var urlLines = [line]
                if index < lines.count, LineShape.isURLContinuation(lines[index].text), text.last.map({ "-_/=".contains($0) }) == true {
                    urlLines.append(lines[index])
                    index += 1
                }
                items.append(.url(urlLines))
            } else if text.last == "】", let match = text.wholeMatch(of: MOFAPatterns.numberedBracket), let number = Int(match.output.number) {
                flush()
                items.append(.numberedBracket(line, number: number, title: String(match.output.title).trimmingJapaneseWhitespace()))
            } else if text.first == "【", text.last == "】", let match = text.wholeMatch(of: MOFAPatterns.bracketHeading) {
                flush()
                items.append(.bracket(line, title: String(match.output.title)))
            } else if let number = LineShape.loneNumber(text) {
                flush()
                items.append(.loneNumber(line, number))
            } else if MOFAPatterns.isNote(text) {
                flush()
                items.append(.note([line]))
            } else if LineShape.bullet(text) != nil {
                flush()
                current = [line]
                currentIsBullet = true
            } else if text.first?.isASCII == true, text.first?.isNumber == true, text.wholeMatch(of: MOFAPatterns.numberedItem) != nil && !currentIsBullet {
                // 「1 …」「2 …」: each numbered line starts an item of its own.
                flush()
                current = [line]
            } else if !current.isEmpty && (!blankSinceLast || !endsSentence(current)) {
                current.append(line)
            } else {
                flush()
                current = [line]
            }
            blankSinceLast = false
        }
        flush()
        return items
    }

    /// True when the lines end a sentence (。 or a closing bracket after it).
    static func endsSentence(_ lines: [Line]) -> Bool {
        guard let last = lines.last?.text else { return true }
        return last.hasSuffix("。") || last.hasSuffix("。）") || last.hasSuffix("。」")
    }
}
