import Foundation
import HyokaImport
import HyokaAssessment
import HyokaModel
import HyokaStore
import Synchronization
import Testing

/// A scratch directory, removed by `remove()` or, at the latest, when the last
/// reference goes: suites that keep one for each test (an `init` that makes it)
/// have no place to call `remove()`, and left a directory in /tmp per test.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("hyoka-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { remove() }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `bytes` to `name` and returns the path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    /// Writes an executable shell script.
    @discardableResult
    func writeScript(_ name: String, _ body: String) throws -> String {
        let path = try write(name, "#!/bin/sh\n" + body + "\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// An `EvaluationStore` in memory, with the replacement rules the protocol
/// documents, so that the importer can be tested without a database.
final class InMemoryStore: EvaluationStore {
    private let documents = Mutex<[StoredDocument]>([])
    private let saveCalls = Mutex(0)

    var storedReports: [EvaluationReport] { documents.withLock { $0.map(\.report) } }
    var numberOfSaveCalls: Int { saveCalls.withLock { $0 } }
    /// How many bulk loads ran, and how many saves ran inside one.
    private let bulk = Mutex((loads: 0, running: false, saves: 0))
    var bulkLoads: (loads: Int, saves: Int) { bulk.withLock { ($0.loads, $0.saves) } }

    func bulkLoad<T>(_ load: () async throws -> T) async throws -> T {
        bulk.withLock { $0.loads += 1; $0.running = true }
        defer { bulk.withLock { $0.running = false } }
        return try await load()
    }

    func save(_ new: [StoredDocument]) async throws -> [SaveOutcome] {
        saveCalls.withLock { $0 += 1 }
        bulk.withLock { if $0.running { $0.saves += 1 } }
        return documents.withLock { stored in
            new.map { document in
                let sameID = stored.contains { $0.report.id == document.report.id }
                let sameSource = stored.contains { $0.report.source == document.report.source }
                stored.removeAll { $0.report.id == document.report.id || $0.report.source == document.report.source }
                stored.append(document)
                return sameID ? .unchanged : sameSource ? .replaced : .inserted
            }
        }
    }

    func summaries() async throws -> [DocumentSummary] { [] }

    func report(matching reference: String) async throws -> EvaluationReport? {
        storedReports.first { $0.id == reference || $0.source == reference }
    }

    func allReports() async throws -> [EvaluationReport] { storedReports.sorted { $0.source < $1.source } }

    func sourceText(documentID: String) async throws -> String? {
        documents.withLock { $0.first { $0.report.id == documentID }?.sourceText }
    }

    func search(_ query: SearchQuery) async throws -> [SearchHit] { [] }

    func facts(documentID: String?) async throws -> [Fact] {
        documents.withLock { $0.filter { documentID == nil || $0.report.id == documentID }.flatMap(\.facts) }
    }

    func confirm(_ link: EvidenceLink) async throws {}

    func confirmedLinks(documentID: String?) async throws -> [EvidenceLink] { [] }

    func storedReview(documentID: String) async throws -> StoredReview? {
        documents.withLock { $0.first { $0.report.id == documentID }?.review }
    }

    func storedReviews(kind: DocumentKind) async throws -> [String: StoredReview] {
        documents.withLock { Dictionary(uniqueKeysWithValues: $0.filter { $0.report.kind == kind }.map { ($0.report.id, $0.review) }) }
    }

    func bluebookEditions() async throws -> Set<Int> {
        documents.withLock { Set($0.filter { $0.report.kind == .bluebook }.compactMap { $0.report.published?.year }) }
    }
}

/// A store whose every save fails, to see store errors come through.
struct FailingStore: EvaluationStore {
    struct Failure: Error, Equatable {}
    func save(_ documents: [StoredDocument]) async throws -> [SaveOutcome] { throw Failure() }
    func summaries() async throws -> [DocumentSummary] { [] }
    func report(matching reference: String) async throws -> EvaluationReport? { nil }
    func allReports() async throws -> [EvaluationReport] { [] }
    func sourceText(documentID: String) async throws -> String? { nil }
    func search(_ query: SearchQuery) async throws -> [SearchHit] { [] }
    func facts(documentID: String?) async throws -> [Fact] { [] }
    func confirm(_ link: EvidenceLink) async throws { throw Failure() }
    func confirmedLinks(documentID: String?) async throws -> [EvidenceLink] { [] }
    func storedReview(documentID: String) async throws -> StoredReview? { nil }
    func storedReviews(kind: DocumentKind) async throws -> [String: StoredReview] { [:] }
    func bluebookEditions() async throws -> Set<Int> { [] }
}

/// The bundled corpus.
enum Corpus {
    /// The repository root: three levels above this file.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The four text documents these tests were written against. The corpus
    /// holds more (`DemoCorpus.files`, and PDFs); their counts and findings
    /// are what the tests check, so the list is fixed.
    static let files: [String] = ["000_47f71a321a7ee5e2.txt", "002_3ec3fed686115a88.txt", "003_3c0173e389cd5384.txt", "004_d473122111bbb5a2.part1.txt"]
        .map { packageRoot.appendingPathComponent("corpus/\($0)").path }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// A minimal valid one-page PDF showing `text` (ASCII) in Helvetica, with a
/// correct cross-reference table.
func minimalPDF(text: String) -> [UInt8] {
    let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(").replacingOccurrences(of: ")", with: "\\)")
    let stream = "BT /F1 24 Tf 72 700 Td (\(escaped)) Tj ET"
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    var pdf = "%PDF-1.4\n"
    var offsets: [Int] = []
    for (index, object) in objects.enumerated() {
        offsets.append(pdf.utf8.count)
        pdf += "\(index + 1) 0 obj\n\(object)\nendobj\n"
    }
    let xref = pdf.utf8.count
    pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
    for offset in offsets {
        let digits = String(offset)
        pdf += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
    }
    pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
    return Array(pdf.utf8)
}

/// The path of an executable on PATH, or nil.
func executableOnPath(_ name: String) -> String? {
    (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { "\($0)/\(name)" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Line numbers covered by a document's unparsed blocks, policies, sections
/// and layout artifacts.
func coveredLines(_ report: EvaluationReport) -> Set<Int> {
    var covered: Set<Int> = []
    func cover(_ element: some SourceLocated) { covered.formUnion(element.lineRange) }
    func cover(sections: [Section]) {
        for section in sections {
            cover(section)
            cover(sections: section.children)
        }
    }
    report.unparsed.forEach(cover)
    report.policies.forEach(cover)
    report.layoutArtifacts.forEach(cover)
    report.figures.forEach(cover)
    report.footnotes.forEach(cover)
    cover(sections: report.sections)
    return covered
}
