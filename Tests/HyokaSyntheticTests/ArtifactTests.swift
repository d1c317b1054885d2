import HyokaModel
import HyokaRecognition
import HyokaSynthetic
import HyokaText
import Testing

/// The PDF damage is really printed, and the reader sets it apart: page
/// numbers, footers and running heads become layout artifacts and never end
/// up inside a value or a paragraph.
@Suite("PDF artefacts are printed and set apart")
struct ArtifactTests {
    static func documents(_ layout: SyntheticLayout, count: Int = 10) -> [(GeneratedDocument, EvaluationReport, SourceText)] {
        (0..<count).map { index in
            let document = CorpusGenerator(seed: 2024).document(at: index, layout: layout)
            let source = SourceText(document.text)
            return (document, ReportRecognizer().recognize(source, id: "", sourceName: document.fileName, contentHash: ""), source)
        }
    }

    /// Every text a MOFA report holds as content.
    static func contentTexts(_ policy: Policy) -> [String] {
        var texts = (policy.objectives + policy.nextObjectives).map(\.text) + policy.results.map(\.text) + policy.expertComments.map(\.text)
        for field in policy.fields {
            texts += field.goals.map(\.text) + (field.assessment?.parts.map(\.text) ?? [])
            texts += field.initiatives.flatMap { ($0.achievements + $0.directions).map(\.text) + [$0.title ?? ""] }
        }
        return texts
    }

    @Test("MOFA: glued and lone page numbers, side-by-side column headers, wrapped bullets, full-width digits")
    func mofaArtefactsPrinted() {
        var glued = 0, lone = 0, headers = 0, wrappedBullets = 0, fullWidth = 0, blankInside = 0
        for (_, report, source) in Self.documents(.mofa) {
            for artifact in report.layoutArtifacts where artifact.kind == .pageNumber {
                let raw = source[artifact.line].raw.trimmingCharacters(in: .whitespaces)
                if raw == artifact.text { lone += 1 } else if raw.hasPrefix(artifact.text) { glued += 1 }
            }
            headers += report.layoutArtifacts.filter { $0.kind == .columnHeader && $0.text.contains("主な取組") && $0.text.contains("今後の方向性") }.count
            for field in report.policies.flatMap(\.fields) {
                let bullets = field.initiatives.flatMap { $0.achievements + $0.directions }
                wrappedBullets += bullets.filter { $0.endLine > $0.line }.count
                blankInside += bullets.filter { block in (block.line...block.endLine).contains { source[$0].isBlank } }.count
            }
            fullWidth += source.lines.filter { $0.raw.unicodeScalars.contains { (0xFF10...0xFF19).contains($0.value) } }.count
        }
        #expect(glued > 10 && lone > 0 && headers > 10 && wrappedBullets > 50 && fullWidth > 50 && blankInside > 10,
                "glued \(glued), lone \(lone), headers \(headers), wrapped \(wrappedBullets), full-width lines \(fullWidth), blank inside \(blankInside)")
    }

    @Test("MOFA: unnumbered columns are printed at their real widths (今後の方向性 ≤ 52, 取組 wider)")
    func columnWidths() {
        var checked = 0
        for (document, _, source) in Self.documents(.mofa) {
            for field in document.expected.policies.flatMap(\.fields) {
                // Numbered columns (as in 000) are paired by their numbers, not their widths.
                for initiative in field.initiatives where initiative.number == nil {
                    checked += 1
                    let directionWidth = initiative.directions.flatMap { Array($0.line...$0.endLine) }.map { LineShape.displayWidth(source[$0].text) }.max() ?? 0
                    let achievementWidth = initiative.achievements.flatMap { Array($0.line...$0.endLine) }.map { LineShape.displayWidth(source[$0].text) }.max() ?? 0
                    #expect(directionWidth <= 52 && achievementWidth > 52, "\(document.fileName) 「\(initiative.title ?? "")」: \(directionWidth) / \(achievementWidth)")
                }
            }
        }
        #expect(checked > 20)
    }

    @Test("MOFA: single sheets number both columns, as 000 does, and the reader pairs them by number")
    func numberedSheets() {
        var sheets = 0
        for (document, report, source) in Self.documents(.mofa, count: 30) {
            guard let field = document.expected.policies.first?.fields.first, field.initiatives.first?.number != nil else { continue }
            sheets += 1
            for initiative in report.policies.flatMap(\.fields).flatMap(\.initiatives) {
                let number = initiative.number ?? 0
                let headings = source.lines.filter { $0.text.hasPrefix("\(number) 【") || $0.text.hasPrefix("\(number)  【") }
                #expect(headings.count == 2, "\(document.fileName): heading \(number) printed in both columns")
                #expect(!initiative.directions.isEmpty && !initiative.achievements.isEmpty)
            }
        }
        #expect(sheets > 0)
    }

    @Test("MOFA: furniture does not leak into values")
    func mofaNoLeak() {
        for (document, report, _) in Self.documents(.mofa) {
            guard let policy = report.policies.first else {
                Issue.record("\(document.fileName) has no measure")
                continue
            }
            let texts = Self.contentTexts(policy)
            #expect(!texts.contains { $0.contains("今後の方向性") || $0.contains("実 績 値") || $0.contains("主な取組（続）") }, "\(document.fileName)")
            let pageLines = Set(report.layoutArtifacts.map(\.line))
            let points = policy.fields.flatMap(\.series).flatMap(\.points)
            #expect(!points.contains { pageLines.contains($0.line) }, "no value is read from a furniture line")
            #expect(policy.fields.allSatisfy { $0.evaluated == CalendarDate(year: document.fiscalYear, month: 8) },
                    "a page number glued to the date does not change the date")
        }
    }

    @Test("Bluebook: footers with glued page numbers, running heads and the vertical chapter mark, inside paragraphs too")
    func narrativeFurniture() {
        var interrupted = 0
        for (document, report, source) in Self.documents(.narrative, count: 12) {
            let footers = report.layoutArtifacts.filter { $0.kind == .pageFooter }
            #expect(!footers.isEmpty && footers.allSatisfy { $0.text == "外交青書 \(document.fiscalYear)" }, "\(document.fileName)")
            for footer in footers {
                #expect(report.layoutArtifacts.contains { $0.kind == .pageNumber && $0.line == footer.line }, "page number glued to the footer")
                #expect(source[footer.line].raw.hasSuffix("外交青書 \(document.fiscalYear)") && source[footer.line].raw.first?.isNumber == true)
            }
            #expect(report.layoutArtifacts.contains { $0.kind == .runningHead } && report.layoutArtifacts.contains { $0.kind == .verticalText })
            let paragraphs = report.sections.flatMap(Self.blocks)
            let furnitureLines = report.layoutArtifacts.map(\.line)
            interrupted += paragraphs.filter { block in furnitureLines.contains { block.line < $0 && $0 < block.endLine } }.count
            let heads = report.layoutArtifacts.filter { $0.kind == .runningHead }.map(\.text)
            for block in paragraphs {
                #expect(!block.text.contains("外交青書") && !heads.contains { block.text.contains($0) }, "\(document.fileName) L\(block.line)")
            }
        }
        #expect(interrupted > 0, "some paragraphs run across a page's furniture and are still read whole")
    }

    @Test("Bluebook: the body is hard-wrapped at the column width of 003")
    func narrativeWraps() {
        for (document, report, source) in Self.documents(.narrative, count: 5) {
            for block in report.sections.flatMap(Self.blocks) where block.endLine > block.line {
                let widths = (block.line...block.endLine).map { LineShape.displayWidth(source[$0].text) }.filter { $0 > 0 }
                #expect(widths.allSatisfy { $0 <= 52 }, "\(document.fileName) L\(block.line): \(widths)")
            }
        }
    }

    @Test("MIC: glued table cells, a legend set vertically and wrapped URLs are read as values")
    func micArtefacts() {
        var glued = 0, vertical = 0, wrappedLinks = 0
        for (document, report, source) in Self.documents(.mic, count: 20) {
            for series in report.policies.flatMap(\.series) where series.role == .reference {
                let line = source[series.line].text
                if line.split(separator: " ").count < series.points.count + 1 { glued += 1 }
            }
            vertical += source.lines.filter { $0.text == "費" }.count
            wrappedLinks += report.policies.flatMap(\.references).filter { $0.endLine > $0.line && $0.url?.hasSuffix(".html") == true }.count
            #expect(report.unparsed.isEmpty, "\(document.fileName)")
        }
        #expect(glued > 0 && vertical > 0 && wrappedLinks > 0, "glued rows \(glued), legends \(vertical), wrapped links \(wrappedLinks)")
    }

    static func blocks(_ section: Section) -> [TextBlock] { section.blocks + section.children.flatMap(blocks) }
}
