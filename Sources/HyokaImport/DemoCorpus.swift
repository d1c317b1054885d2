import Foundation

/// The sample corpus bundled with the repository (`corpus/*.txt`): copies of
/// published reports that `hyoka demo` imports.
public enum DemoCorpus {
    public static let directoryName = "corpus"

    /// The corpus directory.
    ///
    /// Looks for `corpus/` in the current directory, then in the repository
    /// that holds the executable (`.build/debug/hyoka` sits inside it), then
    /// in the repository this source file was compiled from. Above the current
    /// directory only a `corpus/` beside a `Package.swift` counts, so that an
    /// unrelated folder of that name is not picked up. A candidate must hold
    /// at least one `.txt` file.
    public static func locate(
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executable: URL? = Bundle.main.executableURL
    ) throws(ImportError) -> URL {
        let current = URL(fileURLWithPath: currentDirectory).appendingPathComponent(directoryName)
        if hasTextFiles(current) { return current }
        let starts = [executable?.resolvingSymlinksInPath().deletingLastPathComponent(), URL(fileURLWithPath: #filePath).deletingLastPathComponent()]
            .compactMap { $0 }
        for start in starts {
            if let found = corpusInAncestors(of: start) { return found }
        }
        throw .corpusNotFound(searched: [current.path] + starts.map { "the parents of \($0.path)" })
    }

    /// The `.txt` files of `directory`, sorted by name, as paths.
    public static func files(in directory: URL) -> [String] {
        files(in: directory, withExtension: "txt")
    }

    /// The `.pdf` files of `directory`, sorted by name, as paths. They need
    /// pdftotext, so the demo imports them only when it is installed.
    public static func pdfFiles(in directory: URL) -> [String] {
        files(in: directory, withExtension: "pdf")
    }

    /// The `.txt` files of the located corpus, sorted by name.
    public static func files() throws(ImportError) -> [String] {
        files(in: try locate())
    }

    /// The files of the located corpus the demo imports: the `.txt` files,
    /// and the `.pdf` files when `reader` can convert them (pdftotext is
    /// installed), all sorted by name; with the PDFs left out, if any.
    public static func demoFiles(reader: SourceFileReader = SourceFileReader()) throws(ImportError) -> (files: [String], skippedPDFs: [String]) {
        let directory = try locate()
        let pdfs = pdfFiles(in: directory)
        guard reader.canConvertPDFs else { return (files(in: directory), pdfs) }
        let all = (files(in: directory) + pdfs).sorted { URL(fileURLWithPath: $0).lastPathComponent < URL(fileURLWithPath: $1).lastPathComponent }
        return (all, [])
    }

    private static func files(in directory: URL, withExtension pathExtension: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.lowercased().hasSuffix("." + pathExtension) }.sorted()
            .map { directory.appendingPathComponent($0).path }
    }

    private static func corpusInAncestors(of start: URL) -> URL? {
        var directory = start.standardizedFileURL
        while true {
            let candidate = directory.appendingPathComponent(directoryName)
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path), hasTextFiles(candidate) {
                return candidate
            }
            let parent = directory.deletingLastPathComponent().standardizedFileURL
            if directory.path == "/" || parent.path == directory.path { return nil }
            directory = parent
        }
    }

    private static func hasTextFiles(_ directory: URL) -> Bool {
        !files(in: directory).isEmpty
    }
}
