import HyokaModel
import HyokaText

/// Prints a MIC 主要な政策に係る評価書 as `pdftotext -layout` prints corpus
/// 004: a cover listing the policies, then per policy a header table
/// (政策名 / 担当部局・課室名 wrapped over a blank line / 作成責任者名 /
/// 政策評価実施時期) and slides, each slide a page that opens with a
/// leading space or follows a page number printed alone. Captions such as
/// 「① …（今後の方針）政策２：…」 come out at the slide's end or start.
struct MICRenderer {
    var out = PageWriter(capacity: 65_536)
    var random: SyntheticRandom
    let fiscalYear: Int

    init(random: SyntheticRandom, fiscalYear: Int) {
        self.random = random
        self.fiscalYear = fiscalYear
    }

    private var reportTitle: String { "\(PrintedText.eraYear(fiscalYear))年度主要な政策に係る評価書" }

    mutating func render(_ plans: [MICPolicyPlan]) -> (text: String, report: EvaluationReport) {
        cover(plans)
        var policies: [Policy] = []
        for (index, plan) in plans.enumerated() {
            if let previous = policies.indices.last { policies[previous].endLine = out.lineCount }
            policies.append(renderPolicy(plan, first: index == 0))
        }
        if let last = policies.indices.last { policies[last].endLine = out.lineCount }
        var report = EvaluationReport(
            id: "", source: "", contentHash: "", kind: .evaluation, layout: .micMajorPolicy, ministry: "総務省",
            title: TextNormalizer.normalize(reportTitle), published: policies.compactMap(\.evaluated).min(),
            policies: policies, lineCount: out.lineCount
        )
        report.layoutArtifacts = []
        return (out.text, report)
    }

    /// The cover: the report's title, the policies it covers, and the note on
    /// the experts' meeting, with the blank lines pdftotext leaves between.
    private mutating func cover(_ plans: [MICPolicyPlan]) {
        out.blank()
        out.line(reportTitle + " ")
        out.line("     ")
        out.blank()
        for plan in plans {
            let number = Int(plan.policy.number ?? "") ?? 0
            out.line("政策\(PrintedText.sheetNumber(number))\(random.chance(0.5) ? "  " : " ")\(plan.policy.title) ")
            out.blank()
        }
        out.blank(2)
        let era = PrintedText.eraYear(fiscalYear)
        let note = "※なお、本評価書の作成にあたっては、\(era)年６月から８月にかけて開催された「\(era)年度総務省の政策評価に関する有識者会議」等において、同会議の構成員等から評価書の内容等について御意見を伺った。"
        paragraphWithBlanks(PrintedText.wrap(note, width: 88))
        out.blank(3)
    }

    private mutating func paragraphWithBlanks(_ lines: [String]) {
        for (index, line) in lines.enumerated() {
            if index > 0 { out.blank() }
            out.line(line)
        }
    }

    private mutating func renderPolicy(_ plan: MICPolicyPlan, first: Bool) -> Policy {
        var policy = plan.policy
        if !first { out.newPage() }
        policy.line = out.line(PrintedText.eraYear(fiscalYear) + "年度")
        out.line("主要な政策に係る評価書")
        out.blank()
        let number = Int(policy.number ?? "") ?? 0
        out.line("政策名 政策\(PrintedText.sheetNumber(number))：\(policy.title)")
        let bureau = PrintedText.wrap(policy.bureau ?? "", width: 72, firstWidth: 72 - 18)
        out.line("担当部局・課室名 " + (bureau.first ?? ""))
        for line in bureau.dropFirst() {
            out.blank()
            out.line(line)
        }
        out.line("作成責任者名 " + (policy.author ?? ""))
        let month = PrintedText.sheetNumber(9)
        out.line("政策評価実施時期 \(PrintedText.eraYear(fiscalYear))年\(month)月")
        out.blank(3)
        for slide in plan.slides {
            renderSlide(slide, into: &policy)
        }
        // A policy's bureau is read with a space where the report breaks it into offices.
        policy.bureau = LineShape.join(bureau)
        return policy
    }
}
