import HyokaModel
import HyokaText

/// One layout Hyoka can read: a ministry's evaluation sheets, a report
/// format, a kind of white paper.
///
/// A layout is chosen by *structure*: every registered recogniser scores the
/// document, and the best score wins (`LayoutRegistry`). A new ministry's
/// layout is one new type conforming to this protocol, in a folder of its
/// own, registered in `LayoutRegistry.standard`, with tests on a real file
/// (docs/recognition.md, "Adding a layout").
protocol LayoutRecognizer: Sendable {
    /// The layout a report recognised by this type declares.
    var layout: ReportLayout { get }

    /// How well the document's structure fits this layout.
    ///
    /// `0` means "not this layout" and must be returned whenever a marker the
    /// layout cannot do without is missing, so that a document is never forced
    /// into a layout it does not have. Otherwise the score is on the scale of
    /// `LayoutScore`: the defining markers of a form (a report type's title,
    /// its header fields) give `LayoutScore.definingMarkers`, a match on
    /// general structure (a heading grammar, prose) gives less. Scoring reads
    /// every line of every imported document, so it should be a single cheap
    /// pass that tests literals before running any pattern.
    func score(_ lines: [Line]) -> Double

    /// Builds the report from `lines`, claiming (`LineClaims`) every line an
    /// element is made from. Called only when this layout won; lines it leaves
    /// unclaimed are kept as unparsed text by the caller.
    func recognize(_ lines: [Line], into report: inout EvaluationReport, claims: inout LineClaims)

    /// `score(_:)` for a layout that keeps what scoring learnt about the
    /// lines in `memo`, for its `recognize(_:memo:into:claims:)` to reuse
    /// (the narrative score parses every line as a heading, and so does its
    /// parse). The registry asks this form; by default it is `score(_:)`.
    func score(_ lines: [Line], memo: DocumentMemo) -> Double

    /// `recognize(_:into:claims:)` with the memo its score filled.
    func recognize(_ lines: [Line], memo: DocumentMemo, into report: inout EvaluationReport, claims: inout LineClaims)
}

extension LayoutRecognizer {
    func score(_ lines: [Line], memo: DocumentMemo) -> Double { score(lines) }

    func recognize(_ lines: [Line], memo: DocumentMemo, into report: inout EvaluationReport, claims: inout LineClaims) {
        recognize(lines, into: &report, claims: &claims)
    }
}

/// What layouts learn about one document's lines, kept for the time the
/// document is read: one value of each type, made on first ask. The
/// registry makes one per document and hands it to every score and to the
/// winner's recognise, so a fact scoring found is not found again.
final class DocumentMemo {
    private var values: [ObjectIdentifier: AnyObject] = [:]

    /// The memo's `T`, made by `make` the first time it is asked for.
    func value<T: AnyObject>(_ make: () -> T) -> T {
        if let known = values[ObjectIdentifier(T.self)] as? T { return known }
        let made = make()
        values[ObjectIdentifier(T.self)] = made
        return made
    }
}

/// The scale scores are given on, so that layouts written at different times
/// compare fairly.
enum LayoutScore {
    /// All markers that define a particular document form are present: MIC's
    /// 「主要な政策に係る評価書」 with 政策名 headers, MOFA's 施策名 with 個別分野.
    /// The top of the scale: no score is higher, and the first layout to
    /// reach it wins without the others being asked.
    static let definingMarkers = 1.0
    /// The document has the general structure the layout reads (a heading
    /// grammar, paragraphs, page furniture) but no marker that pins the form.
    static let generalStructure = 0.5
}
