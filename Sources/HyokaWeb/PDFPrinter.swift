import Foundation

/// Prints an HTML page to PDF with headless Chromium (`--print-to-pdf`), the
/// way a published evaluation gets its PDF.
///
/// Chromium is optional: when it is not installed (or fails, or hangs) the
/// caller gets a `PDFPrinterError` that says so, never a crash. The page is
/// written to a private temporary directory with its stylesheet inlined, and
/// Chromium runs with a throwaway profile there, so that two prints at once do
/// not share a profile lock and nothing is fetched from the network.
public struct PDFPrinter: Sendable {
    /// Environment variable naming the Chromium binary (a path, or a name looked up on PATH).
    public static let overrideVariable = "HYOKA_CHROMIUM"
    /// The names Debian and others install Chromium under, tried in order.
    static let candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    public var environment: [String: String]
    /// How long one print may take before Chromium is stopped.
    public var timeout: Duration

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, timeout: Duration = .seconds(120)) {
        self.environment = environment
        self.timeout = timeout
    }

    /// The Chromium binary to run, or nil when none is installed.
    public func locate() -> String? {
        let override = environment[Self.overrideVariable].flatMap { $0.isEmpty ? nil : $0 }
        let names = override.map { [$0] } ?? Self.candidates
        let searchPath = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in names {
            if name.contains("/") {
                if Self.isExecutable(name) { return name }
                continue
            }
            for directory in searchPath {
                let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
                if Self.isExecutable(path) { return path }
            }
        }
        return nil
    }

    public var isAvailable: Bool { locate() != nil }

    private static func isExecutable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }

    /// The PDF of `html`.
    public func pdf(html: String) async throws(PDFPrinterError) -> Data {
        guard let chromium = locate() else {
            throw .chromiumMissing(override: environment[Self.overrideVariable])
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hyoka-print-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("page.html")
        let output = directory.appendingPathComponent("page.pdf")
        let log = directory.appendingPathComponent("chromium.log")
        let process = Process()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Data(html.utf8).write(to: page)
            guard FileManager.default.createFile(atPath: log.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
            let handle = try FileHandle(forWritingTo: log)
            defer { try? handle.close() }
            process.executableURL = URL(fileURLWithPath: chromium)
            process.arguments = [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-extensions", "--no-pdf-header-footer", "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
                "--print-to-pdf=\(output.path)", page.absoluteString,
            ]
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        } catch {
            throw .chromiumFailed(status: -1, detail: "\(chromium) could not be started: \(error.localizedDescription)")
        }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                process.terminate()
                process.waitUntilExit()
                throw .timedOut(seconds: Int(timeout.components.seconds))
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        let detail = (try? String(contentsOf: log, encoding: .utf8)).map { Self.lastLines($0) } ?? ""
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw .chromiumFailed(status: process.terminationStatus, detail: detail)
        }
        guard let pdf = try? Data(contentsOf: output), pdf.starts(with: Array("%PDF".utf8)) else {
            throw .chromiumFailed(status: 0, detail: "Chromium wrote no PDF. " + detail)
        }
        return pdf
    }

    /// The end of Chromium's log, where its reason for failing is.
    static func lastLines(_ text: String) -> String {
        text.split(separator: "\n").suffix(5).joined(separator: "\n")
    }
}

/// Why no PDF was made.
public enum PDFPrinterError: Error, CustomStringConvertible, Equatable {
    case chromiumMissing(override: String?)
    case chromiumFailed(status: Int32, detail: String)
    case timedOut(seconds: Int)

    public var description: String {
        switch self {
        case .chromiumMissing(let override?):
            "Chromium was not found at \(override) (\(PDFPrinter.overrideVariable)); PDF output needs Chromium (Debian: apt-get install chromium)."
        case .chromiumMissing(nil):
            "Chromium is not installed; PDF output needs it (Debian: apt-get install chromium, or set \(PDFPrinter.overrideVariable))."
        case .chromiumFailed(let status, let detail):
            "Chromium failed to print the PDF (status \(status))" + (detail.isEmpty ? "." : ": \(detail)")
        case .timedOut(let seconds):
            "Chromium did not finish printing the PDF within \(seconds) s and was stopped."
        }
    }
}
