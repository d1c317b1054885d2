import Foundation

/// Runs poppler's `pdftotext -layout FILE -` and returns what it prints.
///
/// `-layout` keeps the columns of the evaluation sheets side by side on one
/// line, which is what the recognisers read.
struct PDFTextExtractor {
    /// Environment variable that names the pdftotext binary to use.
    static let overrideVariable = "HYOKA_PDFTOTEXT"

    var environment: [String: String]

    func extractText(fromPDFAt path: String) throws(ImportError) -> Data {
        let override = environment[Self.overrideVariable].flatMap { $0.isEmpty ? nil : $0 }
        guard let tool = locateTool(override: override) else {
            throw .pdftotextMissing(path: path, override: override)
        }
        return try run(tool: tool, path: path, override: override)
    }

    /// The binary to run: the override when set (a path, or a name looked up
    /// on PATH), else `pdftotext` on PATH.
    func locateTool(override: String?) -> String? {
        let name = override ?? "pdftotext"
        if name.contains("/") { return Self.isExecutableFile(name) ? name : nil }
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return searchPath.split(separator: ":").lazy
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(name).path }
            .first(where: Self.isExecutableFile)
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }

    private func run(tool: String, path: String, override: String?) throws(ImportError) -> Data {
        // stderr goes to a file, not a pipe: reading one pipe to its end while
        // the tool fills the other would deadlock.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("hyoka-pdftotext-\(UUID().uuidString).err")
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let output = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-layout", path, "-"]
        process.environment = environment
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        do {
            guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown)
            }
            let errorHandle = try FileHandle(forWritingTo: errorFile)
            defer { try? errorHandle.close() }
            process.standardError = errorHandle
            try process.run()
        } catch {
            // The file passed the executable check but could not be started
            // (not a real binary, say): as good as missing.
            throw .pdftotextMissing(path: path, override: override ?? tool)
        }
        let text = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let stderr = (try? Data(contentsOf: errorFile)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let status = process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
            throw .pdftotextFailed(path: path, status: status, stderr: stderr)
        }
        return text
    }
}
