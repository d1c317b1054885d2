import HyokaStore

/// What saving a batch does, decided before any row is written, so that the
/// whole batch can be deleted and inserted with a few statements.
///
/// The outcome of each document is what SQLite's store reports saving the
/// documents one after another: a document replaces any stored (or earlier
/// in the batch) document with its id or its source.
struct SavePlan: Equatable {
    /// One outcome per document of the batch, in order.
    var outcomes: [SaveOutcome]
    /// Indices of the batch's documents that remain stored at the end, in order;
    /// a document replaced by a later one in the same batch is not written at all.
    var survivors: [Int]
    /// Ids of stored documents that the batch replaces.
    var replacedIDs: [String]

    /// - Parameters:
    ///   - stored: the stored documents whose id or source is in the batch.
    ///   - batch: the batch's documents, in order.
    init(stored: [(id: String, source: String)], batch: [(id: String, source: String)]) {
        var sourceByID: [String: String] = [:]
        var idBySource: [String: String] = [:]
        var batchIndexByID: [String: Int] = [:]
        for document in stored {
            sourceByID[document.id] = document.source
            idBySource[document.source] = document.id
        }
        func remove(id: String) {
            guard let source = sourceByID.removeValue(forKey: id) else { return }
            idBySource[source] = nil
            batchIndexByID[id] = nil
        }
        outcomes = []
        for (index, document) in batch.enumerated() {
            let sameID = sourceByID[document.id] != nil
            let sameSource = idBySource[document.source].map { $0 != document.id } ?? false
            outcomes.append(sameID ? .unchanged : sameSource ? .replaced : .inserted)
            remove(id: document.id)
            if let other = idBySource[document.source] { remove(id: other) }
            sourceByID[document.id] = document.source
            idBySource[document.source] = document.id
            batchIndexByID[document.id] = index
        }
        survivors = batchIndexByID.values.sorted()
        replacedIDs = stored.map(\.id)
    }
}
