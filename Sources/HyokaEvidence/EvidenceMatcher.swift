import HyokaModel
import HyokaText

/// Suggests the facts that back a figure: the same quantity, in the same
/// unit, for a compatible period, about a similar subject.
///
/// Rules, in order:
/// 1. Units must be the same after folding counters that mean the same
///    (名 and 人, カ国 and か国).
/// 2. Values must be equal; an approximate figure (約714万人) matches within
///    the precision it was stated to.
/// 3. Periods must agree: the same fiscal or calendar year; a date inside
///    the fiscal year or calendar year; a 年度 against the same 年 is
///    accepted with a lower score and says so. Different years never match.
/// 4. Small numbers are common, so they also need a similar subject: under
///    100, 40% of the subject's bigrams in common; under 10, 60%.
/// The score (0…1) rewards an exact period, a similar subject and evidence
/// from another document (a white paper backs a figure better than the
/// report restating it).
public struct EvidenceMatcher: Sendable {
    /// Suggestions scoring below this are not shown.
    public var threshold: Double

    public init(threshold: Double = 0.55) {
        self.threshold = threshold
    }

    /// Suggestions for each figure of `document`, strongest first.
    public func suggestions(for figures: [Fact], library: [Fact], documentKinds: [String: DocumentKind] = [:], limit: Int = 3) -> [EvidenceLink] {
        figures.flatMap { figure in
            library.compactMap { candidate in link(figure, candidate, documentKinds: documentKinds) }
                .sorted { $0.score > $1.score }
                .prefix(limit)
        }
    }

    func link(_ figure: Fact, _ candidate: Fact, documentKinds: [String: DocumentKind]) -> EvidenceLink? {
        guard !(candidate.document == figure.document && candidate.line == figure.line) else { return nil }
        guard Self.sameUnit(figure.unit, candidate.unit), Self.sameValue(figure, candidate) else { return nil }
        guard let periodScore = Self.periodAgreement(figure.period, candidate.period) else { return nil }
        let similarity = Self.similarity(figure.subject, candidate.subject + " " + candidate.text)
        // Small counts recur by chance: the smaller the number, the closer the subjects must be.
        let magnitude = max(abs(figure.value), abs(candidate.value))
        if magnitude < 10, similarity < 0.6 { return nil }
        if magnitude < 100, similarity < 0.4 { return nil }
        // The same number with neither the period nor the subject in common is a coincidence.
        if similarity < 0.15, periodScore.weight < 0.9 { return nil }
        let external = candidate.document != figure.document
        let narrative = documentKinds[candidate.document].map { $0 == .bluebook || $0 == .whitePaper } ?? false
        let score = min(1, 0.45 + 0.2 * periodScore.weight + 0.25 * similarity + (external ? 0.05 : 0) + (narrative ? 0.05 : 0))
        guard score >= threshold else { return nil }
        var reasons = ["same value and unit", periodScore.reason]
        if similarity >= 0.15 { reasons.append("similar subject") }
        reasons.append(external ? "another document" : "restated in the same document")
        return EvidenceLink(
            document: figure.document, line: figure.line, quantityText: figure.quantityText,
            evidenceDocument: candidate.document, evidenceLine: candidate.line, evidenceText: candidate.text,
            reason: reasons.joined(separator: ", "), score: (score * 100).rounded() / 100
        )
    }

    // MARK: Rules

    /// Units that count the same thing, folded to one spelling. Built once:
    /// a dictionary literal inside `canonicalUnit` was built, and its keys
    /// hashed, on every call, and the review compares every pair of a
    /// document's facts (15 % of an import's CPU).
    private static let foldedUnits: [String: String] = [
        "名": "人", "カ国": "か国", "ヵ国": "か国", "ヶ国": "か国", "カ国・地域": "か国・地域", "自治体": "団体", "％": "%",
    ]

    public static func canonicalUnit(_ unit: String?) -> String? {
        guard let unit else { return nil }
        return foldedUnits[unit] ?? unit
    }

    public static func sameUnit(_ lhs: String?, _ rhs: String?) -> Bool {
        canonicalUnit(lhs) == canonicalUnit(rhs) && lhs != nil
    }

    /// Equal values; an approximate one within the precision it was given to
    /// (約714万 is any value that rounds to 714万).
    public static func sameValue(_ lhs: Fact, _ rhs: Fact) -> Bool {
        if lhs.value == rhs.value { return true }
        guard lhs.approximate || rhs.approximate else { return false }
        let precision = max(precisionOf(lhs), precisionOf(rhs))
        return abs(lhs.value - rhs.value) <= precision / 2
    }

    /// The place value of the last written non-zero digit: 10000 for
    /// 約714万, 1000 for 約1万6,000 and for 約1.8万, 0.1 for 約85.2.
    public static func precisionOf(_ fact: Fact) -> Double {
        guard fact.approximate else { return 0 }
        let characters = Array(fact.quantityText)
        let magnitudes: [Character: Double] = ["億": 1e8, "万": 1e4, "千": 1e3]
        var precision = 1.0
        var index = 0
        while index < characters.count {
            guard characters[index].isASCII, characters[index].isNumber else { index += 1; continue }
            var digits = ""
            while index < characters.count, (characters[index].isASCII && characters[index].isNumber) || characters[index] == "," || characters[index] == "." {
                if characters[index] != "," { digits.append(characters[index]) }
                index += 1
            }
            let magnitude = index < characters.count ? magnitudes[characters[index]] ?? 1 : 1
            if let dot = digits.firstIndex(of: ".") {
                precision = magnitude / pow10(digits.distance(from: dot, to: digits.endIndex) - 1)
            } else {
                precision = magnitude * pow10(digits.reversed().prefix { $0 == "0" }.count)
            }
        }
        return precision
    }

    private static func pow10(_ exponent: Int) -> Double {
        (0..<max(0, exponent)).reduce(1) { value, _ in value * 10 }
    }

    public struct PeriodAgreement {
        public var weight: Double
        public var reason: String
    }

    /// How well two periods agree, or nil when they contradict.
    public static func periodAgreement(_ lhs: Period?, _ rhs: Period?) -> PeriodAgreement? {
        switch (lhs, rhs) {
        case (nil, nil): return PeriodAgreement(weight: 0.3, reason: "no period on either side")
        case (nil, _), (_, nil): return PeriodAgreement(weight: 0.3, reason: "period stated on one side only")
        case let (.fiscalYear(a), .fiscalYear(b)): return a == b ? PeriodAgreement(weight: 1, reason: "same fiscal year") : nil
        case let (.year(a), .year(b)): return a == b ? PeriodAgreement(weight: 1, reason: "same year") : nil
        case let (.asOf(a), .asOf(b)):
            if a.year == b.year && a.month == b.month { return PeriodAgreement(weight: 1, reason: "same date") }
            return nil
        case let (.fiscalYear(year), .asOf(date)), let (.asOf(date), .fiscalYear(year)):
            return date.fiscalYear == year ? PeriodAgreement(weight: 0.9, reason: "date within the fiscal year") : nil
        case let (.year(year), .asOf(date)), let (.asOf(date), .year(year)):
            return date.year == year ? PeriodAgreement(weight: 0.9, reason: "date within the year") : nil
        case let (.fiscalYear(fiscal), .year(calendar)), let (.year(calendar), .fiscalYear(fiscal)):
            return fiscal == calendar ? PeriodAgreement(weight: 0.5, reason: "年度 against 年 of the same number: check which is meant") : nil
        }
    }

    /// Bigram overlap of two texts (Jaccard), 0…1.
    public static func similarity(_ lhs: String, _ rhs: String) -> Double {
        similarity(similarityTokens(lhs), similarityTokens(rhs))
    }

    /// What `similarity` compares of a text: its tokens of more than one character. A caller that compares
    /// one text with many works them out once.
    public static func similarityTokens(_ text: String) -> Set<String> {
        Set(SearchTokenizer.tokens(text).filter { $0.count > 1 })
    }

    /// `similarity` of two texts from their `similarityTokens`.
    public static func similarity(_ left: Set<String>, _ right: Set<String>) -> Double {
        guard !left.isEmpty, !right.isEmpty else { return 0 }
        // Containment rather than Jaccard: a short subject inside a long sentence is a full match.
        return Double(left.intersection(right).count) / Double(min(left.count, right.count))
    }
}

/// Facts about the same subject in different documents or editions, joined
/// into one series: 「JPF member NGOs: 37 at the end of 2012, … in later
/// editions」.
public struct FactSeries: Sendable, Equatable {
    public var subject: String
    public var unit: String?
    /// Points in period order, each with the document it came from.
    public var points: [Fact]

    /// Groups facts with the same unit and a similar subject, keeping
    /// groups that span at least two documents and two periods.
    public static func group(_ facts: [Fact], minimumSimilarity: Double = 0.6) -> [FactSeries] {
        var groups: [FactSeries] = []
        for fact in facts where fact.period != nil && !fact.subject.isEmpty {
            if let index = groups.firstIndex(where: { group in
                EvidenceMatcher.sameUnit(group.unit, fact.unit)
                    && EvidenceMatcher.similarity(group.subject, fact.subject) >= minimumSimilarity
            }) {
                groups[index].points.append(fact)
            } else {
                groups.append(FactSeries(subject: fact.subject, unit: fact.unit, points: [fact]))
            }
        }
        return groups.compactMap { group in
            let documents = Set(group.points.map(\.document))
            let periods = Set(group.points.compactMap(\.period))
            guard documents.count >= 2, periods.count >= 2 else { return nil }
            var sorted = group
            sorted.points.sort { ($0.period?.sortKey ?? CalendarDate(year: 0)) < ($1.period?.sortKey ?? CalendarDate(year: 0)) }
            return sorted
        }
    }
}
