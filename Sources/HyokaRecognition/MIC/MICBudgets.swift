import HyokaModel
import HyokaText

/// Budget statements on MIC slides, in every form the slides print them:
///
/// - 「R4補正 662億円」「R5予算 150億円」「R５予算額 208百万円」
/// - 「令和4年度第2次補正予算：662億円 令和5年度当初予算：150億円」
/// - in brackets after the programme: 「○デジタル実装による地域課題の解決（R4補正：20億円、R5予算：1.4億円）」
/// - in a sentence: 「令和４年度第２次補正（20億円）及び令和５年度当初予算（1.4億円）」
/// - the amount wrapped onto the next line: 「令和４年度補正予算」「40億円」
/// - a total over years: 「令和元年度・令和２年度に…を実施（予算総額 約53億円）」
///
/// Each statement is attached to its programme: the text printed before it on
/// its line (「グローバル量子暗号通信網構築のための研究開発 令和４年度第２次補正予算 19.5億円」),
/// else the 「○」 heading it is bracketed under, else a programme tag printed
/// near it on a diagram, else the slide's title.
enum MICBudgets {
    /// A fiscal year, the appropriation, then the amount (「：」 or 「（」 between them allowed).
    nonisolated(unsafe) static let statement =
        #/(?<year>(?:R|令和|平成)\s*(?:[0-9]{1,2}|元)\s*(?:年度)?)\s*(?<stage>当初予算額?|(?:第\s*[0-9]\s*次)?補正(?:予算額?)?|予算額?)\s*[：:]?\s*[（(]?\s*(?<amount>約?[0-9][0-9.,]*)?\s*(?<unit>千円|百万円|億円)?/#
    nonisolated(unsafe) static let total = #/予算総額\s*(?<amount>約?[0-9][0-9.,]*)\s*(?<unit>千円|百万円|億円)/#
    nonisolated(unsafe) static let loneAmount = #/\s*(?<amount>約?[0-9][0-9.,]*)\s*(?<unit>千円|百万円|億円)\s*/#

    /// Every budget statement on a slide.
    /// - Parameters:
    ///   - title: the slide's title, the programme when nothing nearer names one.
    ///   - tags: programme tags of the policy (short names that also head its slides), for diagrams.
    static func read(_ page: [Line], title: String, tags: Set<String>) -> [Budget] {
        let content = page.filter { !$0.isBlank }
        let title = TextNormalizer.normalize(title)
        var budgets: [Budget] = []
        // Whether text on the statement's line or the heading it is bracketed under names its programme.
        var named: [Bool] = []
        for (position, line) in content.enumerated() {
            // The literals first: normalising never makes or removes 予算 or 補正,
            // and most lines of a slide have neither.
            guard line.containsLiteral("予算") || line.containsLiteral("補正") else { continue }
            let text = TextNormalizer.normalize(line.text)
            // 「…内数」: part of a larger appropriation, not an amount of its own.
            guard !text.containsLiteral("内数") else { continue }
            var previousEnd = text.startIndex
            // A statement opens with its year: 「R」, 「令和」 or 「平成」.
            for match in text.matches(of: statement, startingWithAnyOf: ["R", "令", "平"]) {
                defer { previousEnd = match.range.upperBound }
                guard let fiscalYear = fiscalYear(String(match.output.year)) else { continue }
                var amountText = match.output.amount.map(String.init)
                var unit = match.output.unit.map(String.init)
                var endLine = line.number
                if amountText == nil || unit == nil {
                    // Only a statement that ends its line can continue on the next one.
                    guard match.range.upperBound == text.endIndex || String(text[match.range.upperBound...]).trimmingJapaneseWhitespace().isEmpty,
                          position + 1 < content.count,
                          let next = TextNormalizer.normalize(content[position + 1].text).wholeMatch(of: loneAmount) else { continue }
                    amountText = String(next.output.amount)
                    unit = String(next.output.unit)
                    endLine = content[position + 1].number
                }
                guard let amountText, let unit else { continue }
                // What stands between the previous statement and this one (「令和4年度第2次補正予算：662億円 令和5年度当初予算：150億円」).
                let label = String(text[previousEnd..<match.range.lowerBound])
                let ownName = namedProgramme(label: label, content: content, at: position, title: title)
                let programme = ownName ?? programme(label: label, content: content, at: position, title: title, tags: tags)
                named.append(ownName != nil)
                let quantity = QuantityParser.parse(amountText)
                budgets.append(Budget(
                    group: programme, label: String(match.output.0).trimmingJapaneseWhitespace(), kind: .budget, fiscalYear: fiscalYear,
                    // The statement as printed on its line (the amount may stand on the next, `endLine`).
                    stage: stage(String(match.output.stage)), amount: quantity.value, text: String(match.output.0).trimmingJapaneseWhitespace(), unit: unit,
                    line: line.number, endLine: endLine
                ))
            }
            if text.containsLiteral("予算総額"), let match = text.firstMatch(of: total) {
                // The years the total covers are those named in its sentence.
                let years = PeriodParser.periods(in: text).compactMap { period -> Int? in
                    if case .fiscalYear(let year) = period { return year }
                    return nil
                }
                guard let first = years.min(), let last = years.max() else { continue }
                let label = String(text[..<match.range.lowerBound])
                let quantity = QuantityParser.parse(String(match.output.amount))
                named.append(false)
                budgets.append(Budget(
                    group: programme(label: "", content: content, at: position, title: title, tags: tags), label: label.trimmingJapaneseWhitespace(),
                    kind: .budget, fiscalYear: first, lastFiscalYear: last > first ? last : nil, stage: .total,
                    amount: quantity.value, text: String(match.output.0), unit: String(match.output.unit),
                    line: line.number, endLine: line.number
                ))
            }
        }
        return restatementsNamed(budgets, named: named)
    }

    /// A slide states a programme's amount beside its name (「○過疎地域持続的発展支援交付金（令和５年度予算：8.0億円）」)
    /// and again in a box that names nothing (「R５予算額8.0億円」). The unnamed statement that
    /// repeats a named one of the slide — year(s), stage, amount and unit — is that
    /// programme's, not the slide title's: the same money, so totals count it once.
    static func restatementsNamed(_ budgets: [Budget], named: [Bool]) -> [Budget] {
        var result = budgets
        for index in result.indices where !named[index] && result[index].amount != nil {
            let statement = result[index]
            if let source = budgets.indices.first(where: { other in
                named[other] && budgets[other].fiscalYear == statement.fiscalYear && budgets[other].lastFiscalYear == statement.lastFiscalYear
                    && budgets[other].stage == statement.stage && budgets[other].amount == statement.amount && budgets[other].unit == statement.unit
            }) {
                result[index].group = budgets[source].group
            }
        }
        return result
    }

    private static func fiscalYear(_ text: String) -> Int? {
        let normalized = text.hasSuffix("年度") ? text : text + "年度"
        let expanded = normalized.hasPrefix("R") ? "令和" + normalized.dropFirst() : normalized
        guard case .fiscalYear(let year)? = PeriodParser.period(in: expanded) else { return nil }
        return year
    }

    private static func stage(_ text: String) -> Budget.Stage {
        text.containsLiteral("補正") ? .supplementary : .initial
    }

    /// The programme named by the statement's own line or the heading it is bracketed under (steps 0–2 of `programme`).
    private static func namedProgramme(label: String, content: [Line], at position: Int, title: String) -> String? {
        // 0. The slide's own title on the statement's line (「他 地域おこし協力隊について R５予算額 208百万円」:
        //    the 「他」 is the tail of a vertical legend glued to it).
        if title.count >= 4, label.contains(title) { return title }
        // 1. Text before the statement on its line, once the brackets and bullets around it are gone.
        if let named = programmeName(label) { return named }
        // 2. The 「○」 heading the bracketed statement sits under (「○…」「（R4補正：20億円、R5予算：1.4億円）」).
        if position > 0, content[position].text.hasPrefix("（") || content[position].text.hasPrefix("("), let heading = LineShape.bullet(content[position - 1].text), heading.marker == "○",
           let named = programmeName(heading.rest) {
            return named
        }
        return nil
    }

    /// The programme a statement belongs to, nearest first.
    private static func programme(label: String, content: [Line], at position: Int, title: String, tags: Set<String>) -> String {
        if let named = namedProgramme(label: label, content: content, at: position, title: title) { return named }
        // 2b. Under a 事業 box (「（事業主体）…」「（事業スキーム）…」「（計画年度）…」): the name above the box.
        if let named = nameAboveProgrammeBox(content, at: position) { return named }
        // 3. On a diagram, the programme tag nearest the statement.
        if let tag = nearestTag(content, at: position, tags: tags) { return tag }
        return nearestTitle(content, at: position, tags: tags) ?? title
    }

    /// The slide title nearest the statement: the slide's first line (a title
    /// at the top), or the title printed beside the page number below it
    /// (事業 slides print theirs at the foot, under 「目的・概要」).
    private static func nearestTitle(_ content: [Line], at position: Int, tags: Set<String>) -> String? {
        var best: (distance: Int, title: String)?
        // The first line, past a diagram's caption (「＜目指すべきBeyond 5G（6G）ネットワークの姿＞」).
        let top = content.prefix(position).first { !($0.text.hasPrefix("＜") && $0.text.hasSuffix("＞")) && !($0.text.hasPrefix("【") && $0.text.hasSuffix("】")) }
        if let first = top?.text, let initial = first.first, initial.isLetter || initial == "（" || initial == "(",
           !first.containsLiteral("。"), !first.containsLiteral("予算"), first.count >= 4 {
            best = (position, MICReportRecognizer.titleBesidePageNumber(first, tags: tags) ?? first)
        }
        if let below = content.indices.dropFirst(position + 1).first(where: { MICReportRecognizer.titleBesidePageNumber(content[$0].text, tags: tags) != nil }),
           best == nil || below - position < best!.distance,
           let title = MICReportRecognizer.titleBesidePageNumber(content[below].text, tags: tags) {
            best = (below - position, title)
        }
        return best?.title
    }

    /// 「○高齢者等に向けたデジタル活用支援の推進（」 → 「高齢者等に向けたデジタル活用支援の推進」;
    /// nil for what names nothing (「（」, 「・」, 「予算額」, a sentence fragment).
    private static func programmeName(_ label: String) -> String? {
        var text = label.trimmingJapaneseWhitespace()
        if let bullet = LineShape.bullet(text) { text = bullet.rest }
        // 「他 地域おこし協力隊について」: the last character of a vertical legend glued in front.
        if let space = text.firstIndex(of: " "), text.distance(from: text.startIndex, to: space) == 1,
           LineShape.isVerticalFragment(String(text[..<space])) {
            text = String(text[text.index(after: space)...]).trimmingJapaneseWhitespace()
        }
        // The statement may follow an earlier one on the same line: keep what follows the last 「、」 or 「及び」.
        for separator in ["、", "及び"] where text.containsLiteral(separator) {
            text = text.components(separatedBy: separator).last ?? text
        }
        while let last = text.last, "（(：: ".contains(last) { text.removeLast() }
        // A leading page number glued to the statement (「14令和５年度…」) is not a name.
        text = String(text.drop { $0.isASCII && $0.isNumber }).trimmingJapaneseWhitespace()
        for word in ["予算額", "予算"] where text.hasSuffix(word) { text = String(text.dropLast(word.count)).trimmingJapaneseWhitespace() }
        guard text.count >= 4, !text.containsLiteral("。"), !text.hasSuffix("により"), !text.hasSuffix("本事業は") else { return nil }
        return text
    }

    /// The rows of a programme's box on MIC slides: who runs it, how, and when.
    static let boxRows = ["（事業主体）", "（事業スキーム）", "（計画年度）"]

    /// A statement printed right under a programme's box: the programme's name
    /// is the first line above the box that names something (not a sentence, not a figure).
    private static func nameAboveProgrammeBox(_ content: [Line], at position: Int) -> String? {
        var index = position - 1
        guard index >= 0, boxRows.contains(where: content[index].text.hasPrefix) else { return nil }
        while index >= 0, boxRows.contains(where: content[index].text.hasPrefix) { index -= 1 }
        while index >= 0 {
            let text = content[index].text
            let figure = QuantityParser.parse(TextNormalizer.normalize(text)).isNumeric
            if !figure, !text.containsLiteral("。"), !text.hasPrefix("（"), text.count >= 4 { return text }
            // Only a figure of a diagram may stand between the box and the name.
            guard figure || text.count < 4 else { return nil }
            index -= 1
        }
        return nil
    }

    /// The programme tag printed nearest (in lines) to a statement, within a few lines.
    private static func nearestTag(_ content: [Line], at position: Int, tags: Set<String>) -> String? {
        guard !tags.isEmpty else { return nil }
        var best: (distance: Int, tag: String)?
        for (index, line) in content.enumerated() {
            let distance = abs(index - position)
            let tag = MICReportRecognizer.undoubled(line.text)
            guard distance <= 8, tags.contains(tag) else { continue }
            if best == nil || distance < best!.distance { best = (distance, tag) }
        }
        return best?.tag
    }
}
