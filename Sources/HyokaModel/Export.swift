/// The top-level export document: `{"documents": [...]}`.
public struct ExportBundle: Codable, Hashable, Sendable {
    /// Version of the export contract; bumped only on incompatible change.
    public var schemaVersion: Int
    public var documents: [EvaluationReport]

    public static let currentSchemaVersion = 1

    public init(documents: [EvaluationReport]) {
        self.schemaVersion = Self.currentSchemaVersion
        self.documents = documents
    }
}
