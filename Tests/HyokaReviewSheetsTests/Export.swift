import Foundation
import HyokaModel
import HyokaReviewSheets
import Testing

/// The RS export the tests read: the full one in ../shared/rs2024 when the
/// workspace has it, and the subset bundled in corpus/rs2024 always.
enum RSExport {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fullFolder = root.deletingLastPathComponent().appendingPathComponent("shared/rs2024")
    static let bundledFolder = root.appendingPathComponent("corpus/rs2024")

    static let fullAvailable = FileManager.default.fileExists(atPath: fullFolder.appendingPathComponent("SOURCES.md").path)
    static let fullEnabled = ConditionTrait.enabled(if: fullAvailable, "the full RS export is not at ../shared/rs2024")

    static func csvFiles(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// The full export, read once for all tests.
    static func full() throws -> ReviewSheetExport { try fullRead.get() }
    private static let fullRead = Result { try ReviewSheetReader().read([fullFolder]) }

    static func bundled() throws -> ReviewSheetExport { try bundledRead.get() }
    private static let bundledRead = Result { try ReviewSheetReader().read([bundledFolder]) }

    /// Records in a file counted without the reader: its lines after the header
    /// (the site writes one record per line, and the tests check that no field holds a line break).
    static func lineRecordCount(_ url: URL) throws -> Int {
        let data = try Data(contentsOf: url)
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } - 1
    }

    /// The table a file holds by the site's number in its name, for checking the reader's own (header-based) recognition.
    static func tableByName(_ url: URL) -> ReviewTable? {
        ReviewTable(rawValue: String(url.lastPathComponent.prefix(3)))
    }
}
