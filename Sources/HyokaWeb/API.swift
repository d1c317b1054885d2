import Foundation
import Hummingbird
import HyokaAssessment
import HyokaExport
import HyokaModel
import HyokaStore

/// The JSON API under /api/v1, described by Static/openapi.json.
struct API {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        let api = router.group("/api/v1")
        api.get("/openapi.json") { _, _ in try WebApp.staticFile("openapi.json", type: "application/json; charset=utf-8") }
        api.get("/documents") { request, _ in
            let (limit, offset) = try QueryParameters(request, strict: true).page()
            let all = try await app.store.summaries()
            return try json(Page(items: Array(all.dropFirst(offset).prefix(limit)), total: all.count, limit: limit, offset: offset))
        }
        api.get("/documents/:id") { _, context in try json(try await app.report(context)) }
        api.get("/documents/:id/fields") { _, context in
            let report = try await app.report(context)
            return try json(report.policies.flatMap(\.fields))
        }
        api.get("/documents/:id/indicators") { _, context in
            let report = try await app.report(context)
            return try json(report.policies.flatMap { $0.series + $0.fields.flatMap(\.series) })
        }
        api.get("/documents/:id/budget") { _, context in try json(try await app.report(context).policies.flatMap(\.budget)) }
        api.get("/documents/:id/facts") { request, context in
            let (limit, offset) = try QueryParameters(request, strict: true).page()
            let facts = try await app.store.facts(documentID: try await app.report(context).id)
            return try json(Page(items: Array(facts.dropFirst(offset).prefix(limit)), total: facts.count, limit: limit, offset: offset))
        }
        api.get("/documents/:id/findings") { _, context in try json(try await app.review(try await app.report(context))) }
        api.get("/projects") { request, _ in try json(try await app.projectList(QueryParameters(request, strict: true))) }
        api.get("/projects.csv") { request, _ in
            let projects = try await app.projectsForExport(QueryParameters(request, strict: true))
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"hyoka-projects.csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: ProjectCSVExport.encode(projects))))
        }
        api.get("/projects/:id") { request, context in
            try json(try await app.projectResponse(try await app.reviewProject(context, QueryParameters(request, strict: true))))
        }
        api.get("/search") { request, _ in
            let parameters = QueryParameters(request, strict: true)
            guard let text = try parameters.string("q") else { throw WebError.badRequest("q (the words to search for) is required.") }
            let (limit, offset) = try parameters.page()
            let query = SearchQuery(text, kind: try parameters.kind(), ministry: try parameters.string("ministry", maxLength: 40),
                                    year: try parameters.integer("year", in: 1868...2200), limit: limit, offset: offset,
                                    candidateLimit: app.searchCandidateLimit)
            let results = try await app.searchResults(query)
            let (hits, count) = (results.hits, results.count)
            return try json(SearchPage(items: hits, total: count.passages, limit: limit, offset: offset, totalIsLowerBound: count.isLowerBound,
                                       rankedAmongNewest: count.isLowerBound ? query.candidateLimit : nil))
        }
        api.get("/search/projects") { request, _ in
            let parameters = QueryParameters(request, strict: true)
            guard let text = try parameters.string("q") else { throw WebError.badRequest("q (the words to search for) is required.") }
            let (limit, offset) = try parameters.page()
            let query = SearchQuery(text, ministry: try parameters.string("ministry", maxLength: 40),
                                    year: try parameters.integer("year", in: 2000...2200), limit: limit, offset: offset)
            return try json(Page(items: try await app.searchReviewSheets(query), total: nil, limit: limit, offset: offset))
        }
        api.get("/export.json") { request, _ in
            let reports = try await exported(QueryParameters(request, strict: true))
            return try download(JSONExport.encode(ExportBundle(documents: reports)), type: "application/json", name: "hyoka.json")
        }
        api.get("/export.csv") { request, _ in
            let reports = try await exported(QueryParameters(request, strict: true))
            return download(Data(CSVExport.encode(reports).utf8), type: "text/csv", name: "hyoka.csv")
        }
        api.get("/export/facts.csv") { request, _ in
            let reports = try await exported(QueryParameters(request, strict: true))
            var facts: [Fact] = []
            for report in reports { facts += try await app.store.facts(documentID: report.id) }
            return download(Data(FactsCSV.encode(facts, sources: sources(reports)).utf8), type: "text/csv", name: "hyoka-facts.csv")
        }
        api.get("/export/findings.csv") { request, _ in
            let reports = try await exported(QueryParameters(request, strict: true))
            var findings: [Finding] = []
            for report in reports where report.kind == .evaluation { findings += try await app.review(report).findings }
            return download(Data(FindingsCSV.encode(findings, sources: sources(reports)).utf8), type: "text/csv", name: "hyoka-findings.csv")
        }
    }

    /// The documents an export covers: the one `?document=` names (id, file
    /// name or prefix, as in /documents/{id}), else all.
    func exported(_ parameters: QueryParameters) async throws -> [EvaluationReport] {
        guard let reference = try parameters.string("document") else { return try await app.store.allReports() }
        return [try await app.report(reference: reference)]
    }

    func sources(_ reports: [EvaluationReport]) -> [String: String] {
        Dictionary(reports.map { ($0.id, $0.source) }, uniquingKeysWith: { first, _ in first })
    }

    /// A file to save: UTF-8, with a name the browser offers.
    func download(_ data: Data, type: String, name: String) -> Response {
        Response(status: .ok, headers: [.contentType: "\(type); charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\""],
                 body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    /// A page of a list: the items, how many there are in all (when known), and the window.
    struct Page<Item: Encodable>: Encodable {
        var items: [Item]
        var total: Int?
        var limit: Int
        var offset: Int
    }

    /// A page of search hits: `Page` and how far the total and the order can be trusted. When more passages
    /// match than a search ranks, `total` is a lower bound (`totalIsLowerBound`) and the hits are the best of
    /// the `rankedAmongNewest` matches added to the library last, not of every match (docs/openapi.json).
    struct SearchPage: Encodable {
        var items: [SearchHit]
        var total: Int
        var limit: Int
        var offset: Int
        var totalIsLowerBound: Bool
        var rankedAmongNewest: Int?
    }

    func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
    }
}
