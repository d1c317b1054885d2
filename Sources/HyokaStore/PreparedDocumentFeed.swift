/// Documents handed to a store's save one by one, as they are prepared: one
/// batch of an import (`Importer`), in the order given.
///
/// Why: a save of a thousand documents gathered first held them all at once
/// beside the next batch being recognised, and the last batch's save ran
/// alone at the end of an import while the recognition cores waited. A store
/// that writes as documents arrive (`EvaluationStore.writesAsDocumentsArrive`)
/// takes each from the feed inside its transaction, so that recognition and
/// writing overlap document by document and only a few documents are held.
///
/// A feed may throw instead of giving a document (an import's bad file, or a
/// document that cannot be encoded): the save then stops and rolls back, as
/// if the batch had never begun, and throws that error.
public protocol PreparedDocumentFeed: Sendable {
    /// The next document, nil after the last. Blocks the calling thread until
    /// the document is ready: for a store's own writer thread (SQLite's
    /// serial queue), never for a task of the cooperative pool.
    func nextWaiting() throws -> PreparedDocument?

    /// The next document, nil after the last; suspends until it is ready.
    func next() async throws -> PreparedDocument?
}

extension EvaluationStore {
    /// By default a store gathers the feed's documents, then saves them with
    /// `save(prepared:)`: nothing is saved when the feed gives none.
    @discardableResult
    public func save(feed: any PreparedDocumentFeed) async throws -> [SaveOutcome] {
        var documents: [PreparedDocument] = []
        while let document = try await feed.next() { documents.append(document) }
        return documents.isEmpty ? [] : try await save(prepared: documents)
    }

    public var writesAsDocumentsArrive: Bool { false }
}
