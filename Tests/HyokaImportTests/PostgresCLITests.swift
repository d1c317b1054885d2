import Foundation
import HyokaModel
import HyokaPostgres
import HyokaTestSupport
import Testing

/// The command line with `--db postgres://…`: the same commands, the same output as with SQLite.
@Suite("hyoka with a PostgreSQL database")
struct PostgresCLITests {
    static let serverURL = TestPostgres.url

    @Test(.enabled(if: serverURL != nil, "HYOKA_TEST_POSTGRES_URL is not set; run `eval \"$(scripts/postgres-test-cluster.sh start)\"` first"))
    func importListSearchAndShowAsWithSQLite() async throws {
        let server = try #require(Self.serverURL)
        let schema = TestPostgres.newSchemaName(prefix: "cli_")
        // ranking=exact: the output is compared with SQLite's byte for byte; the posting index breaks ties newest first,
        // not by file and line, and estimates the IDF of a phrase of several tokens.
        let db = TestPostgres.parameterized(server, adding: ["schema=\(schema)", "ranking=exact"])
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sqlite = directory.path("same.sqlite")

        let imported = try HyokaBinary.run(["import"] + Corpus.files + ["--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasSuffix("Imported 4 files: 4 inserted, 0 replaced, 0 unchanged.\n"))
        #expect(try HyokaBinary.run(["import"] + Corpus.files + ["--db", sqlite]).stdout == imported.stdout)

        let listed = try HyokaBinary.run(["list", "--db", db])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout == (try HyokaBinary.run(["list", "--db", sqlite])).stdout)
        #expect(listed.stdout.contains("004_d473122111bbb5a2.part1.txt"))
        let fromEnvironment = try HyokaBinary.run(["list"], environment: ["HYOKA_DB": db])
        #expect(fromEnvironment.stdout == listed.stdout, "HYOKA_DB selects the server too: \(fromEnvironment.stderr)")

        for arguments in [["search", "ビザ"], ["search", "地方自治体", "--kind", "evaluation", "--json"], ["show", "002", "--json"], ["facts", "--doc", "003"]] {
            let onServer = try HyokaBinary.run(arguments + ["--db", db])
            #expect(onServer.status == 0, "\(arguments): \(onServer.stderr)")
            #expect(onServer.stdout == (try HyokaBinary.run(arguments + ["--db", sqlite])).stdout, "\(arguments)")
        }
        let again = try HyokaBinary.run(["import"] + Corpus.files + ["--db", db])
        #expect(again.stdout.hasSuffix("Imported 4 files: 0 inserted, 0 replaced, 4 unchanged.\n"))

        try await PostgresStore.withStore(url: db) { store in try await store.execute("DROP SCHEMA \(schema) CASCADE") }
    }

    @Test func noServerAtTheURLExits73WithoutShowingThePassword() throws {
        let result = try HyokaBinary.run(["list", "--db", "postgres://hyoka:hunter2@127.0.0.1:1/hyoka"])
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.contains("no PostgreSQL server answers at 127.0.0.1:1"), "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2"))
    }

    @Test func aURLHyokaCannotReadExits73() throws {
        let result = try HyokaBinary.run(["list"], environment: ["HYOKA_DB": "postgres://hyoka@localhost/hyoka?sslmode=maybe"])
        #expect(result.status == 73)
        #expect(result.stderr.contains("sslmode=maybe is not one of"), "\(result.stderr)")
    }

    @Test func demoRefusesAPostgreSQLURL() throws {
        let result = try HyokaBinary.run(["demo", "--no-serve", "--db", "postgres://hyoka@127.0.0.1:1/hyoka"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("never empties a PostgreSQL database"), "\(result.stderr)")
    }
}
