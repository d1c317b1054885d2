import HyokaModel
import HyokaText

/// Recognises narrative documents — chapters of the Diplomatic Bluebook
/// (外交青書) and ministry white papers (白書) — as a section tree (第N章,
/// 第N節, 総論 / 各論, 1, （1）, ア, ①, コラム, 特集) with paragraphs rebuilt
/// from hard-wrapped lines, and with footnotes, captions, figures, tables,
/// page footers and running heads set apart from the text.
///
/// Such a document is known by its shape, not by one footer: headings in the
/// grammar of `NarrativeHeading`, each followed by prose — sentences that
/// end in 「。」. Which publication it is comes from the words it prints
/// about itself (外交青書 / DIPLOMATIC BLUEBOOK, 白書) or, failing those, from
/// the ministry that speaks in it.
struct NarrativeRecognizer: LayoutRecognizer {
    /// 「225外交青書 2013」「外交青書 2025 015」「DIPLOMATIC BLUEBOOK 2025」: the
    /// publication's name and edition, as its footers print them.
    nonisolated(unsafe) static let editionName = #/(?<edition>外交青書|DIPLOMATIC\s*BLUEBOOK|[^\s\d]{1,12}白書)\s*(?<year>\d{4})/#

    /// False for a line that cannot hold `editionName`: it is tried on every
    /// line of every document, and a Swift Regex that may start anywhere is
    /// slow, so the literal it needs is looked for first.
    static func mayNameEdition(_ text: String) -> Bool {
        mayNameEdition(LiteralText(text))
    }

    static func mayNameEdition(_ literals: LiteralText) -> Bool {
        literals.contains("白書") || literals.contains("外交青書") || literals.contains("BLUEBOOK")
    }

    static func namesEdition(_ text: String) -> Bool {
        mayNameEdition(text) && text.firstMatch(of: editionName) != nil
    }
    nonisolated(unsafe) static let footer = #/(?<edition>外交青書|[^\s\d]{1,12}白書)\s*(?<year>\d{4})/#

    /// The widest line of a hard-wrapped body column, with a margin. Wider
    /// lines are captions, boxes or tables (measured on 003: body ≤ 48, captions 58–80).
    static let bodyColumnWidth = 50

    var layout: ReportLayout { .narrative }

    func score(_ lines: [Line]) -> Double { Self.score(lines) }

    /// The score, its headings parsed into the memo's `NarrativeHeadings`
    /// for the parse to read.
    func score(_ lines: [Line], memo: DocumentMemo) -> Double {
        Self.score(lines, headings: memo.value { NarrativeHeadings(lineCount: lines.last?.number ?? 0) })
    }

    static func accepts(_ lines: [Line]) -> Bool {
        score(lines) > 0
    }

    /// How well `lines` fit a narrative document, on the `LayoutScore` scale.
    /// 0 unless at least three headings in the narrative grammar open prose and
    /// the text is mostly sentences. The structure — headings that open prose
    /// and how much of the text is sentences (「。」 per character) — gives up
    /// to `LayoutScore.generalStructure`; the name of a narrative publication
    /// printed in the text (外交青書, DIPLOMATIC BLUEBOOK, 白書) adds 0.4, short
    /// of the defining markers of an evaluation form: a MOFA sheet that cites
    /// the Bluebook stays a MOFA sheet.
    static func score(_ lines: [Line], headings: NarrativeHeadings? = nil) -> Double {
        var sentences = 0, total = 0, formLabels = 0
        for line in lines where !line.isBlank {
            let counts = proseCounts(line.text)
            total += counts.characters
            sentences += counts.sentences
            if line.text.hasLiteralPrefix("【"), line.text.hasLiteralSuffix("】"), line.text.hasCharacterCount(atMost: 30) { formLabels += 1 }
        }
        guard total > 0 else { return 0 }
        // Prose ends a sentence every 40–100 characters; tables and lists rarely.
        // Counted per character, so a column wrapped every 24 characters and a
        // paragraph set on one line measure the same.
        let proseShare = min(1, Double(sentences) * 80 / Double(total))
        // Too little prose is no chapter whatever its headings: decided before
        // the headings are parsed, the dearer half of the score, so that the
        // forms no other layout claims (review sheets) are let go cheaply.
        guard proseShare >= 0.3 else { return 0 }
        let (headings, ranks) = openingHeadings(in: lines, headings: headings ?? NarrativeHeadings(lineCount: lines.last?.number ?? 0))
        // A form with numbered parts (「1．事業の目的」「2．事業概要」) has prose
        // under one rank of heading; a chapter nests at least two.
        // At least three headings: two headings over a paragraph each is a
        // note, not yet a chapter.
        guard headings >= 3, ranks >= 2 else { return 0 }
        // Evaluation sheets label their boxes 【取組】【評価結果】: a form, not a chapter.
        guard formLabels < max(3, headings / 3) else { return 0 }
        let named = lines.contains { line in
            namesEdition(line.text) || line.text.hasSuffix("白書") && line.text.hasCharacterCount(atMost: 30)
        }
        let structure = 0.55 * min(1, Double(headings) / 6) + 0.45 * min(1, proseShare / 0.7)
        return LayoutScore.generalStructure * structure + (named ? 0.4 : 0)
    }

    /// The characters of `text` that are not white space, and its 「。」.
    ///
    /// Read scalar by scalar where every scalar is a character of its own
    /// (`Unicode.Scalar.isStandalone`): the same counts as walking the
    /// `Character`s, without finding grapheme boundaries on every line of
    /// every document scored.
    static func proseCounts(_ text: String) -> (characters: Int, sentences: Int) {
        var characters = 0, sentences = 0
        for scalar in text.unicodeScalars {
            guard scalar.isStandalone else {
                return (text.reduce(0) { $1.isWhitespace ? $0 : $0 + 1 }, text.reduce(0) { $1 == "。" ? $0 + 1 : $0 })
            }
            if !scalar.isWhitespace { characters += 1 }
            if scalar == "。" { sentences += 1 }
        }
        return (characters, sentences)
    }

    /// Lines that parse as a heading (not a bare bullet) and are followed, within
    /// a few lines, by a sentence: a heading opens text.
    private static func openingHeadings(in lines: [Line], headings: NarrativeHeadings) -> (count: Int, ranks: Int) {
        var count = 0
        var ranks = Set<NarrativeHeading.Rank>()
        for (index, line) in lines.enumerated() where !line.isBlank {
            guard let heading = headings.parse(line), heading.rank != .bullet, !heading.isAmbiguous,
                  !NarrativeHeading.isContentsEntry(line.text, heading: heading) else { continue }
            // A sentence ends within the next lines (a wrapped column takes ten for a few sentences).
            let following = lines[(index + 1)...].lazy.filter { !$0.isBlank }.prefix(10)
            if following.contains(where: { $0.containsLiteral("。") }) {
                count += 1
                ranks.insert(heading.rank)
            }
        }
        return (count, ranks.count)
    }

    func recognize(_ lines: [Line], into report: inout EvaluationReport, claims: inout LineClaims) {
        recognize(lines, memo: DocumentMemo(), into: &report, claims: &claims)
    }

    /// Reads the document with the headings its score parsed.
    func recognize(_ lines: [Line], memo: DocumentMemo, into report: inout EvaluationReport, claims: inout LineClaims) {
        var parse = NarrativeParse(lines: lines, headings: memo.value { NarrativeHeadings(lineCount: lines.last?.number ?? 0) })
        parse.run()
        claims.merge(parse.claims)
        let publication = NarrativePublication(lines: lines)
        report.kind = publication.isBluebook ? .bluebook : .whitePaper
        report.layout = .narrative
        report.ministry = publication.ministry
        report.published = (parse.editionYear ?? publication.edition).map { CalendarDate(year: $0) }
        report.title = parse.title
        report.sections = parse.sections
        report.figures = parse.figures
        report.footnotes = parse.footnotes
        report.layoutArtifacts = parse.artifacts
    }
}

/// Which publication a narrative document belongs to, from what it says.
struct NarrativePublication {
    /// The central ministries, as a document names its author.
    static let ministries = [
        "内閣府", "総務省", "法務省", "外務省", "財務省", "文部科学省", "厚生労働省", "農林水産省",
        "経済産業省", "国土交通省", "環境省", "防衛省", "デジタル庁", "復興庁",
    ]

    let isBluebook: Bool
    let ministry: String?
    let edition: Int?

    init(lines: [Line]) {
        var bluebook = false
        var whitePaper = false
        var edition: Int?
        for line in lines where !line.isBlank {
            let literals = LiteralText(line.text, isStandalone: line.isStandalone)
            if NarrativeRecognizer.mayNameEdition(literals), let match = line.text.firstMatch(of: NarrativeRecognizer.editionName) {
                let name = match.output.edition
                if name.hasSuffix("白書") { whitePaper = true } else { bluebook = true }
                edition = edition ?? Int(match.output.year)
            } else if literals.contains("白書"), literals.contains("版") || line.text.hasCharacterCount(atMost: 30) {
                whitePaper = true
            }
        }
        let speaker = Self.speakingMinistry(lines)
        // The Diplomatic Bluebook is the Ministry of Foreign Affairs' annual
        // report: a narrative in its voice with no other title is one.
        isBluebook = bluebook || !whitePaper && speaker == "外務省"
        ministry = isBluebook ? "外務省" : speaker
        self.edition = edition
    }

    /// The ministry that speaks in the text: the one most often named as the
    /// subject of a sentence (「外務省は」) or as the author of a figure
    /// (「…を基に文部科学省作成」), if named at least twice.
    static func speakingMinistry(_ lines: [Line]) -> String? {
        var counts: [String: Int] = [:]
        // Every name ends in 省, 庁 or 府: a line with none of them names none.
        for line in lines where !line.isBlank {
            let literals = LiteralText(line.text, isStandalone: line.isStandalone)
            guard literals.contains("省") || literals.contains("庁") || literals.contains("府") else { continue }
            for ministry in ministries where literals.contains(ministry) {
                // Each phrase counted by `occurrences(of:)`: by UTF-8 byte on a line of standalone scalars.
                let named = literals.occurrences(of: ministry + "は") + 2 * literals.occurrences(of: ministry + "作成")
                if named > 0 { counts[ministry, default: 0] += named }
            }
        }
        guard let best = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), best.value >= 2 else { return nil }
        return best.key
    }
}
