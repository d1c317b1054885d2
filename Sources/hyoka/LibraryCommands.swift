import ArgumentParser
import Foundation
import HyokaEvidence
import HyokaModel
import HyokaStore

extension Hyoka {
    /// `hyoka search QUERY`
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search every document (Japanese full text), best matches first.",
            discussion: "Words of two characters or more match anywhere (ビザ, 外交); several words must all match. Full-width and ASCII forms are the same (ＰＫＯ = PKO)."
        )

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "Words to search for.")
        var words: [String]

        @Option(help: "Only documents of this kind: \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var kind: String?

        @Option(help: "Only documents of this ministry, e.g. 外務省.")
        var ministry: String?

        @Option(help: "Only documents published in this year.")
        var year: Int?

        @Option(help: "Number of results (1–500).")
        var limit = 20

        @Flag(help: "Print the results as JSON.")
        var json = false

        @Flag(help: "Search only the review sheets (行政事業レビュー): project name, purpose, issues, overview and review text. Without it, the text output lists matching sheets after the documents; --json lists documents only.")
        var projects = false

        func validate() throws {
            guard (1...500).contains(limit) else { throw ValidationError("--limit must be between 1 and 500.") }
            if let kind, DocumentKind(rawValue: kind) == nil {
                throw ValidationError("--kind must be one of \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            if let year, !(1868...2200).contains(year) { throw ValidationError("--year must be a Western year such as 2023.") }
        }

        func run() async throws {
            try await reportingErrors {
                let query = SearchQuery(words.joined(separator: " "), kind: kind.flatMap(DocumentKind.init(rawValue:)),
                                        ministry: ministry, year: year, limit: limit)
                try await storeOptions.withStore { store in
                    // A review sheet's 事業年度 stands for the year; --kind names a kind of document, which no sheet is.
                    let sheetHits = try await (store as? any ReviewSheetStore)?.searchReviewSheets(query) ?? []
                    if projects {
                        if json { print(try JSONOutput.string(sheetHits)); return }
                        if sheetHits.isEmpty { print("No review sheet matches “\(query.text)”."); return }
                        print(SearchViews.text(sheetHits))
                        return
                    }
                    let hits = try await store.search(query)
                    if json { print(try JSONOutput.string(hits)); return }
                    if hits.isEmpty && sheetHits.isEmpty { print("No passage matches “\(query.text)”."); return }
                    for hit in hits {
                        let span = hit.endLine > hit.line ? "L\(hit.line)–L\(hit.endLine)" : "L\(hit.line)"
                        print("\(hit.source) [\(span)] \(hit.section ?? hit.title ?? "")")
                        print("    \(hit.snippet.marked())")
                    }
                    if !sheetHits.isEmpty {
                        print("\nReview sheets (行政事業レビュー; `hyoka project ID`):")
                        print(SearchViews.text(sheetHits))
                    }
                }
            }
        }
    }

    /// `hyoka facts`
    struct Facts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the quantitative facts read from the documents.",
            discussion: "Each fact: value, unit, whether approximate (約), what it counts, its period (年度 FY, 年, or a date), and its lines."
        )

        @OptionGroup var storeOptions: StoreOptions

        @Option(name: .customLong("doc"), help: "Only this document (id, id prefix or file name).")
        var document: String?

        @Flag(help: "Group facts about the same subject across documents into series.")
        var series = false

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            try await reportingErrors {
                try await storeOptions.withStore { store in
                    let id = if let document { try await store.requireReport(document).id } else { nil as String? }
                    let facts = try await store.facts(documentID: id)
                    if series {
                        let groups = FactSeries.group(facts)
                        if json { print(try JSONOutput.string(groups.map(FactSeriesOutput.init))); return }
                        if groups.isEmpty { print("No subject appears in more than one document and period.") }
                        for group in groups {
                            print("\(group.subject) (\(group.unit ?? ""))")
                            for fact in group.points { print("    \(FactLine.text(fact))") }
                        }
                        return
                    }
                    if json { print(try JSONOutput.string(facts)); return }
                    for fact in facts { print(FactLine.text(fact)) }
                    print("\(facts.count) facts.")
                }
            }
        }
    }

    /// `hyoka evidence DOC`
    struct Evidence: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suggest the passages that back the figures of a document, and record confirmed links.",
            discussion: "A suggestion needs the same value (within the precision written), the same unit, a compatible period and, for small numbers, a similar subject. Rules: docs/evidence.md."
        )

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The document whose figures to back (id, id prefix or file name).")
        var document: String

        @Option(help: "Confirm suggestion number N (as listed) and store it.")
        var confirm: Int?

        @Flag(help: "List the links confirmed so far instead.")
        var confirmed = false

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            try await reportingErrors {
                try await storeOptions.withStore { store in
                    let report = try await store.requireReport(document)
                    if confirmed {
                        let links = try await store.confirmedLinks(documentID: report.id)
                        if json { print(try JSONOutput.string(links)) } else { links.enumerated().forEach { print(EvidenceLine.text($0.element, number: $0.offset + 1)) } }
                        return
                    }
                    let kinds = Dictionary(uniqueKeysWithValues: try await store.summaries().map { ($0.id, $0.kind) })
                    let suggestions = EvidenceMatcher().suggestions(
                        for: try await store.facts(documentID: report.id), library: try await store.facts(documentID: nil), documentKinds: kinds
                    )
                    if let confirm {
                        guard suggestions.indices.contains(confirm - 1) else {
                            throw ValidationError("There are \(suggestions.count) suggestions; --confirm takes a number from the list.")
                        }
                        try await store.confirm(suggestions[confirm - 1])
                        print("Confirmed: \(EvidenceLine.text(suggestions[confirm - 1], number: confirm))")
                        return
                    }
                    if json { print(try JSONOutput.string(suggestions)); return }
                    if suggestions.isEmpty { print("No fact in the library backs a figure of \(report.source).") }
                    let sources = Dictionary(uniqueKeysWithValues: try await store.summaries().map { ($0.id, $0.source) })
                    for (index, link) in suggestions.enumerated() { print(EvidenceLine.text(link, number: index + 1, sources: sources)) }
                }
            }
        }
    }
}

/// One fact on one line of text.
enum FactLine {
    static func text(_ fact: Fact) -> String {
        let period = fact.period.map { " \($0)" } ?? ""
        let approximate = fact.approximate ? " (approx)" : ""
        return "[L\(fact.line)] \(fact.document) \(fact.quantityText) = \(TextLayout.number(fact.value)) \(fact.unit ?? "")\(approximate)\(period) — \(fact.subject)"
    }
}

/// One evidence suggestion on one line of text.
enum EvidenceLine {
    static func text(_ link: EvidenceLink, number: Int, sources: [String: String] = [:]) -> String {
        "\(number). L\(link.line) \(link.quantityText) ← \(sources[link.evidenceDocument] ?? link.evidenceDocument) L\(link.evidenceLine) (score \(link.score); \(link.reason)): \(TextLayout.truncated(link.evidenceText, to: 60))"
    }
}

/// A fact series in JSON.
struct FactSeriesOutput: Encodable {
    var subject: String
    var unit: String?
    var points: [Fact]

    init(_ series: FactSeries) {
        subject = series.subject
        unit = series.unit
        points = series.points
    }
}

/// The text views of search results.
enum SearchViews {
    /// Review-sheet hits as text: project, heading, RS file and line, snippet.
    static func text(_ hits: [ProjectSearchHit]) -> String {
        hits.map { hit in
            "\(hit.projectID) \(hit.name) (\(hit.ministry), 事業年度 \(hit.fiscalYear)) \(hit.section) [\(hit.file):\(hit.line)]\n    \(hit.snippet.marked())"
        }.joined(separator: "\n")
    }
}
