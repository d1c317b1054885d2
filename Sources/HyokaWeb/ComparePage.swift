import Foundation
import Hummingbird
import HyokaAssessment
import HyokaModel
import HyokaStore

/// The reviewer's comparison view (/compare): each ministry and year with its
/// documents, evaluations, ratings computed and stated, 評価なし, findings by
/// severity and by rule, and its programmes' budget against execution; and
/// the lists behind every count (/compare/documents, /evaluations, /findings,
/// /budget). Filters and sorting are plain GET forms and links: no script.
extension WebApp {
    /// Rows per page of a list behind a count.
    static let compareRowsPerPage = 100
    /// Budget rows shown per ministry on the comparison page; the rest are one link away.
    static let compareBudgetPreview = 12

    /// The comparison's page and list routes, and its JSON twin.
    func addComparison(to router: Router<WebContext>) {
        router.get("/compare") { request, _ in try self.html("compare", try await self.comparePage(QueryParameters(request))) }
        router.get("/compare/:list") { request, context in
            guard let list = context.parameters.get("list").flatMap(CompareList.init(rawValue:)) else {
                throw WebError.notFound("There is no such list: documents, evaluations, findings or budget.")
            }
            return try self.html("comparelist", try await self.compareListPage(list, QueryParameters(request)))
        }
        router.get("/api/v1/compare") { request, _ in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(try await self.compareResponse(QueryParameters(request, strict: true))))))
        }
    }

    /// The lists a count links to.
    enum CompareList: String, CaseIterable {
        case documents, evaluations, findings, budget
    }

    /// The columns the comparison table sorts by.
    enum CompareColumn: String, CaseIterable {
        case ministry, year, documents, evaluations
        case exceeded, achieved, substantialProgress, limitedProgress, notProgressing
        case notRated, stated, error, warning, info, findings, budget
    }

    /// Every record the comparison counts, or nil while the totals are being computed.
    struct CompareData {
        var documents: [Comparison.Document]
        var records: ComparisonRecords
    }

    func compareData() async throws -> CompareData? {
        let summaries = try await store.summaries()
        guard let totals = try await dashboardTotals.totals(for: summaries, app: self) else { return nil }
        return CompareData(documents: summaries.map(Comparison.Document.init), records: totals.comparison)
    }

    /// The filters of a request, each checked: an unknown value is a 400 that says what is allowed.
    static func comparisonFilter(_ parameters: QueryParameters, data: CompareData?) throws -> ComparisonFilter {
        var filter = ComparisonFilter()
        filter.ministry = try parameters.string("ministry", maxLength: 40)
        if let year = try parameters.string("year", maxLength: 4) {
            guard year == Comparison.unknown || (Int(year).map { (1868...2200).contains($0) } ?? false) else {
                throw WebError.badRequest("year must be a fiscal year from 1868 to 2200, or \(Comparison.unknown) for documents without a date.")
            }
            filter.year = year
        }
        filter.kind = try parameters.kind()
        func rating(_ name: String) throws -> RatingChoice? {
            guard let text = try parameters.string(name, maxLength: 40) else { return nil }
            guard let choice = RatingChoice(text) else {
                throw WebError.badRequest("\(name) must be one of \((Rating.allCases.map(\.rawValue) + [RatingChoice.noneValue]).joined(separator: ", ")).")
            }
            return choice
        }
        filter.rating = try rating("rating")
        filter.stated = try rating("stated")
        filter.severity = try parameters.choice("severity", Finding.Severity.self)
        if let rule = try parameters.string("rule", maxLength: 60) {
            let known = Set(Language.ruleNames.keys).union(data?.records.findings.map(\.finding.rule) ?? [])
            guard known.contains(rule) else { throw WebError.badRequest("rule must be a rule id of docs/review-rules.md, such as sum-mismatch.") }
            filter.rule = rule
        }
        return filter
    }

    /// The column to sort by (ministry by default) and whether descending, checked.
    static func compareSort(_ parameters: QueryParameters) throws -> (CompareColumn, Bool) {
        (try parameters.choice("sort", CompareColumn.self) ?? .ministry, try parameters.descending())
    }

    /// A link to a comparison page with `filter`, in the page's language.
    static func compareLink(_ path: String, _ filter: ComparisonFilter, _ language: Language, extra: [(String, String)] = []) -> String {
        let items = filter.items + extra + (language == .english ? [("lang", "en")] : [])
        return path + (items.isEmpty ? "" : "?" + items.map { "\($0)=\(queryEscape($1))" }.joined(separator: "&"))
    }

    // MARK: The table

    /// One ministry in one year: every count of the comparison table.
    struct CompareRow {
        var ministry: String
        var year: String
        var documents = 0
        var evaluations = 0
        var computed: [Rating: Int] = [:]
        var notRated = 0
        var stated: [Rating: Int] = [:]
        var notStated = 0
        var severities: [Finding.Severity: Int] = [:]
        var findings = 0
        var budget = 0

        var statedCount: Int { evaluations - notStated }

        func value(_ column: CompareColumn) -> Int {
            switch column {
            case .ministry, .year: 0
            case .documents: documents
            case .evaluations: evaluations
            case .exceeded: computed[.exceeded] ?? 0
            case .achieved: computed[.achieved] ?? 0
            case .substantialProgress: computed[.substantialProgress] ?? 0
            case .limitedProgress: computed[.limitedProgress] ?? 0
            case .notProgressing: computed[.notProgressing] ?? 0
            case .notRated: notRated
            case .stated: statedCount
            case .error: severities[.error] ?? 0
            case .warning: severities[.warning] ?? 0
            case .info: severities[.info] ?? 0
            case .findings: findings
            case .budget: budget
            }
        }
    }

    /// The rows `filter` leaves: every ministry and year with a document, less
    /// those with nothing to count once a rating, severity or rule is chosen.
    static func compareRows(_ data: CompareData, _ filter: ComparisonFilter) -> [CompareRow] {
        var rows: [String: CompareRow] = [:]
        func key(_ document: Comparison.Document) -> String { document.ministry + "\t" + document.yearKey }
        func touch(_ document: Comparison.Document, _ change: (inout CompareRow) -> Void) {
            let key = key(document)
            var row = rows[key] ?? CompareRow(ministry: document.ministry, year: document.yearKey)
            change(&row)
            rows[key] = row
        }
        for document in data.documents where filter.matches(document) { touch(document) { $0.documents += 1 } }
        for evaluation in data.records.evaluations where filter.matches(evaluation) {
            touch(evaluation.document) { row in
                row.evaluations += 1
                if let rating = evaluation.computed { row.computed[rating, default: 0] += 1 } else { row.notRated += 1 }
                if let rating = evaluation.stated { row.stated[rating, default: 0] += 1 } else { row.notStated += 1 }
            }
        }
        for record in data.records.findings where filter.matches(record) {
            touch(record.document) { row in
                row.findings += 1
                row.severities[record.finding.severity, default: 0] += 1
            }
        }
        for record in data.records.budget where filter.matches(record) { touch(record.document) { $0.budget += 1 } }
        return rows.values.filter { row in
            (!filter.narrowsEvaluations || row.evaluations > 0) && (!filter.narrowsFindings || row.findings > 0)
        }
    }

    /// Rows in the order asked for; ties (and the unknown year, always last) keep ministry and year order.
    static func sortedRows(_ rows: [CompareRow], by column: CompareColumn, descending: Bool) -> [CompareRow] {
        func natural(_ a: CompareRow, _ b: CompareRow) -> Bool {
            (a.ministry, yearOrder(a.year)) < (b.ministry, yearOrder(b.year))
        }
        return rows.sorted { a, b in
            let ordered: Bool? = switch column {
            case .ministry: a.ministry == b.ministry ? nil : (descending ? a.ministry > b.ministry : a.ministry < b.ministry)
            case .year: yearOrder(a.year) == yearOrder(b.year) ? nil : (descending ? yearOrder(a.year) > yearOrder(b.year) : yearOrder(a.year) < yearOrder(b.year))
            default: a.value(column) == b.value(column) ? nil : (descending ? a.value(column) > b.value(column) : a.value(column) < b.value(column))
            }
            return ordered ?? natural(a, b)
        }
    }

    private static func yearOrder(_ year: String) -> Int { Int(year) ?? Int.max }

    func comparePage(_ parameters: QueryParameters) async throws -> [String: Any] {
        let language = parameters.language
        let labels = language.labels
        var model = base(parameters, title: labels["compare"] ?? "")
        let data = try await compareData()
        let filter = try Self.comparisonFilter(parameters, data: data)
        let (column, descending) = try Self.compareSort(parameters)
        guard let data else {
            model["computing"] = [["evaluations": try await store.summaries().count { $0.kind == .evaluation }]]
            return model
        }
        model["form"] = Self.compareForm(data, filter, column: column, descending: descending, language)
        let rows = Self.sortedRows(Self.compareRows(data, filter), by: column, descending: descending)

        /// This page with another sort (the filters kept).
        func sortLink(_ target: CompareColumn) -> String {
            let flip = target == column && !descending
            return Self.compareLink("/compare", filter, language, extra: [("sort", target.rawValue)] + (flip ? [("order", "desc")] : []))
        }
        func header(_ target: CompareColumn, _ label: String) -> [String: Any] {
            ["label": label, "href": sortLink(target), "sort": target == column ? (descending ? "descending" : "ascending") : "none"]
        }
        // The columns in the order the cells below follow.
        model["headers"] = CompareColumn.allCases.map { header($0, Self.columnLabel($0, language)) }
        model["rows"] = rows.map { row -> [String: Any] in
            var scope = filter
            scope.ministry = row.ministry
            scope.year = row.year
            let evaluations = scope.forEvaluations
            func evaluationsWith(computed: RatingChoice?, stated: RatingChoice?) -> ComparisonFilter {
                var narrowed = evaluations
                if let computed { narrowed.rating = computed }
                if let stated { narrowed.stated = stated }
                return narrowed
            }
            func findingsWith(_ severity: Finding.Severity?) -> ComparisonFilter {
                var narrowed = scope
                if let severity { narrowed.severity = severity }
                return narrowed
            }
            var cells: [[String: Any]] = [
                Self.countCell(row.documents, href: Self.compareLink("/compare/documents", scope.forDocuments, language)),
                Self.countCell(row.evaluations, href: Self.compareLink("/compare/evaluations", evaluations, language)),
            ]
            for rating in Rating.allCases {
                let href = Self.compareLink("/compare/evaluations", evaluationsWith(computed: .rating(rating), stated: nil), language)
                cells.append(Self.countCell(row.computed[rating] ?? 0, href: href))
            }
            cells.append(Self.countCell(row.notRated, href: Self.compareLink("/compare/evaluations", evaluationsWith(computed: RatingChoice.none, stated: nil), language)))
            cells.append(Self.countCell(row.statedCount, href: Self.compareLink("/compare/evaluations", evaluations, language, extra: [("statedOnly", "1")])))
            for severity in Finding.Severity.allCases {
                cells.append(Self.countCell(row.severities[severity] ?? 0, href: Self.compareLink("/compare/findings", findingsWith(severity), language)))
            }
            cells.append(Self.countCell(row.findings, href: Self.compareLink("/compare/findings", findingsWith(nil), language)))
            cells.append(Self.countCell(row.budget, href: Self.compareLink("/compare/budget", evaluations, language)))
            var statedCells: [[String: Any]] = Rating.allCases.map { rating in
                Self.countCell(row.stated[rating] ?? 0, href: Self.compareLink("/compare/evaluations", evaluationsWith(computed: nil, stated: .rating(rating)), language))
            }
            statedCells.append(Self.countCell(row.notStated, href: Self.compareLink("/compare/evaluations", evaluationsWith(computed: nil, stated: RatingChoice.none), language)))
            return ["ministry": Self.ministryLabel(row.ministry, language), "ministryIsData": row.ministry != Comparison.unknown,
                    "year": Self.yearLabel(row.year, language), "cells": cells,
                    "statedCells": statedCells]
        }
        model["ratingLabels"] = Rating.allCases.map { ["label": language.rating($0)] }
        // The rule table's columns: the ministries with a finding the filters leave.
        let findingMinistries = Set(data.records.findings.filter(filter.matches).map(\.document.ministry)).sorted()
        model["ready"] = true
        model["ruleRows"] = Self.ruleTable(data, filter, ministries: findingMinistries, language)
        model["ruleMinistries"] = findingMinistries.map { ["label": Self.ministryLabel($0, language), "isData": $0 != Comparison.unknown] }
        model["charts"] = Self.compareCharts(data, filter, ministries: Self.ministries(of: rows), language)
        model["budgetTables"] = Self.budgetPreview(data, filter, ministries: Self.ministries(of: rows), language)
        model["apiLink"] = Self.compareLink("/api/v1/compare", filter, .japanese)
        return model
    }

    static func ministries(of rows: [CompareRow]) -> [String] { Array(Set(rows.map(\.ministry))).sorted() }

    static func ministryLabel(_ ministry: String, _ language: Language) -> String {
        ministry == Comparison.unknown ? (language.labels["unknownMinistry"] ?? ministry) : ministry
    }

    /// A ministry's name is Japanese data; 「府省不明」 is a label in the page's language.
    static func ministryCell(_ ministry: String, _ language: Language) -> [String: Any] {
        cell(ministryLabel(ministry, language), ja: ministry != Comparison.unknown)
    }

    static func yearLabel(_ year: String, _ language: Language) -> String {
        guard let value = Int(year) else { return language.labels["unknownYear"] ?? year }
        return language.period(.fiscalYear(value))
    }

    /// The form's choices, each marked when chosen.
    static func compareForm(_ data: CompareData, _ filter: ComparisonFilter, column: CompareColumn, descending: Bool, _ language: Language) -> [String: Any] {
        let labels = language.labels
        func options(_ values: [(String, String)], _ chosen: String?) -> [[String: Any]] {
            values.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == chosen] }
        }
        let ministries = Set(data.documents.map(\.ministry)).sorted()
        let years = Set(data.documents.map(\.yearKey)).sorted { yearOrder($0) < yearOrder($1) }
        let ratings = Rating.allCases.map { ($0.rawValue, language.rating($0)) }
        let rules = Set(Language.ruleNames.keys).union(data.records.findings.map(\.finding.rule)).sorted()
        let columns = CompareColumn.allCases.map { ($0.rawValue, columnLabel($0, language)) }
        return ["ministries": options(ministries.map { ($0, ministryLabel($0, language)) }, filter.ministry),
                "years": options(years.map { ($0, yearLabel($0, language)) }, filter.year),
                "kinds": options(DocumentKind.allCases.map { ($0.rawValue, kindLabel($0, language)) }, filter.kind?.rawValue),
                "ratings": options(ratings + [(RatingChoice.noneValue, labels["notRated"] ?? "")], filter.rating?.value),
                "stateds": options(ratings + [(RatingChoice.noneValue, labels["notStated"] ?? "")], filter.stated?.value),
                "severities": options(Finding.Severity.allCases.map { ($0.rawValue, language.severity($0)) }, filter.severity?.rawValue),
                "rules": options(rules.map { ($0, language.ruleName($0)) }, filter.rule),
                "columns": options(columns, column.rawValue), "descending": descending]
    }

    static func columnLabel(_ column: CompareColumn, _ language: Language) -> String {
        let labels = language.labels
        if let rating = Rating(rawValue: column.rawValue) { return language.rating(rating) }
        if let severity = Finding.Severity(rawValue: column.rawValue) { return language.severity(severity) }
        return switch column {
        case .ministry: labels["ministry"] ?? ""
        case .year: labels["fiscalYear"] ?? ""
        case .documents: labels["documents"] ?? ""
        case .evaluations: labels["evaluations"] ?? ""
        case .notRated: labels["notRated"] ?? ""
        case .stated: labels["statedCount"] ?? ""
        case .findings: labels["findingsTotal"] ?? ""
        default: labels["budgetRows"] ?? ""
        }
    }

    /// Findings by rule (rows) and ministry (columns), each count a link to its list.
    static func ruleTable(_ data: CompareData, _ filter: ComparisonFilter, ministries: [String], _ language: Language) -> [[String: Any]] {
        let findings = data.records.findings.filter(filter.matches)
        let rules = Dictionary(grouping: findings, by: \.finding.rule)
        return rules.keys.sorted().map { rule -> [String: Any] in
            let ofRule = rules[rule] ?? []
            var narrowed = filter
            narrowed.rule = rule
            return ["rule": language.ruleName(rule), "cells": ministries.map { ministry -> [String: Any] in
                var scope = narrowed
                scope.ministry = ministry
                return countCell(ofRule.count { $0.document.ministry == ministry }, href: compareLink("/compare/findings", scope, language))
            }, "total": countCell(ofRule.count, href: compareLink("/compare/findings", narrowed, language))]
        }
    }

    /// The first rows of each ministry's budget list, as tables kept apart.
    static func budgetPreview(_ data: CompareData, _ filter: ComparisonFilter, ministries: [String], _ language: Language) -> [[String: Any]] {
        let records = data.records.budget.filter(filter.matches)
        return ministries.compactMap { ministry -> [String: Any]? in
            let rows = records.filter { $0.document.ministry == ministry }
            guard !rows.isEmpty else { return nil }
            var scope = filter.forEvaluations
            scope.ministry = ministry
            return ["caption": ministryLabel(ministry, language), "captionIsData": ministry != Comparison.unknown, "rows": rows.prefix(compareBudgetPreview).map { ["cells": budgetCells($0, language)] },
                    "count": rows.count, "href": compareLink("/compare/budget", scope, language)]
        }
    }

    // MARK: The lists

    func compareListPage(_ list: CompareList, _ parameters: QueryParameters) async throws -> [String: Any] {
        let language = parameters.language
        let labels = language.labels
        var model = base(parameters, title: labels["compare_\(list.rawValue)"] ?? "")
        model["heading"] = labels["compare_\(list.rawValue)"] ?? ""
        let data = try await compareData()
        let filter = try Self.comparisonFilter(parameters, data: data)
        let statedOnly = try parameters.string("statedOnly").map { text -> Bool in
            guard text == "1" else { throw WebError.badRequest("statedOnly must be 1 when given.") }
            return true
        } ?? false
        let offset = try parameters.integer("offset", in: 0...1_000_000, default: 0) ?? 0
        guard let data else {
            model["computing"] = [["evaluations": try await store.summaries().count { $0.kind == .evaluation }]]
            return model
        }
        let chosen = Self.filterLabels(filter, language) + (statedOnly ? [(labels["statedCount"] ?? "", false)] : [])
        model["filters"] = chosen.map { ["text": $0.0, "ja": $0.1] }
        model["backHref"] = Self.compareLink("/compare", filter, language)
        let headers: [String]
        let total: Int
        let rows: [[[String: Any]]]
        /// The records' count, and the cells of this page's only: a library's findings run to the hundred thousand.
        func page<Record>(_ records: [Record], _ cells: (Record) -> [[String: Any]]) -> (Int, [[[String: Any]]]) {
            (records.count, records.dropFirst(offset).prefix(Self.compareRowsPerPage).map(cells))
        }
        switch list {
        case .documents:
            headers = ["source", "title", "ministry", "fiscalYear", "kind"]
            (total, rows) = page(data.documents.filter(filter.forDocuments.matches).sorted { $0.source < $1.source }) { document in
                [Self.cell(document.source, href: Permalink.document(document.source) + (language == .english ? "?lang=en" : "")),
                 Self.cell(document.title, ja: true), Self.ministryCell(document.ministry, language),
                 Self.cell(Self.yearLabel(document.yearKey, language)), Self.cell(Self.kindLabel(document.kind, language))]
            }
        case .evaluations:
            headers = ["document", "policy", "computedRating", "statedRating", "ministry", "fiscalYear", "lines"]
            (total, rows) = page(data.records.evaluations.filter { filter.forEvaluations.matches($0) && (!statedOnly || $0.stated != nil) }) { evaluation in
                [Self.cell(evaluation.document.source, href: Permalink.document(evaluation.document.source) + (language == .english ? "?lang=en" : "")),
                 Self.cell(language.policyHeading(evaluation.number ?? "") + evaluation.title, ja: true),
                 Self.cell(evaluation.computed.map(language.rating) ?? (labels["notRated"] ?? "")),
                 Self.cell(evaluation.stated.map(language.rating) ?? (labels["notStated"] ?? "")),
                 Self.ministryCell(evaluation.document.ministry, language),
                 Self.cell(Self.yearLabel(evaluation.document.yearKey, language)),
                 Self.lineCell(evaluation.document.source, evaluation.line, evaluation.endLine, language)]
            }
        case .findings:
            headers = ["severity", "rule", "message", "document", "policy", "lines"]
            (total, rows) = page(data.records.findings.filter(filter.matches)) { record in
                [Self.cell(language.severity(record.finding.severity)), Self.cell(language.ruleName(record.finding.rule)),
                 ["cellHTML": Self.message(record.finding.message, language), "ja": false, "num": false],
                 Self.cell(record.document.source, href: Permalink.document(record.document.source) + "/findings" + (language == .english ? "?lang=en" : "")),
                 Self.cell(record.evaluation.map { language.policyHeading($0.number ?? "") + $0.title } ?? "—", ja: true),
                 Self.lineCell(record.document.source, record.finding.line, record.finding.endLine, language)]
            }
        case .budget:
            headers = ["ministry", "document", "policy", "programme", "budgetYear", "budgetPrinted", "budgetAmount", "executionPrinted", "execution", "executionRate", "lines"]
            let budget = data.records.budget.filter(filter.matches).sorted { ($0.document.ministry, $0.document.source, $0.line) < ($1.document.ministry, $1.document.source, $1.line) }
            (total, rows) = page(budget) { record in
                [Self.ministryCell(record.document.ministry, language),
                 Self.cell(record.document.source, href: Permalink.document(record.document.source) + (language == .english ? "?lang=en" : ""))]
                    + [Self.cell(language.policyHeading(record.evaluation.number ?? "") + record.evaluation.title, ja: true)] + Self.budgetCells(record, language)
            }
        }
        model["headers"] = headers.map { ["label": labels[$0] ?? $0] }
        model["rows"] = rows.map { ["cells": $0] }
        model["count"] = total
        var pages: [String: Any] = ["range": total == 0 || offset >= total ? "0" : "\(offset + 1)–\(min(total, offset + Self.compareRowsPerPage))", "total": total]
        let path = "/compare/\(list.rawValue)"
        let kept = statedOnly ? [("statedOnly", "1")] : []
        if offset > 0 { pages["previous"] = Self.compareLink(path, filter, language, extra: kept + [("offset", String(max(0, min(offset, total) - Self.compareRowsPerPage)))]) }
        if offset + Self.compareRowsPerPage < total { pages["next"] = Self.compareLink(path, filter, language, extra: kept + [("offset", String(offset + Self.compareRowsPerPage))]) }
        model["pages"] = pages
        return model
    }

    /// A budget row's own cells: programme, year, both figures as printed and in 百万円, and the rate between them.
    static func budgetCells(_ record: Comparison.BudgetRecord, _ language: Language) -> [[String: Any]] {
        [cell(language.budgetGroup(record.group), ja: record.group != "measure" && record.group != "contributions"),
         cell(language.period(.fiscalYear(record.budgetYear))),
         cell(record.budgetTexts.joined(separator: " / "), ja: true), cell(record.budget.map(number) ?? "—", num: true),
         cell(record.executionText ?? "—", ja: true), cell(record.execution.map(number) ?? "—", num: true),
         cell(record.rate.map { percentOne($0) } ?? "—", num: true),
         lineCell(record.document.source, record.line, record.endLine, language)]
    }

    /// 98.7%: a rate to one decimal, so that it agrees with the figures beside it.
    static func percentOne(_ rate: Double) -> String {
        String(format: "%.1f%%", rate * 100)
    }

    /// A table cell. Its keys are ones no enclosing context has, so that a
    /// missing link is not looked up in the row around it (see `countCell`).
    static func cell(_ text: String, href: String? = nil, ja: Bool = false, num: Bool = false) -> [String: Any] {
        var cell: [String: Any] = ["cellText": text, "ja": ja, "num": num]
        if let href { cell["cellHref"] = href }
        return cell
    }

    /// A cited line: a link to the source view at that line.
    static func lineCell(_ source: String, _ line: Int, _ endLine: Int, _ language: Language) -> [String: Any] {
        ["cellText": "L\(line)", "cellLines": Permalink.document(source) + "/source?line=\(line)&end=\(max(line, endLine))" + (language == .english ? "&lang=en" : "") + "#L\(line)",
         "ja": false, "num": false]
    }

    /// The chosen filters, in words, for a list's caption: each with whether it is Japanese data (a ministry's name).
    static func filterLabels(_ filter: ComparisonFilter, _ language: Language) -> [(String, Bool)] {
        let labels = language.labels
        func rating(_ choice: RatingChoice?, none: String) -> String? {
            choice.map { switch $0 { case .rating(let rating): language.rating(rating); case .none: labels[none] ?? "" } }
        }
        let ministry = filter.ministry.map { ($0 == Comparison.unknown ? ministryLabel($0, language) : $0, $0 != Comparison.unknown) }
        let others: [String?] = [filter.year.map { yearLabel($0, language) }, filter.kind.map { kindLabel($0, language) },
                                 rating(filter.rating, none: "notRated").map { (labels["computedRating"] ?? "") + ": " + $0 },
                                 rating(filter.stated, none: "notStated").map { (labels["statedRating"] ?? "") + ": " + $0 },
                                 filter.severity.map(language.severity), filter.rule.map(language.ruleName)]
        return (ministry.map { [$0] } ?? []) + others.compactMap { $0.map { ($0, false) } }
    }
}
