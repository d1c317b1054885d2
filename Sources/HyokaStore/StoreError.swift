/// Why the store could not do what was asked, in words a user can act on.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The database (a file, or a server named by a URL) could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// A prefix matched several documents.
    case ambiguousReference(String, candidates: [String])
    /// A stored document could not be read back.
    case corruptDocument(id: String, reason: String)
    /// A database server refused or failed a request of an open store.
    case databaseError(reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "Cannot open the database at \(path): \(reason). Choose another database with --db or HYOKA_DB."
        case .ambiguousReference(let reference, let candidates):
            "「\(reference)」 matches \(candidates.count) documents (\(candidates.prefix(5).joined(separator: ", "))); give more characters of the id, or the file name."
        case .corruptDocument(let id, let reason):
            "The stored document \(id) cannot be read (\(reason)); import its source file again."
        case .databaseError(let reason):
            "The database failed while \(reason)."
        }
    }
}
