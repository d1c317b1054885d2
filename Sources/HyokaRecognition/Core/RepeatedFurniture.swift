import HyokaModel
import HyokaText

/// Page furniture found by repetition: the running head, footer and page
/// number that a publication prints on every page (or every other page of a
/// spread), whatever their words.
///
/// A line is furniture when, with its digits masked (page numbers change,
/// 「014 DIPLOMATIC BLUEBOOK 2025」 and 「016 DIPLOMATIC BLUEBOOK 2025」 are
/// one line), it stands at the same edge of at least two pages. Only the
/// first few non-blank lines of a page (its head) and the last few (its foot)
/// are looked at, and each edge holds at most one line of words and one bare
/// page number: the first page of a chapter often opens with the running head
/// and then the chapter's own title, which the running heads of later pages
/// repeat — that second line is a heading, not furniture.
///
/// A line that reads as the document's own text needs more: it must stand
/// at the same edge of `pagesForTextShapedLines` pages. That is a line
/// shaped like one of the layout's headings (「（2）外交に関する協力の推進」
/// 「イ その他の分野」, as its grammar reads them), or like prose, with a
/// comma or a full stop inside (「付け、実証事業を実施している。なお、2022」,
/// a wrapped line). A subsection that happens to open two pages is not a
/// running head (its marker's number, 「（2）」 then 「（3）」, is masked like a
/// page number), nor is a sentence's line that a report repeats word for
/// word on two pages; a real running head repeats on every page, or every
/// other, of its part.
///
/// Documents without page boundaries (no page-start marks) have no furniture
/// to find, and nothing is returned.
enum RepeatedFurniture {
    /// How many non-blank lines at each edge of a page are candidates.
    static let edgeDepth = 3
    /// How many pages a line that reads as text (a heading, prose) must stand on to be furniture.
    static let pagesForTextShapedLines = 3

    /// A repeated line, and which kind of furniture it is.
    struct Match: Equatable {
        let line: Int
        let kind: LayoutArtifact.Kind
    }

    /// Furniture lines among `lines`, in line order. `isHeadingShaped` tells
    /// the lines that read as one of the layout's headings.
    static func find(in lines: [Line], isHeadingShaped: (Line) -> Bool = { _ in false }) -> [Match] {
        let pages = pages(of: lines)
        guard pages.count >= 2 else { return [] }
        // Which pages each masked line stands on, at which edge.
        var pagesByKey: [EdgeKey: Set<Int>] = [:]
        for (pageIndex, page) in pages.enumerated() {
            for (edge, candidates) in edges(of: page) {
                for line in candidates {
                    guard let key = mask(line) else { continue }
                    pagesByKey[EdgeKey(edge: edge, text: key), default: []].insert(pageIndex)
                }
            }
        }
        var matches: [Match] = []
        var taken = Set<Int>()
        for page in pages {
            for (edge, candidates) in edges(of: page) {
                var wordsTaken = false
                var numberTaken = false
                for line in candidates {
                    guard !taken.contains(line.number), let key = mask(line),
                          let pageCount = pagesByKey[EdgeKey(edge: edge, text: key)]?.count, pageCount >= 2,
                          pageCount >= pagesForTextShapedLines || !readsAsText(line, isHeadingShaped) else { continue }
                    let isNumber = key == "#"
                    if isNumber ? numberTaken : wordsTaken { continue }
                    if isNumber { numberTaken = true } else { wordsTaken = true }
                    let kind: LayoutArtifact.Kind = isNumber ? .pageNumber : edge == .head ? .runningHead : .pageFooter
                    matches.append(Match(line: line.number, kind: kind))
                    taken.insert(line.number)
                }
            }
        }
        return matches.sorted { $0.line < $1.line }
    }

    /// Whether `line` reads as the document's text rather than furniture: a heading of the layout, or prose.
    private static func readsAsText(_ line: Line, _ isHeadingShaped: (Line) -> Bool) -> Bool {
        line.text.containsLiteral("、") || line.text.containsLiteral("。") || isHeadingShaped(line)
    }

    /// The lines split at page starts — at form feeds when the text has
    /// them, else at the lines pdftotext marks with one leading space —
    /// blank lines dropped.
    static func pages(of lines: [Line]) -> [[Line]] {
        let byFormFeed = lines.contains(where: \.opensWithFormFeed)
        var pages: [[Line]] = [[]]
        for line in lines {
            let starts = byFormFeed ? line.opensWithFormFeed : line.startsPage
            if starts, !(pages.last?.isEmpty ?? true) { pages.append([]) }
            if !line.isBlank { pages[pages.count - 1].append(line) }
        }
        return pages.filter { !$0.isEmpty }
    }

    enum Edge: Hashable { case head, foot }

    private struct EdgeKey: Hashable {
        let edge: Edge
        let text: String
    }

    /// The candidate lines of a page's head (top down) and foot (bottom up).
    private static func edges(of page: [Line]) -> [(Edge, [Line])] {
        let depth = min(edgeDepth, page.count)
        return [(.head, Array(page.prefix(depth))), (.foot, Array(page.suffix(depth).reversed()))]
    }

    /// The line with digit runs replaced by 「#」 and white space removed, or
    /// nil when the line cannot be furniture: a sentence (it ends in 「。」)
    /// or a fragment too short to tell apart from wrapped text (「る。」「人」).
    static func mask(_ line: Line) -> String? {
        let text = line.text
        guard !text.hasLiteralSuffix("。"), !text.hasLiteralSuffix("、") else { return nil }
        return line.isStandalone ? maskByScalar(text) : maskByCharacter(text)
    }

    /// `mask` of any text, by `Character`.
    static func maskByCharacter(_ text: String) -> String? {
        var masked = ""
        var inDigits = false
        for character in text where !character.isWhitespace {
            if character.isNumber, character.isASCII {
                if !inDigits { masked.append("#") }
                inDigits = true
            } else {
                masked.append(character)
                inDigits = false
            }
        }
        guard masked == "#" || masked.count >= 4 else { return nil }
        return masked
    }

    /// `mask` of text of standalone scalars, by scalar: each is a character
    /// there (and answers `isWhitespace` as its character does), so the
    /// same string comes out without grapheme breaking, and its characters
    /// are counted as they are appended.
    static func maskByScalar(_ text: String) -> String? {
        var masked = String.UnicodeScalarView()
        var count = 0
        var inDigits = false
        for scalar in text.unicodeScalars where !scalar.isWhitespace {
            if scalar.isASCIIDigit {
                if !inDigits { masked.append("#"); count += 1 }
                inDigits = true
            } else {
                masked.append(scalar)
                count += 1
                inDigits = false
            }
        }
        guard count >= 4 || count == 1 && masked.first == "#" else { return nil }
        return String(masked)
    }
}
