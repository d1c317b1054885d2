import Foundation
@testable import HyokaImport
import Testing

/// Synthetic pages laid out the way `pdftotext -layout` lays them out: every
/// piece of text starts at a cell derived from its x position, one cell per
/// character whatever its width.
@Suite("Column reading order (synthetic pages)")
struct ColumnReadingOrderTests {
    let order = ColumnReadingOrder()

    /// A line with each text placed at its cell, padded with spaces.
    static func line(_ pieces: [(cell: Int, text: String)]) -> String {
        var cells: [Unicode.Scalar] = []
        for (cell, text) in pieces {
            precondition(cells.count <= cell, "pieces overlap")
            cells += Array(repeating: " ", count: cell - cells.count) + Array(text.unicodeScalars)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: cells)
        return String(view)
    }

    /// Lines of a column of set text: `count` lines of 18 characters, tagged
    /// `tag` and numbered, the last one shorter (a paragraph's end).
    static func column(_ tag: String, _ count: Int) -> [String] {
        (1...count).map { number in
            let head = "\(tag)\(number)行目"
            return number == count ? head + "終わり。" : head + String(repeating: "本", count: 18 - head.unicodeScalars.count)
        }
    }

    /// Two columns side by side, the left at cell 4 and the right at cell 40.
    static func twoColumns(_ left: [String], _ right: [String], leftCell: Int = 4, rightCell: Int = 40) -> [String] {
        (0..<max(left.count, right.count)).map { index in
            var pieces: [(cell: Int, text: String)] = []
            if index < left.count { pieces.append((leftCell, left[index])) }
            if index < right.count { pieces.append((rightCell, right[index])) }
            return line(pieces)
        }
    }

    /// The non-blank lines of `text`, trimmed.
    static func texts(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    @Test func twoColumnsAreReadLeftThenRight() {
        let left = Self.column("左", 6), right = Self.column("右", 6)
        let page = Self.twoColumns(left, right).joined(separator: "\n")
        #expect(Self.texts(order.reorder(page)) == left + right)
    }

    @Test func laterColumnsTakeTheFirstColumnsMarginAndKeepTheirIndentation() {
        var right = Self.column("右", 5)
        right[2] = " " + right[2]  // a paragraph's first line, indented by one cell
        let page = Self.twoColumns(Self.column("左", 5), right).joined(separator: "\n")
        let lines = order.reorder(page).split(separator: "\n").map(String.init)
        #expect(lines[5] == "    " + right[0])
        #expect(lines[7] == "     " + right[2].dropFirst())
    }

    @Test func oneColumnPageIsUnchanged() {
        let page = (Self.column("本文", 8) + ["", "    （1）見出し", ""] + Self.column("続き", 4))
            .map { "    " + $0 }.joined(separator: "\n")
        #expect(order.reorder(page) == page)
    }

    @Test func shortHeadingAcrossTheColumnsClosesTheColumnsAbove() {
        let lead = Self.twoColumns(Self.column("前左", 4), Self.column("前右", 3))
        let body = Self.twoColumns(["１ 情勢認識"] + Self.column("後左", 5), [""] + Self.column("後右", 5))
        let page = (lead + ["", ""] + body).joined(separator: "\n")
        let expected = Self.column("前左", 4) + Self.column("前右", 3) + ["１ 情勢認識"] + Self.column("後左", 5) + Self.column("後右", 5)
        #expect(Self.texts(order.reorder(page)) == expected)
    }

    @Test func blankLinesAroundASuperscriptDoNotEndTheColumns() {
        let left = Self.column("左", 8), right = Self.column("右", 8)
        // pdftotext sets a superscript on a line of its own and leaves blank
        // lines below it; the left column then goes on with a full line.
        let lines = Self.twoColumns(Array(left[..<4]), Array(right[..<4])) + [Self.line([(52, "(3)")]), "", ""]
            + Self.twoColumns(Array(left[4...]), [""] + Array(right[4...]))
        let result = Self.texts(order.reorder(lines.joined(separator: "\n")))
        #expect(result.filter { $0 != "(3)" } == left + right)
    }

    @Test func furiganaBelowABlankLineIsNotAHeading() {
        let left = Self.column("左", 6), right = Self.column("右", 6)
        // Blank lines (a side tab in the margin), then furigana above the left column's next line.
        let lines = Self.twoColumns(Array(left[..<3]), Array(right[..<3])) + ["", "", Self.line([(12, "ぜい")])]
            + Self.twoColumns(Array(left[3...]), Array(right[3...]))
        let result = Self.texts(order.reorder(lines.joined(separator: "\n")))
        #expect(result.filter { $0 != "ぜい" } == left + right)
    }

    @Test func titleCentredAcrossTheGutterStaysAboveBothColumns() {
        let title = Self.line([(20, "第１章　国際情勢認識と日本外交")])
        let page = ([title, ""] + Self.twoColumns(Self.column("左", 5), Self.column("右", 5))).joined(separator: "\n")
        let expected = ["第１章　国際情勢認識と日本外交"] + Self.column("左", 5) + Self.column("右", 5)
        #expect(Self.texts(order.reorder(page)) == expected)
    }

    @Test func unevenColumnsKeepTheLongerLeftColumnTogether() {
        let left = Self.column("左", 9), right = Self.column("右", 3)
        let page = Self.twoColumns(left, right).joined(separator: "\n")
        #expect(Self.texts(order.reorder(page)) == left + right)
    }

    @Test func halfWidthTextMakesTheLeftColumnRaggedInCells() {
        // Latin letters and digits take a cell each but half the width of a
        // kanji, so such lines run further right than the others.
        var left = Self.column("左", 6)
        left[1] = "2022年2月、Artificial Intelligenceの"  // 33 cells, ends 3 cells before the right column
        let page = Self.twoColumns(left, Self.column("右", 6)).joined(separator: "\n")
        #expect(Self.texts(order.reorder(page)) == left + Self.column("右", 6))
    }

    @Test func wideFigureBetweenColumnRunsStaysInPlace() {
        let figure = [
            Self.line([(4, "■第１-１図／研究開発費の推移")]),
            Self.line([(10, "（億円）"), (30, "大学"), (52, "企業")]),
            Self.line([(6, "20,000"), (18, "━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━")]),
            Self.line([(6, "10,000"), (24, "2010"), (33, "2015"), (42, "2020"), (51, "2023")]),
            Self.line([(4, "資料：文部科学省調べ")]),
        ]
        let above = Self.twoColumns(Self.column("上左", 4), Self.column("上右", 4))
        let below = Self.twoColumns(Self.column("下左", 4), Self.column("下右", 4))
        let page = (above + [""] + figure + [""] + below).joined(separator: "\n")
        let result = order.reorder(page).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expectedText = Self.column("上左", 4) + Self.column("上右", 4)
            + figure.map { $0.trimmingCharacters(in: .whitespaces) } + Self.column("下左", 4) + Self.column("下右", 4)
        #expect(Self.texts(result.joined(separator: "\n")) == expectedText)
        // The figure's lines are kept exactly, spacing included.
        for line in figure { #expect(result.contains(line)) }
    }

    @Test func tableWithAlignedCellsIsNotSplitIntoColumns() {
        let rows = [("区分", "令和４年度", "令和５年度"), ("予算額（百万円）", "1,234", "1,456"), ("執行額（百万円）", "1,100", "1,300"),
                    ("執行率", "89%", "89%"), ("件数", "12", "15")]
        let page = rows.map { Self.line([(4, $0.0), (30, $0.1), (48, $0.2)]) }.joined(separator: "\n")
        #expect(order.reorder(page) == page)
    }

    @Test func threeColumnsAreReadLeftToRight() {
        let columns = [Self.column("一", 5), Self.column("二", 5), Self.column("三", 5)].map { $0.map { String($0.unicodeScalars.prefix(14)) } }
        let page = (0..<5).map { Self.line([(2, columns[0][$0]), (22, columns[1][$0]), (42, columns[2][$0])]) }.joined(separator: "\n")
        #expect(Self.texts(order.reorder(page)) == columns[0] + columns[1] + columns[2])
    }

    @Test func threeColumnBlockInsideATwoColumnPageFindsItsOwnGutters() {
        let two = Self.twoColumns(Self.column("左", 6), Self.column("右", 6))
        let short = [Self.column("甲", 4), Self.column("乙", 4), Self.column("丙", 4)].map { $0.map { String($0.unicodeScalars.prefix(12)) } }
        let three = (0..<4).map { Self.line([(4, short[0][$0]), (25, short[1][$0]), (46, short[2][$0])]) }
        let page = (two + [""] + three).joined(separator: "\n")
        #expect(Self.texts(order.reorder(page)) == Self.column("左", 6) + Self.column("右", 6) + short[0] + short[1] + short[2])
    }

    @Test func pagesStaySeparatedByFormFeeds() {
        let first = Self.twoColumns(Self.column("一頁左", 4), Self.column("一頁右", 4)).joined(separator: "\n")
        let second = Self.column("二頁", 3).joined(separator: "\n")
        let result = order.reorder(first + "\n\u{0C}" + second + "\n\u{0C}")
        let pages = result.split(separator: "\u{0C}", omittingEmptySubsequences: false)
        #expect(pages.count == 3)
        #expect(Self.texts(String(pages[0])) == Self.column("一頁左", 4) + Self.column("一頁右", 4))
        #expect(String(pages[1]) == second + "\n")
    }

    @Test func rubyLineInOneColumnDoesNotCutTheOtherColumnsParagraph() {
        let left = Self.column("左", 5), right = Self.column("右", 5)
        var lines = Self.twoColumns(left, right)
        lines.insert(Self.line([(46, "じん")]), at: 2)  // furigana above the right column's third line
        let result = order.reorder(lines.joined(separator: "\n"))
        let leftPart = result.split(separator: "\n", omittingEmptySubsequences: false).prefix(5).map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(leftPart == left)
    }

    @Test func emptyAndBlankPagesAreUnchanged() {
        #expect(order.reorder("") == "")
        #expect(order.reorder("\n\n\u{0C}   \n\u{0C}") == "\n\n\u{0C}   \n\u{0C}")
    }
}
