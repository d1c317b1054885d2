import HyokaModel
import HyokaText

/// Recognises the Ministry of Foreign Affairs evaluation sheets (施策 level
/// overview followed by one sheet per 個別分野).
///
/// The sheets are recognised by structure: headings (施策名, 個別分野N,
/// 中期目標, 評価結果 …), bullets, and the width of the two columns —
/// never by line numbers.
struct MOFASheetRecognizer: LayoutRecognizer {
    var layout: ReportLayout { .mofaSheet }

    /// `LayoutScore.definingMarkers` for a 施策名 heading together with a
    /// 個別分野, 中期目標 or 施策目標 heading; else 0. Stops reading at the
    /// first line that completes the pair.
    ///
    /// Most documents scored here are not MOFA sheets (every narrative
    /// chapter and review sheet is asked), so a line is read as a heading only
    /// when its first scalar can open one of the four headings the score
    /// needs: 施策名, 個別分野 or 分野, 施策目標, 中期目標.
    func score(_ lines: [Line]) -> Double {
        var hasMeasure = false
        var hasStructure = false
        for line in lines {
            guard let first = line.text.unicodeScalars.first, Self.scoringInitials.contains(first),
                  let heading = MOFAPatterns.heading(line.text, isStandalone: line.isStandalone) else { continue }
            switch heading {
            case .measureName: hasMeasure = true
            case .field, .goals, .objectives: hasStructure = true
            default: break
            }
            if hasMeasure && hasStructure { return LayoutScore.definingMarkers }
        }
        return 0
    }

    /// The first scalars of the headings `score` looks for (施策名, 施策目標,
    /// 個別分野, 分野, 中期目標).
    private static let scoringInitials: Set<Unicode.Scalar> = ["施", "個", "分", "中"]

    func recognize(_ lines: [Line], into report: inout EvaluationReport, claims: inout LineClaims) {
        // The heading of each line that is one, by line number: read once, as
        // every stage of the parse asks for them.
        var headings: [Int: MOFAPatterns.Heading] = [:]
        for line in lines {
            if let heading = MOFAPatterns.heading(line.text, isStandalone: line.isStandalone) { headings[line.number] = heading }
        }
        var parse = MOFAParse(lines: lines, headings: headings)
        parse.run()
        claims.merge(parse.claims)
        report.kind = .evaluation
        report.layout = .mofaSheet
        report.ministry = "外務省"
        report.title = parse.policy.title.isEmpty ? nil : parse.policy.title
        report.published = parse.policy.evaluated ?? parse.policy.fields.compactMap(\.evaluated).first
        report.policies = [parse.policy]
        report.layoutArtifacts = parse.artifacts
        report.warnings = parse.warnings
    }
}

