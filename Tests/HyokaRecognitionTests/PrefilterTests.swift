import Testing
import HyokaText
@testable import HyokaRecognition

/// The cheap tests that spare a line a Swift `Regex` must never turn away a
/// line the pattern matches: recognition would change. Each is checked
/// against its pattern on every line of the bundled corpus and on lines
/// made to sit at its edges.
@Suite("Prefilters agree with their patterns")
struct PrefilterTests {
    static let edgeLines = [
        "1．事業の目的", "12．事業概要", "123．概要", "1.5倍", "1 日本社会の国際化", "1日に", "2014年には", "1,927に上っている", "3%",
        "1）", "10", "1", "1-2．英国", "1－2．英国", "1\u{301}．事業", "5G", "1 を基に", "12 13", "(1) 脚注",
        "アジア", "ア 開発", "ア開発", "イスラエル", "ウビザ分野", "カ\u{3099}イド", "ア", "ソフト", "（ア）",
        "AI 多言語翻訳技術の研究開発 10", "…要素技術の研究開発 8量子通信", "成果実績 件 5,032 4,906 4,904", "目標値 % - - - 80",
        "研究 1", "研究開発 12", "abcd 12", "abc 12", "タイトル 123", "タイトル 1２", "タイトル 1 2", "タイトル 12年度",
        "第1章 総論", "（1）ビザ", "【事業名】", "総 論", "各論", "ア\t項目", "\t1\t項目", " 1\t項目", "サービス", "キ\t項目",
        "(4)", "（12）", "⁽3⁾", "(123)", "（1）見出し", "(4", "第", "",
    ]

    static func lines() throws -> [String] {
        var texts = edgeLines
        for name in Corpus.all {
            texts += try Corpus.source(name).lines.map(\.text)
        }
        return texts
    }

    @Test("MOFA headings: a standalone line whose first scalar opens no prefixed heading is none of them")
    func mofaHeadingInitials() throws {
        var turnedAway = 0
        let openings = ["施策名：外交", "個別分野1：日米関係", "分野2：国際協力", "施策目標：", "外部有識者の所見", "予算額・執行額", "中期目標", "評価結果", "評価結果（続）",
                        "次回評価時までの中期目標", "【参考】指標", "参考1：指標", "（注）評価書を作成するに当たっては"]
        for text in try Self.lines() + openings where text.isStandalone {
            guard let first = text.unicodeScalars.first, !MOFAPatterns.prefixInitials.contains(first) else { continue }
            turnedAway += 1
            #expect(MOFAPatterns.prefixedHeading(text) == nil, "\(text)")
        }
        #expect(turnedAway > 1000)
        // Each opening is a prefixed heading, reached through the shortcut.
        for text in openings {
            #expect(MOFAPatterns.prefixedHeading(text) != nil, "\(text)")
            #expect(MOFAPatterns.heading(text, isStandalone: text.isStandalone) == MOFAPatterns.prefixedHeading(text), "\(text)")
        }
    }

    @Test("Numbered headings: a line mayBeNumbered turns away matches neither pattern")
    func numberedHeadings() throws {
        var turnedAway = 0
        for text in try Self.lines() where text.first?.isASCII == true && text.first?.isNumber == true && !NarrativeHeading.mayBeNumbered(text) {
            turnedAway += 1
            #expect(text.wholeMatch(of: NarrativeHeading.dotted) == nil, "\(text)")
            #expect(text.wholeMatch(of: NarrativeHeading.numbered) == nil, "\(text)")
        }
        #expect(turnedAway > 0)
    }

    @Test("Kana markers glued to katakana read as words, which only gluedKana parses")
    func katakanaWords() throws {
        // Asked only of a line that opens with a kana marker (ア–ソ).
        for text in try Self.lines() where text.first.map(NarrativeHeading.kanaOrder.contains) == true && NarrativeHeading.opensKatakanaWord(text) {
            #expect(NarrativeHeading.parse(text) == nil, "\(text)")
            #expect(NarrativeHeading.parse(text, gluedKana: true)?.readsAsWord ?? true, "\(text)")
        }
        #expect(NarrativeHeading.parse("ウビザ分野", gluedKana: true)?.readsAsWord == true)
    }

    @Test("Titles beside a page number: a line whose last word is no page number does not match")
    func pageNumberTitles() throws {
        var turnedAway = 0
        for text in try Self.lines() where !MICReportRecognizer.endsInPageToken(text) {
            turnedAway += 1
            #expect(text.wholeMatch(of: MICReportRecognizer.numberedTitle) == nil, "\(text)")
        }
        #expect(turnedAway > 0)
        #expect(MICReportRecognizer.endsInPageToken("AI 多言語翻訳技術の研究開発 10"))
        #expect(!MICReportRecognizer.endsInPageToken("成果実績 件 5,032 4,906 4,904"))
    }

    @Test("Generic headings: a line that cannot open one is not tried, and lone markers are found as before")
    func genericAndLoneMarkers() throws {
        var turnedAway = 0
        for text in try Self.lines() {
            if !GenericRecognizer.mayOpenHeading(text) {
                turnedAway += 1
                #expect(text.wholeMatch(of: GenericRecognizer.headingPattern) == nil, "\(text)")
            }
            #expect(NarrativeParse.isLoneMarker(text) == (text.wholeMatch(of: NarrativeParse.loneMarker) != nil), "\(text)")
        }
        #expect(turnedAway > 0)
    }

    @Test("Sentences are cut after every 「。」 as cutting the characters would cut them")
    func sentenceCuts() throws {
        var texts = try Self.lines() + ["一文目。二文目。", "。", "。。", "終わらない文", "か\u{3099}。次。", "文。\u{301}後"]
        texts.append(texts.suffix(40).joined())
        var cut = 0
        for text in texts {
            let characters = Array(text)
            var expected: [(String, Int, Int)] = []
            var start = 0
            for index in characters.indices where characters[index] == "。" || index == characters.count - 1 {
                expected.append((String(characters[start...index]), start, index))
                start = index + 1
            }
            let cuts = GoalStatements.Sentence.cuts(text)
            #expect(cuts.map { String(text[$0.range]) } == expected.map(\.0), "\(text)")
            #expect(cuts.map(\.start) == expected.map(\.1) && cuts.map(\.end) == expected.map(\.2), "\(text)")
            cut += cuts.count
        }
        #expect(cut > 0)
    }

    @Test("A document's parsed headings are the parse of each line, with and without gluedKana")
    func documentHeadings() throws {
        var lines = Self.edgeLines.enumerated().map { Line(number: $0.offset + 1, text: $0.element, startsPage: false, gluedPage: nil) }
        for name in Corpus.all { lines += Line.lines(of: try Corpus.source(name)).map { Line(number: lines.count + $0.number, text: $0.text, startsPage: false, gluedPage: nil) } }
        let headings = NarrativeHeadings(lineCount: lines.count)
        var found = 0
        // Asked twice, in both orders: the second answer comes from the memo.
        for line in lines + lines.reversed() {
            #expect(headings.parse(line) == NarrativeHeading.parse(line.text), "\(line.text)")
            #expect(headings.parse(line, gluedKana: true) == NarrativeHeading.parse(line.text, gluedKana: true), "\(line.text)")
            if headings.parse(line) != nil { found += 1 }
        }
        #expect(found > 0)
    }

    @Test("Logic-model stage names: the first-scalar test turns away no line that opens with one")
    func stageNames() throws {
        let texts = try Self.lines() + LogicModels.stageNames + ["短期アウトカム 中期アウトカム", "長い", "ア\u{3099}クティビティ"]
        var opened = 0
        for text in texts {
            let line = Line(number: 1, text: text, startsPage: false, gluedPage: nil)
            let expected = LogicModels.stageNames.contains(where: text.hasPrefix)
            #expect(LogicModels.opensWithStageName(line) == expected, "\(text)")
            if expected { opened += 1 }
        }
        #expect(opened > 0)
    }

    @Test("Plan statements: a line mayBeHeaded turns away does not match the headed pattern")
    func headedPlanStatements() throws {
        var turnedAway = 0
        let extra = ["＊5G基盤展開率※1：2023年度末98%（2021年度末実績：43.7%）", "＊4Gエリア外人口：2021年度末0.6万人→2023年度末0人",
                     "対象、範囲：2023年度末98%", "注記：数値なし", "全国：95%。", "全国95%：未定"]
        for text in try Self.lines() + extra where (text.contains("：") || text.contains(":")) && !PlanStatements.mayBeHeaded(text) {
            turnedAway += 1
            #expect(text.wholeMatch(of: PlanStatements.headed) == nil, "\(text)")
        }
        #expect(turnedAway > 0)
        #expect(PlanStatements.mayBeHeaded("＊4Gエリア外人口：2021年度末0.6万人→2023年度末0人"))
        #expect(!PlanStatements.mayBeHeaded("対象、範囲：2023年度末98%"))
    }

    @Test("By scalar and by character: the same furniture masks, character counts and phrase counts")
    func scalarShortcuts() throws {
        let phrases = ["外務省は", "外務省作成", "。", "年度"]
        for text in try Self.lines() + ["外務省は外務省は、外務省作成", "外務省は\u{301}", "\u{F9A8}和"] {
            let literals = LiteralText(text)
            for phrase in phrases {
                #expect(literals.occurrences(of: phrase) == text.components(separatedBy: phrase).count - 1, "\(text)")
            }
            let line = Line(number: 1, text: text, startsPage: false, gluedPage: nil)
            #expect(line.characterCount == text.count, "\(text)")
            if text.isStandalone {
                #expect(RepeatedFurniture.maskByScalar(text) == RepeatedFurniture.maskByCharacter(text), "\(text)")
            }
        }
        #expect(LiteralText("外務省は、外務省は").occurrences(of: "外務省は") == 2)
        #expect(RepeatedFurniture.maskByScalar("014 DIPLOMATIC BLUEBOOK 2025") == "#DIPLOMATICBLUEBOOK#")
    }
}
