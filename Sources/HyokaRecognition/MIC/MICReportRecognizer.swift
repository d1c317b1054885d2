import HyokaModel
import HyokaText

/// Recognises the Ministry of Internal Affairs and Communications
/// 主要な政策に係る評価書: per policy, a header (政策名 / 担当部局・課室名 /
/// 作成責任者名 / 政策評価実施時期) followed by slides. Slides are kept as
/// sections; the tables, logic models and links inside them are read.
struct MICReportRecognizer: LayoutRecognizer {
    nonisolated(unsafe) static let policyName = #/政策名\s*政策\s*(?<number>\d{1,2})\s*[：:]\s*(?<title>.+)/#
    nonisolated(unsafe) static let reportYear = #/(?:令和|平成)\s*(?:\d{1,2}|元)\s*年度/#
    nonisolated(unsafe) static let gluedFragment = #/\S\s+(?<rest>.+)/#
    nonisolated(unsafe) static let titleYearTail = #/\s*(?:R|令和)\s*(?:\d{1,2}|元).*$/#
    /// A slide's title on the line that carries its page number: 「AI 多言語翻訳技術の研究開発 10」,
    /// 「量子インターネット実現に向けた要素技術の研究開発 8量子通信」 (a category tag after the number).
    nonisolated(unsafe) static let numberedTitle = #/(?<title>[^。]{4,}?)\s+(?<number>[0-9]{1,2})(?<tag>[^0-9\s。]{0,12})/#
    /// … or with the number glued in front: 「16情報通信分野における戦略的な標準化活動の推進」.
    nonisolated(unsafe) static let gluedNumberTitle = #/(?<number>[0-9]{1,2})(?<title>[^0-9\s。・,.%A-Za-z][^。]{3,})/#

    var layout: ReportLayout { .micMajorPolicy }

    /// `LayoutScore.definingMarkers` when the report names its form
    /// (「主要な政策に係る評価書」) and has at least one 政策名 header; else 0.
    func score(_ lines: [Line]) -> Double {
        Self.accepts(lines) ? LayoutScore.definingMarkers : 0
    }

    static func accepts(_ lines: [Line]) -> Bool {
        lines.contains { $0.containsLiteral("主要な政策に係る評価書") } && lines.contains { isPolicyName($0.text) }
    }

    /// True for a 政策名 header line (tested on every line: the prefix first).
    private static func isPolicyName(_ text: String) -> Bool {
        text.hasLiteralPrefix("政策名") && text.wholeMatch(of: policyName) != nil
    }

    func recognize(_ lines: [Line], into report: inout EvaluationReport, claims: inout LineClaims) {
        report.kind = .evaluation
        report.layout = .micMajorPolicy
        report.ministry = "総務省"
        let headerIndices = lines.indices.filter { Self.isPolicyName(lines[$0].text) }
        let starts = headerIndices.map { headerStart(lines, nameIndex: $0) }
        if let firstStart = starts.first, firstStart > 0 {
            report.sections.append(contentsOf: coverSections(lines[0..<firstStart], claims: &claims))
        }
        report.title = report.sections.first?.title
        if report.title == nil, let first = headerIndices.first, let start = starts.first {
            // No cover: the report's title is the one printed above the first policy,
            // often over two lines (「令和５年度」「主要な政策に係る評価書」).
            report.title = reportTitle(lines[start..<first])
        }
        for (position, start) in starts.enumerated() {
            let end = position + 1 < starts.count ? starts[position + 1] : lines.count
            var policy = policyHeader(lines, nameIndex: headerIndices[position], start: start, end: end, claims: &claims)
            let bodyStart = headerEnd(lines, from: headerIndices[position], end: end)
            readSlides(lines[bodyStart..<end], into: &policy, claims: &claims)
            report.policies.append(policy)
        }
        report.published = report.policies.compactMap(\.evaluated).min()
        if report.title == nil { report.title = report.policies.first.map { "政策\($0.number ?? "")：\($0.title)" } }
    }

    /// The first line of a policy's header: the report title lines
    /// (「令和５年度」「主要な政策に係る評価書」) just above its 政策名 line.
    private func headerStart(_ lines: [Line], nameIndex: Int) -> Int {
        var start = nameIndex
        var above = nameIndex - 1
        while above >= 0, nameIndex - above <= 4, isReportTitleLine(lines[above]) {
            if !lines[above].isBlank { start = above }
            above -= 1
        }
        return start
    }

    private func isReportTitleLine(_ line: Line) -> Bool {
        line.isBlank || line.text.hasLiteralSuffix("評価書")
            || (line.text.hasLiteralPrefix("令和") || line.text.hasLiteralPrefix("平成")) && line.text.wholeMatch(of: Self.reportYear) != nil
    }

    private func headerEnd(_ lines: [Line], from nameIndex: Int, end: Int) -> Int {
        var index = nameIndex + 1
        while index < end, !lines[index].text.hasLiteralPrefix("政策評価実施時期") { index += 1 }
        return min(end, index + 1)
    }

    /// 「令和５年度」「主要な政策に係る評価書」 → 「令和5年度主要な政策に係る評価書」.
    private func reportTitle(_ slice: ArraySlice<Line>) -> String? {
        let texts = slice.filter { !$0.isBlank }.map(\.text)
        guard let last = texts.last, last.hasLiteralSuffix("評価書") else { return nil }
        return TextNormalizer.normalize(texts.joined())
    }

    private func coverSections(_ slice: ArraySlice<Line>, claims: inout LineClaims) -> [Section] {
        var blocks: [TextBlock] = []
        var title: String?
        var titleLine: Int?
        var previousContentLine: Int?
        for line in slice where !line.isBlank {
            claims.claim(line.number)
            if title == nil, line.text.contains("評価書") {
                title = line.text
                titleLine = line.number
                // A title printed over two lines: the year above it is its first half.
                if let above = blocks.last, above.endLine == previousContentLine,
                   (above.text.hasLiteralPrefix("令和") || above.text.hasLiteralPrefix("平成")), above.text.wholeMatch(of: Self.reportYear) != nil {
                    title = TextNormalizer.normalize(above.text + line.text)
                    titleLine = above.line
                    blocks.removeLast()
                }
                continue
            }
            previousContentLine = line.number
            blocks.append(TextBlock(text: line.text, line: line.number, endLine: line.number))
        }
        let first = [titleLine, blocks.first?.line].compactMap { $0 }.min() ?? 1
        return [Section(title: title ?? "表紙", kind: .preamble, level: 1, blocks: mergeWrapped(blocks),
                        line: first, endLine: max(first, blocks.last?.endLine ?? first))]
    }

    /// Joins blocks that are one sentence wrapped over several lines.
    private func mergeWrapped(_ blocks: [TextBlock]) -> [TextBlock] {
        var merged: [TextBlock] = []
        for block in blocks {
            if var last = merged.last, !last.text.hasSuffix("。"), last.text.count >= 30 {
                last.text = LineShape.join([last.text, block.text])
                last.endLine = block.endLine
                merged[merged.count - 1] = last
            } else {
                merged.append(block)
            }
        }
        return merged
    }

    private func policyHeader(_ lines: [Line], nameIndex: Int, start: Int, end: Int, claims: inout LineClaims) -> Policy {
        let nameLine = lines[nameIndex]
        let match = nameLine.text.wholeMatch(of: Self.policyName)
        var policy = Policy(
            level: .policy, number: match.map { String($0.output.number) }, title: match.map { String($0.output.title) } ?? nameLine.text,
            line: nameLine.number, endLine: lines[max(start, end - 1)].number
        )
        claims.claim(nameLine.number)
        // 「令和５年度」「主要な政策に係る評価書」 just above the header belong to it.
        for line in lines[start..<nameIndex] where !line.isBlank {
            claims.claim(line.number)
            policy.line = min(policy.line, line.number)
        }
        var field: String?
        var values: [String: [String]] = [:]
        for line in lines[(nameIndex + 1)..<headerEnd(lines, from: nameIndex, end: end)] where !line.isBlank {
            claims.claim(line.number)
            for label in ["担当部局・課室名", "作成責任者名", "政策評価実施時期"] where line.text.hasPrefix(label) {
                field = label
                values[label, default: []].append(String(line.text.dropFirst(label.count)).trimmingJapaneseWhitespace())
            }
            if let field, !line.text.hasPrefix(field) {
                values[field, default: []].append(line.text)
            }
        }
        policy.bureau = values["担当部局・課室名"].map { LineShape.join($0) }
        policy.author = values["作成責任者名"].map { $0.joined(separator: " ") }
        policy.evaluated = values["政策評価実施時期"].flatMap { PeriodParser.date(in: $0.joined()) }
        return policy
    }

    // MARK: - Slides

    private func readSlides(_ slice: ArraySlice<Line>, into policy: inout Policy, claims: inout LineClaims) {
        var pages: [[Line]] = []
        var blankRun = 0
        var endedByPageNumber = false
        for line in slice {
            if line.startsPage || pages.isEmpty || (endedByPageNumber && blankRun >= 2 && !line.isBlank) {
                pages.append([])
                endedByPageNumber = false
            }
            pages[pages.count - 1].append(line)
            if line.isBlank {
                blankRun += 1
            } else {
                // A lone number followed by blank lines is the page's number: the next text starts a new page.
                endedByPageNumber = LineShape.loneNumber(line.text) != nil
                blankRun = 0
            }
        }
        let captionKey = "政策\(policy.number ?? "")："
        let tags = programmeTags(Array(slice))
        for page in pages where page.contains(where: { !$0.isBlank }) {
            var used = Set<Int>()
            var slideTitle: String?
            for line in page where line.containsLiteral(captionKey) && !line.text.hasLiteralPrefix("政策名") {
                used.insert(line.number)
                let remainder = line.text.components(separatedBy: captionKey).first?.trimmingJapaneseWhitespace() ?? ""
                slideTitle = remainder.isEmpty ? line.text : remainder
            }
            let title = slideTitle ?? numberedTitle(page, tags: tags) ?? firstHorizontalText(page)
            var series = OutcomeTables.read(page, used: &used)
            series += YearTables.read(page, used: &used)
            series += KPITables.read(page, used: &used)
            // Sentences stay paragraphs of the slide as well: the figures are read from them, not instead of them.
            series += ProseTargets.read(page, used: used)
            series += PlanStatements.read(page, used: used)
            series += GoalStatements.read(page, used: used)
            for index in series.indices where series[index].title.isEmpty { series[index].title = title }
            policy.series += series
            if let model = LogicModels.read(page, used: &used) { policy.logicModels.append(model) }
            policy.references += links(page, used: &used)
            policy.budget += MICBudgets.read(page, title: Self.withoutYearTail(title), tags: tags)
            let blocks = paragraphs(page, excluding: used)
            for line in page where !line.isBlank { claims.claim(line.number) }
            guard let first = page.first(where: { !$0.isBlank }), let last = page.last(where: { !$0.isBlank }) else { continue }
            policy.sections.append(Section(title: title, kind: .slide, level: 1, blocks: blocks, line: first.number, endLine: last.number))
        }
    }

    /// The title without the year printed after it (`titleYearTail`); the
    /// pattern runs only on a title that has the 「R」 or 「令和」 it needs.
    static func withoutYearTail(_ title: String) -> String {
        guard title.containsLiteral("R") || title.containsLiteral("令和") else { return title }
        return title.replacing(titleYearTail, with: "")
    }

    /// The first line that is not vertical text. A legend set vertically
    /// (「国/費」「特/交」「そ/の/他」) leaves its last character glued to the
    /// title beside it: 「他 地域おこし協力隊について」 → 「地域おこし協力隊について」.
    private func firstHorizontalText(_ page: [Line]) -> String {
        let content = page.filter { !$0.isBlank }
        guard let index = content.firstIndex(where: { !LineShape.isVerticalFragment($0.text) }) else { return "" }
        let text = content[index].text
        if index > 0, let match = text.wholeMatch(of: Self.gluedFragment), text.first.map({ LineShape.isVerticalFragment(String($0)) }) == true {
            return String(match.output.rest)
        }
        return text
    }

    /// Runs of adjacent lines, each kept as one block; single characters set
    /// vertically join into their word.
    private func paragraphs(_ page: [Line], excluding used: Set<Int>) -> [TextBlock] {
        var blocks: [TextBlock] = []
        var run: [Line] = []
        func flush() {
            if let block = run.block() { blocks.append(block) }
            run.removeAll()
        }
        for line in page {
            if line.isBlank || used.contains(line.number) {
                if !(line.isBlank && run.last.map { LineShape.isVerticalFragment($0.text) } == true) { flush() }
                continue
            }
            if let last = run.last, LineShape.isVerticalFragment(last.text) != LineShape.isVerticalFragment(line.text) { flush() }
            run.append(line)
        }
        flush()
        return blocks
    }

    /// Link tables: 「label https://…」 with the URL wrapped onto the next line.
    private func links(_ page: [Line], used: inout Set<Int>) -> [Reference] {
        var references: [Reference] = []
        var index = 0
        while index < page.count {
            let line = page[index]
            index += 1
            guard line.containsLiteral("http"), let start = line.text.range(of: "https://") ?? line.text.range(of: "http://") else { continue }
            var url = String(line.text[start.lowerBound...])
            let label = String(line.text[..<start.lowerBound]).trimmingJapaneseWhitespace()
            var endLine = line.number
            used.insert(line.number)
            if index < page.count, LineShape.isURLContinuation(page[index].text) {
                url += page[index].text
                endLine = page[index].number
                used.insert(page[index].number)
                index += 1
            }
            references.append(Reference(kind: .url, text: label.isEmpty ? url : label, url: url, line: line.number, endLine: endLine))
        }
        return references
    }

    /// The title of a slide that prints it beside its page number, without the
    /// number and without the category tag repeated before or after it.
    private func numberedTitle(_ page: [Line], tags: Set<String>) -> String? {
        let content = page.filter { !$0.isBlank }
        for line in content {
            if let title = Self.titleBesidePageNumber(line.text, tags: tags) { return title }
        }
        for line in content {
            // Not 「20歳代と30歳代」 (a figure) nor 「2．過疎地域の要件」 (a numbered heading).
            // The pattern opens with an ASCII digit: other lines are not tried.
            guard line.text.unicodeScalars.first?.isASCIIDigit == true,
                  let match = line.text.wholeMatch(of: Self.gluedNumberTitle), let initial = match.output.title.first, initial.isLetter,
                  QuantityParser.parse(String(match.output.number) + String(initial)).unit == nil else { continue }
            if let title = Self.cleanTitle(match.output.title, tags: tags) { return title }
        }
        return nil
    }

    /// 「AI 多言語翻訳技術の研究開発 10」 → 「多言語翻訳技術の研究開発」; nil for a line that is not a title beside its page number.
    static func titleBesidePageNumber(_ text: String, tags: Set<String>) -> String? {
        guard mayEndInPageNumber(text), let match = text.wholeMatch(of: numberedTitle) else { return nil }
        // 「… 3年度 4年度」 (a table's header), 「… 12月」: the number is a year, a date or a count, not a page.
        let last = String(match.output.number) + String(match.output.tag)
        guard TableReader.yearHeader(text) == nil, PeriodParser.periods(in: last).isEmpty, QuantityParser.parse(last).unit == nil,
              !match.output.tag.hasPrefix("年"), !match.output.tag.hasPrefix("月") else { return nil }
        // 「目標値 % - - - 80」: a table row, its cells numbers, units and dashes.
        let cells = match.output.title.split(separator: " ").map { QuantityParser.parse(String($0)) }
        guard !cells.contains(where: { $0.isNumeric || TableReader.isPlaceholderCell($0.text) || $0.text == "%" }) else { return nil }
        return cleanTitle(match.output.title, tags: tags)
    }

    /// False for a line `numberedTitle` cannot match: one with 「。」, or with
    /// no white space followed by a digit near its end (the page number and
    /// its tag are at most 14 characters; 40 scalars leave room for combining
    /// marks). Asked of every line of every slide before the Regex runs.
    static func mayEndInPageNumber(_ text: String) -> Bool {
        guard !text.containsLiteral("。") else { return false }
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars.suffix(40) {
            if let previous, previous.isWhitespace, ("0"..."9").contains(scalar) { return endsInPageToken(text) }
            previous = scalar
        }
        return false
    }

    /// False when the last word of `text` (after its last white space) is
    /// not what `numberedTitle` ends in — one or two ASCII digits, then up to
    /// 12 characters that are not — or fewer than five characters stand
    /// before it (a title of four, a space). A table row's last cell
    /// (「4,904」「2,223」) is not a page number. Text that is not all
    /// standalone scalars is left to the pattern.
    static func endsInPageToken(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.allSatisfy(\.isStandalone), let space = scalars.lastIndex(where: \.isWhitespace) else { return true }
        let token = scalars[(space + 1)...]
        let digits = token.prefix(while: \.isASCIIDigit).count
        return (1...2).contains(digits) && token.count - digits <= 12 && !token.dropFirst(digits).contains(where: \.isASCIIDigit)
            && space >= 4
    }

    static func cleanTitle(_ title: Substring, tags: Set<String>) -> String? {
        var text = String(title).trimmingJapaneseWhitespace()
        // A chart axis (「0 10 20 30 40 50 60」) or a figure is not a title.
        guard text.unicodeScalars.contains(where: { LineShape.displayWidth($0) == 2 }), !text.containsLiteral("予算") else { return nil }
        if let space = text.firstIndex(of: " ") {
            let head = String(text[..<space])
            let rest = String(text[space...]).trimmingJapaneseWhitespace()
            if tags.contains(head) || rest.hasPrefix(head) { text = rest }
        }
        return text.count >= 4 ? text : nil
    }

    /// Short names that head this policy's slides as a category: printed
    /// alone in a box of an overview diagram (「量子通信」, 「Beyond 5G」, doubled
    /// as 「スタートアップスタートアップ」 when the box's text is layered), and
    /// before or after a slide's title elsewhere (「AI 多言語翻訳技術の研究開発 10」,
    /// 「…要素技術の研究開発 8量子通信」).
    private func programmeTags(_ lines: [Line]) -> Set<String> {
        var candidates = Set<String>()
        for line in lines where !line.isBlank && line.text.hasCharacterCount(atMost: 16) && !line.containsLiteral("。") {
            candidates.insert(Self.undoubled(line.text))
        }
        candidates = candidates.filter { $0.count >= 2 && $0.contains(where: { !$0.isNumber }) }
        // A tag stands before a space at the start of a line that ends in a
        // number (「量子通信 150」), or after an ASCII digit at its end
        // (「150量子通信」). Each line is cut only where that can be — at its
        // spaces and after its digits — and the piece looked up, rather than
        // every candidate compared with every line.
        var tags = Set<String>()
        guard !candidates.isEmpty else { return tags }
        // A piece longer than the longest candidate is none of them: only
        // pieces short enough are made into strings and looked up.
        let longest = candidates.map(\.count).max() ?? 0
        // When every candidate is standalone scalars, a piece equal to one
        // opens with the same scalar: pieces that open otherwise are skipped.
        let initials: Set<Unicode.Scalar>? = candidates.allSatisfy(\.isStandalone)
            ? Set(candidates.compactMap(\.unicodeScalars.first)) : nil
        for line in lines where !line.isBlank {
            if line.isStandalone {
                // One scalar per character: the same cuts, by scalar (`Unicode.Scalar.isNumber`
                // answers as `Character.isNumber` does), without grapheme breaking.
                // A cut needs a line that ends in a number (a head) or holds an
                // ASCII digit (a tail): other lines are not copied. Found from the
                // last scalar and the UTF-8 bytes, without decoding the line.
                guard let last = line.text.unicodeScalars.last,
                      last.isNumber || line.text.utf8.contains(where: { (0x30...0x39).contains($0) }) else { continue }
                Self.insertTags(Array(line.text.unicodeScalars), candidates: candidates, longest: longest, initials: initials, into: &tags)
                continue
            }
            guard line.text.contains(where: \.isNumber) else { continue }
            let characters = Array(line.text)
            let length = characters.count
            if characters.last?.isNumber == true {
                for space in characters.indices where characters[space] == " " && length > space + 2 {
                    let head = String(characters[..<space])
                    if candidates.contains(head) { tags.insert(head) }
                }
            }
            for digit in characters.indices where digit >= 2 && digit + 1 < length && characters[digit].isASCII && characters[digit].isNumber {
                let tail = String(characters[(digit + 1)...])
                if candidates.contains(tail) { tags.insert(tail) }
            }
        }
        return tags
    }

    /// `programmeTags`' cuts of one line of standalone scalars: the head
    /// before each space of a line that ends in a number, the tail after each
    /// ASCII digit; pieces longer than `longest`, or that open with none of
    /// `initials` (when given), are not looked up.
    private static func insertTags(
        _ scalars: [Unicode.Scalar], candidates: Set<String>, longest: Int, initials: Set<Unicode.Scalar>?, into tags: inout Set<String>
    ) {
        guard let last = scalars.last, scalars.contains(where: { $0.isNumber }) else { return }
        let length = scalars.count
        func piece(_ range: Range<Int>) -> String {
            // Encoded into one buffer: appending scalars to a view grows the string one scalar at a time.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(range.count * 3)
            for scalar in scalars[range] { UTF8.encode(scalar) { bytes.append($0) } }
            return String(decoding: bytes, as: UTF8.self)
        }
        func mayOpen(_ start: Int) -> Bool { initials?.contains(scalars[start]) ?? true }
        if last.isNumber, mayOpen(0) {
            for space in scalars.indices where space <= longest && scalars[space] == " " && length > space + 2 {
                let head = piece(0..<space)
                if candidates.contains(head) { tags.insert(head) }
            }
        }
        for digit in max(2, length - 1 - longest)..<max(2, length - 1) where scalars[digit].isASCIIDigit && mayOpen(digit + 1) {
            let tail = piece((digit + 1)..<length)
            if candidates.contains(tail) { tags.insert(tail) }
        }
    }

    /// 「スタートアップスタートアップ」 → 「スタートアップ」: text drawn twice (a shadow) is extracted twice.
    static func undoubled(_ text: String) -> String {
        let characters = Array(text)
        guard characters.count % 2 == 0, characters.count >= 4 else { return text }
        let half = characters.count / 2
        return characters[..<half] == characters[half...] ? String(characters[..<half]) : text
    }
}
