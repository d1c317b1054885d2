import ArgumentParser
import Foundation
import HyokaSynthetic

extension Hyoka {
    /// `hyoka generate`
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a deterministic synthetic corpus (evaluation reports, review sheets, Bluebook chapters) for benchmarks.",
            discussion: """
            Documents are rendered from random domain objects in the layouts of the bundled corpus, with the \
            damage PDF text has (hard wraps, page numbers, running heads, the two columns of the MOFA sheets), \
            and import back to those objects. The same --seed writes the same files, byte for byte, on any \
            machine; document N does not depend on --documents, so a larger corpus extends a smaller one. \
            Files are named syn-NNNNNN-LAYOUT.txt and written as they are made.

            Default mix (a year of government output): mofa=20,mic=12,narrative=6,review=62, over fiscal \
            years 2015-2024 (ten cycles).
            """
        )

        @Option(name: .long, help: ArgumentHelp("Number of documents to write (1 or more).", valueName: "n"))
        var documents: Int

        @Option(name: .long, help: ArgumentHelp("Seed; the same seed writes the same corpus.", valueName: "s"))
        var seed: UInt64 = 1

        @Option(name: .long, help: ArgumentHelp("Relative share of each layout, e.g. mofa=20,mic=12,narrative=6,review=62.", valueName: "weights"))
        var mix: String?

        @Option(name: .long, help: ArgumentHelp("Fiscal years to spread the documents over, e.g. 2015-2024.", valueName: "first-last"))
        var fiscalYears: String = "2015-2024"

        @Flag(name: .long, help: "Write into OUT even if it is not empty (files of the same name are replaced).")
        var force = false

        @Argument(help: ArgumentHelp("Folder to write the files into; created if missing.", valueName: "out"))
        var out: String

        func validate() throws {
            guard documents >= 1 else {
                throw ValidationError("--documents must be 1 or more (got \(documents)).")
            }
            if let mix, DocumentMix(parsing: mix) == nil {
                throw ValidationError("--mix “\(mix)” is not a list of layout=weight pairs; layouts are \(SyntheticLayout.allCases.map(\.rawValue).joined(separator: ", ")), weights are numbers ≥ 0, not all 0.")
            }
            guard Self.years(fiscalYears) != nil else {
                throw ValidationError("--fiscal-years “\(fiscalYears)” must be FIRST-LAST with 1995 ≤ FIRST ≤ LAST ≤ 2099, e.g. 2015-2024.")
            }
        }

        func run() throws {
            do {
                try write()
            } catch let error as OutputFolderError {
                printError(error)
                throw ExitCode(ExitStatus.cannotCreate)
            }
        }

        private func write() throws {
            let folder = try OutputFolder.prepare(out, force: force)
            let generator = CorpusGenerator(
                seed: seed, mix: mix.flatMap(DocumentMix.init(parsing:)) ?? .governmentYear,
                fiscalYears: Self.years(fiscalYears) ?? 2015...2024
            )
            let tally = Tally()
            // Documents are independent (each depends on the seed and its index
            // only), so the cores share them out; the files are the same.
            let workers = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount, documents / 64))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in stride(from: worker, to: documents, by: workers) {
                    guard !tally.failed else { return }
                    let document = generator.document(at: index)
                    do {
                        let bytes = try OutputFolder.write(document.text, to: folder.appendingPathComponent(document.fileName).path)
                        tally.add(document.layout, bytes: bytes)
                    } catch {
                        tally.fail(error)
                    }
                }
            }
            if let error = tally.error { throw error }
            let breakdown = SyntheticLayout.allCases.compactMap { layout in tally.counts[layout].map { "\($0) \(layout.rawValue)" } }
            print("Generated \(documents) documents, \(tally.bytes) bytes, in \(folder.path) (seed \(seed)): \(breakdown.joined(separator: ", ")).")
        }

        /// 「2015-2024」 → 2015...2024, within the years the eras are printed for.
        static func years(_ text: String) -> ClosedRange<Int>? {
            let parts = text.split(separator: "-").map { Int($0) }
            guard parts.count == 2, let first = parts[0], let last = parts[1], 1995 <= first, first <= last, last <= 2099 else { return nil }
            return first...last
        }
    }
}

/// Documents and bytes written by the workers, and the first error.
private final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var storedBytes = 0
    private var storedCounts: [SyntheticLayout: Int] = [:]
    private var storedError: (any Error)?

    var bytes: Int { lock.withLock { storedBytes } }
    var counts: [SyntheticLayout: Int] { lock.withLock { storedCounts } }
    var error: (any Error)? { lock.withLock { storedError } }
    var failed: Bool { error != nil }

    func add(_ layout: SyntheticLayout, bytes: Int) {
        lock.withLock {
            storedBytes += bytes
            storedCounts[layout, default: 0] += 1
        }
    }

    func fail(_ error: any Error) {
        lock.withLock { if storedError == nil { storedError = error } }
    }
}

/// Why the output folder cannot be used. Exit status 73 (EX_CANTCREAT), as
/// for any output that cannot be created.
enum OutputFolderError: Error, CustomStringConvertible {
    case isFile(path: String)
    case notEmpty(path: String, entries: Int)
    case cannotCreate(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    var description: String {
        switch self {
        case .isFile(let path):
            "\(path) is a file, not a folder. Give a folder to write the corpus into (it is created if missing)."
        case .notEmpty(let path, let entries):
            "\(path) is not empty (\(entries) \(entries == 1 ? "entry" : "entries")). Give an empty or new folder, or add --force to write into it anyway."
        case .cannotCreate(let path, let reason):
            "cannot create the folder \(path): \(reason). Check that its parent exists and is writable."
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason). Check that the folder is writable and the disk is not full."
        }
    }
}

/// The folder a corpus is written into.
enum OutputFolder {
    /// Writes `text` as UTF-8 to `path`, replacing any file there, and
    /// returns the number of bytes. A plain write: Foundation's writes
    /// (`FileManager.createFile`, `Data.write`) sync every file to disk,
    /// which makes a corpus of thousands of files take several times longer
    /// and buys nothing for benchmark input that can be generated again.
    static func write(_ text: String, to path: String) throws -> Int {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw OutputFolderError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var text = text
        return try text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                guard written > 0 else { throw OutputFolderError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
                offset += written
            }
            return buffer.count
        }
    }

    /// Creates `path` if missing; refuses a file, and a folder with anything
    /// in it unless `force` is set, so that a mistyped path never mixes a
    /// corpus into unrelated files.
    static func prepare(_ path: String, force: Bool) throws -> URL {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw OutputFolderError.isFile(path: path) }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            if !entries.isEmpty, !force { throw OutputFolderError.notEmpty(path: path, entries: entries.count) }
            return url
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw OutputFolderError.cannotCreate(path: path, reason: errorMessage(for: error))
        }
        return url
    }
}
