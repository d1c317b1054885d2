import Foundation
import HyokaModel
import HyokaTestSupport
import PostgresNIO
import Testing
@testable import HyokaPostgres
@testable import HyokaStore

/// Catalog queries over the review-sheet passages' partitions, in the test's schema.
enum ReviewSheetPartitions {
    /// The partitions of `rs_passage`, by name.
    static let partitionsQuery = """
        SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'rs_passage'::regclass ORDER BY 1
        """
    /// Tables loaded by a save and not (yet) attached.
    static let loadedTablesQuery = """
        SELECT relname::text FROM pg_class
        WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' AND relname LIKE 'rs\\_passage\\_load\\_%' ORDER BY 1
        """
    /// The partitions' indexes attached to `rs_passage`'s own indexes.
    static let attachedIndexesQuery = """
        SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent IN ('rs_passage_by_id'::regclass, 'rs_passage_by_project'::regclass, 'rs_passage_search'::regclass) ORDER BY 1
        """
}

@Suite("Review-sheet passages in slices")
struct ReviewSheetSliceTests {
    @Test("a year's passages are cut between projects into slices that hold each passage once, in order, and cover every project id",
          arguments: [1, 2, 3, 5])
    func slices(parallelism: Int) async throws {
        var export = try BundledSheets.export()
        export.projects += try BundledSheets.export(as: 2025).projects
        let passages = try await ReviewSheetRows(export, importedAt: "2026-12-03T00:00:00Z").passages
        let slices = ReviewSheetPassageLoad.slices(passages, parallelism: parallelism, tokensPerSlice: 1)
        #expect(slices.flatMap(\.passages) == Array(passages.indices))
        for year in [2024, 2025] {
            let ofYear = slices.filter { $0.fiscalYear == year }
            let projects = Set(passages.filter { $0.fiscalYear == year }.map(\.projectID))
            #expect(ofYear.count == min(parallelism, projects.count))
            #expect(ofYear.map(\.ordinal) == Array(ofYear.indices))
            #expect(ofYear.first?.lowerProject == nil)
            #expect(ofYear.last?.upperProject == nil)
            for (slice, next) in zip(ofYear, ofYear.dropFirst()) { #expect(slice.upperProject == next.lowerProject) }
            for slice in ofYear {
                #expect(!slice.passages.isEmpty)
                for index in slice.passages {
                    #expect(passages[index].fiscalYear == year)
                    #expect(slice.lowerProject.map { passages[index].projectID >= $0 } ?? true)
                    #expect(slice.upperProject.map { passages[index].projectID < $0 } ?? true)
                }
            }
        }
        // A year below the threshold is one slice, whatever the cores.
        #expect(ReviewSheetPassageLoad.slices(passages, parallelism: parallelism, tokensPerSlice: ReviewSheetPassageLoad.tokensPerSlice).count == 2)
        #expect(ReviewSheetPassageLoad.slices([], parallelism: parallelism, tokensPerSlice: 1).isEmpty)
    }
}

@Suite("Review-sheet passages in PostgreSQL partitions", StoreKind.postgresEnabled)
struct ReviewSheetPartitionTests {
    /// A passage's `repeated` as the server works it out from its token array (what migration v16 stores).
    static let repeatedFromTokens = """
        SELECT coalesce(jsonb_object_agg(token, n), '{}'::jsonb)
        FROM (SELECT token, count(*) AS n FROM unnest(tokens) AS t(token) GROUP BY token HAVING count(*) > 1) AS counted
        """
    static let queries = ["広報基盤", "原子力", "地域おこし協力隊", "事業 効果", "予算"]

    /// The hits of each of `queries`.
    static func hits(_ store: TestStore) async throws -> [[ProjectSearchHit]] {
        var hits: [[ProjectSearchHit]] = []
        for query in queries { hits.append(try await store.sheets.searchReviewSheets(SearchQuery(query))) }
        return hits
    }

    @Test("passages loaded in several slices are found as when loaded in one; re-importing a year replaces only its partitions")
    func slicedLoadSearchesAlike() async throws {
        let export = try BundledSheets.export()
        try await StoreKind.postgres.withEmptyStore { store in
            guard case .postgres(let postgres) = store else { return }
            try await postgres.saveReviewSheets(export, parallelism: 1)
            let oneSlice = try await Self.hits(store)
            #expect(oneSlice.allSatisfy { !$0.isEmpty })
            let passageCount = try await store.integers("SELECT count(*) FROM rs_passage")

            try await postgres.saveReviewSheets(export, parallelism: 3, tokensPerSlice: 1)
            #expect(try await store.strings(ReviewSheetPartitions.partitionsQuery) == ["rs_passage_2024_0", "rs_passage_2024_1", "rs_passage_2024_2"])
            #expect(try await store.integers("SELECT count(*) FROM rs_passage") == passageCount)
            #expect(try await Self.hits(store) == oneSlice)
            #expect(try await store.strings(ReviewSheetPartitions.attachedIndexesQuery).count == 9)
            #expect(try await store.strings(ReviewSheetPartitions.loadedTablesQuery) == [])

            try await postgres.saveReviewSheets(try BundledSheets.export(as: 2025), parallelism: 2, tokensPerSlice: 1)
            try await postgres.saveReviewSheets(export, parallelism: 1)
            #expect(try await store.strings(ReviewSheetPartitions.partitionsQuery) == ["rs_passage_2024_0", "rs_passage_2025_0", "rs_passage_2025_1"])
            #expect(try await store.integers("SELECT count(*) FROM rs_passage WHERE fiscal_year = 2024") == passageCount)
            #expect(try await store.integers("SELECT count(*) FROM rs_passage WHERE fiscal_year = 2025") == passageCount)
        }
    }

    @Test("a loaded table whose backend has ended is dropped by the next save; one whose backend is connected is left")
    func orphans() async throws {
        let export = try BundledSheets.export()
        try await StoreKind.postgres.withEmptyStore { store in
            guard case .postgres(let postgres) = store else { return }
            let live = try #require(try await store.integers("SELECT pg_backend_pid()").first)
            // pid 2147483647 is no backend: process ids stay far below it.
            for name in ["rs_passage_load_2147483647_2024_0", "rs_passage_load_\(live)_1999_0"] {
                try await postgres.execute("CREATE TABLE \(name) (id bigint)")
            }
            try await postgres.saveReviewSheets(export, parallelism: 1)
            #expect(try await store.strings(ReviewSheetPartitions.loadedTablesQuery) == ["rs_passage_load_\(live)_1999_0"])
        }
    }

    @Test("a store from before v11 gets its passages moved into a partition per year, the same rows under the same ids")
    func migration() async throws {
        let export = try BundledSheets.export()
        let schema = TestPostgres.newSchemaName()
        let url = try StoreKind.postgresURL(schema: schema)
        let passageColumns = ReviewSheetPassageLoad.columnNamesOfV11
        var before: [String] = []
        try await PostgresStore.withStore(url: url) { store in
          do {
            try await store.saveReviewSheets(export)
            try await store.saveReviewSheets(try BundledSheets.export(as: 2025), parallelism: 2, tokensPerSlice: 1)
            // Back to v4's one table, as a store written before v11 has it.
            for statement in [
                "CREATE TABLE rs_passage_v4 (id bigserial PRIMARY KEY, \(ReviewSheetPassageLoad.columnDefinitionsOfV11.replacingOccurrences(of: "id bigint NOT NULL DEFAULT nextval('rs_passage_id_seq'),", with: "")), FOREIGN KEY (fiscal_year, project_id) REFERENCES rs_project ON DELETE CASCADE)",
                "INSERT INTO rs_passage_v4 (\(passageColumns)) SELECT \(passageColumns) FROM rs_passage",
                "SELECT setval('rs_passage_v4_id_seq', (SELECT max(id) FROM rs_passage_v4))",
                "DROP TABLE rs_passage",
                "ALTER TABLE rs_passage_v4 RENAME TO rs_passage",
                "ALTER SEQUENCE rs_passage_v4_id_seq RENAME TO rs_passage_id_seq",
                "CREATE INDEX rs_passage_by_project ON rs_passage (fiscal_year, project_id)",
                "CREATE INDEX rs_passage_search ON rs_passage USING gin (search_vector)",
                "DELETE FROM hyoka_migrations WHERE identifier LIKE 'v11:%' OR identifier LIKE 'v16:%'",
            ] { try await store.execute(statement) }
            before = try await TestStore.postgres(store).strings("SELECT id || ' ' || fiscal_year || ' ' || project_id || ' ' || md5(search_vector::text) FROM rs_passage ORDER BY id")
          } catch {
            try? await store.execute("DROP SCHEMA \(schema) CASCADE")
            throw error
          }
        }
        try await PostgresStore.withStore(url: url) { store in
            do {
                let migrated = TestStore.postgres(store)
                #expect(try await migrated.strings(ReviewSheetPartitions.partitionsQuery) == ["rs_passage_2024_0", "rs_passage_2025_0"])
                #expect(try await migrated.strings("SELECT id || ' ' || fiscal_year || ' ' || project_id || ' ' || md5(search_vector::text) FROM rs_passage ORDER BY id") == before)
                #expect(try await store.searchReviewSheets(SearchQuery("広報基盤")).first?.projectID == 1070)
                // v16 gave the moved passages their repeated tokens, as a save writes them.
                #expect(try await migrated.integers("SELECT count(*) FROM rs_passage WHERE repeated <> '{}'").allSatisfy { $0 > 100 })
                #expect(try await migrated.strings("SELECT id::text FROM rs_passage WHERE repeated IS DISTINCT FROM (\(Self.repeatedFromTokens))") == [])
                // New passages take ids after the moved ones.
                try await store.saveReviewSheets(try BundledSheets.export(as: 2026))
                let maxBefore = before.compactMap { Int($0.split(separator: " ")[0]) }.max() ?? 0
                #expect(try await migrated.integers("SELECT min(id) FROM rs_passage WHERE fiscal_year = 2026").allSatisfy { $0 > maxBefore })
                try await store.execute("DROP SCHEMA \(schema) CASCADE")
            } catch {
                try? await store.execute("DROP SCHEMA \(schema) CASCADE")
                throw error
            }
        }
    }
}

@Suite("Binary COPY of review-sheet passages", StoreKind.postgresEnabled)
struct BinaryCopyTests {
    @Test("the vectors and token arrays sent in binary are those the server reads from their literals, positions lost past the limits included")
    func vectorsAsTheLiteralsRead() async throws {
        var export = try BundledSheets.export()
        // One lexeme at 600 places is past PostgreSQL's 256 positions: its vector keeps the lexemes alone.
        export.projects[0].overviews[0].purpose = String(repeating: "あ", count: 601) + " 'o''k' \\ {a,b} \"q\" NULL"
        try await StoreKind.postgres.withEmptyStore { store in
            guard case .postgres(let postgres) = store else { return }
            try await postgres.saveReviewSheets(export, parallelism: 2, tokensPerSlice: 1)
            let passages = try await ReviewSheetRows(export, importedAt: "now").passages
            let literals = passages.map { SearchVector.literal($0.tokens) }
            // In the passages' order: the slices load at once, so ids interleave across them (in order within a project).
            let order = "ORDER BY fiscal_year, project_id, id"
            #expect(literals.contains { !$0.complete })
            var bindings = PostgresBindings()
            bindings.append(literals.map(\.literal))
            let fromLiterals = try await postgres.rows(PostgresQuery(
                unsafeSQL: "SELECT v::tsvector::text AS v FROM unnest($1::text[]) WITH ORDINALITY AS l(v, n) ORDER BY n", binds: bindings
            )).map { try $0["v"].decode(String.self) }
            #expect(try await store.strings("SELECT search_vector::text FROM rs_passage \(order)") == fromLiterals)
            #expect(try await store.strings("SELECT positions_complete::text FROM rs_passage \(order)") == literals.map { $0.complete ? "true" : "false" })
            #expect(try await postgres.rows(PostgresQuery(unsafeSQL: "SELECT tokens FROM rs_passage \(order)")).map { try $0["tokens"].decode([String].self) }
                    == passages.map(\.tokens))
            #expect(try await store.integers("SELECT token_count FROM rs_passage \(order)") == passages.map(\.tokens.count))
            // The tokens held more than once, with their counts, as the server counts them on the token array.
            #expect(try await store.strings("SELECT id::text FROM rs_passage WHERE repeated IS DISTINCT FROM (\(ReviewSheetPartitionTests.repeatedFromTokens))") == [])
            #expect(try await store.integers("SELECT (repeated ->> 'ああ')::bigint FROM rs_passage WHERE repeated ? 'ああ'") == [600])
            // Found on the tokens where the vector lost its positions.
            let hits = try await store.sheets.searchReviewSheets(SearchQuery("ああああ"))
            #expect(hits.first?.projectID == export.projects[0].projectID)
        }
    }
}
