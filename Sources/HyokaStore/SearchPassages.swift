import Foundation
import HyokaModel
import HyokaText

/// What search indexes of a document: what its pages show, each piece with
/// its kind (`role`) and the lines it was read from, so that a hit links to
/// the source line.
///
/// Running text (`EvaluationReport.passages`) is not all a reader sees: the
/// figures people search for stand in indicator tables (指標の推移: 「5,530人」),
/// table rows, chart titles (「ビザ発給件数の推移」) and budget lines
/// (「208百万円」). Each becomes a passage of its own:
///
/// - `indicator`: an indicator's title (and unit); `indicatorValue`: the
///   values printed on one line of it, under the indicator's title;
/// - `figure`: a figure's or table's title; `tableRow`: one row of a table's
///   cells; `figureText`: the words printed inside a chart; `figureNote`;
/// - `budget`: one amount of a budget table with its label.
///
/// Page furniture is never a hit: a passage whose text is a running head,
/// footer or page number the recogniser set apart is left out, and a title
/// printed again word for word (a slide title repeated at the top of every
/// page of a section) is indexed once, at its first print.
///
/// A passage's tokens are its own text's (`tokens(_:)`): a hit always holds
/// the words searched for, and its section is shown beside it, not matched —
/// except for an indicator's values and a table's rows, whose meaning is
/// their title (「隊員数」 above 「5,530人」).
public enum SearchPassages {
    public static func of(_ report: EvaluationReport) -> [Passage] {
        var result: [Passage] = []
        let furniture = Set(report.layoutArtifacts.filter { $0.kind != .tableOfContents }.map { key($0.text) })
        var printed = Set<Key>()
        for passage in report.passages {
            let text = key(passage.text)
            if text.isEmpty || furniture.contains(text) { continue }
            // A title — a heading, or a block that repeats its section's title (a slide's caption) —
            // already printed as any passage is a running head.
            let isTitle = passage.role == "heading" || passage.section.map(key) == text
            if !printed.insert(text).inserted, isTitle { continue }
            result.append(passage)
        }
        for policy in report.policies {
            for indicator in policy.series { result += indicatorPassages(indicator) }
            for field in policy.fields {
                for indicator in field.series { result += indicatorPassages(indicator) }
            }
            for budget in policy.budget where !budget.text.isEmpty {
                result.append(Passage(role: "budget", text: [budget.label, budget.text].joined(separator: " "),
                                      section: policy.title, line: budget.line, endLine: budget.endLine))
            }
        }
        for figure in report.figures { result += figurePassages(figure) }
        return result.sorted { ($0.line, $0.endLine) < ($1.line, $1.endLine) }
    }

    /// The title, then the values line by line: a value's hit points at the
    /// line it is printed on, and names the indicator as its section.
    static func indicatorPassages(_ indicator: Indicator) -> [Passage] {
        let title = indicator.unit.map { "\(indicator.title)（\($0)）" } ?? indicator.title
        var result = [Passage(role: "indicator", text: title, section: nil, line: indicator.line, endLine: indicator.line)]
        var byLine: [(line: Int, endLine: Int, texts: [String])] = []
        for point in indicator.points where !point.text.isEmpty {
            if let last = byLine.last, last.line == point.line {
                byLine[byLine.count - 1].texts.append(point.text)
                byLine[byLine.count - 1].endLine = max(last.endLine, point.endLine)
            } else {
                byLine.append((point.line, point.endLine, [point.text]))
            }
        }
        result += byLine.map { Passage(role: "indicatorValue", text: $0.texts.joined(separator: " "), section: indicator.title, line: $0.line, endLine: $0.endLine) }
        return result
    }

    /// A figure's title, rows, inner words and notes. Rows carry no line of
    /// their own, so each cites the figure's lines.
    static func figurePassages(_ figure: Figure) -> [Passage] {
        var result: [Passage] = []
        if !figure.title.isEmpty {
            result.append(Passage(role: "figure", text: figure.title, section: nil, line: figure.line, endLine: figure.line))
        }
        let section = figure.title.isEmpty ? nil : figure.title
        for row in figure.rows where row.contains(where: { !$0.isEmpty }) {
            result.append(Passage(role: "tableRow", text: row.joined(separator: " "), section: section, line: figure.line, endLine: figure.endLine))
        }
        if let text = figure.text, !text.isEmpty {
            result.append(Passage(role: "figureText", text: text, section: section, line: figure.line, endLine: figure.endLine))
        }
        for note in figure.notes where !note.isEmpty {
            result.append(Passage(role: "figureNote", text: note, section: section, line: figure.line, endLine: figure.endLine))
        }
        return result
    }

    /// The search tokens of `passage`: those of `matchedText(_:)`.
    public static func tokens(_ passage: Passage) -> [String] {
        SearchTokenizer.tokens(matchedText(passage))
    }

    /// The text a search matches `passage` by: its own text, or for an
    /// indicator's values and a table's rows its section (their title) and
    /// text. Its section is otherwise shown, not matched. Result-quality
    /// measurements build their ground truth from this, so that they judge
    /// the index by what it promises to find.
    public static func matchedText(_ passage: Passage) -> String {
        let titled = passage.role == "indicatorValue" || passage.role == "tableRow"
        return titled ? [passage.section, passage.text].compactMap { $0 }.joined(separator: " ") : passage.text
    }

    /// What tells two texts apart here: the text without its whitespace characters, as NFC UTF-8 bytes, so
    /// that keys are equal exactly when the texts without whitespace are equal as Swift strings (canonically
    /// equivalent). Text of standalone scalars (nearly all) is already NFC and is filtered scalar by scalar,
    /// each being a character of its own: the same result without finding grapheme boundaries or
    /// normalising to hash and compare, which made this a twentieth of an import's CPU.
    static func key(_ text: String) -> Key {
        guard text.isStandalone else { return Key(bytes: Array(text.filter { !$0.isWhitespace }.precomposedStringWithCanonicalMapping.utf8)) }
        var kept: [UInt8] = []
        kept.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars where !scalar.isWhitespace { UTF8.encode(scalar) { kept.append($0) } }
        return Key(bytes: kept)
    }

    /// A text's key: its bytes, hashed as one block. An array of bytes hashes
    /// them one at a time (`Hasher.combine(_: UInt8)` per byte), which was
    /// 2 % of an import's CPU.
    struct Key: Hashable {
        let bytes: [UInt8]

        var isEmpty: Bool { bytes.isEmpty }

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }
}

