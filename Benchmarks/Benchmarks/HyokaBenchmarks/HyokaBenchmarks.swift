import Benchmark
import Foundation
import HyokaEvidence
import HyokaModel
import HyokaRecognition
import HyokaStore
import HyokaText

/// The bundled corpus, read once.
private let corpusDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("corpus")

private let corpusFiles: [URL] = ((try? FileManager.default.contentsOfDirectory(at: corpusDirectory, includingPropertiesForKeys: nil)) ?? [])
    .filter { $0.pathExtension == "txt" }
    .sorted { $0.lastPathComponent < $1.lastPathComponent }

private func corpusTexts() -> [(name: String, text: String)] {
    corpusFiles.compactMap { url in (try? String(contentsOf: url, encoding: .utf8)).map { (url.lastPathComponent, $0) } }
}

private func storedDocuments(_ texts: [(name: String, text: String)]) -> [StoredDocument] {
    texts.enumerated().map { index, file in
        let source = SourceText(file.text)
        let report = ReportRecognizer().recognize(source, id: String(format: "%016d", index), sourceName: file.name, contentHash: "")
        return StoredDocument(report: report, sourceText: file.text, facts: FactExtractor().facts(in: report, source: source))
    }
}

let benchmarks: @Sendable () -> Void = {
    let texts = corpusTexts()
    let bytes = texts.reduce(0) { $0 + $1.text.utf8.count }
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .peakMemoryResident], maxDuration: .seconds(3))

    // Baseline: the cost of merely reading the files.
    Benchmark("Read the corpus files (baseline, \(bytes) bytes)") { benchmark in
        for _ in benchmark.scaledIterations {
            for url in corpusFiles { blackHole(try? Data(contentsOf: url)) }
        }
    }

    Benchmark("Recognise the corpus (4 documents)") { benchmark in
        for _ in benchmark.scaledIterations {
            for file in texts {
                blackHole(ReportRecognizer().recognize(SourceText(file.text), id: "b", sourceName: file.name, contentHash: ""))
            }
        }
    }

    Benchmark("Import the corpus: recognise, extract facts, store in SQLite") { benchmark in
        for _ in benchmark.scaledIterations {
            let store = try SQLiteStore.inMemory()
            try store.save(storedDocuments(texts))
            blackHole(store)
        }
    }

    let searchStore = try? SQLiteStore.inMemory()
    _ = try? searchStore?.save(storedDocuments(texts))
    for query in ["ビザ", "地方自治体", "外交", "JICA", "ＰＫＯ", "国際平和協力 人材"] {
        Benchmark("Search 「\(query)」", configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(2))) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try searchStore?.search(SearchQuery(query)))
            }
        }
    }
}
