import Foundation
import Hummingbird
import HyokaAssessment
import HyokaExport
import HyokaModel
import HyokaStore
import HyokaText

/// View models for the templates: plain dictionaries and arrays, so that the
/// templates stay free of logic and every value is escaped when rendered.
extension WebApp {
    func base(_ parameters: QueryParameters, title: String) -> [String: Any] {
        let language = parameters.language
        return ["t": language.labels, "lang": language.rawValue, "pageTitle": title,
                "langQuery": language == .english ? "?lang=en" : "", "langAmp": language == .english ? "&lang=en" : "",
                "otherLangQuery": Self.otherLanguageQuery(parameters)]
    }

    /// The page's own query with the other language: switching language
    /// keeps the search, filters and cited lines the reader is looking at.
    static func otherLanguageQuery(_ parameters: QueryParameters) -> String {
        let other = parameters.language == .english ? Language.japanese : .english
        let pairs = parameters.query.filter { $0.key != "lang" }.sorted { $0.key < $1.key }.map { "\(queryEscape($0.key))=\(queryEscape($0.value))" }
        return "?" + (pairs + ["lang=\(other.rawValue)"]).joined(separator: "&")
    }

    /// Documents listed per dashboard page.
    static let documentsPerPage = 100

    /// Breakdown tables the dashboard shows, the first in source order.
    static let dashboardBreakdowns = 20

    /// The dashboard, from figures the store answers from small rows and
    /// indexes (`EvaluationReader.reviewTotals(kind:)` and beside it): no
    /// request lists every document or decodes every review, so the first
    /// one at ten years (74,000 documents) answers as fast as the next.
    func dashboard(_ parameters: QueryParameters) async throws -> [String: Any] {
        var model = base(parameters, title: "Hyoka")
        let offset = try parameters.integer("offset", in: 0...1_000_000, default: 0) ?? 0
        model["documents"] = try await store.summaries(offset: offset, limit: Self.documentsPerPage).map { summary -> [String: Any] in
            ["id": Permalink.segment(summary.source), "source": summary.source, "kind": Self.kindLabel(summary.kind, parameters.language), "layout": summary.layout.rawValue,
             "ministry": summary.ministry ?? "", "title": summary.title ?? "", "published": summary.published?.iso8601 ?? "",
             "policies": summary.policyCount, "fields": summary.fieldCount, "indicators": summary.seriesCount,
             "unparsed": summary.unparsedLineCount]
        }
        model["documentPages"] = Self.pageLinks(total: try await store.documentCount(), offset: offset, parameters: parameters)
        model["byMinistry"] = Self.byMinistryRows(try await store.documentCounts())
        let breakdowns = try await store.storedReviewsWithBreakdowns(kind: .evaluation, limit: Self.dashboardBreakdowns).flatMap { entry in
            entry.review.own.breakdowns.filter { !$0.groups.isEmpty }.map { (breakdown: $0, source: entry.source) }
        }
        model["breakdowns"] = breakdowns.prefix(Self.dashboardBreakdowns).map { breakdown, source -> [String: Any] in
            ["title": breakdown.title, "total": Self.number(breakdown.total), "unit": breakdown.unit,
             "id": Permalink.segment(source), "source": source, "line": breakdown.line,
             "groups": breakdown.groups.map { group -> [String: Any] in
                 ["label": group.label, "value": Self.number(group.value),
                  "items": group.items.map { ["label": $0.label, "value": Self.number($0.value)] }]
             }]
        }
        // Every count links to the comparison's list of what it counts; 評価なし is counted, not left out.
        let counts = DashboardTotals.Counts(try await store.reviewTotals(kind: .evaluation))
        let language = parameters.language
        model["ratings"] = Rating.allCases.map { rating in
            Self.countCell(counts.ratings[rating] ?? 0,
                           href: Self.compareLink("/compare/evaluations", ComparisonFilter(rating: .rating(rating)), language)).merging(["label": language.rating(rating)]) { $1 }
        } + [Self.countCell(counts.ratings[nil] ?? 0,
                            href: Self.compareLink("/compare/evaluations", ComparisonFilter(rating: RatingChoice.none), language)).merging(["label": language.labels["notRated"] ?? ""]) { $1 }]
        model["severities"] = Finding.Severity.allCases.map { severity in
            Self.countCell(counts.severities[severity] ?? 0,
                           href: Self.compareLink("/compare/findings", ComparisonFilter(severity: severity), language))
                .merging(["severity": severity.rawValue, "label": language.severity(severity)]) { $1 }
        }
        // Budgets by ministry, never added together: each links to its programmes' rows, with their own rates.
        model["budgetMinistries"] = counts.budgetRowsByMinistry.keys.sorted().map { ministry -> [String: Any] in
            ["ministry": Self.ministryLabel(ministry, language), "isData": ministry != Comparison.unknown, "count": counts.budgetRowsByMinistry[ministry] ?? 0,
             "href": Self.compareLink("/compare/budget", ComparisonFilter(ministry: ministry), language)]
        }
        return model
    }

    /// The table of documents by ministry and year: one row per ministry (「—」: none) and calendar year of
    /// publication (「—」: not known), sorted as the two joined by a tab.
    static func byMinistryRows(_ counts: [DocumentCount]) -> [[String: Any]] {
        var rows: [String: (ministry: String, year: String, count: Int)] = [:]
        for count in counts {
            let ministry = count.ministry ?? "—", year = count.year.map(String.init) ?? "—"
            rows["\(ministry)\t\(year)", default: (ministry: ministry, year: year, count: 0)].count += count.documents
        }
        return rows.keys.sorted().compactMap { rows[$0] }.map { ["ministry": $0.ministry, "year": $0.year, "count": $0.count] }
    }

    /// "1–100 of 7,400" with previous and next links, for a paginated table.
    static func pageLinks(total: Int, offset: Int, parameters: QueryParameters) -> [String: Any] {
        let size = documentsPerPage
        let language = parameters.language == .english ? "&lang=en" : ""
        var links: [String: Any] = ["range": total == 0 ? "0" : "\(number(Double(offset + 1)))–\(number(Double(min(total, offset + size))))",
                                    "total": number(Double(total))]
        if offset > 0 { links["previous"] = "/?offset=\(max(0, offset - size))\(language)" }
        if offset + size < total { links["next"] = "/?offset=\(offset + size)\(language)" }
        return links
    }

    /// Hits on one page of search results.
    static let hitsPerPage = 50

    /// "51–64 / 64" with previous and next links that keep the query and its filters.
    static func searchPageLinks(total: Int, offset: Int, query: SearchQuery, parameters: QueryParameters) -> [String: Any] {
        func link(_ offset: Int) -> String {
            var items = [("q", query.text)]
            if let kind = query.kind { items.append(("kind", kind.rawValue)) }
            if let ministry = query.ministry { items.append(("ministry", ministry)) }
            if let year = query.year { items.append(("year", String(year))) }
            if offset > 0 { items.append(("offset", String(offset))) }
            if parameters.language == .english { items.append(("lang", "en")) }
            return "/search?" + items.map { "\($0)=\(queryEscape($1))" }.joined(separator: "&")
        }
        let size = query.limit
        var links: [String: Any] = ["range": total == 0 || offset >= total ? "0" : "\(offset + 1)–\(min(total, offset + size))", "total": total]
        if offset > 0 { links["previous"] = link(max(0, min(offset, total) - size)) }
        if offset + size < total { links["next"] = link(offset + size) }
        return links
    }

    func searchPage(_ parameters: QueryParameters) async throws -> [String: Any] {
        var model = base(parameters, title: "検索 / Search")
        let text = try parameters.string("q") ?? ""
        let kind = try parameters.kind()
        let ministry = try parameters.string("ministry", maxLength: 40)
        let year = try parameters.integer("year", in: 1868...2200)
        model["q"] = text
        model["ministry"] = ministry ?? ""
        model["year"] = year.map(String.init) ?? ""
        model["kinds"] = DocumentKind.allCases.map { ["value": $0.rawValue, "label": Self.kindLabel($0, parameters.language), "selected": $0 == kind] }
        guard !text.isEmpty else { return model }
        let offset = try parameters.integer("offset", in: 0...1_000_000) ?? 0
        let query = SearchQuery(text, kind: kind, ministry: ministry, year: year, limit: Self.hitsPerPage, offset: offset,
                                candidateLimit: searchCandidateLimit)
        let results = try await searchResults(query)
        let (hits, count) = (results.hits, results.count)
        model["searched"] = true
        model["count"] = count.passages
        model["countIsLowerBound"] = count.isLowerBound
        if count.isLowerBound {
            // Said on the page, not only in the documentation: the order is not the best of every match.
            model["rankedAmongNewest"] = parameters.language.rankedAmongNewest(count.passages)
        }
        // Headed as a reader knows the document: title, ministry, year and section; the file name stays in the link.
        model["hasHits"] = !hits.isEmpty
        model["hitList"] = SearchHitList.passages(hits, language: parameters.language)
        model["searchPages"] = Self.searchPageLinks(total: count.passages, offset: offset, query: query, parameters: parameters)
        // Review sheets are ranked among themselves and listed apart (see `ProjectSearchHit`).
        let projectHits = try await searchReviewSheets(SearchQuery(text, kind: kind, ministry: ministry, year: year, limit: 50))
        model["projectHitCount"] = projectHits.count
        model["hasProjectHits"] = !projectHits.isEmpty
        model["projectHitList"] = SearchHitList.reviewSheets(projectHits, language: parameters.language)
        return model
    }

    func documentPage(_ report: EvaluationReport, _ parameters: QueryParameters) async throws -> [String: Any] {
        var model = base(parameters, title: report.title ?? report.source)
        model["doc"] = Self.documentHeader(report, parameters.language)
        let linked = try await linkedProjects(report)
        model["policies"] = report.policies.enumerated().map { ordinal, policy -> [String: Any] in
            var entry: [String: Any] = ["ordinal": ordinal, "number": policy.number ?? "", "heading": parameters.language.policyHeading(policy.number ?? ""), "title": policy.title, "bureau": policy.bureau ?? "", "author": policy.author ?? "",
             "evaluated": policy.evaluated?.iso8601 ?? "", "line": policy.line, "endLine": policy.endLine,
             "objectives": policy.objectives.map(Self.goal),
             "fields": policy.fields.enumerated().map { index, field -> [String: Any] in
                 ["index": index, "number": field.number.map(String.init) ?? "", "heading": parameters.language.fieldHeading(field.number.map(String.init) ?? ""), "title": field.title, "goals": field.goals.count, "line": field.line, "endLine": field.endLine,
                  "href": Permalink.field(report, policy: ordinal, field: index)]
             },
             "indicators": policy.series.map { Self.indicator($0, parameters.language) },
             "budget": Self.budgetRows(policy.budget, parameters.language),
             "budgetCharts": Self.budgetCharts(policy.budget, parameters.language),
             "experts": policy.expertComments.map { ["text": $0.text, "field": $0.field.map(String.init) ?? "", "line": $0.line, "endLine": $0.endLine] }]
            if let entries = linked?.entries(report: report, policy: policy), !entries.isEmpty {
                entry["projects"] = Self.linkedProjectsModel(entries, parameters)
            }
            return entry
        }
        model["sections"] = Self.flatten(report.sections + report.policies.flatMap(\.sections))
        model["figures"] = report.figures.map { ["kind": parameters.language.figureKind($0.kind), "title": $0.title, "line": $0.line, "endLine": $0.endLine] }
        model["unparsed"] = report.unparsed.map { ["text": $0.text, "line": $0.line, "endLine": $0.endLine] }
        model["facts"] = try await store.facts(documentID: report.id).map { fact -> [String: Any] in
            ["subject": fact.subject, "quantity": fact.quantityText, "period": parameters.language.period(fact.period), "text": fact.text,
             "line": fact.line, "endLine": fact.endLine]
        }
        return model
    }

    func fieldPage(_ report: EvaluationReport, _ context: WebContext, _ parameters: QueryParameters) async throws -> [String: Any] {
        let (policyIndex, fieldIndex) = try Self.fieldIndices(report, context)
        let field = report.policies[policyIndex].fields[fieldIndex]
        var model = base(parameters, title: field.title)
        model["doc"] = Self.documentHeader(report, parameters.language)
        model["field"] = ["number": field.number.map(String.init) ?? "", "heading": parameters.language.fieldHeading(field.number.map(String.init) ?? ""), "title": field.title, "bureau": field.bureau ?? "",
                          "evaluated": field.evaluated?.iso8601 ?? "", "line": field.line, "endLine": field.endLine]
        model["goals"] = field.goals.filter { $0.cycle == .current }.map(Self.goal)
        model["nextGoals"] = field.goals.filter { $0.cycle == .next }.map(Self.goal)
        model["initiatives"] = field.initiatives.map { initiative -> [String: Any] in
            ["title": initiative.title ?? "", "line": initiative.line, "endLine": initiative.endLine,
             "achievements": initiative.achievements.map(Self.block), "directions": initiative.directions.map(Self.block)]
        }
        model["assessment"] = (field.assessment?.parts ?? []).map(Self.block)
        model["indicators"] = field.series.enumerated().map { position, indicator in
            var row = Self.indicator(indicator, parameters.language)
            row["anchor"] = Permalink.indicatorAnchor(position)
            row["chart"] = Chart.svg(indicator, parameters.language) ?? ""
            return row
        }
        model["references"] = field.references.map { ["text": $0.text, "url": $0.url ?? "", "line": $0.line, "endLine": $0.endLine] }
        if let entries = try await linkedProjects(report)?.entries(report: report, policy: report.policies[policyIndex], field: field), !entries.isEmpty {
            model["projects"] = Self.linkedProjectsModel(entries, parameters)
        }
        return model
    }

    func sourcePage(_ report: EvaluationReport, _ parameters: QueryParameters) async throws -> [String: Any] {
        let from = try parameters.integer("line", in: 1...max(1, report.lineCount))
        let to = try parameters.integer("end", in: 1...max(1, report.lineCount)) ?? from
        if let from, let to, to < from { throw WebError.badRequest("end must not be before line.") }
        var model = base(parameters, title: "\(report.source) — \(parameters.language.labels["source"] ?? "")")
        model["doc"] = Self.documentHeader(report, parameters.language)
        let text = try await store.sourceText(documentID: report.id) ?? ""
        let lines = SourceLines.split(text)
        // A PDF's pages: the first line of each is marked with its page number
        // (the form feed pdftotext put there is not shown).
        let pageStarts = Dictionary((report.pages ?? []).map { ($0.line, $0.number) }, uniquingKeysWith: { first, _ in first })
        model["lines"] = lines.enumerated().map { index, line -> [String: Any] in
            let number = index + 1
            var entry: [String: Any] = ["number": number, "text": line.replacingOccurrences(of: "\u{0C}", with: ""),
                                        "highlight": from.map { number >= $0 && number <= (to ?? $0) } ?? false]
            if let page = pageStarts[number] { entry["page"] = page }
            return entry
        }
        let page = from.flatMap(report.page(ofLine:)).map { "p.\($0) " } ?? ""
        if let from { model["from"] = from }
        model["range"] = from.map { page + "L\($0)" + ((to ?? $0) > $0 ? "–L\(to ?? $0)" : "") } ?? ""
        return model
    }

    func findingsPage(_ report: EvaluationReport, _ parameters: QueryParameters) async throws -> [String: Any] {
        var model = base(parameters, title: "\(report.source) — 点検")
        model["doc"] = Self.documentHeader(report, parameters.language)
        let review = try await review(report)
        model["findings"] = review.findings.map { finding -> [String: Any] in
            ["severity": finding.severity.rawValue, "severityLabel": parameters.language.severity(finding.severity), "rule": finding.rule,
             "ruleName": parameters.language.ruleName(finding.rule), "message": Self.message(finding.message, parameters.language),
             "line": finding.line, "endLine": finding.endLine]
        }
        model["ratings"] = review.computedRatings.sorted { $0.key < $1.key }.map { ["policy": $0.key, "rating": parameters.language.rating($0.value.rating), "reason": Self.message($0.value.reason, parameters.language)] }
        return model
    }

    // MARK: Pieces

    static func documentHeader(_ report: EvaluationReport, _ language: Language) -> [String: Any] {
        ["id": Permalink.segment(report.source), "source": report.source, "title": report.title ?? report.source, "kind": kindLabel(report.kind, language),
         "ministry": report.ministry ?? "", "published": report.published?.iso8601 ?? "", "lineCount": report.lineCount,
         "warnings": report.warnings, "printable": report.kind == .evaluation,
         // A version published from a draft is stored as 「<draft>-v<N>.txt」 (`Workflow.reportID`): it has versions to compare.
         "versioned": report.source == report.id + ".txt" && report.id.wholeMatch(of: /.+-v\d+/) != nil]
    }

    static func goal(_ goal: Goal) -> [String: Any] {
        ["number": goal.number.map(String.init) ?? "", "heading": goal.heading ?? "", "text": goal.text, "line": goal.line, "endLine": goal.endLine]
    }

    /// A generated message as HTML: Japanese as it is (its 「FY2022」 read as 「2022年度」);
    /// English with the Japanese it quotes marked `lang="ja"`.
    static func message(_ text: LocalizedText, _ language: Language) -> String {
        language == .english ? HTML.englishQuoting(text.en) : HTML.escape(language.message(text))
    }

    static func block(_ block: TextBlock) -> [String: Any] {
        ["heading": block.heading ?? "", "text": block.text, "line": block.line, "endLine": block.endLine]
    }

    static func indicator(_ indicator: Indicator, _ language: Language) -> [String: Any] {
        ["title": indicator.title, "unit": indicator.unit ?? "", "role": language.role(indicator.role), "line": indicator.line, "endLine": indicator.endLine,
         "targetYear": indicator.targetYear.map { language.period(.fiscalYear($0)) } ?? "", "notes": indicator.notes,
         "points": indicator.points.map { point -> [String: Any] in
             ["period": language.period(point.period), "kind": point.kind.rawValue, "kindLabel": language.pointKind(point.kind),
              "text": point.text, "line": point.line, "endLine": point.endLine,
              "approximate": point.approximate]
         }]
    }

    static func budgetRows(_ budget: [Budget], _ language: Language) -> [[String: Any]] {
        let keys = Array(Set(budget.map { "\($0.group)\t\($0.fiscalYear)" })).sorted()
        return keys.map { key -> [String: Any] in
            let lines = budget.filter { "\($0.group)\t\($0.fiscalYear)" == key }
            let planned = lines.first { $0.kind == .budget }, spent = lines.first { $0.kind == .execution }
            let rate = planned?.amount.flatMap { total in spent?.amount.map { total > 0 ? "\(Int(($0 / total * 100).rounded()))%" : "—" } } ?? "—"
            return ["group": language.budgetGroup(lines.first?.group ?? ""), "year": lines.first?.fiscalYear ?? 0, "budget": planned?.text ?? "—",
                    "execution": spent?.text ?? "—", "rate": rate, "unit": lines.first?.unit ?? "",
                    "line": lines.map(\.line).min() ?? 1, "endLine": lines.map(\.endLine).max() ?? 1]
        }
    }

    /// One chart per budget group that reports execution: budget against execution by fiscal year.
    static func budgetCharts(_ budget: [Budget], _ language: Language) -> [String] {
        let groups = budget.reduce(into: [String]()) { groups, line in if !groups.contains(line.group) { groups.append(line.group) } }
        return groups.compactMap { group in
            let lines = budget.filter { $0.group == group }
            guard lines.contains(where: { $0.kind == .execution }) else { return nil }
            let years = Set(lines.map(\.fiscalYear)).sorted().compactMap { year -> (year: Int, budget: Double, execution: Double?)? in
                guard let planned = lines.first(where: { $0.fiscalYear == year && $0.kind == .budget })?.amount else { return nil }
                return (year, planned, lines.first { $0.fiscalYear == year && $0.kind == .execution }?.amount)
            }
            return Chart.budgetSVG(years, group: language.budgetGroup(group), unit: lines.first?.unit ?? "", anchor: lines.map(\.line).min() ?? 0, language)
        }
    }

    static func flatten(_ sections: [Section], depth: Int = 0) -> [[String: Any]] {
        sections.flatMap { section -> [[String: Any]] in
            [["title": section.title, "kind": section.kind.rawValue, "depth": min(depth, 5), "line": section.line, "endLine": section.endLine,
              "blocks": section.blocks.map(block)]] + flatten(section.children, depth: depth + 1)
        }
    }

    /// The snippet with its matches wrapped in <mark>, every other character escaped.
    static func highlighted(_ snippet: Snippet) -> String {
        // Highlights count characters. Where every scalar is a character of its own (nearly always), the text
        // is cut by scalars, without finding grapheme boundaries: 70 snippets a search page.
        if snippet.text.isStandalone {
            let scalars = Array(snippet.text.unicodeScalars)
            return highlighted(snippet.highlights, count: scalars.count) { String(String.UnicodeScalarView(scalars[$0])) }
        }
        let characters = Array(snippet.text)
        return highlighted(snippet.highlights, count: characters.count) { String(characters[$0]) }
    }

    /// The HTML of a text of `count` characters, which `slice` cuts, with `highlights` marked.
    private static func highlighted(_ highlights: [Snippet.Highlight], count: Int, slice: (Range<Int>) -> String) -> String {
        var html = ""
        var index = 0
        for highlight in highlights.sorted(by: { $0.start < $1.start }) where highlight.start >= index && highlight.start + highlight.length <= count {
            html += HTML.escape(slice(index..<highlight.start))
            html += "<mark>" + HTML.escape(slice(highlight.start..<(highlight.start + highlight.length))) + "</mark>"
            index = highlight.start + highlight.length
        }
        return html + HTML.escape(slice(index..<count))
    }

    /// An amount in 百万円 (million yen), from the unit it was stated in; nil for other currencies.
    static func millionsOfYen(_ amount: Double, unit: String?) -> Double? {
        MillionsOfYen.convert(amount, unit: unit)
    }

    static func kindLabel(_ kind: DocumentKind, _ language: Language) -> String {
        switch (kind, language) {
        case (.evaluation, .japanese): "評価書"
        case (.bluebook, .japanese): "外交青書"
        case (.whitePaper, .japanese): "白書"
        case (.unknown, .japanese): "その他"
        case (.evaluation, .english): "Evaluation"
        case (.bluebook, .english): "Diplomatic Bluebook"
        case (.whitePaper, .english): "White paper"
        case (.unknown, .english): "Other"
        }
    }

    static func number(_ value: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 1
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }
}

/// Source text split the way `SourceText` numbers lines.
enum SourceLines {
    static func split(_ text: String) -> [String] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        return lines
    }
}
