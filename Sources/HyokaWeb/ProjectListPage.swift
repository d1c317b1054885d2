import Foundation
import HyokaAssessment
import HyokaModel
import HyokaStore

/// The ministry view of review-sheet projects (/projects): how many projects
/// of a ministry the review team (行政事業レビュー推進チーム) judged 現状通り,
/// 事業内容の一部改善, 事業全体の抜本的な改善, 廃止 or 終了予定, crossed with
/// how much of their budget they spent; every count links to the projects it
/// counts, and the list below sorts and filters through plain GET forms and
/// links, so the page needs no script.
extension WebApp {
    /// Projects per page of the list.
    static let projectsPerPage = 100

    /// Execution-rate bands: 執行率 of the latest closed 予算年度 (see `ReviewProjectSummary.executionRate`).
    /// The middle bound is the `project-low-execution` threshold of `hyoka check`, so the band below it
    /// holds the projects that rule names.
    enum RateBand: String, CaseIterable {
        case under50 = "lt50"
        case underThreshold = "low"
        case normal = "ok"
        case unknown = "none"

        static var threshold: Double { AssessmentRules().lowExecutionRate }

        init(_ rate: Double?) {
            guard let rate else { self = .unknown; return }
            self = rate < 0.5 ? .under50 : rate < Self.threshold ? .underThreshold : .normal
        }

        func label(_ language: Language) -> String {
            let bound = Int((Self.threshold * 100).rounded())
            switch (self, language) {
            case (.under50, .japanese): return "50%未満"
            case (.under50, .english): return "under 50%"
            case (.underThreshold, .japanese): return "50%以上\(bound)%未満"
            case (.underThreshold, .english): return "50% to under \(bound)%"
            case (.normal, .japanese): return "\(bound)%以上"
            case (.normal, .english): return "\(bound)% or more"
            case (.unknown, .japanese): return "執行率なし"
            case (.unknown, .english): return "no rate"
            }
        }
    }

    /// The review team's verdicts (推進チームの所見) in the order of the review sheet's
    /// own scale, from no change to abolition; a verdict not listed here follows them.
    static let verdictOrder = ["現状通り", "事業内容の一部改善", "事業全体の抜本的な改善", "廃止", "終了予定"]
    /// The filter value for sheets with no verdict.
    static let noVerdict = "-"

    /// The columns the list sorts by.
    enum ProjectSort: String, CaseIterable {
        case id, name, verdict, rate, available, execution
    }

    func projectListPage(_ parameters: QueryParameters) async throws -> [String: Any] {
        let language = parameters.language
        let labels = language.labels
        var model = base(parameters, title: labels["projectsByMinistry"] ?? "")
        guard let sheets else { throw WebError.notFound("This store holds no review sheets.") }
        let ministry = try parameters.string("ministry", maxLength: 40)
        let verdict = try parameters.string("verdict", maxLength: 40)
        let band = try parameters.choice("rate", RateBand.self)
        let sort = try parameters.choice("sort", ProjectSort.self) ?? .id
        let descending = try parameters.descending()
        let offset = try parameters.integer("offset", in: 0...1_000_000, default: 0) ?? 0
        let all = try await sheets.reviewProjectSummaries(ReviewProjectFilter())
        let years = Set(all.map(\.fiscalYear)).sorted()
        // One 事業年度 at a time: a project is on each year's sheet, and two sheets would count it twice.
        let year = try parameters.integer("year", in: 2000...2200) ?? years.last
        let ofYear = all.filter { $0.fiscalYear == year }
        let ofMinistry = ofYear.filter { ministry == nil || $0.ministry == ministry }

        /// The query string of this page with some parameters changed (nil removes one).
        func link(_ changes: [String: String?]) -> String {
            var values: [(String, String?)] = [("year", year.map(String.init)), ("ministry", ministry), ("verdict", verdict), ("rate", band?.rawValue),
                                               ("sort", sort == .id ? nil : sort.rawValue), ("order", descending ? "desc" : nil),
                                               ("lang", language == .english ? "en" : nil)]
            for (key, value) in changes {
                if let index = values.firstIndex(where: { $0.0 == key }) { values[index].1 = value } else { values.append((key, value)) }
            }
            let query = values.compactMap { key, value in value.map { "\(key)=\(Self.queryEscape($0))" } }
            return "/projects" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        }

        model["years"] = years.map { ["value": $0, "selected": $0 == year] }
        let ministries = Dictionary(grouping: ofYear, by: \.ministry)
        model["ministries"] = ministries.keys.sorted().map { name -> [String: Any] in
            ["name": name, "count": ministries[name]?.count ?? 0, "selected": name == ministry,
             "href": link(["ministry": name, "verdict": nil, "rate": nil, "offset": nil])]
        }
        model["ministry"] = ministry ?? ""
        model["scope"] = ministry ?? (labels["allMinistries"] ?? "")

        // The matrix: verdict × rate band, over the ministry's projects.
        let verdicts = Set(ofMinistry.map { $0.verdict ?? Self.noVerdict })
        let orderedVerdicts = Self.verdictOrder.filter(verdicts.contains) + verdicts.subtracting(Self.verdictOrder).sorted()
        let verdictLabel = { (value: String) in value == Self.noVerdict ? (labels["noVerdict"] ?? value) : value }
        model["bands"] = RateBand.allCases.map { ["label": $0.label(language), "value": $0.rawValue, "selected": $0 == band] }
        model["verdicts"] = orderedVerdicts.map { ["value": $0, "label": verdictLabel($0), "selected": $0 == verdict] }
        model["matrix"] = orderedVerdicts.map { value -> [String: Any] in
            let row = ofMinistry.filter { ($0.verdict ?? Self.noVerdict) == value }
            return ["verdict": verdictLabel(value), "total": row.count, "href": link(["verdict": value, "rate": nil, "offset": nil]),
                    "cells": RateBand.allCases.map { band -> [String: Any] in
                        let count = row.count { RateBand($0.executionRate) == band }
                        return Self.countCell(count, href: link(["verdict": value, "rate": band.rawValue, "offset": nil]))
                    }]
        }
        model["bandTotals"] = RateBand.allCases.map { band -> [String: Any] in
            let count = ofMinistry.count { RateBand($0.executionRate) == band }
            return Self.countCell(count, href: link(["verdict": nil, "rate": band.rawValue, "offset": nil]))
        }
        model["total"] = ofMinistry.count
        model["totalHref"] = link(["verdict": nil, "rate": nil, "offset": nil])

        // The list: the filtered projects, sorted, a page at a time.
        let filtered = ofMinistry.filter { summary in
            (verdict == nil || (summary.verdict ?? Self.noVerdict) == verdict) && (band == nil || RateBand(summary.executionRate) == band)
        }
        let sorted = Self.sorted(filtered, by: sort, descending: descending)
        model["sorts"] = ProjectSort.allCases.map { ["value": $0.rawValue, "label": labels["sort_\($0.rawValue)"] ?? $0.rawValue, "selected": $0 == sort] }
        model["descending"] = descending
        model["headers"] = ProjectSort.allCases.map { column -> [String: Any] in
            let active = column == sort
            return ["label": labels["sort_\(column.rawValue)"] ?? column.rawValue, "href": link(["sort": column.rawValue, "order": active && !descending ? "desc" : nil, "offset": nil]),
                    "sort": active ? (descending ? "descending" : "ascending") : "none"]
        }
        model["rows"] = sorted.dropFirst(offset).prefix(Self.projectsPerPage).map { summary -> [String: Any] in
            ["id": summary.projectID, "name": summary.name, "href": "/projects/\(summary.projectID)?year=\(summary.fiscalYear)" + (language == .english ? "&lang=en" : ""),
             "ministry": summary.ministry, "bureau": summary.bureau, "verdict": summary.verdict ?? "-",
             "year": summary.budgetYear.map(String.init) ?? "-", "available": Self.millions(summary.available),
             "execution": Self.millions(summary.execution), "rate": summary.executionRate.map(Self.percent) ?? "-"]
        }
        model["listed"] = filtered.count
        let filters = [verdict.map(verdictLabel), band?.label(language)].compactMap { $0 }
        if !filters.isEmpty { model["filters"] = filters.joined(separator: "・") }
        var pages: [String: Any] = ["range": filtered.isEmpty ? "0" : "\(offset + 1)–\(min(filtered.count, offset + Self.projectsPerPage))", "total": filtered.count]
        if offset > 0 { pages["previous"] = link(["offset": String(max(0, offset - Self.projectsPerPage))]) }
        if offset + Self.projectsPerPage < filtered.count { pages["next"] = link(["offset": String(offset + Self.projectsPerPage)]) }
        model["pages"] = pages
        return model
    }

    /// A count of the matrix: a link to the list it counts, or plain text when there is nothing to list.
    /// A template section shows for any string, even an empty one, so the link is left out instead; and
    /// its key is one no enclosing context has, or a missing link would be looked up in the row around it.
    static func countCell(_ count: Int, href: String) -> [String: Any] {
        count > 0 ? ["count": count, "countLink": href] : ["count": count]
    }

    static func sorted(_ summaries: [ReviewProjectSummary], by sort: ProjectSort, descending: Bool) -> [ReviewProjectSummary] {
        // Unknown values go last whichever the order; ties keep 予算事業ID order.
        func compare<T: Comparable>(_ a: T?, _ b: T?) -> Bool? {
            switch (a, b) {
            case let (a?, b?): a == b ? nil : (descending ? a > b : a < b)
            case (nil, nil): nil
            case (nil, _): false
            case (_, nil): true
            }
        }
        let rank = Dictionary(uniqueKeysWithValues: verdictOrder.enumerated().map { ($1, $0) })
        return summaries.sorted { a, b in
            let decided: Bool? = switch sort {
            case .id: compare(a.projectID, b.projectID)
            case .name: compare(a.name, b.name)
            case .verdict: compare(a.verdict.map { rank[$0] ?? verdictOrder.count }, b.verdict.map { rank[$0] ?? verdictOrder.count })
            case .rate: compare(a.executionRate, b.executionRate)
            case .available: compare(a.available, b.available)
            case .execution: compare(a.execution, b.execution)
            }
            return decided ?? (a.projectID < b.projectID)
        }
    }

    /// A query value, percent-encoded (Japanese ministry names and verdicts included).
    static func queryEscape(_ value: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
