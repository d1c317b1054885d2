import HyokaModel

/// The search page's two lists of hits, written here rather than in
/// `search.mustache`.
///
/// Why not the template: the search page is the one a whole public service
/// hammers, and rendering 50 hits through Mustache looked up every value
/// through `[String: Any]` and dynamic casts, a third of the server's CPU
/// under load (BENCHMARKS.md, "Search page rendered without a context lookup
/// per value"). The markup is the template's, one `<li>` per hit; every value
/// from a document goes through `HTML.escape`, and only the snippet's own
/// `<mark>` tags are left unescaped.
enum SearchHitList {
    /// Passages: the document's title and lines, linked to its source view at
    /// those lines; its ministry and year; the section; the snippet.
    static func passages(_ hits: [SearchHit], language: Language) -> String {
        let langAmp = language == .english ? "&amp;lang=en" : ""
        var html = ""
        html.reserveCapacity(hits.count * 600)
        for hit in hits {
            let line = String(hit.line), endLine = String(hit.endLine)
            html += "<li><a href=\"/documents/" + HTML.escape(Permalink.segment(hit.source))
            html += "/source?line=" + line + "&amp;end=" + endLine + langAmp + "#L" + line
            html += "\" title=\"" + HTML.escape(hit.source) + "\"><span lang=\"ja\">" + HTML.escape(hit.title ?? hit.source)
            html += "</span> L" + line + "–" + endLine + "</a> <small lang=\"ja\">" + HTML.escape(hit.ministry ?? "")
            html += " " + (hit.published.map { String($0.year) } ?? "")
            html += "</small> <span class=\"section\" lang=\"ja\">" + HTML.escape(hit.section ?? "")
            html += "</span><p lang=\"ja\">" + WebApp.highlighted(hit.snippet) + "</p></li>\n"
        }
        return html
    }

    /// Review sheets (行政事業レビューシート): the project, linked to its page
    /// for the sheet's 年度; the section; the file and line it came from; the snippet.
    static func reviewSheets(_ hits: [ProjectSearchHit], language: Language) -> String {
        let langAmp = language == .english ? "&amp;lang=en" : ""
        var html = ""
        html.reserveCapacity(hits.count * 600)
        for hit in hits {
            let id = String(hit.projectID)
            html += "<li><a href=\"/projects/" + id + "?year=" + String(hit.fiscalYear) + langAmp + "\">" + id
            html += " <span lang=\"ja\">" + HTML.escape(hit.name) + "</span></a> <span class=\"section\" lang=\"ja\">"
            html += HTML.escape(hit.section) + "</span> <small><span lang=\"ja\">" + HTML.escape(hit.ministry)
            html += "</span> · <code lang=\"ja\">" + HTML.escape(hit.file) + ":" + String(hit.line)
            html += "</code></small><p lang=\"ja\">" + WebApp.highlighted(hit.snippet) + "</p></li>\n"
        }
        return html
    }
}
