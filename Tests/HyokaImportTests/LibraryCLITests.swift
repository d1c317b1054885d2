import Foundation
import HyokaModel
import Testing

/// `hyoka search`, `hyoka facts` and `hyoka evidence` on the imported corpus.
@Suite("hyoka search, facts and evidence")
struct LibraryCLITests {
    let directory: TemporaryDirectory
    var db: String { directory.path("library.sqlite") }

    init() throws {
        directory = try TemporaryDirectory()
        let imported = try HyokaBinary.run(["import"] + Corpus.files + ["--db", directory.path("library.sqlite")])
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    @Test func searchFindsTheBluebookVisaSectionFirst() throws {
        defer { directory.remove() }
        let result = try HyokaBinary.run(["search", "ビザ", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(whereSeparator: \.isNewline)
        let first = try #require(lines.first)
        // 003's （1）ビザ（査証）: the section's heading itself (a passage of its own, a
        // hit on its own words), or a passage under it.
        let heading = lines.dropFirst().first?.contains("（1）【ビザ】（査証）") == true
        #expect(first.hasPrefix("003_3c0173e389cd5384.txt [L1") && (heading || first.hasSuffix("（1）ビザ（査証）")), "\(first)")
        #expect(result.stdout.contains("【ビザ】"))
    }

    /// With every bundled text file imported, a reader looking for the visa
    /// rules finds 001's subsection 「(2) 査証(ビザ)制度」 itself among the first
    /// five hits: its heading is a passage of its own (001's body says 査証).
    @Test func searchFindsTheNewBluebookVisaSubsection() throws {
        defer { directory.remove() }
        let all = try FileManager.default.contentsOfDirectory(atPath: Corpus.packageRoot.appendingPathComponent("corpus").path)
            .filter { $0.hasSuffix(".txt") }.sorted().map { Corpus.packageRoot.appendingPathComponent("corpus").appendingPathComponent($0).path }
        let database = directory.path("all.sqlite")
        let imported = try HyokaBinary.run(["import"] + all + ["--db", database])
        #expect(imported.status == 0, "\(imported.stderr)")
        let result = try HyokaBinary.run(["search", "ビザ", "--json", "--limit", "5", "--db", database])
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(hits.count == 5)
        let subsection = hits.first { ($0["source"] as? String)?.hasPrefix("001_") == true && ($0["text"] as? String) == "(2) 査証(ビザ)制度" }
        #expect(subsection?["role"] as? String == "heading", "\(hits.map { "\($0["source"] ?? "") \($0["text"] ?? "")" })")
    }

    @Test func searchAsJSONWithFilters() throws {
        defer { directory.remove() }
        let result = try HyokaBinary.run(["search", "地方自治体", "--kind", "evaluation", "--json", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        let hits = try JSONDecoder().decode([SearchHit].self, from: Data(result.stdout.utf8))
        #expect(!hits.isEmpty)
        #expect(hits.allSatisfy { $0.kind == .evaluation && $0.source.hasPrefix("004") })
        #expect(hits.allSatisfy { !$0.snippet.highlights.isEmpty })
    }

    @Test func searchRejectsBadOptionsWithUsageErrors() throws {
        defer { directory.remove() }
        for arguments in [["--limit", "0"], ["--limit", "501"], ["--kind", "novel"], ["--year", "12"]] {
            let result = try HyokaBinary.run(["search", "ビザ"] + arguments + ["--db", db])
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func factsOfOneDocumentAsJSON() throws {
        defer { directory.remove() }
        let result = try HyokaBinary.run(["facts", "--doc", "003", "--json", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        let facts = try JSONDecoder().decode([Fact].self, from: Data(result.stdout.utf8))
        let entrants = try #require(facts.first { $0.quantityText == "約714万人" })
        #expect(entrants.line == 12 && entrants.period == .year(2011) && entrants.approximate)
        #expect(Set(facts.map(\.document)).count == 1)
    }

    @Test func evidenceSuggestsAndConfirms() throws {
        defer { directory.remove() }
        let suggestions = try HyokaBinary.run(["evidence", "002", "--json", "--db", db])
        #expect(suggestions.status == 0, "\(suggestions.stderr)")
        let links = try JSONDecoder().decode([EvidenceLink].self, from: Data(suggestions.stdout.utf8))
        let index = try #require(links.firstIndex { $0.quantityText == "918人" && $0.evidenceLine == 1468 })
        let confirm = try HyokaBinary.run(["evidence", "002", "--confirm", String(index + 1), "--db", db])
        #expect(confirm.status == 0, "\(confirm.stderr)")
        let confirmed = try HyokaBinary.run(["evidence", "002", "--confirmed", "--json", "--db", db])
        let stored = try JSONDecoder().decode([EvidenceLink].self, from: Data(confirmed.stdout.utf8))
        #expect(stored.map(\.evidenceLine) == [1468])
        #expect(stored.first?.line == 1501)
        let outOfRange = try HyokaBinary.run(["evidence", "002", "--confirm", "9999", "--db", db])
        #expect(outOfRange.status == 64)
    }
}

/// `hyoka check` on the imported corpus.
@Suite("hyoka check")
struct CheckCLITests {
    struct ReviewSummary: Decodable {
        var document: String
        var findings: [Finding]
    }

    @Test func checkReportsTheCorpusFindingsWithLines() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("check.sqlite")
        #expect(try HyokaBinary.run(["import"] + Corpus.files + ["--db", db]).status == 0)
        let result = try HyokaBinary.run(["check", "--json", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        let reviews = try JSONDecoder().decode([ReviewSummary].self, from: Data(result.stdout.utf8))
        #expect(reviews.count == 3, "the three evaluations; the Bluebook chapter is not an evaluation")
        let findings = reviews.flatMap(\.findings)
        #expect(findings.contains { $0.rule == "sum-mismatch" && $0.line == 80 })
        #expect(findings.contains { $0.rule == "values-reconciled" && $0.line == 1445 }, "1,118【2団体】 − 2 = 1,116, as the table's note explains")
        #expect(findings.contains { $0.rule == "indicator-moving-away" && $0.line == 2236 })
        let text = try HyokaBinary.run(["check", "004", "--english", "--db", db])
        #expect(text.stdout.contains("[info] L1445 values-reconciled:"))
        #expect(text.stdout.contains("rating (computed): 進展が大きくない"))
    }
}

@Suite("hyoka check --rules")
struct CheckRulesCLITests {
    @Test func thresholdsComeFromAFileAndBadFilesAreRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("rules.sqlite")
        #expect(try HyokaBinary.run(["import", Corpus.packageRoot.appendingPathComponent("corpus/002_3ec3fed686115a88.txt").path, "--db", db]).status == 0)
        let lenient = try directory.write("lenient.json", #"{"lowExecutionRate": 0.7}"#)
        let strict = try directory.write("strict.json", #"{"lowExecutionRate": 0.95}"#)
        let lenientRun = try HyokaBinary.run(["check", "002", "--rules", lenient, "--db", db])
        #expect(lenientRun.status == 0, "\(lenientRun.stderr)")
        #expect(!lenientRun.stdout.contains("low-execution"), "73% is above a 70% threshold")
        let strictRun = try HyokaBinary.run(["check", "002", "--rules", strict, "--db", db])
        #expect(strictRun.stdout.components(separatedBy: "low-execution").count - 1 == 3, "73%, 91% and 94% are under 95%")
        for content in ["not json", #"{"lowExecutionRate": 7}"#] {
            let bad = try directory.write("bad.json", content)
            let result = try HyokaBinary.run(["check", "002", "--rules", bad, "--db", db])
            #expect(result.status == 65)
            #expect(result.stderr.hasPrefix("error: cannot use the rules in"))
            #expect(result.stdout.isEmpty)
        }
    }
}
