import HyokaModel
import HyokaText

/// The layouts Hyoka knows, and the choice between them.
///
/// Every recogniser scores the document; the highest positive score wins,
/// and a tie goes to the recogniser registered first (the more specific
/// forms are registered before the general ones). When no layout scores
/// above zero, the `GenericRecognizer` fallback reads the document as a
/// section tree, so any UTF-8 text imports.
struct LayoutRegistry: Sendable {
    /// In order of precedence for equal scores.
    let recognizers: [any LayoutRecognizer]

    init(_ recognizers: [any LayoutRecognizer]) {
        self.recognizers = recognizers
    }

    /// The layouts shipped with Hyoka. Add a new layout here.
    static let standard = LayoutRegistry([
        MICReportRecognizer(),
        MOFASheetRecognizer(),
        NarrativeRecognizer(),
    ])

    /// Each recogniser's score for `lines`, in registration order.
    func scores(_ lines: [Line]) -> [(recognizer: any LayoutRecognizer, score: Double)] {
        let memo = DocumentMemo()
        return recognizers.map { ($0, $0.score(lines, memo: memo)) }
    }

    /// The recogniser with the highest positive score, or nil when none fits.
    ///
    /// `LayoutScore.definingMarkers` is the top of the scale, so a recogniser
    /// that reaches it wins at once and the later ones are not asked: scoring
    /// reads the whole document, and most documents are of a defined form.
    func best(for lines: [Line], memo: DocumentMemo = DocumentMemo()) -> (any LayoutRecognizer)? {
        var best: (recognizer: any LayoutRecognizer, score: Double)?
        for recognizer in recognizers {
            let score = recognizer.score(lines, memo: memo)
            if score >= LayoutScore.definingMarkers { return recognizer }
            if score > (best?.score ?? 0) { best = (recognizer, score) }
        }
        return best?.recognizer
    }
}
