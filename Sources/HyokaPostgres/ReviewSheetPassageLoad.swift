import Foundation
import HyokaStore
import Logging
import PostgresNIO
import Synchronization

/// How a review-sheet save loads its passages into PostgreSQL: in slices,
/// each copied and indexed in a table of its own on a connection of its
/// own, which the save's transaction then attaches to `rs_passage` as a
/// partition (migration v11: `rs_passage` is partitioned by 事業年度 and
/// project id).
///
/// Why: a transaction runs on one backend, and one backend uses one core.
/// In an import of the full RS export (44,212 passages, 4.6 million index
/// entries) the server's serial path was the COPY of the passages (parsing
/// their `tsvector` and token arrays) and then the GIN build over them
/// (3–4.4 s; PostgreSQL 15 cannot build a GIN index in parallel), while
/// the other core waited. Slices loaded on their own connections are parsed
/// and indexed at once, each on a core, while the save's transaction copies
/// the projects.
///
/// Why nothing partial is ever seen: a slice is loaded into a committed
/// table that no query reads (`rs_passage_load_<backend pid>_<year>_<n>`)
/// until the save's transaction attaches it, and attaching is
/// transactional: a search sees the year's old passages or its new ones.
/// A save that fails drops the tables it loaded (`dropLoadedTables`). A
/// process that died before it could leaves them behind; the next save
/// drops those whose backend has ended (`dropOrphans`), never the tables a
/// save still running is loading.
///
/// Why by project id within a year: a partition's bounds must be fixed
/// when it is attached, and a year's passages are cut between projects into
/// slices of about the same number of tokens (`slices`), which is what
/// their COPY and index build cost.
struct ReviewSheetPassageLoad: Sendable {
    /// The columns of `rs_passage` and of every table loaded to become one of
    /// its partitions (attaching asks for the same columns). Changing them
    /// needs a migration that changes `rs_passage` the same way (v16 added
    /// `repeated`, see `SearchVector.repeatedJSON`).
    static let columnDefinitions = columnDefinitionsOfV11 + ",\n    repeated jsonb NOT NULL"
    static let columnNames = columnNamesOfV11 + ", repeated"

    /// The columns as migration v11 made them: that migration creates them, and must go on creating the
    /// same columns whatever later migrations add.
    static let columnDefinitionsOfV11 = """
        id bigint NOT NULL DEFAULT nextval('rs_passage_id_seq'),
        fiscal_year bigint NOT NULL, project_id bigint NOT NULL,
        role text NOT NULL, section text NOT NULL, text text NOT NULL, file text NOT NULL, line bigint NOT NULL, end_line bigint NOT NULL,
        tokens text[] NOT NULL,
        token_count bigint NOT NULL,
        search_vector tsvector NOT NULL,
        positions_complete boolean NOT NULL
        """
    static let columnNamesOfV11 = "id, fiscal_year, project_id, role, section, text, file, line, end_line, tokens, token_count, search_vector, positions_complete"

    /// The indexes of `rs_passage` (partitioned indexes), each built on a
    /// loaded table with the same definition so that attaching the table
    /// adopts its indexes instead of building them in the save's transaction.
    /// `name` is the parent's; a partition's is its own name and `suffix`.
    static let partitionedIndexes: [(name: String, suffix: String, definition: String)] = [
        ("rs_passage_by_id", "by_id", "(id)"),
        ("rs_passage_by_project", "by_project", "(fiscal_year, project_id)"),
        ("rs_passage_search", "search", "USING gin (search_vector)"),
    ]

    /// One partition's worth of passages: one 事業年度, the projects from
    /// `lowerProject` up to (not including) `upperProject`.
    struct Slice: Sendable, Equatable {
        var fiscalYear: Int
        /// Its place among the year's slices, from 0.
        var ordinal: Int
        /// nil: from the lowest id (MINVALUE).
        var lowerProject: Int?
        /// nil: to beyond the highest id (MAXVALUE).
        var upperProject: Int?
        /// Indices of its passages in the save's passages, in order.
        var passages: [Int]

        /// The partition bounds, from integers only.
        var bounds: String {
            "FROM (\(fiscalYear), \(lowerProject.map(String.init) ?? "MINVALUE")) TO (\(fiscalYear), \(upperProject.map(String.init) ?? "MAXVALUE"))"
        }

        /// The partition's name once attached, unquoted: statements quote it, since a year may be negative.
        var partitionName: String { "rs_passage_\(fiscalYear)_\(ordinal)" }
    }

    /// A slice loaded into a committed table, ready to attach.
    struct Loaded: Sendable {
        var slice: Slice
        /// The table's name, unquoted (digits, letters, underscores and a minus sign).
        var table: String
    }

    /// The review-sheet rows of the save.
    let rows: ReviewSheetRows
    let slices: [Slice]
    let store: PostgresStore
    /// The tables this save committed, dropped again if it fails.
    private let committed = CommittedTables()

    /// Shared by the loads of one save (each runs in a task of its own).
    private final class CommittedTables: Sendable {
        let names = Mutex<[String]>([])
    }

    init(rows: ReviewSheetRows, store: PostgresStore, parallelism: Int = Self.defaultParallelism, tokensPerSlice: Int = Self.tokensPerSlice) {
        self.rows = rows
        self.store = store
        slices = Self.slices(rows.passages, parallelism: parallelism, tokensPerSlice: tokensPerSlice)
    }

    /// Slices loaded at once, at most: the cores this machine has (the server
    /// is usually the same machine or a larger one), and never more than four,
    /// each of which takes a connection from the pool.
    static var defaultParallelism: Int { min(4, max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    /// Below about this many tokens a slice is not worth a connection of its own.
    static let tokensPerSlice = 1_000_000

    /// Cuts each year's passages between projects into at most `parallelism`
    /// slices of about the same number of tokens, at least `tokensPerSlice`
    /// each (one slice for a small year). The slices of a year cover every
    /// project id, so their partitions accept any passage of that year.
    static func slices(_ passages: [ReviewSheetPassageRows], parallelism: Int, tokensPerSlice: Int) -> [Slice] {
        var byYear: [Int: [Int: [Int]]] = [:]  // year → project → passage indices
        var tokensByYear: [Int: Int] = [:]
        for (index, passage) in passages.enumerated() {
            byYear[passage.fiscalYear, default: [:]][passage.projectID, default: []].append(index)
            tokensByYear[passage.fiscalYear, default: 0] += passage.tokens.count
        }
        var slices: [Slice] = []
        for year in byYear.keys.sorted() {
            let projects = byYear[year] ?? [:]
            let total = tokensByYear[year] ?? 0
            let count = max(1, min(parallelism, total / max(1, tokensPerSlice)))
            var current = Slice(fiscalYear: year, ordinal: 0, lowerProject: nil, upperProject: nil, passages: [])
            var tokens = 0
            for project in projects.keys.sorted() {
                let indices = projects[project] ?? []
                // Cut before this project once the slice holds its share (the last slice takes the rest).
                if current.ordinal < count - 1, !current.passages.isEmpty, tokens >= total * (current.ordinal + 1) / count {
                    current.upperProject = project
                    slices.append(current)
                    current = Slice(fiscalYear: year, ordinal: current.ordinal + 1, lowerProject: project, upperProject: nil, passages: [])
                }
                current.passages += indices
                tokens += indices.reduce(0) { $0 + passages[$1].tokens.count }
            }
            current.passages.sort()
            slices.append(current)
        }
        return slices
    }

    // MARK: - On connections of their own

    /// Loads every slice at once (`load`), each on a connection of its own.
    func loadAll() async throws -> [Loaded] {
        try await withThrowingTaskGroup(of: Loaded.self) { group in
            for slice in slices { group.addTask { try await load(slice) } }
            var loaded: [Loaded] = []
            for try await table in group { loaded.append(table) }
            return loaded
        }
    }

    /// Copies `slice`'s passages into a new table and builds its indexes, on
    /// a connection from the pool, and commits: the table is read by nobody
    /// until `attach`.
    func load(_ slice: Slice) async throws -> Loaded {
        try await store.perform("loading the review-sheet passages of 事業年度 \(slice.fiscalYear) (slice \(slice.ordinal + 1))") {
            try await store.client.withConnection { connection in
                let logger = store.logger
                var pid = 0
                for try await value in try await connection.query("SELECT pg_backend_pid()", logger: logger).decode(Int.self) { pid = value }
                let table = "rs_passage_load_\(pid)_\(slice.fiscalYear)_\(slice.ordinal)"
                let (messages, sending) = ReviewSheetCopies.Messages.makeStream()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // Written while sent: the server parses one message while the next is written.
                    group.addTask { ReviewSheetCopies.writePassages(slice.passages.lazy.map { rows.passages[$0] }, to: sending) }
                    defer { group.cancelAll() }
                    try await store.transaction(on: connection) {
                        // A table of this name is left from an earlier save on this same backend, which is alive: this save's to replace.
                        try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \"\(table)\""), logger: logger)
                        try await connection.query(PostgresQuery(unsafeSQL: "CREATE TABLE \"\(table)\" (\(Self.columnDefinitions))"), logger: logger)
                        try await store.compressWithLZ4(on: connection)
                        try await RowInserter(connection: connection, logger: logger)
                            .copyBinary(into: table, columns: PostgresReviewSheetSearch.columns, messages: messages)
                        for index in Self.partitionedIndexes {
                            try await connection.query(
                                PostgresQuery(unsafeSQL: "CREATE INDEX \"\(table)_\(index.suffix)\" ON \"\(table)\" \(index.definition)"), logger: logger)
                        }
                    }
                    try await group.waitForAll()
                }
                committed.names.withLock { $0.append(table) }
                return Loaded(slice: slice, table: table)
            }
        }
    }

    /// Drops the tables this save loaded; after a failure, when they were not attached.
    /// Best effort: a table left (the server gone) is an orphan the next save drops.
    func dropLoadedTables() async {
        let tables = committed.names.withLock { $0 }
        guard !tables.isEmpty else { return }
        _ = try? await store.client.withConnection { connection in
            for table in tables {
                _ = try? await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \"\(table)\""), logger: store.logger)
            }
        }
    }

    // MARK: - In the save's transaction

    /// Drops the partitions of `years`: the passages of the years being replaced.
    /// Dropping a partition locks `rs_passage` until COMMIT, so searches of the sheets wait for the save.
    func dropPartitions(ofYears years: [Int], on connection: PostgresConnection) async throws {
        let found = try await connection.query("""
            SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'rs_passage'::regclass
              AND substring(c.relname FROM '^rs_passage_(-?[0-9]+)_[0-9]+$')::bigint = ANY(\(years))
            """, logger: store.logger)
        var names: [String] = []
        for try await name in found.decode(String.self) { names.append(name) }
        // Names from the catalog matching the pattern above: digits, a minus sign, letters and underscores.
        for name in names { try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE \"\(name)\""), logger: store.logger) }
    }

    /// Drops tables loaded by saves whose connection has ended without
    /// attaching them (a process killed mid-save). A table whose backend is
    /// still connected may belong to a save still running, and is left.
    func dropOrphans(on connection: PostgresConnection) async throws {
        let found = try await connection.query("""
            SELECT c.relname::text FROM pg_class c
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND NOT c.relispartition
              AND c.relname ~ '^rs_passage_load_[0-9]+_-?[0-9]+_[0-9]+$'
              AND substring(c.relname FROM '^rs_passage_load_([0-9]+)_')::int NOT IN (SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL)
            """, logger: store.logger)
        var names: [String] = []
        for try await name in found.decode(String.self) { names.append(name) }
        for name in names { try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE \"\(name)\""), logger: store.logger) }
    }

    /// Attaches the loaded tables as partitions of `rs_passage` and gives
    /// them, and their indexes, their partitions' names. Their indexes match
    /// the parent's, so nothing is built here; the foreign key to
    /// `rs_project` is checked against the projects this transaction copied.
    func attach(_ loaded: [Loaded], on connection: PostgresConnection) async throws {
        let logger = store.logger
        for table in loaded.sorted(by: { ($0.slice.fiscalYear, $0.slice.ordinal) < ($1.slice.fiscalYear, $1.slice.ordinal) }) {
            let name = table.slice.partitionName
            try await connection.query(
                PostgresQuery(unsafeSQL: "ALTER TABLE rs_passage ATTACH PARTITION \"\(table.table)\" FOR VALUES \(table.slice.bounds)"), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "ALTER TABLE \"\(table.table)\" RENAME TO \"\(name)\""), logger: logger)
            for index in Self.partitionedIndexes {
                try await connection.query(
                    PostgresQuery(unsafeSQL: "ALTER INDEX \"\(table.table)_\(index.suffix)\" RENAME TO \"\(name)_\(index.suffix)\""), logger: logger)
            }
        }
    }
}

extension ReviewSheetPassageRows {
    /// The passage's 事業年度 (the first column of `row`).
    var fiscalYear: Int {
        guard case .integer(let year) = row[0] else { preconditionFailure("a review-sheet passage row starts with its fiscal year") }
        return year
    }

    /// The passage's project (the second column of `row`).
    var projectID: Int {
        guard case .integer(let id) = row[1] else { preconditionFailure("a review-sheet passage row has its project id second") }
        return id
    }
}
