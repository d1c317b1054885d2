import Foundation
@testable import HyokaImport
import HyokaModel
import HyokaTestSupport
import HyokaText
import Testing

/// The bundled two-column PDFs, imported as a reader reads them.
///
/// The keys in Tests/Fixtures/keys/reading-order/ were written by reading the
/// printed pages: for each PDF, consecutive sentence and heading starts in
/// reading order, across the column break and the page break, each with the
/// page it is printed on.
@Suite("Reading order of the bundled PDFs", .enabled(if: executableOnPath("pdftotext") != nil, "pdftotext (poppler-utils) is not installed"))
struct PDFReadingOrderTests {
    static let pdfs = ["bluebook-2025-ch1", "sti-whitepaper-r6-ch1", "sti-whitepaper-r6-ch2", "sti-whitepaper-r6-ch3"]
    static let keys = Corpus.packageRoot.appendingPathComponent("Tests/Fixtures/keys/reading-order")

    @Test("Key sentences appear in reading order, on their pages", arguments: pdfs)
    func keyInReadingOrder(name: String) throws {
        let file = try SourceFileReader().read(Corpus.packageRoot.appendingPathComponent("corpus/\(name).pdf").path)
        let key = try ReadingOrderKey(contentsOf: Self.keys.appendingPathComponent("\(name).tsv"))
        #expect(key.entries.count >= 10)
        let score = key.score(file.text)
        #expect(score.missing.isEmpty, "not found at all: \(score.missing)")
        #expect(score.outOfOrder.isEmpty, "found, but not after the previous key entry: \(score.outOfOrder)")
        #expect(score.wrongPage.isEmpty, "found on another page: \(score.wrongPage)")
        print("reading order \(name): \(score.inOrder)/\(key.entries.count) in order, \(score.missing.count) missing")
    }

    @Test("Every page of the PDF is present, with text", arguments: pdfs)
    func everyPagePresent(name: String) throws {
        let path = Corpus.packageRoot.appendingPathComponent("corpus/\(name).pdf").path
        let info = try ToolRunner.run(["pdfinfo", path])
        try #require(info.status == 0, "pdfinfo failed: \(info.output)")
        let pageCount = try #require(info.output.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) })
        let text = try SourceFileReader().read(path).text
        // pdftotext ends every page, the last included, with a form feed.
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).dropLast()
        #expect(pages.count == pageCount)
        for (index, page) in pages.enumerated() {
            #expect(page.contains { !$0.isWhitespace }, "page \(index + 1) has no text")
        }
    }

    @Test("Imported, the document knows the page of every line, and the key's lines are on their pages", arguments: pdfs)
    func pagesOfKnownLines(name: String) throws {
        let path = Corpus.packageRoot.appendingPathComponent("corpus/\(name).pdf").path
        let document = try Importer(store: InMemoryStore()).document(at: path)
        let source = SourceText(document.sourceText)
        let pages = try #require(document.report.pages)
        #expect(pages.map(\.number) == Array(1...source.pageCount))
        #expect(pages.first?.line == 1 && pages.last?.endLine == source.lineCount)
        for (page, next) in zip(pages, pages.dropFirst()) { #expect(next.line == page.endLine + 1) }
        let key = try ReadingOrderKey(contentsOf: Self.keys.appendingPathComponent("\(name).tsv"))
        var checked = 0
        for entry in key.entries {
            let fragment = ReadingOrderKey.comparable(entry.fragment)
            guard let line = source.lines.first(where: { ReadingOrderKey.comparable($0.raw).contains(fragment) }) else { continue }
            #expect(line.page == entry.page, "L\(line.number) 「\(entry.fragment)」")
            #expect(document.report.page(ofLine: line.number) == entry.page)
            checked += 1
        }
        #expect(checked >= key.entries.count / 2, "too few key entries stand on one line: \(checked)")
    }

    @Test("hyoka show prints the page beside the line span of a PDF's elements")
    func showPrintsPages() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("pdf.sqlite")
        let pdf = Corpus.packageRoot.appendingPathComponent("corpus/bluebook-2025-ch1.pdf").path
        let imported = try HyokaBinary.run(["import", pdf, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        let tree = try HyokaBinary.run(["show", "bluebook-2025-ch1.pdf", "--db", db])
        #expect(tree.status == 0, "\(tree.stderr)")
        #expect(tree.stdout.split(separator: "\n").first?.contains("[p.1–4 L1–L") == true)
        #expect(tree.stdout.contains("[p.2 L"))
        #expect(!tree.stdout.contains("  [L"), "every span of a PDF document has its page")
    }

    @Test("The bundled PDFs and text files are byte for byte the shared originals",
          .enabled(if: FileManager.default.fileExists(atPath: sharedCorpus.path), "../shared/corpus is not beside this clone"))
    func bundledCopiesAreIdentical() throws {
        for name in Self.pdfs.map({ "\($0).pdf" }) + ["001_521a0fc67669dddb.txt", "004_d473122111bbb5a2.part2.txt"] {
            let bundled = try Data(contentsOf: Corpus.packageRoot.appendingPathComponent("corpus/\(name)"))
            #expect(bundled == (try Data(contentsOf: Self.sharedCorpus.appendingPathComponent(name))), "\(name) differs from ../shared/corpus")
        }
    }

    static let sharedCorpus = Corpus.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    @Test("Reordering loses no character: every page holds the same characters as pdftotext's", arguments: pdfs)
    func noCharacterLost(name: String) throws {
        let path = Corpus.packageRoot.appendingPathComponent("corpus/\(name).pdf").path
        let raw = try ToolRunner.run(["pdftotext", "-layout", "-q", path, "-"])
        try #require(raw.status == 0)
        let reordered = try SourceFileReader().read(path).text
        let histogram = { (text: Substring) in
            text.unicodeScalars.filter { !$0.properties.isWhitespace }.reduce(into: [Unicode.Scalar: Int]()) { $0[$1, default: 0] += 1 }
        }
        let rawPages = raw.output.split(separator: "\u{0C}", omittingEmptySubsequences: false)
        let newPages = reordered.split(separator: "\u{0C}", omittingEmptySubsequences: false)
        #expect(rawPages.count == newPages.count)
        for (index, (before, after)) in zip(rawPages, newPages).enumerated() {
            #expect(histogram(before) == histogram(after), "page \(index + 1) changed its characters")
        }
    }
}

/// A reading-order key: fragments in the order a reader meets them, each
/// with its printed page (1-based, in the PDF).
struct ReadingOrderKey {
    struct Entry: CustomStringConvertible {
        var page: Int
        var fragment: String
        var description: String { "p.\(page) 「\(fragment)」" }
    }

    struct Score {
        /// Entries found, each after the one before.
        var inOrder = 0
        var missing: [Entry] = []
        var outOfOrder: [Entry] = []
        var wrongPage: [Entry] = []
    }

    var entries: [Entry]

    /// Reads `page<TAB>fragment` lines; `#` starts a comment line.
    init(contentsOf url: URL) throws {
        entries = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), !line.allSatisfy(\.isWhitespace) else { return nil }
            let columns = line.split(separator: "\t", maxSplits: 1)
            guard columns.count == 2, let page = Int(columns[0]) else { throw KeyError.malformed(String(line)) }
            return Entry(page: page, fragment: String(columns[1]))
        }
    }

    enum KeyError: Error { case malformed(String) }

    /// Text compared without white space (wrapped lines join, indentation and
    /// pdftotext's padding vanish) and in NFKC (full-width Ａ is A).
    static func comparable(_ text: some StringProtocol) -> String {
        String(String(text).precomposedStringWithCompatibilityMapping.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }

    /// Walks `text` (pages separated by form feeds) entry by entry: each entry
    /// must be found after the previous one, on its page.
    func score(_ text: String) -> Score {
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map(Self.comparable)
        var pageStarts: [Int] = []
        var whole = ""
        for page in pages {
            pageStarts.append(whole.count)
            whole += page
        }
        let characters = Array(whole)
        var cursor = 0
        var score = Score()
        for entry in entries {
            let fragment = Array(Self.comparable(entry.fragment))
            guard let next = Self.firstIndex(of: fragment, in: characters, from: cursor) else {
                if Self.firstIndex(of: fragment, in: characters, from: 0) == nil {
                    score.missing.append(entry)
                } else {
                    score.outOfOrder.append(entry)
                }
                continue
            }
            score.inOrder += 1
            cursor = next + fragment.count
            let page = pageStarts.lastIndex { $0 <= next }.map { $0 + 1 } ?? 1
            if page != entry.page { score.wrongPage.append(entry) }
        }
        return score
    }

    private static func firstIndex(of fragment: [Character], in characters: [Character], from start: Int) -> Int? {
        guard !fragment.isEmpty, characters.count >= fragment.count, start <= characters.count - fragment.count else { return nil }
        return (start...(characters.count - fragment.count)).first { index in
            characters[index] == fragment[0] && characters[index..<(index + fragment.count)].elementsEqual(fragment)
        }
    }
}
