import HyokaModel
import HyokaText

/// The headings and line shapes of the Ministry of Foreign Affairs
/// evaluation sheets, matched on normalised text (full-width digits folded).
enum MOFAPatterns {
    nonisolated(unsafe) static let field = #/(?:個別)?分野\s*(?<number>\d{1,2})\s*[：:]\s*(?<title>.*)/#
    nonisolated(unsafe) static let measureName = #/施策名\s*[：:]\s*(?<title>.+)/#
    nonisolated(unsafe) static let sheetDate = #/\d{4}\s*（(?:令和|平成)(?:元|\d{1,2})）\s*年\s*\d{1,2}\s*月/#
    nonisolated(unsafe) static let objectives = #/施策目標\s*[：:]\s*(?<lead>.*)/#
    nonisolated(unsafe) static let numberedItem = #/(?<number>\d{1,2})\s+(?<text>\S.*)/#
    nonisolated(unsafe) static let numberedBracket = #/(?<number>\d{1,2})\s*【(?<title>[^】]+)】/#
    nonisolated(unsafe) static let bracketHeading = #/【(?<title>[^】]+)】/#
    nonisolated(unsafe) static let referenceTitle = #/参考\s*(?<number>\d*)\s*[：:]\s*(?<title>.+)/#
    nonisolated(unsafe) static let note = #/(?:（注\s*\d*）|\(注\s*\d*\)|注\s*[：:]|（出典[：:]).*/#
    nonisolated(unsafe) static let fieldCitation = #/個別分野\s*(?<number>\d{1,2})/#

    enum Heading: Equatable {
        case measureName(String)
        case field(number: Int, title: String)
        case objectives(lead: String)
        case results
        case nextObjectives
        case experts
        case budget
        case goals
        case columnHeader
        case assessment
        case nextGoals
        case referenceTitle(String)
        case referenceBox(String)
        case sourcesNote
    }

    /// The heading a line is, if any; `isStandalone` is `text.isStandalone`,
    /// which the caller has (`Line.isStandalone`).
    ///
    /// Called for every line of every sheet. Most lines open with none of the
    /// first scalars of the prefixed headings (`prefixInitials`): for text of
    /// standalone scalars that settles every prefix test at once, so only the
    /// short-line headings are looked for; other text takes every test.
    static func heading(_ text: String, isStandalone: Bool) -> Heading? {
        guard let first = text.first, !first.isASCII || first == "(" else { return nil }
        if !isStandalone || text.unicodeScalars.first.map(prefixInitials.contains) == true, let heading = prefixedHeading(text) {
            return heading
        }
        guard text.hasCharacterCount(atMost: 50) else { return nil }
        let short = text.hasCharacterCount(atMost: 30)
        let literal = LiteralText(text, isStandalone: isStandalone)
        if short && literal.contains("取組の主な評価結果") { return .results }
        if short && literal.contains("次期施策目標") { return .nextObjectives }
        if literal.contains("方向性") && (literal.contains("主な取組") || literal.contains("主な成果")) { return .columnHeader }
        return nil
    }

    /// The headings known by how the line opens. Cheap literal tests
    /// (`hasLiteralPrefix`) guard the regexes.
    static func prefixedHeading(_ text: String) -> Heading? {
        if text.hasLiteralPrefix("施策名"), let match = text.wholeMatch(of: measureName) { return .measureName(String(match.output.title)) }
        if text.hasLiteralPrefix("個別分野") || text.hasLiteralPrefix("分野"), let match = text.wholeMatch(of: field), let number = Int(match.output.number) {
            return .field(number: number, title: String(match.output.title))
        }
        if text.hasLiteralPrefix("施策目標"), let match = text.wholeMatch(of: objectives) { return .objectives(lead: String(match.output.lead)) }
        if text.hasLiteralPrefix("外部有識者の所見") && text.hasCharacterCount(atMost: 20) { return .experts }
        if text.hasLiteralPrefix("予算額・執行額") { return .budget }
        if text.isLiteral("中期目標") { return .goals }
        if text.isLiteral("評価結果") || text.isLiteral("評価結果（続）") { return .assessment }
        if text.hasLiteralPrefix("次回評価時") && text.containsLiteral("中期目標") { return .nextGoals }
        if text.hasLiteralPrefix("【参考】") { return .referenceBox(String(text.dropFirst(4)).trimmingJapaneseWhitespace()) }
        if text.hasLiteralPrefix("参考"), let match = text.wholeMatch(of: referenceTitle) { return .referenceTitle(String(match.output.title)) }
        if text.hasLiteralPrefix("（注）評価書を作成するに当たっては") { return .sourcesNote }
        return nil
    }

    /// The first scalar of each literal `prefixedHeading` tests: text of
    /// standalone scalars that opens with another passes none of its tests.
    /// A prefilter test checks this on every line of the bundled corpus.
    static let prefixInitials: Set<Unicode.Scalar> = ["施", "個", "分", "外", "予", "中", "評", "次", "【", "参", "（"]

    static func isSheetDate(_ text: String) -> Bool {
        text.first?.isNumber == true && text.wholeMatch(of: sheetDate) != nil
    }

    static func isNote(_ text: String) -> Bool {
        (text.hasLiteralPrefix("（注") || text.hasLiteralPrefix("(注") || text.hasLiteralPrefix("注") || text.hasLiteralPrefix("（出典"))
            && text.prefixMatch(of: note) != nil
    }

    /// The field an expert cites first (「個別分野６で、…」 → 6).
    static func citedField(_ text: String) -> Int? {
        text.firstMatch(of: fieldCitation).flatMap { Int($0.output.number) }
    }
}
