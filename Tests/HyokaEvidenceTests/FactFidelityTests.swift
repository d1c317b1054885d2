import Foundation
import HyokaImport
import HyokaModel
import HyokaRecognition
import HyokaText
import Testing
@testable import HyokaEvidence

/// Precision and recall of `FactExtractor` against answer keys built by
/// reading the documents (Tests/Fixtures/keys/facts-*.tsv; their headers say
/// what is and is not a fact, and what each key covers).
///
/// Documents are read the way `hyoka import` reads them (`SourceFileReader`:
/// PDFs through pdftotext), so a better PDF reading order shows here too.
/// `scripts/fidelity-facts.sh` prints the tables this suite computes.
@Suite("Fact fidelity against answer keys")
struct FactFidelityTests {
    /// Lowest scores accepted per document: the targets (precision 95%,
    /// recall 90%), so that a change that loses facts or reads noise fails.
    /// The one-fact chapters must read exactly that fact.
    static let floors: [String: (precision: Double, recall: Double)] = [
        "001_521a0fc67669dddb.txt": (0.95, 0.90),
        "003_3c0173e389cd5384.txt": (0.95, 0.90),
        "bluebook-2025-ch1.pdf": (1.0, 1.0),
        "sti-whitepaper-r6-ch1.pdf": (1.0, 1.0),
        "sti-whitepaper-r6-ch2.pdf": (0.95, 0.90),
        "sti-whitepaper-r6-ch3.pdf": (0.95, 0.90),
    ]

    @Test("Every key scores at least its floor", .enabled(if: FidelityCorpus.keysPresent, "Tests/Fixtures/keys is missing"))
    func scores() throws {
        var lines: [String] = []
        for key in try FactKey.all() {
            guard let path = FidelityCorpus.path(of: key.document) else {
                print("FIDELITY|skip|\(key.document)|not found in corpus/ or ../shared/corpus")
                continue
            }
            if path.hasSuffix(".pdf"), !FidelityCorpus.hasPdftotext {
                print("FIDELITY|skip|\(key.document)|pdftotext (poppler-utils) is not installed")
                continue
            }
            let (facts, source) = try FidelityCorpus.facts(at: path)
            let score = FidelityScore(key: key, facts: try key.inScope(facts, source: source))
            lines += score.report()
            let floor = try #require(Self.floors[key.document], "no floor for \(key.document)")
            #expect(score.precision >= floor.precision, "\(key.document): precision \(score.precision)")
            #expect(score.recall >= floor.recall, "\(key.document): recall \(score.recall)")
        }
        for line in lines { print("FIDELITY|" + line) }
    }

    @Test("A fact matches a key by value, unit and quote; anything else is a false positive")
    func matching() {
        let key = FactKey(document: "d", entries: [
            .init(required: true, category: "count", value: 53, unit: "団体", period: "FY2024", quote: "53団体"),
            .init(required: false, category: "anniversary", value: 25, unit: "周年", period: "-", quote: "設立25周年"),
            .init(required: true, category: "count", value: 50, unit: "NGO", period: "-", quote: "50の NGO"),
        ])
        func fact(_ value: Double, _ unit: String?, _ text: String) -> Fact {
            Fact(document: "d", value: value, unit: unit, approximate: false, subject: "", period: nil, text: text,
                 quantityText: "", section: nil, line: 1, endLine: 1)
        }
        let score = FidelityScore(key: key, facts: [
            fact(53, "団体", "2024年度は、53 団体に対し"), fact(25, "周年", "設立25周年"), fact(26, "日", "11月26日に"),
            fact(50, "団体", "50のNGOが加盟"),
        ])
        #expect(score.recall == 1)
        #expect(score.falsePositives.map(\.quantityText) == [""])
        #expect(score.falsePositives.first?.value == 26)
        #expect(score.precision == 0.75)
    }
}

// MARK: - Keys

/// One answer key: the facts of a document, as read by a person.
struct FactKey {
    struct Entry {
        /// Required facts count for recall; optional ones (a heading that
        /// repeats the text, a table cell whose unit is in the header) are
        /// right if read and no miss if not.
        var required: Bool
        var category: String
        var value: Double
        var unit: String
        var period: String
        var quote: String
    }

    var document: String
    var entries: [Entry]
    /// Text on the first line the key covers and on the first line after it
    /// (`# scope-from` and `# scope-to`); nil when it covers the whole document.
    var scope: (from: String, to: String)?

    /// The facts of the part of the document the key covers.
    func inScope(_ facts: [Fact], source: SourceText) throws -> [Fact] {
        guard let scope else { return facts }
        func line(_ anchor: String, after start: Int) throws -> Int {
            let wanted = FidelityScore.comparable(anchor)
            guard start <= source.lineCount,
                  let found = (start...source.lineCount).first(where: { FidelityScore.comparable(source[$0].text).contains(wanted) })
            else { throw KeyError.anchorNotFound(anchor) }
            return found
        }
        let first = try line(scope.from, after: 1)
        let end = try line(scope.to, after: first)
        return facts.filter { (first..<end).contains($0.line) }
    }

    static let directory = FidelityCorpus.root.appendingPathComponent("Tests/Fixtures/keys")

    static func all() throws -> [FactKey] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("facts-") && $0.hasSuffix(".tsv") }.sorted()
        return try names.map { try parse(String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// Reads `# document<TAB>name`, comments, a header row and one entry per row.
    static func parse(_ text: String) throws -> FactKey {
        var document = ""
        var entries: [Entry] = []
        var from: String?
        var to: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if columns.count == 2 {
                switch columns[0] {
                case "# document": document = columns[1]
                case "# scope-from": from = columns[1]
                case "# scope-to": to = columns[1]
                default: break
                }
            }
            if line.hasPrefix("#") || line.hasPrefix("status\t") { continue }
            guard columns.count == 6, let value = Double(columns[2]), ["required", "optional"].contains(columns[0]) else {
                throw KeyError.badRow(String(line))
            }
            entries.append(Entry(required: columns[0] == "required", category: columns[1], value: value, unit: columns[3],
                                 period: columns[4], quote: columns[5]))
        }
        guard !document.isEmpty else { throw KeyError.noDocument }
        return FactKey(document: document, entries: entries, scope: from.flatMap { from in to.map { (from, $0) } })
    }

    enum KeyError: Error { case badRow(String), noDocument, anchorNotFound(String) }
}

// MARK: - Scoring

/// Matches extracted facts to a key and counts what was found, missed and
/// read wrongly, per fact category.
struct FidelityScore {
    let key: FactKey
    private(set) var matched: [(entry: FactKey.Entry, fact: Fact)] = []
    private(set) var missed: [FactKey.Entry] = []
    private(set) var falsePositives: [Fact] = []

    init(key: FactKey, facts: [Fact]) {
        self.key = key
        var unused = facts.map { (fact: $0, text: Self.comparable($0.text)) }
        for entry in key.entries {
            let quote = Self.comparable(entry.quote)
            if let index = unused.firstIndex(where: { Self.agree(entry, $0.fact) && $0.text.contains(quote) }) {
                matched.append((entry, unused.remove(at: index).fact))
            } else if entry.required {
                missed.append(entry)
            }
        }
        falsePositives = unused.map(\.fact)
    }

    var requiredCount: Int { key.entries.filter(\.required).count }
    var recall: Double { requiredCount == 0 ? 1 : Double(matched.filter(\.entry.required).count) / Double(requiredCount) }
    var precision: Double {
        let read = matched.count + falsePositives.count
        return read == 0 ? 1 : Double(matched.count) / Double(read)
    }

    /// Markdown rows: totals, then per category, then what was missed and read wrongly.
    func report() -> [String] {
        func percent(_ part: Int, _ whole: Int) -> String { whole == 0 ? "–" : String(format: "%.0f%% (%d/%d)", 100 * Double(part) / Double(whole), part, whole) }
        let read = matched.count + falsePositives.count
        var lines = ["total|\(key.document)|\(percent(matched.count, read))|\(percent(matched.filter(\.entry.required).count, requiredCount))"]
        let categories = Set(key.entries.map(\.category) + falsePositives.map { Self.category(of: $0.unit) }).sorted()
        for category in categories {
            let right = matched.filter { $0.entry.category == category }
            let wrong = falsePositives.filter { Self.category(of: $0.unit) == category }
            let required = key.entries.filter { $0.required && $0.category == category }.count
            lines.append("category|\(key.document)|\(category)|\(percent(right.count, right.count + wrong.count))|\(percent(right.filter(\.entry.required).count, required))")
        }
        for entry in missed { lines.append("miss|\(key.document)|\(Self.number(entry.value)) \(entry.unit)|\(entry.quote)") }
        for fact in falsePositives {
            lines.append("false|\(key.document)|\(Self.number(fact.value)) \(fact.unit ?? "-")|\(fact.quantityText)|\(Self.context(fact))")
        }
        return lines
    }

    /// What a unit measures: money, percent, durations, anniversaries or counts.
    static func category(of unit: String?) -> String {
        guard let unit else { return "count" }
        if ["円", "ドル", "ユーロ", "ポンド", "元", "ウォン"].contains(where: { unit.hasSuffix($0) }) { return "money" }
        if unit == "%" { return "percent" }
        if unit == "周年" { return "anniversary" }
        if ["年", "年間", "か月", "カ月", "ヶ月", "日", "日間", "時間", "週間", "分間", "秒"].contains(unit) { return "duration" }
        return "count"
    }

    private static func agree(_ entry: FactKey.Entry, _ fact: Fact) -> Bool {
        guard abs(entry.value - fact.value) <= 1e-9 * max(1, abs(entry.value)) else { return false }
        let keyUnit = entry.unit == "-" ? "" : fold(entry.unit)
        let factUnit = fold(fact.unit ?? "")
        if keyUnit == factUnit { return true }
        // 「15の国連専門機関」 may be read as 機関 or as the whole noun.
        return !keyUnit.isEmpty && !factUnit.isEmpty && (keyUnit.contains(factUnit) || factUnit.contains(keyUnit))
    }

    /// Counters that mean the same: `EvidenceMatcher`'s folding, and NGO
    /// and months written with other kana.
    private static func fold(_ unit: String) -> String {
        let folded = ["NGO": "団体", "カ月": "か月", "ヶ月": "か月", "ヵ月": "か月"]
        return folded[unit] ?? EvidenceMatcher.canonicalUnit(unit) ?? unit
    }

    /// Text as compared: normalised, without white space, brackets and tildes folded.
    static func comparable(_ text: String) -> String {
        var result = ""
        for character in TextNormalizer.normalize(text) where !character.isWhitespace {
            switch character {
            case "（": result.append("(")
            case "）": result.append(")")
            case "～", "〜": result.append("~")
            default: result.append(character)
            }
        }
        return result
    }

    private static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// A few characters either side of the number, to name a false positive.
    private static func context(_ fact: Fact) -> String {
        let text = comparable(fact.text)
        let quantity = comparable(fact.quantityText)
        guard let range = text.range(of: quantity) else { return String(text.prefix(30)) }
        let start = text.index(range.lowerBound, offsetBy: -12, limitedBy: text.startIndex) ?? text.startIndex
        let end = text.index(range.upperBound, offsetBy: 8, limitedBy: text.endIndex) ?? text.endIndex
        return String(text[start..<end])
    }
}

// MARK: - Corpus

enum FidelityCorpus {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var keysPresent: Bool { FileManager.default.fileExists(atPath: FactKey.directory.path) }

    /// corpus/ of this clone first, then the shared corpus beside it.
    static func path(of name: String) -> String? {
        [root.appendingPathComponent("corpus"), root.deletingLastPathComponent().appendingPathComponent("shared/corpus")]
            .map { $0.appendingPathComponent(name).path }
            .first { FileManager.default.fileExists(atPath: $0) }
    }

    static var hasPdftotext: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/pdftotext") }
    }

    /// The facts `hyoka import` would store for the file, and its text.
    static func facts(at path: String) throws -> ([Fact], SourceText) {
        let file = try SourceFileReader().read(path)
        let source = SourceText(file.text)
        let report = ReportRecognizer().recognize(source, id: file.id, sourceName: file.name, contentHash: file.contentHash)
        return (FactExtractor().facts(in: report, source: source), source)
    }
}
