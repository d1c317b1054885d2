import HyokaModel
import HyokaText

/// Recognises the Ministry of Internal Affairs and Communications 主要な政策に係る評価書.
struct MICReportRecognizer {
    static func accepts(_ lines: [Line]) -> Bool { false }

    func recognize(_ lines: [Line], into report: inout EvaluationReport, claims: inout LineClaims) {}
}
