import Foundation
import HyokaModel
import HyokaRecognition
import NIOCore
import HyokaText
import Testing
@testable import HyokaPostgres
@testable import HyokaStore

/// Search on PostgreSQL ranked exactly (`ranking=exact`, in SQL rather than
/// from the posting index) returns what SQLite's FTS5 returns, in the same
/// order, with the same scores: the same tokens, the same BM25.
@Suite("PostgreSQL ranked exactly ranks as SQLite does", StoreKind.postgresEnabled)
struct RankingEqualityTests {
    static let queries: [SearchQuery] = [
        SearchQuery("ビザ", limit: 500),
        SearchQuery("地方自治体", limit: 500),
        SearchQuery("外交", limit: 500),
        SearchQuery("ＰＫＯ", limit: 500),
        SearchQuery("JICAボランティア", limit: 500),
        SearchQuery("ビザ 中国", limit: 500),
        SearchQuery("プロジェクト", limit: 500),
        SearchQuery("外交", kind: .bluebook, limit: 500),
        SearchQuery("地域", ministry: "総務省", limit: 500),
        SearchQuery("外交", year: 2013, limit: 500),
        SearchQuery("外交", limit: 7, offset: 0),
        SearchQuery("外交", limit: 7, offset: 7),
        SearchQuery("外交", limit: 10, offset: 115),
        SearchQuery("の", limit: 500),
        SearchQuery("存在しない語句ですよ"),
        // Figures: indicator values, numbers however written, titles of charts.
        SearchQuery("6447", limit: 500),
        SearchQuery("６，４４７人", limit: 500),
        SearchQuery("約4.6億件", limit: 500),
        SearchQuery("外交青書の発行部数", limit: 500),
        SearchQuery("ビザ発給件数の推移", limit: 500),
        SearchQuery("地域おこし協力隊", limit: 20, offset: 20),
    ]

    @Test("Same hits, same order, same scores", arguments: queries)
    func sameRanking(query: SearchQuery) async throws {
        try await StoreKind.sqlite.withCorpusStore { sqlite async throws in
            try await StoreKind.postgres.withCorpusStore("ranking=exact") { postgres async throws in
                try await expectSameRanking(query, sqlite, postgres)
            }
        }
    }

    @Test("ranking=exact opens a store that ranks in SQL, not from the posting index; other values are refused")
    func exactRankingAsked() async throws {
        for (parameters, readsPostings) in [([], true), (["ranking=index"], true), (["ranking=exact"], false)] {
            try await StoreKind.postgres.withEmptyStore(parameters: parameters) { store async throws in
                guard case .postgres(let postgres) = store else { return }
                #expect(PostgresSearch(store: postgres).readsPostings == readsPostings, "\(parameters)")
            }
        }
        #expect(try PostgresLocation(url: "postgres://u@localhost/d?ranking=exact").exactRanking)
        #expect(try !PostgresLocation(url: "postgres://u@localhost/d").exactRanking)
        #expect(throws: StoreError.self) { _ = try PostgresLocation(url: "postgres://u@localhost/d?ranking=fast") }
    }

    @Test("Still the same after documents are replaced and the statistics change")
    func sameAfterReplacing() async throws {
        let text = "（1）ビザ\n\nビザの説明。外交とビザ。\n"
        let report = ReportRecognizer().recognize(SourceText(text), id: "0030000000000000", sourceName: "003_3c0173e389cd5384.txt", contentHash: "x")
        let extra = ReportRecognizer().recognize(SourceText(text), id: "0050000000000000", sourceName: "005.txt", contentHash: "y")
        try await StoreKind.sqlite.withCorpusStore { sqlite async throws in
            try await StoreKind.postgres.withCorpusStore("ranking=exact") { postgres async throws in
                for store in [sqlite, postgres] {
                    try await store.save([StoredDocument(report: report, sourceText: text), StoredDocument(report: extra, sourceText: text)])
                }
                for query in ["ビザ", "外交", "ビザ 外交"] {
                    try await expectSameRanking(SearchQuery(query, limit: 500), sqlite, postgres)
                }
            }
        }
    }

    @Test("The statistics BM25 reads are those FTS5 keeps")
    func statistics() async throws {
        try await StoreKind.sqlite.withCorpusStore { sqlite async throws in
            try await StoreKind.postgres.withCorpusStore("ranking=exact") { postgres async throws in
                guard case .sqlite(let store) = sqlite else { return }
                let fts5 = try store.write { db -> [Int] in
                    try db.execute(sql: "CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, passage_fts, instance)")
                    return [try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM passage_fts") ?? -1,
                            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM temp.vocabulary") ?? -1]
                }
                #expect(try await postgres.integers("SELECT passages FROM passage_stats") == [fts5[0]])
                #expect(try await postgres.integers("SELECT tokens FROM passage_stats") == [fts5[1]],
                        "every token of SearchTokenizer is one token to FTS5 too")
                #expect(try await postgres.integers("SELECT SUM(token_count)::bigint FROM passage") == [fts5[1]])
            }
        }
    }

    private func expectSameRanking(_ query: SearchQuery, _ sqlite: TestStore, _ postgres: TestStore) async throws {
        let expected = try await sqlite.search(query)
        let actual = try await postgres.search(query)
        #expect(actual.map(\.source) == expected.map(\.source), "\(query.text)")
        #expect(actual.map(\.line) == expected.map(\.line), "\(query.text)")
        #expect(actual.count == expected.count)
        #expect(try await postgres.searchCount(query) == (try await sqlite.searchCount(query)), "\(query.text): the same count")
        for (hit, reference) in zip(actual, expected) {
            #expect(abs(hit.score - reference.score) <= 1e-6, "\(query.text) L\(hit.line): \(hit.score) vs \(reference.score)")
            var same = hit
            same.score = reference.score
            #expect(same == reference, "everything but the score is identical, snippets included")
        }
    }
}

/// What only the PostgreSQL store has: a server, URLs, schemas.
@Suite("PostgreSQL store", StoreKind.postgresEnabled)
struct PostgresStoreTests {
    @Test("Migrations are recorded under the same names as SQLite's, v8 (ranked search) PostgreSQL's own, so stored reviews are v9 here and v8 in SQLite, review counts v10 here and v9 there, partitioned sheet passages v11, deferred search indexes v12, the posting index v13, the RUM index dropped v14, posting lists in blocks v15 and the sheets' repeated tokens v16 (PostgreSQL's own)")
    func migrationsRecorded() async throws {
        try await StoreKind.postgres.withEmptyStore { store async throws in
            // A set: where 「v10」 sorts among 「v1」…「v9」 depends on the server's collation.
            #expect(Set(try await store.strings("SELECT identifier FROM hyoka_migrations")) == [
                "v1: documents and their projections",
                "v2: evidence library — passages, full-text search, facts, confirmed links",
                "v3: review-sheet projects (行政事業レビュー, the RS export) and link decisions",
                "v4: review-sheet search — the sheets' texts as passages of their own index",
                "v5: search finds figures — indicators, tables, figures and budget lines as passages; numbers normalised",
                "v6: accounts, sessions, API tokens and the hash-chained audit log",
                "v7: drafts — versions of evaluations being written, their states and comments",
                "v8: ranked search — passages without positions indexed apart, RUM ranking where the server has it",
                "v9: reviews stored with their documents",
                "v10: review counts — the dashboard's totals from small rows kept by each save",
                "v11: review-sheet passages in partitions by 事業年度, each loaded and indexed on a connection of its own",
                "v12: search indexes built once after a bulk load into an empty store",
                "v13: a posting index of Hyoka's own, which bounded search reads newest first",
                "v14: search ranked by the posting index; the RUM index dropped",
                "v15: posting lists in blocks, which a search skips",
                "v16: review-sheet passages keep the tokens they hold more than once, with their counts",
            ])
        }
    }

    @Test("A vector written lexeme by lexeme, sorted, reads as the same tsvector as one written token by token")
    func groupedVectorLiteral() async throws {
        // Bigrams of a few kana (so lexemes repeat), long ASCII words that share their first eight bytes, quotes, backslashes.
        let vocabulary = ["地方", "方自", "自治", "あ", "ああ", "o'k", "a\\b", "abcdefgh", "abcdefghij", "abcdefghik", "ab", "6447", "ｘ"]
        var state: UInt64 = 2024
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        // Every fourth passage repeats two lexemes, some past 256 positions, where the vector keeps the lexemes alone.
        let passages = (0..<40).map { index in
            let (count, words) = index % 4 == 0 ? (300 + next(300), 2) : (1 + next(300), vocabulary.count)
            return (0..<count).map { _ in vocabulary[next(words)] }
        }
        try await StoreKind.postgres.withEmptyStore { store async throws in
            for tokens in passages {
                let vector = SearchVector.literal(tokens)
                let tokenByToken = tokens.enumerated().map { SearchVector.quote($1) + ":" + String($0 + 1) }.joined(separator: " ")
                let read = try await store.strings("""
                    SELECT ($v$\(vector.literal)$v$::tsvector)::text UNION ALL SELECT ($v$\(tokenByToken)$v$::tsvector)::text
                    UNION ALL SELECT (array_to_tsvector($v${\(tokens.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\") + "\"" }.joined(separator: ","))}$v$::text[]))::text
                    """)
                if vector.complete {
                    #expect(read[0] == read[1], "\(tokens)")
                } else {
                    #expect(read[0] == read[2], "\(tokens): the lexemes alone")
                }
            }
            #expect(passages.contains { !SearchVector.literal($0).complete } && passages.contains { SearchVector.literal($0).complete })
        }
    }

    @Test("Opening a store twice migrates once and keeps what is stored")
    func reopen() async throws {
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let url = try StoreKind.postgresURL(schema: schema)
        try await PostgresStore.withStore(url: url) { store in
            try await store.save([StoredDocument(report: sampleReport(), sourceText: "x")])
        }
        try await PostgresStore.withStore(url: url) { store in
            #expect(try await store.summaries().count == 1)
            try await store.execute("DROP SCHEMA \(schema) CASCADE")
        }
    }

    @Test("A database written by a newer Hyoka is refused, not migrated")
    func newerSchema() async throws {
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let url = try StoreKind.postgresURL(schema: schema)
        try await PostgresStore.withStore(url: url) { store in
            try await store.execute("INSERT INTO hyoka_migrations (identifier) VALUES ('v99: from the future')")
        }
        await #expect(throws: StoreError.cannotOpen(path: url, reason: "it was written by a newer version of Hyoka; upgrade Hyoka to open it")) {
            try await PostgresStore.withStore(url: url) { _ in }
        }
        try await PostgresStore.withStore(url: try StoreKind.postgresURL()) { store in
            try await store.execute("DROP SCHEMA \(schema) CASCADE")
        }
    }

    @Test("A missing database and an unknown user are named in the error")
    func refusedByServer() async throws {
        let base = try StoreKind.postgresURL()
        var missing = try #require(URLComponents(string: base))
        missing.path = "/no_such_database"
        try await expectCannotOpen(try #require(missing.string), "the database no_such_database does not exist")
        var stranger = try #require(URLComponents(string: base))
        stranger.user = "no_such_user"
        try await expectCannotOpen(try #require(stranger.string), "the server refused user no_such_user")
    }

    @Test("A Unix socket URL reaches the same server", .enabled(if: ProcessInfo.processInfo.environment["HYOKA_TEST_POSTGRES_SOCKET_URL"] != nil))
    func unixSocket() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["HYOKA_TEST_POSTGRES_SOCKET_URL"])
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await PostgresStore.withStore(url: url + "&schema=\(schema)") { store in
            try await store.save([StoredDocument(report: sampleReport(), sourceText: "x")])
            #expect(try await store.summaries().map(\.source) == ["sample.txt"])
            try await store.execute("DROP SCHEMA \(schema) CASCADE")
        }
    }

    @Test("A failed statement reads as a database error that says what was being done")
    func databaseError() async throws {
        try await StoreKind.postgres.withEmptyStore { store async throws in
            guard case .postgres(let postgres) = store else { return }
            try await postgres.execute("DROP TABLE evidence_link")
            do {
                try await postgres.confirm(EvidenceLink(document: "a", line: 1, quantityText: "1人", evidenceDocument: "b", evidenceLine: 2,
                                                        evidenceText: "1人", reason: "r", score: 1))
                Issue.record("confirming without the table should fail")
            } catch let error as StoreError {
                #expect(error.description.contains("confirming an evidence link"), "\(error)")
                #expect(error.description.contains("evidence_link"), "\(error)")
            }
        }
    }
}

/// URLs, plans and literals, and the errors that need no server.
@Suite("PostgreSQL store without a server")
struct PostgresOfflineTests {
    @Test("URL forms: TCP, default port, socket folder, percent-encoded socket host, parameters")
    func urls() throws {
        let tcp = try PostgresLocation(url: "postgres://alice:s%40cret@db.example:6543/hyoka?sslmode=require")
        #expect(tcp.endpoint == .tcp(host: "db.example", port: 6543))
        #expect(tcp.username == "alice" && tcp.password == "s@cret" && tcp.database == "hyoka" && tcp.tls == .require)
        #expect(!tcp.redacted.contains("cret") && tcp.redacted.contains("***"))

        let local = try PostgresLocation(url: "postgresql://bob@127.0.0.1/store")
        #expect(local.endpoint == .tcp(host: "127.0.0.1", port: 5432))
        #expect(local.tls == .disable, "loopback needs no TLS")
        #expect(try PostgresLocation(url: "postgres://bob@db.example/store").tls == .prefer)

        let socket = try PostgresLocation(url: "postgres://carol@/hyoka?host=/tmp/pg&port=5433&schema=mine")
        #expect(socket.endpoint == .socket(path: "/tmp/pg/.s.PGSQL.5433"))
        #expect(socket.schema == "mine" && socket.tls == .disable)
        #expect(try PostgresLocation(url: "postgres://carol@%2Fvar%2Frun%2Fpostgresql/hyoka").endpoint
                == .socket(path: "/var/run/postgresql/.s.PGSQL.5432"))
        #expect(try PostgresLocation(url: "postgres://dave@localhost").database == "dave", "the database defaults to the user")
    }

    @Test("A URL Hyoka cannot use is refused with the reason, without the password", arguments: [
        ("postgres://u:secret@host:notaport/db", "not a valid URL"),
        ("postgres://u:secret@host/db?sslmode=sometimes", "sslmode=sometimes is not one of disable, prefer, require, verify-full"),
        ("postgres://u:secret@host/db?schema=x;DROP%20TABLE%20document", "must be lower-case letters"),
        ("postgres://u:secret@host/db?schema=Upper", "schema=Upper must be lower-case letters"),
        ("postgres://u:secret@host/db?colour=blue", "the parameter colour is not understood"),
        ("postgres://u:secret@host/db?port=99999", "port=99999 is not a port number"),
    ])
    func badURLs(url: String, reason: String) async throws {
        do {
            try await PostgresStore.withStore(url: url) { _ in Issue.record("\(url) should be refused") }
        } catch let error as StoreError {
            guard case .cannotOpen(_, let actual) = error else { Issue.record("\(error)"); return }
            #expect(actual.contains(reason), "\(actual)")
            #expect(!error.description.contains("secret"), "\(error)")
        }
    }

    /// The message comes from the one direct connection `withStore` makes
    /// before it starts a pool, which is what makes the failure immediate (a
    /// pool would retry for a minute). No wall-clock bound is asserted: under a
    /// parallel test run, CPU-bound suites can hold this task back for longer
    /// than any bound that would still prove something.
    @Test("No server at the address is a clear error from the first connection")
    func unreachable() async throws {
        let port = 1 // tcpmux: privileged, and nothing listens there
        do {
            try await PostgresStore.withStore(url: "postgres://hyoka@127.0.0.1:\(port)/hyoka") { _ in Issue.record("nothing listens there") }
        } catch let error as StoreError {
            #expect(error.description.contains("no PostgreSQL server answers at 127.0.0.1:\(port)"), "\(error)")
            #expect(error.description.contains("postgres://hyoka@127.0.0.1:\(port)/hyoka"))
        }
        do {
            try await PostgresStore.withStore(url: "postgres://hyoka@/hyoka?host=/nonexistent/folder") { _ in Issue.record("no socket there") }
        } catch let error as StoreError {
            #expect(error.description.contains("no PostgreSQL server answers at the socket /nonexistent/folder/.s.PGSQL.5432"), "\(error)")
        }
    }

    @Test("--db tells a file from a server by the URL scheme")
    func storeLocation() {
        #expect(StoreLocation("hyoka.sqlite") == .sqlite(path: "hyoka.sqlite"))
        #expect(StoreLocation("postgres.sqlite") == .sqlite(path: "postgres.sqlite"))
        #expect(StoreLocation("postgres://u@h/db") == .postgres(url: "postgres://u@h/db"))
        #expect(StoreLocation("PostgreSQL://u@h/db") == .postgres(url: "PostgreSQL://u@h/db"))
    }

    @Test("A batch's outcomes are those of saving its documents one after another")
    func savePlan() {
        let plan = SavePlan(
            stored: [("1", "a.txt"), ("2", "b.txt")],
            batch: [("1", "a.txt"), ("3", "b.txt"), ("4", "c.txt"), ("5", "c.txt"), ("5", "c.txt"), ("6", "a.txt")]
        )
        #expect(plan.outcomes == [.unchanged, .replaced, .inserted, .replaced, .unchanged, .replaced])
        #expect(plan.survivors == [1, 4, 5])
        #expect(Set(plan.replacedIDs) == ["1", "2"])
    }

    @Test("tsvector and tsquery literals carry the tokens as they are, quoted")
    func literals() {
        let vector = SearchVector.literal(["地方", "方自", "自治", "地方", "o'k"])
        #expect(vector.literal == "'o''k':5 '地方':1,4 '方自':2 '自治':3", "each lexeme once, with its positions, in the order of its UTF-8 bytes")
        #expect(vector.complete)
        #expect(SearchVector.literal(["ab", "abcdefghij", "abcdefgh", "abcdefghi", "a\\b", "abcdefghij"]).literal
                == "'a\\\\b':5 'ab':1 'abcdefgh':3 'abcdefghi':4 'abcdefghij':2,6", "a token that starts a longer one sorts first, past eight bytes too")
        #expect(SearchVector.literal([]) == ("", true))
        #expect(SearchVector.phraseQuery([["地方", "方自"], ["ビザ"]]) == "('地方' <-> '方自') & ('ビザ')")
        #expect(SearchVector.tokensQuery(["a\\b", "c"]) == "'a\\\\b' & 'c'")
        let long = SearchVector.literal(Array(repeating: "ああ", count: 300) + ["あ"])
        #expect(!long.complete && long.literal == "'あ' 'ああ'", "past 256 positions the vector keeps the lexemes alone")
        #expect(SearchVector.literal(Array(repeating: "ああ", count: 256)).complete)
    }

    @Test("BM25 as fts5_aux.c computes it")
    func bm25() {
        #expect(BM25.idf(matching: 1, passages: 100) == log(99.5 / 1.5))
        #expect(BM25.idf(matching: 80, passages: 100) == BM25.minimumIDF, "a phrase in most passages still counts a little")
        let score = BM25.score(idfs: [2.0, 1.0], frequencies: [3, 1], length: 20, averageLength: 10)
        let expected = 2.0 * (3 * 2.2 / (3 + 1.2 * (0.25 + 0.75 * 20 / 10))) + 1.0 * (1 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 20 / 10)))
        #expect(abs(score - expected) < 1e-12)
    }
}

private func expectCannotOpen(_ url: String, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    do {
        try await PostgresStore.withStore(url: url) { _ in Issue.record("\(url) should not open", sourceLocation: sourceLocation) }
    } catch let error as StoreError {
        #expect(error.description.contains(reason), "\(error)", sourceLocation: sourceLocation)
    }
}

@Suite("Binary COPY")
struct BinaryCopyFormatTests {
    @Test("a row is its field count, then each field's length and bytes: int8 big-endian, text as UTF-8, NULL as -1, a one-dimensional text[] with its element type")
    func row() {
        var copy = BinaryCopy()
        copy.append([.column(.integer(2024)), .column(.null), .column(.text("一\t")), .column(.boolean(true)), .column(.real(0.25)),
                      .texts(["地", ""]), .texts([])])
        let bytes = Array(copy.buffer.readableBytesView.dropFirst(BinaryCopy.header.count))
        let utf8 = Array("一\t".utf8)
        let expected: [UInt8] = [0, 7]
            + [0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0x07, 0xE8]
            + [0xFF, 0xFF, 0xFF, 0xFF]
            + [0, 0, 0, UInt8(utf8.count)] + utf8
            + [0, 0, 0, 1, 1]
            + [0, 0, 0, 8] + withUnsafeBytes(of: (0.25).bitPattern.bigEndian, Array.init)
            + [0, 0, 0, 31, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 25, 0, 0, 0, 2, 0, 0, 0, 1] + [0, 0, 0, 3] + Array("地".utf8) + [0, 0, 0, 0]
            + [0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25]
        #expect(bytes == expected)
    }

    @Test("rows written as messages are, in order, what one buffer would hold, each message but the last at least the size sent at once, header first and trailer last")
    func messages() {
        let rows: [[Bind]] = (0..<5_000).map { [.column(.integer($0)), .column(.text(String(repeating: "地方\t", count: $0 % 97)))] }
        var messages: [ByteBuffer] = []
        BinaryCopy.writeMessages(rows, write: { copy, row in copy.append(row) }) { messages.append($0); return true }
        var whole = BinaryCopy()
        rows.forEach { whole.append($0) }
        #expect(messages.count > 1)
        #expect(messages.dropLast().allSatisfy { $0.readableBytes >= BinaryCopy.bytesPerMessage })
        #expect(messages.flatMap { Array($0.readableBytesView) } == Array(whole.buffer.readableBytesView) + [0xFF, 0xFF])
        var empty: [ByteBuffer] = []
        BinaryCopy.writeMessages([[Bind]](), write: { copy, row in copy.append(row) }) { empty.append($0); return true }
        #expect(empty.flatMap { Array($0.readableBytesView) } == BinaryCopy.header + [0xFF, 0xFF])
    }

    @Test("the passages' writer ends its messages with the binary COPY of every passage, or with an error once cancelled, never short")
    func passageWriter() async throws {
        let rows = try await ReviewSheetRows(try BundledSheets.export(), importedAt: "2026-12-03T00:00:00Z")
        var whole: [ByteBuffer] = []
        BinaryCopy.writeMessages(rows.passages, write: { copy, passage in PostgresReviewSheetSearch.write(passage, to: &copy) }) {
            whole.append($0)
            return true
        }
        #expect(!whole.isEmpty)
        #expect(Array(whole[0].readableBytesView.prefix(BinaryCopy.header.count)) == BinaryCopy.header)
        #expect(Array(whole[whole.count - 1].readableBytesView.suffix(2)) == [0xFF, 0xFF])  // the trailer: -1 fields
        let (messages, sending) = ReviewSheetCopies.Messages.makeStream()
        ReviewSheetCopies.writePassages(rows.passages, to: sending)
        var written: [UInt8] = []
        for try await message in messages { written += Array(message.readableBytesView) }
        #expect(written == whole.flatMap { Array($0.readableBytesView) })

        let (cancelledMessages, cancelledSending) = ReviewSheetCopies.Messages.makeStream()
        await withTaskGroup(of: Void.self) { group in
            group.cancelAll()  // a task added to a cancelled group starts cancelled
            group.addTask { ReviewSheetCopies.writePassages(rows.passages, to: cancelledSending) }
        }
        await #expect(throws: CancellationError.self) { for try await _ in cancelledMessages {} }
    }
}
