import Foundation
import HyokaModel
import HyokaRecognition
import HyokaText
import Testing
@testable import HyokaEvidence

enum Corpus {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpus")

    static func facts(_ name: String) throws -> [Fact] {
        let source = SourceText(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
        let report = ReportRecognizer().recognize(source, id: name, sourceName: name, contentHash: "")
        return FactExtractor().facts(in: report, source: source)
    }
}

@Suite("Facts from the Bluebook chapter (003)")
struct BluebookFactTests {
    let facts: [Fact]

    init() throws {
        facts = try Corpus.facts("003_3c0173e389cd5384.txt")
    }

    private func fact(_ quantityText: String, line: Int) -> Fact? {
        facts.first { $0.quantityText == quantityText && $0.line == line }
    }

    @Test("Entrants in 2011: 約714万人, approximate, calendar year, on line 12")
    func entrants() throws {
        let entrants = try #require(fact("約714万人", line: 12))
        #expect(entrants.value == 7_140_000)
        #expect(entrants.unit == "人")
        #expect(entrants.approximate)
        #expect(entrants.period == .year(2011))
        #expect(entrants.subject == "日本に入国した外国人数")
        #expect(entrants.section == "総論")
        #expect(entrants.text.hasPrefix("2011年に日本に入国した外国人数は"))
    }

    @Test("The figures beside it keep their own years and the same subject")
    func comparisons() throws {
        let in2010 = try #require(fact("944万人", line: 13))
        #expect(in2010.period == .year(2010))
        #expect(in2010.approximate == false)
        let in2000 = try #require(fact("約527万人", line: 13))
        #expect(in2000.endLine == 14, "the number wraps onto the next line")
        #expect(in2000.period == .year(2000))
        #expect(in2000.subject == "日本に入国した外国人数")
    }

    @Test("A point in time: 2011年末で約208万人")
    func residents() throws {
        let residents = try #require(fact("約208万人", line: 18))
        #expect(residents.period == .asOf(CalendarDate(year: 2011, month: 12)))
        #expect(residents.subject == "日本に長期滞在する外国人（外国人登録者）の数")
    }

    @Test("Visa exemption: 61の国・地域 counts countries and regions")
    func visaExemption() throws {
        let exempt = try #require(fact("61の国・地域", line: 131))
        #expect(exempt.value == 61)
        #expect(exempt.unit == "か国・地域")
        #expect(exempt.text.contains("ビザを免除"))
    }

    @Test("Visas issued, each with its own subject and period")
    func visas() throws {
        let okinawa = try #require(fact("約2万7,000件", line: 161))
        #expect(okinawa.value == 27000)
        #expect(okinawa.subject == "沖縄数次ビザ")
        let tohoku = try #require(fact("約500件", line: 163))
        #expect(tohoku.subject == "東北三県数次ビザ")
        #expect(fact("約9,900件", line: 142)?.value == 9900)
        #expect(fact("約1万1,000件", line: 169)?.value == 11000)
    }

    @Test("JOCV since 1965: 37,532 volunteers to 88 countries by the end of 2012")
    func volunteers() throws {
        let volunteers = try #require(fact("3万7,532人", line: 416))
        #expect(volunteers.value == 37532)
        #expect(volunteers.period == .asOf(CalendarDate(year: 2012, month: 12)))
        #expect(volunteers.subject == "隊員")
        let countries = try #require(fact("88か国", line: 417))
        #expect(countries.unit == "か国")
        #expect(fact("5,011人", line: 428)?.subject == "SV", "the topic of an earlier sentence carries on")
        #expect(fact("2,018人", line: 607)?.subject == "青年海外協力隊員")
        #expect(fact("463人", line: 608)?.subject == "シニア海外ボランティア")
    }

    @Test("NGOs counted with の: 37 in the Japan Platform at the end of 2012")
    func ngos() throws {
        let platform = try #require(fact("37のNGO", line: 305))
        #expect(platform.value == 37)
        #expect(platform.unit == "団体")
        #expect(platform.period == .asOf(CalendarDate(year: 2012, month: 12)))
        #expect(platform.text.contains("ジャパン・プラットフォーム"))
        #expect(fact("48のNGO", line: 247)?.subject == "日本のNGO")
        #expect(fact("88人", line: 386)?.period == .asOf(CalendarDate(year: 2013, month: 1)))
    }

    @Test("Years, dates and ordinals are not facts")
    func notFacts() {
        #expect(!facts.contains { $0.value == 2011 && $0.unit == nil })
        #expect(!facts.contains { $0.quantityText.hasPrefix("56回") }, "第56回 is an ordinal")
        #expect(facts.allSatisfy { $0.unit != nil })
    }
}

@Suite("Facts from evaluation reports")
struct EvaluationFactTests {
    @Test("Indicator points become facts with the series as subject")
    func seriesFacts() throws {
        let facts = try Corpus.facts("002_3ec3fed686115a88.txt")
        let jpo = facts.filter { $0.subject.hasPrefix("JPO派遣者") }
        #expect(jpo.map(\.value) == [85.2, 78.6, 72.7, 82.7])
        #expect(jpo.first?.period == .fiscalYear(2020))
        #expect(jpo.allSatisfy { $0.line == 1489 })
    }

    @Test("Figures in achievements are facts too, with their lines")
    func textFacts() throws {
        let facts = try Corpus.facts("004_d473122111bbb5a2.part1.txt")
        let stated = facts.filter { $0.value == 1118 && $0.unit == "団体" }
        #expect(stated.contains { $0.line == 1450 })
        #expect(facts.contains { $0.value == 1116 && $0.line == 2194 }, "the other figure for the same quantity")
    }
}

@Suite("Facts from documents of unknown kind")
struct UnknownDocumentFactTests {
    @Test("A layout Hyoka does not know still yields passages and facts with lines")
    func unknown() {
        let text = "第1章 概況\n\n令和5年度の相談件数は約13万件であった。\n\n（1）内訳\n\nうち地方公共団体の事務は49,322件である。\n"
        let source = SourceText(text)
        let report = ReportRecognizer().recognize(source, id: "u", sourceName: "u.txt", contentHash: "")
        #expect(report.layout == .generic)
        // Two paragraphs, and the two headings as passages of their own (so
        // that search finds a section by its title); facts come from the
        // paragraphs only.
        #expect(report.passages.filter { $0.role == "paragraph" }.map(\.line) == [3, 7])
        #expect(report.passages.filter { $0.role == "heading" }.map(\.text) == ["第1章 概況", "（1）内訳"])
        let facts = FactExtractor().facts(in: report, source: source)
        #expect(facts.map(\.value) == [130_000, 49_322])
        #expect(facts.map(\.line) == [3, 7])
        #expect(facts.first?.period == .fiscalYear(2023))
        #expect(facts.first?.subject == "相談件数")
        #expect(facts.first?.approximate == true)
    }
}

@Suite("Leading period phrases")
struct LeadingPeriodPhraseTests {
    /// The regular expression `FactExtractor.cleaned` used before its scanner.
    nonisolated(unsafe) static let pattern = #/^(?:[^、]{0,12}?(?:年度|年|月末?|現在|時点)(?:に|の|には|まで|から|以降|以来|時点|現在)?[、,）]?\s*)+/#

    @Test("Typical phrases are removed up to the subject")
    func examples() {
        #expect(FactExtractor.leadingPeriodPhrasesEnd(CharacterScalars("2011年に日本に入国した")) == 6)
        #expect(FactExtractor.leadingPeriodPhrasesEnd(CharacterScalars("令和４年度は、相談件数")) == 5)
        #expect(FactExtractor.leadingPeriodPhrasesEnd(CharacterScalars("2010年9月から、隊員")) == 10)
        #expect(FactExtractor.leadingPeriodPhrasesEnd(CharacterScalars("相談件数")) == 0)
    }

    @Test("The scanner removes what the regular expression removed")
    func sameAsRegex() {
        let pieces = ["年度", "年", "月", "末", "現在", "時点", "に", "の", "は", "まで", "から", "以降", "以来", "、", ",", "）", " ", "2011",
                      "令和", "相談件数", "あいうえおかきくけこさしすせそ", "\u{F98E}", "か\u{3099}"]
        var state: UInt64 = 0x5851_F42D_4C95_7F2D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<5000 {
            let text = (0..<next(8)).map { _ in pieces[next(pieces.count)] }.joined()
            let characters = CharacterScalars(text)
            let scanned = characters.string(FactExtractor.leadingPeriodPhrasesEnd(characters)..<characters.count)
            #expect(scanned == text.replacing(Self.pattern, with: ""), "\(text)")
        }
    }
}

@Suite("Count grammar: what a number counts")
struct CountGrammarTests {
    /// The facts of one paragraph of a document of unknown layout.
    private func facts(_ paragraph: String) -> [Fact] {
        let source = SourceText("第1節 概況\n\n\(paragraph)\n")
        let report = ReportRecognizer().recognize(source, id: "g", sourceName: "g.txt", contentHash: "")
        return FactExtractor().facts(in: report, source: source)
    }

    private func read(_ paragraph: String) -> [String] {
        facts(paragraph).map { "\($0.quantityText)=\($0.value.formatted(.number.grouping(.never)))\($0.unit ?? "")" }
    }

    @Test("Dates, page references and ordinals are not quantities")
    func notQuantities() {
        #expect(read("大沼氏は、2025年11月26日に選出された。") == [])
        #expect(read("7月9日及び10日には、ツアーを実施した。4月29日（土）、30日（日）に開催した。") == [])
        #expect(read("ジャパン・プラットフォーム（318ページ コラム参照）には加盟している。") == [])
        #expect(read("派遣制度（353ページ「JPO経験者の声」、352ページ 資料編参照）を設けている。") == [])
        #expect(read("第1回会議が開催され、スタートして34年目、最前列左から3人目が筆者。2回目となる。") == [])
        #expect(read("第1-1-1図のとおり、GPT-3が公開された。") == [])
    }

    @Test("Ages that bound a range or a condition are not facts; a counter that starts a word is not a counter")
    func conditions() {
        #expect(read("20歳から69歳までの国民が参加する。20～39歳の青年と25歳未満の者、60歳代の人。") == [])
        #expect(read("1商用化、2標準、3人材育成と研究開発。") == [])
    }

    @Test("More counters, and a katakana word after the number")
    func counters() {
        #expect(read("245の在外公館において開催され、そのうち116公館で発信した。") == ["245の在外公館=245在外公館", "116公館=116公館"])
        #expect(read("6,000社以上の企業が参画し、全14ポストを経験した。") == ["6,000社以上=6000社", "14ポスト=14ポスト"])
        #expect(read("最大80ノードを使い、700億パラメータのモデルを開発した。") == ["80ノード=80ノード", "700億パラメータ=70000000000パラメータ"])
        #expect(read("ローカル10,000プロジェクトを進める。") == [], "a name, not a count")
    }

    @Test("Durations and anniversaries: 年間, 周年 and a 年 that cannot be a year")
    func durations() {
        #expect(read("若手の日本人を2年間派遣し、30年以上にわたる経験を積み、早3年半が経った。")
            == ["2年間=2年間", "30年以上=30年", "3年半=3.5年"])
        #expect(read("JPFは2025年に25周年を迎え、約80年の歴史がある。") == ["25周年=25周年", "約80年=80年"])
        #expect(read("令和5年に開始し、令和３年～５年で実施し、4年（2022年）に策定した。") == [])
        #expect(read("最大30日から最大90日に拡大し、約16時間で停止し、5日間で13万人が利用した。")
            == ["30日=30日", "90日=90日", "約16時間=16時間", "5日間=5日間", "13万人=130000人"])
    }

    @Test("Counted with の or もの: the noun is the unit, or its own counter")
    func countedNouns() throws {
        #expect(read("193の全加盟国・地域が参加する。") == ["193の全加盟国・地域=193か国・地域"])
        #expect(read("2025年12月時点で50の NGO が加盟している。") == ["50の NGO=50団体"])
        #expect(read("1,100ものAIスタートアップ企業が選んだ。") == ["1,100ものAIスタートアップ企業=1100AIスタートアップ企業"])
        let chained = try #require(facts("SNSで、33の日本の自治体が動画を作成した。").first)
        #expect(chained.unit == "団体", "33 counts 自治体, not 日本")
        #expect(read("現在加盟する50（2025年12月時点）のNGOの各専門性をいかす。").map { $0.hasSuffix("=50団体") } == [true])
        #expect(read("上記脚注1のサイトに掲載し、センター1の設立、Society 5.0の実現を目指す。") == [], "labels and decimals are not counts")
    }

    @Test("A bare number in brackets after a noun of number counts that noun")
    func bracketedCount() throws {
        let total = try #require(facts("%は職員総数(46,585)に占める割合を示す。").first)
        #expect(total.value == 46585)
        #expect(total.unit == nil)
        #expect(total.subject == "職員総数")
        #expect(read("科学技術振興機構（2023）「人工知能研究」、拡大抑止 (2) の信頼性。") == [], "a year or a footnote mark in brackets")
    }

    @Test("A heading is never a subject")
    func headingSubject() throws {
        let fact = try #require(facts("118件の支援を行った。").first)
        #expect(fact.subject != "第1節 概況")
        #expect(!fact.subject.hasPrefix("第1節"))
        #expect(FactExtractor.isHeading("第1節"))
        #expect(FactExtractor.isHeading("第２章"))
        #expect(!FactExtractor.isHeading("第三者"))
    }
}
