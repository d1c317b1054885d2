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
            var bytes = 0
            var counts: [SyntheticLayout: Int] = [:]
            for index in 0..<documents {
                let document = generator.document(at: index)
                let data = Data(document.text.utf8)
                let path = folder.appendingPathComponent(document.fileName).path
                guard FileManager.default.createFile(atPath: path, contents: data) else {
                    throw OutputFolderError.cannotWrite(path: path)
                }
                bytes += data.count
                counts[document.layout, default: 0] += 1
            }
            let breakdown = SyntheticLayout.allCases.compactMap { layout in counts[layout].map { "\($0) \(layout.rawValue)" } }
            print("Generated \(documents) documents, \(bytes) bytes, in \(folder.path) (seed \(seed)): \(breakdown.joined(separator: ", ")).")
        }

        /// 「2015-2024」 → 2015...2024, within the years the eras are printed for.
        static func years(_ text: String) -> ClosedRange<Int>? {
            let parts = text.split(separator: "-").map { Int($0) }
            guard parts.count == 2, let first = parts[0], let last = parts[1], 1995 <= first, first <= last, last <= 2099 else { return nil }
            return first...last
        }
    }
}

/// Why the output folder cannot be used. Exit status 73 (EX_CANTCREAT), as
/// for any output that cannot be created.
enum OutputFolderError: Error, CustomStringConvertible {
    case isFile(path: String)
    case notEmpty(path: String, entries: Int)
    case cannotCreate(path: String, reason: String)
    case cannotWrite(path: String)

    var description: String {
        switch self {
        case .isFile(let path):
            "\(path) is a file, not a folder. Give a folder to write the corpus into (it is created if missing)."
        case .notEmpty(let path, let entries):
            "\(path) is not empty (\(entries) \(entries == 1 ? "entry" : "entries")). Give an empty or new folder, or add --force to write into it anyway."
        case .cannotCreate(let path, let reason):
            "cannot create the folder \(path): \(reason). Check that its parent exists and is writable."
        case .cannotWrite(let path):
            "cannot write \(path). Check that the folder is writable and the disk is not full."
        }
    }
}

/// The folder a corpus is written into.
enum OutputFolder {
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
