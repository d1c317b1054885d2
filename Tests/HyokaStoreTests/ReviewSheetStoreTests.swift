import Foundation
import HyokaModel
import HyokaReviewSheets
import Testing
@testable import HyokaStore

extension TestStore {
    /// The store's review-sheet side.
    var sheets: any ReviewSheetStore {
        switch self {
        case .sqlite(let store): store
        case .postgres(let store): store
        }
    }
}

/// The bundled subset of the RS export (corpus/rs2024), read once.
enum BundledSheets {
    static let folder = Corpus.root.appendingPathComponent("corpus/rs2024")
    static func export() throws -> ReviewSheetExport { try read.get() }
    private static let read = Result { try ReviewSheetReader().read([folder]) }

    /// The same projects under another 事業年度.
    static func export(as year: Int) throws -> ReviewSheetExport {
        var export = try export()
        export.projects = export.projects.map { project in
            var project = project
            project.fiscalYear = year
            return project
        }
        return export
    }
}

@Suite("Review-sheet store")
struct ReviewSheetStoreTests {
    @Test("every record of the bundled export is stored and read back whole", arguments: StoreKind.available)
    func storesEverything(kind: StoreKind) async throws {
        let export = try BundledSheets.export()
        try await kind.withEmptyStore { store in
            let outcome = try await store.sheets.saveReviewSheets(export)
            #expect(outcome == ReviewSheetSaveOutcome(inserted: [2024], replaced: [], projectCount: export.projects.count))
            let stored = try await store.sheets.reviewProjects(fiscalYear: nil)
            #expect(stored == export.projects)
            let counts = ReviewProject.recordCounts(stored)
            for file in try await store.sheets.reviewSheetFiles() {
                #expect(counts[file.file.table] == file.file.recordCount, "\(file.file.file)")
            }
            #expect(try await store.integers("SELECT COUNT(*) FROM rs_project") == [export.projects.count])
        }
    }

    @Test("re-importing a 事業年度 replaces it; another year is added", arguments: StoreKind.available)
    func replaceAndAdd(kind: StoreKind) async throws {
        let export = try BundledSheets.export()
        try await kind.withEmptyStore { store in
            try await store.sheets.saveReviewSheets(export)
            var smaller = export
            smaller.projects = Array(export.projects.prefix(3))
            let outcome = try await store.sheets.saveReviewSheets(smaller)
            #expect(outcome.replaced == [2024])
            #expect(try await store.sheets.reviewProjects(fiscalYear: 2024).count == 3)
            try await store.sheets.saveReviewSheets(try BundledSheets.export(as: 2025))
            #expect(try await store.sheets.reviewProjects(fiscalYear: 2024).count == 3)
            #expect(try await store.sheets.reviewProjects(fiscalYear: 2025).count == export.projects.count)
            // The latest year is shown unless one is asked for.
            #expect(try await store.sheets.reviewProject(id: 1070, fiscalYear: nil)?.fiscalYear == 2025)
            #expect(try await store.sheets.reviewProject(id: 1070, fiscalYear: 2024) == nil)
        }
    }

    @Test("a failed re-import leaves the stored year as it was", arguments: StoreKind.available)
    func atomic(kind: StoreKind) async throws {
        let export = try BundledSheets.export()
        try await kind.withEmptyStore { store in
            try await store.sheets.saveReviewSheets(export)
            switch store {
            case .sqlite(let sqlite):
                try sqlite.write { db in
                    try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON rs_policy_link BEGIN SELECT RAISE(ABORT, 'refused'); END")
                }
            case .postgres(let postgres):
                try await postgres.execute("CREATE FUNCTION refuse_rs() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$")
                try await postgres.execute("CREATE TRIGGER refuse BEFORE INSERT ON rs_policy_link FOR EACH ROW EXECUTE FUNCTION refuse_rs()")
            }
            var smaller = export
            smaller.projects = Array(export.projects.prefix(3))
            await #expect(throws: (any Error).self) { try await store.sheets.saveReviewSheets(smaller) }
            #expect(try await store.sheets.reviewProjects(fiscalYear: 2024) == export.projects)
            // The failed save dropped the year's partition in its transaction, and had loaded a table for it: the rollback
            // brought the partition back, and the loaded table was dropped.
            #expect(try await store.sheets.searchReviewSheets(SearchQuery("広報基盤")).first?.projectID == 1070)
            if case .postgres = store {
                #expect(try await store.strings(ReviewSheetPartitions.partitionsQuery) == ["rs_passage_2024_0"])
                #expect(try await store.strings(ReviewSheetPartitions.loadedTablesQuery) == [])
            }
        }
    }

    @Test("a save's bulk settings end with it: FTS5 merges as before; PostgreSQL compressed the projects with LZ4 where it can",
          arguments: StoreKind.available)
    func bulkSettingsEndWithTheSave(kind: StoreKind) async throws {
        let export = try BundledSheets.export()
        try await kind.withEmptyStore { store in
            try await store.sheets.saveReviewSheets(export)
            try await store.sheets.saveReviewSheets(export)
            switch store {
            case .sqlite:
                #expect(try await store.integers("SELECT v FROM rs_passage_fts_config WHERE k = 'automerge'") == [FTS5Merging.defaultAutomerge])
            case .postgres:
                let hasLZ4 = try await store.integers(
                    "SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)") == [1]
                let methods = try await store.strings("""
                    SELECT DISTINCT pg_column_compression(project_json) FROM rs_project WHERE pg_column_compression(project_json) IS NOT NULL
                    """)
                #expect(methods == [hasLZ4 ? "lz4" : "pglz"])
                // The setting was the transaction's: the pool's connections are back at the server's own.
                #expect(try await store.integers("SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' AND setting = reset_val") == [1])
                // The year's partition was loaded apart and attached with its indexes, each adopted by rs_passage's own.
                #expect(try await store.strings(ReviewSheetPartitions.partitionsQuery) == ["rs_passage_2024_0"])
                #expect(try await store.strings(ReviewSheetPartitions.attachedIndexesQuery) == [
                    "rs_passage_2024_0_by_id", "rs_passage_2024_0_by_project", "rs_passage_2024_0_search",
                ])
            }
            #expect(try await store.sheets.searchReviewSheets(SearchQuery("広報基盤")).first?.projectID == 1070)
        }
    }

    @Test("listing filters by ministry and by 政策・施策 text, and totals come from total rows", arguments: StoreKind.available)
    func listing(kind: StoreKind) async throws {
        let export = try BundledSheets.export()
        try await kind.withEmptyStore { store in
            try await store.sheets.saveReviewSheets(export)
            let mofa = try await store.sheets.reviewProjectSummaries(ReviewProjectFilter(ministry: "外務省"))
            #expect(!mofa.isEmpty)
            #expect(mofa.allSatisfy { $0.ministry == "外務省" })
            let it = try await store.sheets.reviewProjectSummaries(ReviewProjectFilter(measure: "IT 広報の実施"))
            #expect(it.map(\.projectID) == [1070])
            #expect(it.first?.budgetYear == 2023)
            #expect(it.first?.available == 33_000_000)
            #expect(it.first?.execution == 32_484_000)
            let nuclear = try await store.sheets.reviewProjectSummaries(ReviewProjectFilter(ministry: "外務省", measure: "原子力の平和的利用"))
            #expect(Set(nuclear.map(\.projectID)) == [1031, 1130, 1152, 1194, 5643])
            // The budget-year projection holds one row per year (the total), never the accounts beside it.
            #expect(try await store.integers("SELECT available FROM rs_budget_year WHERE project_id = 1031 AND budget_year = 2023") == [2_407_000_000])
            #expect(try await store.integers("SELECT COUNT(*) FROM rs_budget_year WHERE project_id = 1070") == [4])
        }
    }

    @Test("projects encoded in slices at once come back in order, each as encoded alone", arguments: [2, 3, 7])
    func encodedInSlices(slices: Int) async throws {
        let projects = try BundledSheets.export().projects
        let alone = try ReviewSheetRows.encode(projects)
        let sliced = try await ReviewSheetRows.encodeConcurrently(projects, slices: slices)
        #expect(sliced.count == projects.count)
        #expect(sliced == alone)
        let back = try sliced.enumerated().map { index, json in
            try ReviewSheetRows.decodeProject(json, fiscalYear: projects[index].fiscalYear, projectID: projects[index].projectID)
        }
        #expect(back == projects)
    }

    @Test("text a COPY line would misread (tab, line breaks, backslash, quote, \\N) is stored and found as written", arguments: StoreKind.available)
    func awkwardText(kind: StoreKind) async throws {
        var export = try BundledSheets.export()
        let awkward = "広報\t基盤\n次の行\r\n\\N と \\ と \"引用\" と {波括弧,読点}"
        export.projects[0].name = awkward
        if !export.projects[0].overviews.isEmpty { export.projects[0].overviews[0].purpose = awkward }
        try await kind.withEmptyStore { store in
            try await store.sheets.saveReviewSheets(export)
            let stored = try await store.sheets.reviewProjects(fiscalYear: nil)
            #expect(stored == export.projects)
            let summary = try await store.sheets.reviewProjectSummaries(ReviewProjectFilter())
            #expect(summary.first { $0.projectID == export.projects[0].projectID }?.name == awkward)
            let hits = try await store.sheets.searchReviewSheets(SearchQuery("引用", limit: 50))
            #expect(hits.contains { $0.projectID == export.projects[0].projectID && $0.text == awkward })
        }
    }

    @Test("passages made in slices with the JSON are the passages of the projects in order", arguments: [2, 3])
    func passagesInSlices(slices: Int) async throws {
        let export = try BundledSheets.export()
        let parts = try await ReviewSheetRows.concurrently(export.projects, slices: slices) { ReviewSheetPassageRows.rows($0) }
        #expect(parts.count == slices)
        #expect(parts.flatMap { $0 } == ReviewSheetPassageRows.rows(export.projects))
        #expect(try await ReviewSheetRows(export, importedAt: "now").passages == ReviewSheetPassageRows.rows(export.projects))
    }

    @Test("a link decision is stored, replaced by a later one, and read back", arguments: StoreKind.available)
    func decisions(kind: StoreKind) async throws {
        let link = ReviewProjectLink(
            document: "0000000000000000", documentSource: "000.txt", line: 31, target: .policy, policyNumber: nil,
            policyTitle: "内外広報・文化交流・報道対策", fieldNumber: nil, fieldTitle: nil, ministry: "外務省", fiscalYear: 2024,
            projectID: 1070, projectName: "ITを利用した広報基盤整備", recordFile: "1-3.csv", recordLine: 2, reason: "test", score: 0.7)
        try await kind.withEmptyStore { store in
            try await store.sheets.decide(link, .confirmed)
            try await store.sheets.decide(link, .rejected)
            let decisions = try await store.sheets.linkDecisions()
            #expect(decisions.count == 1)
            #expect(decisions.first?.link == link)
            #expect(decisions.first?.decision == .rejected)
        }
    }
}

@Suite("Review-sheet passages")
struct ReviewSheetPassageTrimTests {
    @Test("a passage's text is trimmed as Foundation trims whitespace and newlines, every kind of space included")
    func trimmedAsFoundation() {
        let spaces = ["", " ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2003}", "\u{2028}", "\u{2029}", "\u{202F}",
                      "\u{205F}", "\u{3000}", "\u{200B}", "\u{FEFF}"]
        for before in spaces {
            for after in spaces {
                for text in ["", "事業の目的", "a b", "地域\u{3000}おこし"] {
                    let padded = before + text + after
                    #expect(ReviewSheetPassageRows.trimmed(padded) == padded.trimmingCharacters(in: .whitespacesAndNewlines),
                            "\(padded.unicodeScalars.map { String($0.value, radix: 16) })")
                }
            }
        }
    }
}
