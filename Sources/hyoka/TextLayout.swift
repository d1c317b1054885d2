import Foundation
import HyokaModel

/// Small text helpers for terminal output.
enum TextLayout {
    /// Terminal columns `text` takes: East Asian wide and full-width
    /// characters take two, so that tables with Japanese titles line up.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark { return width }
            return width + (isWide(scalar) ? 2 : 1)
        }
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }

    /// `text` padded with spaces to `width` columns.
    static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - displayWidth(text)))
    }

    /// `text` on one line, cut to at most `width` columns with an ellipsis.
    static func truncated(_ text: String, to width: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard displayWidth(flat) > width else { return flat }
        var result = ""
        var used = 0
        for character in flat {
            let characterWidth = displayWidth(String(character))
            if used + characterWidth > width - 1 { break }
            result.append(character)
            used += characterWidth
        }
        return result + "…"
    }

    /// `[L319–L322]`, or `[L319]` for one line; with the page in front for a
    /// document imported from a PDF: `[p.3 L120–L124]`, `[p.3–4 L140–L152]`.
    static func span(_ element: some SourceLocated, pages: ClosedRange<Int>? = nil) -> String {
        let lines = element.endLine > element.line ? "L\(element.line)–L\(element.endLine)" : "L\(element.line)"
        guard let pages else { return "[\(lines)]" }
        let page = pages.count > 1 ? "p.\(pages.lowerBound)–\(pages.upperBound)" : "p.\(pages.lowerBound)"
        return "[\(page) \(lines)]"
    }

    /// A number with thousands separators: 3223 → "3,223", 12.5 → "12.5".
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        if value == value.rounded(), abs(value) < 1e15 {
            return grouped(String(Int(value)))
        }
        let text = String(value)
        guard !text.contains("e"), let dot = text.firstIndex(of: ".") else { return text }
        return grouped(String(text[..<dot])) + text[dot...]
    }

    private static func grouped(_ integer: String) -> String {
        let negative = integer.hasPrefix("-")
        let digits = Array(negative ? integer.dropFirst() : integer[...])
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (negative ? "-" : "") + result
    }

    /// A table with a header row, columns padded to their widest cell.
    static func table(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { displayWidth($0[column]) }.max() ?? 0 }
        return all.map { row in
            zip(row, widths).enumerated().map { column, cell in
                column == row.count - 1 ? cell.0 : padded(cell.0, to: cell.1)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

/// JSON for people and scripts alike: pretty, keys sorted, slashes unescaped.
enum JSONOutput {
    static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
