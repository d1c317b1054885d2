import Foundation

/// Runs an external tool (python3, the validators, the accessibility audit) for tests.
public enum ToolRunner {
    /// Runs `arguments` through /usr/bin/env and returns its exit status with
    /// stdout and stderr together. Output goes to a file, not a pipe, so a
    /// chatty tool cannot block on a full pipe.
    ///
    /// - Parameter environment: variables added to this process's own (a
    ///   secret such as a test password goes here, not into `arguments`).
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, String(decoding: try Data(contentsOf: output), as: UTF8.self))
    }
}
