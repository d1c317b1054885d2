import HyokaStore
import PostgresNIO

/// The PostgreSQL schema: the SQLite schema's tables and columns, with
/// PostgreSQL types, written as numbered migrations.
///
/// Applied migrations are recorded in `hyoka_migrations`; a migration once
/// released is never edited. Identifiers match SQLite's, so both stores say
/// which version of the schema they hold in the same words. Text that is
/// sorted or compared (ids, file names) uses the "C" collation: byte order,
/// as SQLite compares, whatever the server's locale.
enum PostgresSchema {
    struct Migration {
        var identifier: String
        var statements: [String]
        /// Whether every document's passages are indexed again after the statements
        /// (SearchPassages or SearchTokenizer changed), as SQLite's migration of the same name does.
        var reindexesPassages = false
        /// Whether every stored document is reviewed after the statements, its review stored beside it.
        var reviewsDocuments = false
        /// Whether every stored review's counts are written after the statements (`ReviewCountRows`).
        var countsReviews = false
        /// Whether the posting index (`SearchPostings`) is built from the stored passages once every migration has run.
        var buildsPostings = false
    }

    static let migrations = [
        Migration(identifier: "v1: documents and their projections", statements: [
            """
            CREATE TABLE document (
                id text COLLATE "C" PRIMARY KEY,
                source text COLLATE "C" NOT NULL UNIQUE,
                content_hash text NOT NULL,
                kind text NOT NULL,
                layout text NOT NULL,
                ministry text,
                title text,
                published text,
                line_count bigint NOT NULL,
                warning_count bigint NOT NULL DEFAULT 0,
                imported_at text NOT NULL,
                source_text text NOT NULL,
                report_json text NOT NULL
            )
            """,
            """
            CREATE TABLE policy (
                document_id text COLLATE "C" NOT NULL REFERENCES document ON DELETE CASCADE,
                ordinal bigint NOT NULL, level text NOT NULL, number text, title text NOT NULL, bureau text, author text,
                evaluated text, line bigint NOT NULL, end_line bigint NOT NULL,
                PRIMARY KEY (document_id, ordinal)
            )
            """,
            """
            CREATE TABLE field (
                document_id text COLLATE "C" NOT NULL REFERENCES document ON DELETE CASCADE,
                policy_ordinal bigint NOT NULL, ordinal bigint NOT NULL, number bigint, title text NOT NULL, bureau text,
                has_assessment boolean NOT NULL, line bigint NOT NULL, end_line bigint NOT NULL,
                PRIMARY KEY (document_id, policy_ordinal, ordinal)
            )
            """,
            """
            CREATE TABLE goal (
                id bigserial PRIMARY KEY,
                document_id text COLLATE "C" NOT NULL REFERENCES document ON DELETE CASCADE,
                policy_ordinal bigint NOT NULL, field_number bigint, kind text NOT NULL, cycle text NOT NULL, number bigint,
                heading text, text text NOT NULL, line bigint NOT NULL, end_line bigint NOT NULL
            )
            """,
            "CREATE INDEX goal_document ON goal (document_id)",
            """
            CREATE TABLE series (
                id bigserial PRIMARY KEY,
                document_id text COLLATE "C" NOT NULL REFERENCES document ON DELETE CASCADE,
                policy_ordinal bigint NOT NULL, field_number bigint, title text NOT NULL, unit text, role text NOT NULL,
                target_year bigint, line bigint NOT NULL, end_line bigint NOT NULL
            )
            """,
            "CREATE INDEX series_document ON series (document_id)",
            """
            CREATE TABLE series_point (
                series_id bigint NOT NULL REFERENCES series ON DELETE CASCADE,
                ordinal bigint NOT NULL, period_kind text, period text, kind text NOT NULL, value double precision,
                text text NOT NULL, approximate boolean NOT NULL, unit text, line bigint NOT NULL, end_line bigint NOT NULL,
                PRIMARY KEY (series_id, ordinal)
            )
            """,
            """
            CREATE TABLE budget_line (
                document_id text COLLATE "C" NOT NULL REFERENCES document ON DELETE CASCADE,
                policy_ordinal bigint NOT NULL, group_name text NOT NULL, label text NOT NULL, kind text NOT NULL,
                fiscal_year bigint NOT NULL, amount double precision, text text NOT NULL, unit text,
                line bigint NOT NULL, end_line bigint NOT NULL
            )
            """,
            "CREATE INDEX budget_line_document ON budget_line (document_id)",
            """
            CREATE TABLE expert_opinion (
                document_id text COLLATE "C" NOT NULL REFERENCES document ON DELETE CASCADE,
                policy_ordinal bigint NOT NULL, field_number bigint, text text NOT NULL, line bigint NOT NULL, end_line bigint NOT NULL
            )
            """,
            "CREATE INDEX expert_opinion_document ON expert_opinion (document_id)",
            """
            CREATE TABLE reference (
                document_id text COLLATE "C" NOT NULL REFERENCES document ON DELETE CASCADE,
                policy_ordinal bigint, field_number bigint, kind text NOT NULL, text text NOT NULL, url text, page text,
                number text, line bigint NOT NULL, end_line bigint NOT NULL
            )
            """,
            "CREATE INDEX reference_document ON reference (document_id)",
            """
            CREATE TABLE unparsed_block (
                document_id text COLLATE "C" NOT NULL REFERENCES document ON DELETE CASCADE,
                text text NOT NULL, line bigint NOT NULL, end_line bigint NOT NULL
            )
            """,
            "CREATE INDEX unparsed_block_document ON unparsed_block (document_id)",
        ]),
        Migration(identifier: "v2: evidence library — passages, full-text search, facts, confirmed links", statements: [
            // Tokens come from SearchTokenizer, as in SQLite's passage_fts. The token array gives
            // exact phrase counts for BM25; the vector, a literal built in Swift, finds candidates.
            """
            CREATE TABLE passage (
                id bigserial PRIMARY KEY,
                document_id text COLLATE "C" NOT NULL REFERENCES document ON DELETE CASCADE,
                role text NOT NULL, section text, text text NOT NULL, line bigint NOT NULL, end_line bigint NOT NULL,
                tokens text[] NOT NULL,
                token_count bigint NOT NULL,
                search_vector tsvector NOT NULL,
                positions_complete boolean NOT NULL
            )
            """,
            "CREATE INDEX passage_document ON passage (document_id)",
            "CREATE INDEX passage_search ON passage USING gin (search_vector)",
            // BM25's N and total length, kept by each save instead of counted by each search.
            """
            CREATE TABLE passage_stats (
                id integer PRIMARY KEY CHECK (id = 1),
                passages bigint NOT NULL,
                tokens bigint NOT NULL
            )
            """,
            "INSERT INTO passage_stats (id, passages, tokens) VALUES (1, 0, 0)",
            """
            CREATE TABLE fact (
                id bigserial PRIMARY KEY,
                document_id text COLLATE "C" NOT NULL REFERENCES document ON DELETE CASCADE,
                value double precision NOT NULL, unit text, approximate boolean NOT NULL, subject text NOT NULL,
                period_kind text, period text, text text NOT NULL, quantity_text text NOT NULL, section text,
                line bigint NOT NULL, end_line bigint NOT NULL
            )
            """,
            "CREATE INDEX fact_document ON fact (document_id)",
            "CREATE INDEX fact_by_unit_value ON fact (unit, value)",
            """
            CREATE TABLE evidence_link (
                document_id text COLLATE "C" NOT NULL,
                line bigint NOT NULL,
                quantity_text text COLLATE "C" NOT NULL,
                evidence_document_id text COLLATE "C" NOT NULL,
                evidence_line bigint NOT NULL,
                evidence_text text NOT NULL,
                reason text NOT NULL,
                score double precision NOT NULL,
                confirmed_at text NOT NULL,
                PRIMARY KEY (document_id, line, quantity_text, evidence_document_id, evidence_line)
            )
            """,
        ]),
        Migration(identifier: "v3: review-sheet projects (行政事業レビュー, the RS export) and link decisions", statements: [
            """
            CREATE TABLE rs_project (
                fiscal_year bigint NOT NULL, project_id bigint NOT NULL, name text NOT NULL, ministry text COLLATE "C" NOT NULL,
                bureau text NOT NULL, verdict text, budget_year bigint, available bigint, execution bigint, project_json text NOT NULL,
                PRIMARY KEY (fiscal_year, project_id)
            )
            """,
            "CREATE INDEX rs_project_by_ministry ON rs_project (ministry)",
            """
            CREATE TABLE rs_budget_year (
                fiscal_year bigint NOT NULL, project_id bigint NOT NULL, budget_year bigint NOT NULL, initial bigint, supplementary bigint,
                carried_in bigint, reserve bigint, available bigint, execution bigint, execution_rate double precision, carried_forward bigint,
                next_year_request bigint, summed_from_accounts boolean NOT NULL, file text NOT NULL, line bigint NOT NULL,
                PRIMARY KEY (fiscal_year, project_id, budget_year),
                FOREIGN KEY (fiscal_year, project_id) REFERENCES rs_project ON DELETE CASCADE
            )
            """,
            """
            CREATE TABLE rs_policy_link (
                fiscal_year bigint NOT NULL, project_id bigint NOT NULL, ordinal bigint NOT NULL, ministry text, policy text, measure text,
                url text, file text NOT NULL, line bigint NOT NULL,
                PRIMARY KEY (fiscal_year, project_id, ordinal),
                FOREIGN KEY (fiscal_year, project_id) REFERENCES rs_project ON DELETE CASCADE
            )
            """,
            """
            CREATE TABLE rs_file (
                fiscal_year bigint NOT NULL, file text COLLATE "C" NOT NULL, table_code text NOT NULL, columns_json text NOT NULL,
                record_count bigint NOT NULL, unknown_columns_json text NOT NULL, imported_at text NOT NULL,
                PRIMARY KEY (fiscal_year, file)
            )
            """,
            """
            CREATE TABLE rs_link_decision (
                document_id text COLLATE "C" NOT NULL, line bigint NOT NULL, fiscal_year bigint NOT NULL, project_id bigint NOT NULL,
                decision text NOT NULL, link_json text NOT NULL, decided_at text NOT NULL,
                PRIMARY KEY (document_id, line, fiscal_year, project_id)
            )
            """,
        ]),
        // Sheets stored before this migration are indexed at their next import (a migration here is SQL only).
        Migration(identifier: "v4: review-sheet search — the sheets' texts as passages of their own index", statements: [
            """
            CREATE TABLE rs_passage (
                id bigserial PRIMARY KEY,
                fiscal_year bigint NOT NULL, project_id bigint NOT NULL,
                role text NOT NULL, section text NOT NULL, text text NOT NULL, file text NOT NULL, line bigint NOT NULL, end_line bigint NOT NULL,
                tokens text[] NOT NULL,
                token_count bigint NOT NULL,
                search_vector tsvector NOT NULL,
                positions_complete boolean NOT NULL,
                FOREIGN KEY (fiscal_year, project_id) REFERENCES rs_project ON DELETE CASCADE
            )
            """,
            "CREATE INDEX rs_passage_by_project ON rs_passage (fiscal_year, project_id)",
            "CREATE INDEX rs_passage_search ON rs_passage USING gin (search_vector)",
        ]),
        Migration(identifier: "v5: search finds figures — indicators, tables, figures and budget lines as passages; numbers normalised",
                  statements: [], reindexesPassages: true),
        accountsMigration,
        draftsMigration,
        // PostgreSQL's own (SQLite ranks with FTS5 and needs no such step). Passages whose vector lost its positions
        // (see `SearchVector`) cannot match a phrase query on the index; this small partial index let the search
        // ranked by RUM add them without scanning every match. Each open built that RUM index, `passage_rank`,
        // where the server had the extension, until v14 dropped it.
        Migration(identifier: "v8: ranked search — passages without positions indexed apart, RUM ranking where the server has it", statements: [
            "CREATE INDEX passage_without_positions ON passage (id) WHERE NOT positions_complete",
        ]),
        // SQLite's v8 (v8 here is ranked search): the same table, and the documents stored before it reviewed once.
        Migration(identifier: "v9: reviews stored with their documents", statements: [
            """
            CREATE TABLE document_review (
                document_id text COLLATE "C" PRIMARY KEY REFERENCES document ON DELETE CASCADE,
                review_json text NOT NULL
            )
            """,
        ], reviewsDocuments: true),
        // SQLite's v9 (the numbers differ from here on, as above): the dashboard's totals from small rows kept by each save.
        Migration(identifier: "v10: review counts — the dashboard's totals from small rows kept by each save", statements: [
            """
            CREATE TABLE review_count (
                document_id text COLLATE "C" NOT NULL REFERENCES document ON DELETE CASCADE,
                source text COLLATE "C" NOT NULL, kind text NOT NULL, ministry text, measure text NOT NULL, value text,
                edition bigint, count bigint NOT NULL
            )
            """,
            // Deleting a document deletes its rows by this index; the first breakdowns are read in source order.
            "CREATE INDEX review_count_by_document ON review_count (document_id)",
            "CREATE INDEX review_count_by_measure ON review_count (measure, kind, source)",
            // The totals, grouped in this index's order (as SQLite reads them).
            "CREATE INDEX review_count_totals ON review_count (kind, measure, value, edition, ministry, count)",
            // The table of documents by ministry and year, and the Bluebook editions, without reading every document's row.
            "CREATE INDEX document_by_ministry ON document (ministry, published)",
            "CREATE INDEX document_by_kind ON document (kind, published)",
        ], countsReviews: true),
        // PostgreSQL's own, like v8 (SQLite has no v11). Why partitions: see `ReviewSheetPassageLoad`. The passages stored move as they are,
        // each 事業年度 into one partition; the sequence of ids goes on from the old table's.
        Migration(identifier: "v11: review-sheet passages in partitions by 事業年度, each loaded and indexed on a connection of its own", statements: [
            "ALTER SEQUENCE rs_passage_id_seq OWNED BY NONE",
            "DROP INDEX rs_passage_by_project",
            "DROP INDEX rs_passage_search",
            "ALTER TABLE rs_passage RENAME TO rs_passage_before_v11",
            """
            CREATE TABLE rs_passage (
                \(ReviewSheetPassageLoad.columnDefinitionsOfV11),
                FOREIGN KEY (fiscal_year, project_id) REFERENCES rs_project ON DELETE CASCADE
            ) PARTITION BY RANGE (fiscal_year, project_id)
            """,
            "ALTER SEQUENCE rs_passage_id_seq OWNED BY rs_passage.id",
        ] + ReviewSheetPassageLoad.partitionedIndexes.map { "CREATE INDEX \($0.name) ON rs_passage \($0.definition)" } + [
            """
            DO $$
            DECLARE year bigint;
            BEGIN
                FOR year IN SELECT DISTINCT fiscal_year FROM rs_passage_before_v11 LOOP
                    EXECUTE format('CREATE TABLE %I PARTITION OF rs_passage FOR VALUES FROM (%s, MINVALUE) TO (%s, MAXVALUE)',
                                   'rs_passage_' || year || '_0', year, year);
                END LOOP;
            END
            $$
            """,
            """
            INSERT INTO rs_passage (\(ReviewSheetPassageLoad.columnNamesOfV11))
            SELECT \(ReviewSheetPassageLoad.columnNamesOfV11) FROM rs_passage_before_v11
            """,
            "DROP TABLE rs_passage_before_v11",
        ]),
        // PostgreSQL's own (SQLite's FTS5 index has nothing to defer). Why: see `SearchIndexDeferral`.
        Migration(identifier: "v12: search indexes built once after a bulk load into an empty store", statements: [
            "CREATE TABLE search_index_deferred (name text PRIMARY KEY, definition text NOT NULL)",
        ]),
        // PostgreSQL's own (SQLite's FTS5 reads its doclists newest first already). Why: see `SearchPostings`.
        Migration(identifier: "v13: a posting index of Hyoka's own, which bounded search reads newest first", statements: [
            """
            CREATE TABLE search_run (
                id bigserial PRIMARY KEY,
                first_passage bigint NOT NULL,
                last_passage bigint NOT NULL,
                passages bigint NOT NULL,
                passage_map bytea NOT NULL
            )
            """,
            "CREATE INDEX search_run_newest ON search_run (last_passage DESC)",
            """
            CREATE TABLE search_posting (
                token text COLLATE "C" NOT NULL,
                run bigint NOT NULL REFERENCES search_run ON DELETE CASCADE,
                passages bigint NOT NULL,
                data bytea NOT NULL,
                PRIMARY KEY (token, run)
            )
            """,
            // Deleting a run (a merge) deletes its postings by this index.
            "CREATE INDEX search_posting_run ON search_posting (run)",
            // Passages deleted, however (a save that replaces a document, a document deleted by hand), as each
            // document's first and last passage id, until a save marks them deleted in their runs' maps.
            "CREATE TABLE search_deleted (first_passage bigint NOT NULL, last_passage bigint NOT NULL)",
            """
            CREATE FUNCTION search_deleted_record() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
            BEGIN
                INSERT INTO search_deleted (first_passage, last_passage) SELECT min(id), max(id) FROM gone GROUP BY document_id;
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER passage_deleted AFTER DELETE ON passage REFERENCING OLD TABLE AS gone
            FOR EACH STATEMENT EXECUTE FUNCTION search_deleted_record()
            """,
            // Varints hardly compress: stored as they are, they are read without being decompressed.
            "ALTER TABLE search_posting ALTER COLUMN data SET STORAGE EXTERNAL",
        ], buildsPostings: true),
        // PostgreSQL's own. Since v13 every search reads the posting index, or ranks exactly over the GIN index
        // of v2 when the URL asks (`ranking=exact`): the RUM index that earlier opens built, where the server had
        // the extension, was no longer read, and keeping it up was half of the server's time in a bulk load.
        // A bulk load that dropped it may have left its record, which would build it again.
        Migration(identifier: "v14: search ranked by the posting index; the RUM index dropped", statements: [
            "DROP INDEX IF EXISTS passage_rank",
            "DELETE FROM search_index_deferred WHERE name = 'passage_rank'",
        ]),
        // PostgreSQL's own. The posting lists of v13 were written one passage after another; they are now cut
        // into blocks behind a table of each block's last ordinal, so that a search asks a long list about a
        // few passages without reading it whole (`PostingList`). The index is built again in the new form.
        Migration(identifier: "v15: posting lists in blocks, which a search skips", statements: [], buildsPostings: true),
        // PostgreSQL's own (FTS5 keeps each token's count in its index). Why: see `SearchVector.repeatedJSON`. Added to
        // the partitioned table, the column is added to every partition; the sheets stored get it from their tokens.
        Migration(identifier: "v16: review-sheet passages keep the tokens they hold more than once, with their counts", statements: [
            "ALTER TABLE rs_passage ADD COLUMN repeated jsonb",
            """
            UPDATE rs_passage SET repeated = (
                SELECT coalesce(jsonb_object_agg(token, n), '{}'::jsonb)
                FROM (SELECT token, count(*) AS n FROM unnest(tokens) AS t(token) GROUP BY token HAVING count(*) > 1) AS counted)
            """,
            "ALTER TABLE rs_passage ALTER COLUMN repeated SET NOT NULL",
        ]),
    ]

    /// Brings the schema up to date on `connection`, in one transaction, and
    /// refuses a schema written by a newer Hyoka: migrating it could damage it.
    /// An advisory lock lets two processes opening a fresh database wait for
    /// each other instead of both creating the tables.
    static func migrate(_ connection: PostgresConnection, schema: String?, redactedURL: String, logger: Logger) async throws {
        if let schema {
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "SET search_path TO \(schema)"), logger: logger)
        }
        try await connection.query("BEGIN", logger: logger)
        do {
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockClass), hashtext(current_schema()))", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS hyoka_migrations (identifier text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", logger: logger)
            var applied: Set<String> = []
            for try await identifier in try await connection.query("SELECT identifier FROM hyoka_migrations", logger: logger).decode(String.self) {
                applied.insert(identifier)
            }
            let known = Set(migrations.map(\.identifier))
            if !applied.isSubset(of: known) {
                throw StoreError.cannotOpen(path: redactedURL, reason: "it was written by a newer version of Hyoka; upgrade Hyoka to open it")
            }
            var postingsToBuild = false
            for migration in migrations where !applied.contains(migration.identifier) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                if migration.reindexesPassages {
                    try await PostgresWriter(connection: connection, logger: logger).reindexPassages()
                }
                if migration.reviewsDocuments {
                    try await PostgresWriter(connection: connection, logger: logger).reviewDocuments()
                }
                if migration.countsReviews {
                    try await PostgresWriter(connection: connection, logger: logger).countReviews()
                }
                // After every migration: the index's tables come with a later migration than a reindex.
                postingsToBuild = postingsToBuild || migration.reindexesPassages || migration.buildsPostings
                try await connection.query("INSERT INTO hyoka_migrations (identifier) VALUES (\(migration.identifier))", logger: logger)
            }
            if postingsToBuild {
                try await PostingIndex(connection: connection, logger: logger).rebuild()
            }
            try await SearchIndexDeferral.buildAbandoned(on: connection, logger: logger)
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// The advisory lock of migrations is taken per schema: "hyok" in ASCII and
    /// the schema's hash. Stores in other schemas of the same database never
    /// wait for each other: a process migrating one schema must not hold up a
    /// process opening another (a test process waiting for its `hyoka` child in
    /// another schema would otherwise deadlock with it).
    private static let lockClass: Int32 = 0x6879_6F6B
}
