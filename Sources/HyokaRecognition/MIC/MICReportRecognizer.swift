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
    nonisolated(unsafe) static let slideBudget = #/(?:R|令和)\s*(?<year>\d{1,2}|元)\s*(?:年度)?予算額?\s*(?<amount>[\d.,]+)\s*(?<unit>百万円|億円|千円)/#

    var layout: ReportLayout { .micMajorPolicy }

    /// `LayoutScore.definingMarkers` when the report names its form
    /// (「主要な政策に係る評価書」) and has at least one 政策名 header; else 0.
    func score(_ lines: [Line]) -> Double {
        Self.accepts(lines) ? LayoutScore.definingMarkers : 0
    }

    static func accepts(_ lines: [Line]) -> Bool {
        lines.contains { $0.text.containsLiteral("主要な政策に係る評価書") } && lines.contains { isPolicyName($0.text) }
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

    private func coverSections(_ slice: ArraySlice<Line>, claims: inout LineClaims) -> [Section] {
        var blocks: [TextBlock] = []
        var title: String?
        var titleLine: Int?
        for line in slice where !line.isBlank {
            claims.claim(line.number)
            if title == nil, line.text.contains("評価書") {
                title = line.text
                titleLine = line.number
                continue
            }
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
        for page in pages where page.contains(where: { !$0.isBlank }) {
            var used = Set<Int>()
            var slideTitle: String?
            for line in page where line.text.containsLiteral(captionKey) && !line.text.hasLiteralPrefix("政策名") {
                used.insert(line.number)
                let remainder = line.text.components(separatedBy: captionKey).first?.trimmingJapaneseWhitespace() ?? ""
                slideTitle = remainder.isEmpty ? line.text : remainder
            }
            let title = slideTitle ?? firstHorizontalText(page)
            policy.series += OutcomeTables.read(page, used: &used)
            policy.series += YearTables.read(page, used: &used)
            if let model = LogicModels.read(page, used: &used) { policy.logicModels.append(model) }
            policy.references += links(page, used: &used)
            policy.budget += slideBudgets(page, title: title)
            let blocks = paragraphs(page, excluding: used)
            for line in page where !line.isBlank { claims.claim(line.number) }
            guard let first = page.first(where: { !$0.isBlank }), let last = page.last(where: { !$0.isBlank }) else { continue }
            policy.sections.append(Section(title: title, kind: .slide, level: 1, blocks: blocks, line: first.number, endLine: last.number))
        }
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
            guard line.text.containsLiteral("http"), let start = line.text.range(of: "https://") ?? line.text.range(of: "http://") else { continue }
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

    /// 「地域おこし協力隊について R５予算額 208百万円」: a programme's budget on its slide.
    private func slideBudgets(_ page: [Line], title: String) -> [Budget] {
        page.compactMap { line in
            guard line.text.containsLiteral("予算"), let match = line.text.firstMatch(of: Self.slideBudget), !line.text.containsLiteral("内数"),
                  let era = PeriodParser.period(in: "令和\(match.output.year)年度"),
                  case .fiscalYear(let year) = era else { return nil }
            let amount = QuantityParser.parse(String(match.output.amount))
            let label = String(line.text[..<match.range.lowerBound]).trimmingJapaneseWhitespace()
            let programme = title.replacing(Self.titleYearTail, with: "")
            // On the title line the label is the (cleaned) title; elsewhere a bare 「・」 names nothing.
            let group = label.count < 2 || line.text.contains(programme) ? programme : label
            return Budget(
                group: group, label: String(match.output.0), kind: .budget, fiscalYear: year,
                amount: amount.value, text: String(match.output.0), unit: String(match.output.unit), line: line.number, endLine: line.number
            )
        }
    }
}
