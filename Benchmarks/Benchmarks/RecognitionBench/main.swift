// hyoka-recognition-bench: the recognisers' own speed, and their output.
//
// Depends only on the `HyokaRecognition` product (HyokaModel, HyokaText,
// HyokaRecognition), so a release build compiles three modules and none of the
// store or web stack:
//
//   cd Benchmarks && swift build -c release --product hyoka-recognition-bench
//   .build/release/hyoka-recognition-bench bench 3 /tmp/year       # best of 3 runs
//   .build/release/hyoka-recognition-bench dump ../corpus > out.jsonl
//
// `bench RUNS FOLDER…` reads every .txt file into memory first, then times
// `ReportRecognizer.recognize` alone on one thread: wall time (a shared
// machine stretches it) and the thread's CPU time (what the code costs, much
// less disturbed by other work), each the best over the runs, split by the
// layout the document was recognised as. The loop is the same as
// `hyoka-scale-bench recognize` without fact extraction, so numbers from
// either build of the same commit compare.
//
// `dump FOLDER…` prints each report as one line of JSON with sorted keys:
// diff two dumps to check that a change leaves the output as it was.
import Foundation
import HyokaModel
import HyokaRecognition
import HyokaText

/// The .txt files of `paths` (folders or single files), sorted by name.
func texts(_ paths: [String]) -> [(name: String, text: String)] {
    var result: [(name: String, text: String)] = []
    for path in paths {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { fatalError("no such file: \(path)") }
        let files = isFolder.boolValue
            ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".txt") }.sorted().map { path + "/" + $0 }
            : [path]
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            result.append(((file as NSString).lastPathComponent, String(decoding: data, as: UTF8.self)))
        }
    }
    return result
}

/// CPU time of the calling thread: unlike wall time, not stretched while other
/// processes hold the cores.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

func formatted(_ value: Double) -> String { String(format: "%.3f", value) }

func bench(runs: Int, paths: [String]) {
    let documents = texts(paths)
    let bytes = documents.reduce(0) { $0 + $1.text.utf8.count }
    let recognizer = ReportRecognizer()
    let clock = ContinuousClock()
    var bestWall = Double.infinity, bestCPU = Double.infinity
    var wallByLayout: [String: Double] = [:], cpuByLayout: [String: Double] = [:], counts: [String: Int] = [:]
    for run in 0..<max(1, runs) {
        var wall = 0.0, cpu = 0.0
        var runWall: [String: Double] = [:], runCPU: [String: Double] = [:]
        for (name, text) in documents {
            let source = SourceText(text)
            var report: EvaluationReport?
            let cpuStart = threadCPUSeconds()
            let elapsed = clock.measure { report = recognizer.recognize(source, id: name, sourceName: name, contentHash: "") }.seconds
            let used = threadCPUSeconds() - cpuStart
            let layout = report?.layout.rawValue ?? "none"
            wall += elapsed
            cpu += used
            runWall[layout, default: 0] += elapsed
            runCPU[layout, default: 0] += used
            if run == 0 { counts[layout, default: 0] += 1 }
        }
        if wall < bestWall { bestWall = wall; wallByLayout = runWall }
        if cpu < bestCPU { bestCPU = cpu; cpuByLayout = runCPU }
    }
    let layouts = counts.keys.sorted()
    print("files \(documents.count), \(formatted(Double(bytes) / 1e6)) MB, best of \(max(1, runs)) runs")
    print("wall \(formatted(bestWall)) s [" + layouts.map { "\($0) \(counts[$0]!) docs \(formatted(wallByLayout[$0] ?? 0))" }.joined(separator: ", ") + "]")
    print("cpu  \(formatted(bestCPU)) s [" + layouts.map { "\($0) \(formatted(cpuByLayout[$0] ?? 0))" }.joined(separator: ", ") + "]")
}

func dump(paths: [String]) {
    let recognizer = ReportRecognizer()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    for (name, text) in texts(paths) {
        let report = recognizer.recognize(SourceText(text), id: name, sourceName: name, contentHash: "")
        guard let json = try? encoder.encode(report) else { fatalError("cannot encode \(name)") }
        print(String(decoding: json, as: UTF8.self))
    }
}

let arguments = CommandLine.arguments
switch arguments.count > 2 ? arguments[1] : "" {
case "bench" where arguments.count > 3 && Int(arguments[2]) != nil:
    bench(runs: Int(arguments[2])!, paths: Array(arguments[3...]))
case "dump":
    dump(paths: Array(arguments[2...]))
default:
    print("usage: hyoka-recognition-bench bench RUNS FOLDER… | dump FOLDER…")
    exit(2)
}
