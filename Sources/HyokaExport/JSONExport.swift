import Foundation
import HyokaModel

/// The JSON open-data export: `{"schemaVersion": 1, "documents": [...]}`,
/// as described by docs/export-schema.json.
public enum JSONExport {
    /// Pretty-printed, keys sorted, Japanese and slashes unescaped.
    public static func encode(_ bundle: ExportBundle) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(bundle)
    }

    /// One document, as `hyoka show --json` prints it.
    public static func encode(_ report: EvaluationReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(report)
    }
}
