import ArgumentParser
import Foundation
import GRDB
import HyokaEvidence
import HyokaImport
import HyokaModel
import HyokaPostgres
import HyokaRecognition
import HyokaStore
import HyokaText
import Synchronization

/// Measurements at government scale that need to run inside one process:
/// search latency and result quality against baselines, and the cost of
/// merely reading the corpus. `scripts/bench-scale.sh` drives it, together
/// with `hyoka generate`, `hyoka import` (under /usr/bin/time), ripgrep and wrk.
@main
struct ScaleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hyoka-scale-bench",
        abstract: "Search latency and quality, and the read baseline, at scale.",
        subcommands: [ReadBaseline.self, RecognitionSpeed.self, StoreLimit.self, SearchLatency.self, SearchQuality.self]
    )
}

/// Reads every file of a folder, as an import must, and reports the rate.
struct ReadBaseline: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "read", abstract: "The cost of merely reading the files (baseline for import).")

    @Argument(help: "The corpus folder.") var folder: String

    func run() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }.sorted()
        let clock = ContinuousClock()
        var bytes = 0
        let elapsed = clock.measure {
            for name in names {
                if let data = FileManager.default.contents(atPath: folder + "/" + name) { bytes += data.count }
            }
        }
        let seconds = elapsed.seconds
        print(Output.json(["files": names.count, "bytes": bytes, "seconds": seconds, "mbPerSecond": Double(bytes) / 1e6 / seconds,
                           "documentsPerSecond": Double(names.count) / seconds]))
    }
}

/// Recognises every file of a folder on one core, with the files already in
/// memory, so that the recogniser's own speed is compared before and after a
/// change (no store, no threads, no disk in the timed part).
struct RecognitionSpeed: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "recognize", abstract: "Recognition and fact extraction speed on one core.")

    @Argument(help: "The corpus folder (its .txt files).") var folder: String
    @Option(help: "Runs over the whole folder; the best is reported (the least disturbed by other work).") var runs = 3

    func run() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }.sorted()
        let texts = names.compactMap { name in FileManager.default.contents(atPath: folder + "/" + name).map { (name, String(decoding: $0, as: UTF8.self)) } }
        let bytes = texts.reduce(0) { $0 + $1.1.utf8.count }
        let recognizer = ReportRecognizer()
        let extractor = FactExtractor()
        let clock = ContinuousClock()
        var bestRecognition = Double.infinity
        var bestFacts = Double.infinity
        var layouts: [String: Int] = [:]
        for run in 0..<max(1, runs) {
            var recognition = Duration.zero
            var facts = Duration.zero
            for (name, text) in texts {
                let source = SourceText(text)
                var report: EvaluationReport?
                recognition += clock.measure { report = recognizer.recognize(source, id: name, sourceName: name, contentHash: "") }
                guard let report else { continue }
                facts += clock.measure { _ = extractor.facts(in: report, source: source) }
                if run == 0 { layouts[report.layout.rawValue, default: 0] += 1 }
            }
            bestRecognition = min(bestRecognition, recognition.seconds)
            bestFacts = min(bestFacts, facts.seconds)
        }
        print(Output.json(["files": texts.count, "bytes": bytes, "runs": runs, "recognitionSeconds": bestRecognition,
                           "recognitionMBPerSecond": Double(bytes) / 1e6 / bestRecognition, "factSeconds": bestFacts,
                           "layouts": layouts]))
    }
}

/// The store's own limit for an import (issue 14): the time the store takes
/// to write the same documents `hyoka import FOLDER --batch-size N` writes,
/// in the same batches, with nothing else to do. Each batch is read,
/// recognised and prepared (`PreparedDocument`: JSON encoded, passages
/// tokenised) first, untimed, across the cores; then only its save is
/// timed, on an otherwise idle process. Batch by batch rather than all
/// rows first, so that memory stays that of one batch, as the import's.
/// The import's wall time divided by `writeSeconds` says how far the
/// import is from the store's limit.
struct StoreLimit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store-limit",
                                                    abstract: "Time only the store's writes of a folder's documents, rows prepared in advance.")

    @Argument(help: "The corpus folder (its .txt and .pdf files, as hyoka import reads a folder).") var folder: String
    @Option(help: "A new SQLite database file, or the postgres:// URL of an empty store.") var db: String
    @Option(help: "Documents per save (transaction), as hyoka import --batch-size.") var batchSize = 1000

    func run() async throws {
        let paths = try SourceFileReader.expandingDirectories([folder])
        switch StoreLocation(db) {
        case .sqlite(let path):
            guard !FileManager.default.fileExists(atPath: path) else { throw ValidationError("\(path) exists: the store's limit is measured into a new store") }
            print(Output.json(try await measure(paths, into: SQLiteStore(path: path))))
        case .postgres(let url):
            let report = try await PostgresStore.withStore(url: url) { store in
                guard try await store.summaries().isEmpty else { throw ValidationError("the store is not empty: the store's limit is measured into an empty store") }
                return try await measure(paths, into: store)
            }
            print(Output.json(report))
        }
    }

    private func measure(_ paths: [String], into store: any EvaluationStore) async throws -> [String: Any] {
        let importer = Importer(store: store)
        let clock = ContinuousClock()
        var preparing = Duration.zero
        var bytes = 0
        var documents = 0
        let starts = Array(stride(from: 0, to: paths.count, by: max(1, batchSize)))
        func saveBatches() async throws {
            for start in starts {
                let batch = Array(paths[start..<min(paths.count, start + max(1, batchSize))])
                var prepared: [PreparedDocument] = []
                preparing += try await clock.measure { prepared = try await Self.prepare(batch, with: importer) }
                bytes += prepared.reduce(0) { $0 + $1.document.sourceText.utf8.count }
                documents += prepared.count
                // Through a feed, as the import saves (SQLite: with a rollback journal when it has the file to itself).
                _ = try await store.save(feed: PreparedFeed(prepared))
            }
        }
        // As `hyoka import` saves: several batches as one bulk load (PostgreSQL builds an empty store's search
        // indexes once, after the last), whose end counts as writing; the preparing between saves does not.
        let whole = try await clock.measure { if starts.count > 1 { try await store.bulkLoad(saveBatches) } else { try await saveBatches() } }
        let seconds = (whole - preparing).seconds
        return ["files": documents, "bytes": bytes, "batchSize": batchSize, "writeSeconds": seconds,
                "mbPerSecond": Double(bytes) / 1e6 / seconds, "documentsPerSecond": Double(documents) / seconds]
    }

    /// Reads, recognises and prepares `paths` on every core, in order.
    private static func prepare(_ paths: [String], with importer: Importer) async throws -> [PreparedDocument] {
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return try await withThrowingTaskGroup(of: [(Int, PreparedDocument)].self) { group in
            for lane in 0..<width {
                group.addTask {
                    try stride(from: lane, to: paths.count, by: width).map { index in (index, try PreparedDocument(importer.document(at: paths[index]))) }
                }
            }
            var all: [(Int, PreparedDocument)] = []
            for try await part in group { all += part }
            return all.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}

/// A batch prepared in advance, given to the store's save one document at a time as the import's feed gives them.
private final class PreparedFeed: PreparedDocumentFeed {
    private let documents: [PreparedDocument]
    private let next = Mutex(0)

    init(_ documents: [PreparedDocument]) { self.documents = documents }

    func nextWaiting() throws -> PreparedDocument? {
        next.withLock { index in
            defer { index += 1 }
            return index < documents.count ? documents[index] : nil
        }
    }

    func next() async throws -> PreparedDocument? { try nextWaiting() }
}

/// Runs the query set against a store, several times, and reports p50/p99.
struct SearchLatency: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Search latency (p50/p99) for a fixed query set.")

    @Option(help: "SQLite database file or postgres:// URL.") var db: String
    @Option(help: "File with one query per line.") var queries: String
    @Option(help: "Runs of the whole query set (the first is a warm-up and not counted).") var runs = 11
    @Option(help: "Hits per query, as the web page asks.") var limit = 20
    @Option(help: "Matching passages ranked at most, newest first (SearchQuery.candidateLimit), or \"all\" to rank every match as before issue 14.")
    var candidates = String(SearchQuery.defaultCandidateLimit)
    @Flag(help: "Count the matches too (searchResults: the page and its count), as the web page and the API do.") var withCount = false
    @Option(help: "Only documents of this kind, for every query (evaluation, bluebook, whitePaper, unknown): a filtered search.") var kind: String?
    @Option(help: "Only documents of this ministry, for every query: a filtered search.") var ministry: String?
    @Option(help: "Only documents published in this year, for every query: a filtered search.") var year: Int?

    func run() async throws {
        let queryTexts = try QuerySet.load(queries)
        let documentKind = try kind.map { name in
            guard let kind = DocumentKind(rawValue: name) else { throw ValidationError("--kind is one of \(DocumentKind.allCases.map(\.rawValue))") }
            return kind
        }
        let candidateLimit: Int? = candidates == "all" ? nil : Int(candidates)
        guard candidates == "all" || candidateLimit != nil else { throw ValidationError("--candidates is a number or all") }
        let measure = { (store: any EvaluationStore) in
            try await LatencyRun.measure(queryTexts, runs: runs) { text in
                let query = SearchQuery(text, kind: documentKind, ministry: ministry, year: year, limit: limit, candidateLimit: candidateLimit)
                // With the count, as the web page and the API ask: the page and its count together.
                return withCount ? try await store.searchResults(query).hits.count : try await store.search(query).count
            }
        }
        let report = switch StoreLocation(db) {
        case .sqlite(let path): try await measure(SQLiteStore(path: path))
        case .postgres(let url): try await PostgresStore.withStore(url: url) { try await measure($0) }
        }
        print(Output.json(report))
    }
}

/// Measures every query `runs - 1` times after one warm-up run.
enum LatencyRun {
    static func measure(_ queries: [String], runs: Int, _ search: (String) async throws -> Int) async throws -> [String: Any] {
        let clock = ContinuousClock()
        var all: [Double] = []
        var perQuery: [[String: Any]] = []
        var samples = [[Double]](repeating: [], count: queries.count)
        var hits = [Int](repeating: 0, count: queries.count)
        for run in 0..<max(2, runs) {
            for (index, query) in queries.enumerated() {
                var count = 0
                let elapsed = try await clock.measure { count = try await search(query) }
                if run > 0 { samples[index].append(elapsed.seconds * 1000) }
                hits[index] = count
            }
        }
        for (index, query) in queries.enumerated() {
            all += samples[index]
            perQuery.append(["query": query, "hits": hits[index], "p50ms": Percentile.of(samples[index], 50), "p99ms": Percentile.of(samples[index], 99)])
        }
        return ["queries": perQuery, "p50ms": Percentile.of(all, 50), "p99ms": Percentile.of(all, 99), "maxms": all.max() ?? 0, "samples": all.count]
    }
}

/// Compares what the bigram index retrieves with what a trigram index
/// (SQLite FTS5's own `trigram` tokenizer) retrieves, against the passages
/// that really contain the query (every part, after the same normalisation
/// of full-width forms and Latin case): precision, recall and precision of
/// the first ten, plus the trigram index's latency.
struct SearchQuality: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "quality", abstract: "Result quality against ground truth, and the FTS5 trigram baseline.")

    @Option(help: "SQLite database file written by hyoka import.") var db: String
    @Option(help: "SQLite file for the trigram baseline index (built when missing).") var trigramDB: String
    @Option(help: "File with one query per line.") var queries: String
    @Option(help: "Runs of the trigram query set for latency (first is a warm-up).") var runs = 5

    func run() async throws {
        let queryTexts = try QuerySet.load(queries)
        let store = try SQLiteStore(path: db)
        // Both indexes are judged on the text the store promises to match (`SearchPassages.matchedText`):
        // a passage's section counts only where it is the passage's title (an indicator's values, a table's rows).
        let matched = try store.read { db in try Row.fetchAll(db, sql: "SELECT id, role, text, section FROM passage") }
            .map { row in
                let passage = Passage(role: row["role"], text: row["text"], section: row["section"], line: 0, endLine: 0)
                return (id: row["id"] as Int64, text: SearchPassages.matchedText(passage))
            }
        let trigram = try TrigramIndex(path: trigramDB, passages: matched)
        var rows: [[String: Any]] = []
        let passages = matched.map { (id: $0.id, text: Self.comparable($0.text)) }
        for query in queryTexts {
            let parts = query.split(whereSeparator: \.isWhitespace).map { Self.comparable(String($0)) }
            let truth = Set(passages.filter { passage in parts.allSatisfy { passage.text.contains($0) } }.map(\.id))
            let all = try store.read { db -> Set<Int64> in
                guard let match = SearchTokenizer.ftsQuery(query) else { return [] }
                return try Int64.fetchSet(db, sql: "SELECT rowid FROM passage_fts WHERE passage_fts MATCH ?", arguments: [match])
            }
            // The first ten as the store shows them: for a common query, the best of the newest candidates (issue 14).
            let top = try await store.search(SearchQuery(query, limit: 10))
                .map { Self.comparable([$0.section, $0.text].compactMap { $0 }.joined(separator: " ")) }
            let tri = try trigram.search(query)
            rows.append(["query": query, "relevant": truth.count,
                         "bigram": Self.scores(retrieved: all, topRelevant: top.filter { text in parts.allSatisfy { text.contains($0) } }.count,
                                               topCount: top.count, truth: truth),
                         "trigram": Self.scores(retrieved: tri.all, topRelevant: tri.top.filter(truth.contains).count, topCount: tri.top.count, truth: truth)])
        }
        let latency = try await LatencyRun.measure(queryTexts, runs: runs) { text in try trigram.search(text).top.count }
        print(Output.json(["quality": rows, "trigramLatency": latency, "trigramBuildSeconds": trigram.buildSeconds, "passages": passages.count]))
    }

    static func comparable(_ text: String) -> String { TextNormalizer.normalize(text).lowercased() }

    static func scores(retrieved: Set<Int64>, topRelevant: Int, topCount: Int, truth: Set<Int64>) -> [String: Any] {
        let correct = retrieved.intersection(truth).count
        return ["retrieved": retrieved.count, "correct": correct,
                "precision": retrieved.isEmpty ? (truth.isEmpty ? 1 : 0) : Double(correct) / Double(retrieved.count),
                "recall": truth.isEmpty ? 1 : Double(correct) / Double(truth.count),
                "precisionAt10": topCount == 0 ? (truth.isEmpty ? 1 : 0) : Double(topRelevant) / Double(topCount)]
    }
}

/// The baseline: the same passages in an FTS5 table with SQLite's trigram
/// tokenizer. Parts of three characters or more use the index (MATCH, ranked
/// by bm25); shorter parts, which trigrams cannot index, fall back to LIKE,
/// which FTS5 answers by scanning, so that the baseline still finds them.
struct TrigramIndex {
    let database: DatabaseQueue
    let buildSeconds: Double

    /// Built once in `path` from `passages` (id and the text matched), kept for later runs.
    init(path: String, passages: [(id: Int64, text: String)]) throws {
        let database = try DatabaseQueue(path: path)
        self.database = database
        let exists = try database.read { try $0.tableExists("tri") }
        guard !exists else { buildSeconds = 0; return }
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "CREATE VIRTUAL TABLE tri USING fts5(text, tokenize = 'trigram')")
                try db.inTransaction {
                    let insert = try db.makeStatement(sql: "INSERT INTO tri (rowid, text) VALUES (?, ?)")
                    for passage in passages { try insert.execute(arguments: [passage.id, passage.text]) }
                    return .commit
                }
            }
        }
        buildSeconds = elapsed.seconds
    }

    func search(_ query: String) throws -> (all: Set<Int64>, top: [Int64]) {
        let parts = query.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !parts.isEmpty else { return ([], []) }
        let long = parts.filter { $0.count >= 3 }
        let short = parts.filter { $0.count < 3 }
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if !long.isEmpty {
            conditions.append("tri MATCH ?")
            arguments.append(long.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " AND "))
        }
        for part in short {
            conditions.append("text LIKE ? ESCAPE '\\'")
            arguments.append("%" + part.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%")
        }
        let whereClause = conditions.joined(separator: " AND ")
        let order = long.isEmpty ? "rowid" : "bm25(tri)"
        return try database.read { db in
            let all = try Int64.fetchSet(db, sql: "SELECT rowid FROM tri WHERE \(whereClause)", arguments: StatementArguments(arguments))
            let top = try Int64.fetchAll(db, sql: "SELECT rowid FROM tri WHERE \(whereClause) ORDER BY \(order) LIMIT 20", arguments: StatementArguments(arguments))
            return (all, top)
        }
    }
}

enum QuerySet {
    /// One query per line; blank lines and lines starting with # are skipped.
    static func load(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}

enum Percentile {
    /// The nearest-rank percentile of `values`, 0 when empty.
    static func of(_ values: [Double], _ percent: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}

enum Output {
    static func json(_ value: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
