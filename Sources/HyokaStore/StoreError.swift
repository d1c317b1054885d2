/// Why the store could not do what was asked, in words a user can act on.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The database file could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// A prefix matched several documents.
    case ambiguousReference(String, candidates: [String])
    /// A stored document could not be read back.
    case corruptDocument(id: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "Cannot open the database at \(path): \(reason). Choose another path with --db or HYOKA_DB."
        case .ambiguousReference(let reference, let candidates):
            "「\(reference)」 matches \(candidates.count) documents (\(candidates.prefix(5).joined(separator: ", "))); give more characters of the id, or the file name."
        case .corruptDocument(let id, let reason):
            "The stored document \(id) cannot be read (\(reason)); import its source file again."
        }
    }
}
