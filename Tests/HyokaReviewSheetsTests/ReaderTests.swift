import Foundation
import HyokaModel
import Testing
@testable import HyokaReviewSheets

@Suite("RS export: the full 2024 export", RSExport.fullEnabled)
struct FullExportTests {
    /// The counts the issue states, per table, checked against the files themselves below.
    static let statedCounts: [ReviewTable: Int] = [
        .organisation: 8_537, .overview: 5_948, .policies: 14_991, .subsidyRates: 5_909, .relatedProjects: 6_311,
        .budgetSummary: 37_981, .budgetItems: 55_609, .outcomeLinks: 28_362, .assessment: 5_692, .spendingFlows: 22_662,
        .costItems: 33_986, .contracts: 9_290, .remarks: 5_664,
    ]

    @Test("every table is recognised by its header, and every record of every file is stored")
    func everyRecordStored() throws {
        let export = try RSExport.full()
        let stored = export.storedRecordCounts
        let files = try RSExport.csvFiles(in: RSExport.fullFolder)
        #expect(files.count == 13)
        for url in files {
            let table = try #require(RSExport.tableByName(url))
            let read = try #require(export.files.first { $0.file == url.lastPathComponent })
            #expect(read.table == table, "\(url.lastPathComponent) recognised as \(read.table)")
            let lines = try RSExport.lineRecordCount(url)
            #expect(read.recordCount == lines, "\(url.lastPathComponent)")
            #expect(stored[table] == lines, "\(table.rawValue): stored \(stored[table] ?? 0) of \(lines)")
            #expect(Self.statedCounts[table] == lines, "\(table.rawValue): the issue's count")
            #expect(read.unknownColumns.isEmpty, "\(url.lastPathComponent): \(read.unknownColumns)")
        }
        #expect(export.projects.count == 5_664)
        #expect(export.fiscalYears == [2024])
        // 5-2 names the parent ministry (総務省) where 1-1 names the agency (消防庁): those cells are kept raw, with one warning.
        #expect(export.warnings.count == 1)
        #expect(export.warnings.first?.hasPrefix("5-2_RS_2024_支出先_支出ブロックのつながり.csv: 1877 records") == true, "\(export.warnings)")
        let fireAgency = try #require(export.projects.first { $0.projectID == 828 })
        #expect(fireAgency.organisation.units.first == "消防庁")
        #expect(fireAgency.spendingFlows.contains { $0.source.raw?["府省庁"] == "総務省" })
    }

    @Test("project 1031, FY2023: 当初 59,000,000 + 補正 2,348,000,000 = 2,407,000,000, all executed")
    func project1031() throws {
        let project = try #require(try RSExport.full().projects.first { $0.projectID == 1031 })
        #expect(project.name == "平和的利用イニシアティブ拠出金")
        #expect(project.ministry == "外務省")
        let year = try #require(project.budgetYear(2023))
        #expect(year.initial == 59_000_000)
        #expect(year.supplementary == 2_348_000_000)
        #expect(year.available == 2_407_000_000)
        #expect(year.execution == 2_407_000_000)
        #expect(year.executionRate == 1)
        #expect(year.total?.source.file == "2-1_RS_2024_予算・執行_サマリ.csv")
        // The per-account row is kept beside the total, with the same figures, not added to it.
        #expect(year.accounts.count == 1)
        #expect(year.accounts.first?.accountKind == "一般会計")
        #expect(year.accounts.first?.available == 2_407_000_000)
    }

    @Test("project 1070, FY2023: 33,000,000 with 32,484,000 executed (98.4%); FY2022 28,000,000 of 54,200,000")
    func project1070() throws {
        let project = try #require(try RSExport.full().projects.first { $0.projectID == 1070 })
        #expect(project.name == "ITを利用した広報基盤整備")
        let fy2023 = try #require(project.budgetYear(2023))
        #expect(fy2023.available == 33_000_000)
        #expect(fy2023.execution == 32_484_000)
        let rate = try #require(fy2023.executionRate)
        #expect((rate * 1000).rounded() == 984)
        #expect(fy2023.total?.source.line == 6102)
        let fy2022 = try #require(project.budgetYear(2022))
        #expect(fy2022.available == 54_200_000)
        #expect(fy2022.execution == 28_000_000)
        #expect(fy2022.total?.supplementary == 19_000_000)
        #expect(project.policyLinks.first?.measure == "１－３ 内外広報・文化交流・報道対策（IT 広報の実施）")
        #expect(project.assessment?.verdict != nil)
    }

    @Test("totals never count the per-account rows twice")
    func totalsApart() throws {
        let export = try RSExport.full()
        var yearsWithTotal = 0, agreeing = 0
        var totalOfTotals: Int64 = 0, totalOfAllRows: Int64 = 0
        for project in export.projects {
            for year in project.budgetYears where year.year == 2023 {
                guard let total = year.total else { continue }
                yearsWithTotal += 1
                let accounts = year.accounts.compactMap(\.available).reduce(0, +)
                if accounts == total.available { agreeing += 1 }
                totalOfTotals += year.available ?? 0
                totalOfAllRows += (total.available ?? 0) + accounts
            }
        }
        #expect(yearsWithTotal > 5_000)
        // The accounts break the total down: they agree with it, so summing both would double it.
        #expect(Double(agreeing) / Double(yearsWithTotal) > 0.99)
        #expect(totalOfAllRows > totalOfTotals * 19 / 10)
        // Every year is either a total or accounts of one, never both in one record.
        var records = 0
        for year in export.projects.flatMap(\.budgetYears) {
            records += (year.total == nil ? 0 : 1) + year.accounts.count + year.extraTotals.count
        }
        #expect(records == 37_981)
        #expect(export.projects.flatMap(\.budgetYears).allSatisfy { $0.extraTotals.isEmpty })
    }

    @Test("placeholder cells become nil with their text kept raw")
    func placeholders() throws {
        let export = try RSExport.full()
        let measures = export.projects.flatMap(\.policyLinks).filter { $0.source.raw?["施策"] != nil }
        #expect(measures.count == 505)
        #expect(measures.allSatisfy { $0.measure == nil && $0.source.raw?["施策"] == "ー" })
        // No stored text is a placeholder.
        let verdicts = export.projects.flatMap(\.assessments).compactMap(\.verdict)
        #expect(Set(verdicts).isDisjoint(with: RecordCells.placeholders))
    }
}

@Suite("RS export: bad input")
struct BadInputTests {
    static let header = "\u{FEFF}シート種別,事業年度,予算事業ID,事業名,府省庁の建制順,政策所管府省庁,府省庁,局・庁,部,課,室,班,係,備考\n"
    static let record = "レビューシート,2024,7,事業,1,外務省,外務省,大臣官房,,,,,,備考の本文\n"

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rs-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("a well-formed one-table file reads")
    func good() throws {
        let export = try ReviewSheetReader().read(sources: [("6-1.csv", Data((Self.header + Self.record).utf8))])
        #expect(export.projects.count == 1)
        #expect(export.projects.first?.remarks.first?.text == "備考の本文")
        #expect(export.projects.first?.remarks.first?.source == RecordSource(file: "6-1.csv", line: 2, endLine: 2))
    }

    @Test("the byte order mark is no part of the first column's name")
    func byteOrderMark() throws {
        let export = try ReviewSheetReader().read(sources: [("6-1.csv", Data((Self.header + Self.record).utf8))])
        let columns = try #require(export.files.first?.columns)
        #expect(columns.first == "シート種別")
        #expect(columns.count == 14)
        #expect(export.files.first?.unknownColumns == [])
    }

    @Test("a cell is trimmed of exactly what Foundation's whitespace set trims",
          arguments: ["", "a", " a", "a ", "\t外務省\u{3000}", "\u{3000}\u{3000}", "\u{00A0}x\u{2003}", "\nx\n", "x\r", " ", "ー ", "\u{FEFF}x"])
    func trimmed(cell: String) {
        #expect(RecordCells.trimmed(cell) == cell.trimmingCharacters(in: .whitespaces))
    }

    @Test("the spaces a cell is trimmed of are tab and every Zs scalar of the Unicode tables")
    func spaceScalars() {
        let scalars = (UInt32(0)...0x10FFFF).compactMap { Unicode.Scalar($0) }
        let listed = scalars.filter(RecordCells.isSpace)
        let tables = scalars.filter { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
        #expect(listed == tables)
        #expect(listed.contains("\u{3000}"))
    }

    @Test("a column asked for again, in another spelling of the same name, is found at the same place")
    func columnAskedAgain() {
        let columns = ColumnIndex(["予算事業ID", "翌年度への繰越し(合計）", "その他の契約", "その他の契約"])
        for _ in 0..<2 {
            #expect(columns.position(["翌年度への繰越し（合計）"]) == 1)
            #expect(columns.position(["翌年度への繰越し(合計）"]) == 1)
            #expect(columns.positions("その他の契約") == [2, 3])
            #expect(columns.position(["事業番号", "予算事業ID"]) == 0)
            #expect(!columns.contains("事業番号"))
        }
    }

    @Test("a truncated record names the file and line")
    func truncated() throws {
        let text = Self.header + Self.record + Self.record + "レビューシート,2024,8,事業,1,外務"
        #expect(throws: ReviewSheetError.malformedRecord(file: "6-1.csv", line: 4, expected: 14, found: 6)) {
            try ReviewSheetReader().read(sources: [("6-1.csv", Data(text.utf8))])
        }
    }

    @Test("a header without 予算事業ID is refused")
    func missingKey() throws {
        let text = Self.header.replacingOccurrences(of: "予算事業ID", with: "事業番号") + Self.record
        let error = #expect(throws: ReviewSheetError.self) { try ReviewSheetReader().read(sources: [("x.csv", Data(text.utf8))]) }
        #expect(error == .missingKeyColumn(file: "x.csv", column: "予算事業ID"))
        #expect(error?.description.contains("x.csv:1") == true)
    }

    /// 「シート種別,事業年度,予算事業ID,事業名,…,備考」 and a record, as a spreadsheet saves them in Shift_JIS (bytes from iconv).
    static let shiftJISHeader = Data([131, 86, 129, 91, 131, 103, 142, 237, 149, 202, 44]) + Data("2024,7,8\n".utf8)
    static let shiftJISRecord = Data([131, 140, 131, 114, 131, 133, 129, 91, 131, 86, 129, 91, 131, 103, 44, 50, 48, 50, 52, 44, 56, 44, 142, 150, 139, 198, 10])

    @Test("a Shift_JIS file is named as such, with the line of its first bad byte")
    func shiftJIS() throws {
        let error = #expect(throws: ReviewSheetError.self) { try ReviewSheetReader().read(sources: [("sjis.csv", Self.shiftJISHeader)]) }
        #expect(error == .notUTF8(file: "sjis.csv", line: 1, likelyEncoding: "Shift_JIS"))
        #expect(error?.description.contains("sjis.csv:1") == true)
        let later = Data((Self.header + Self.record).utf8) + Self.shiftJISRecord
        #expect(throws: ReviewSheetError.notUTF8(file: "later.csv", line: 3, likelyEncoding: "Shift_JIS")) {
            try ReviewSheetReader().read(sources: [("later.csv", later)])
        }
    }

    @Test("a key that is not a number is refused with its line")
    func badKey() throws {
        let text = Self.header + Self.record.replacingOccurrences(of: ",7,", with: ",,")
        #expect(throws: ReviewSheetError.badKey(file: "k.csv", line: 2, column: "予算事業ID", value: "")) {
            try ReviewSheetReader().read(sources: [("k.csv", Data(text.utf8))])
        }
    }

    @Test("an unknown table and an unknown column are kept raw with a warning")
    func unknownKept() throws {
        let unknown = "シート種別,事業年度,予算事業ID,事業名,目標値,実績値\nレビューシート,2024,7,事業,10,9\n"
        let extra = Self.header.replacingOccurrences(of: ",備考\n", with: ",備考,新しい列\n") + Self.record.replacingOccurrences(of: "\n", with: ",新しい値\n")
        let export = try ReviewSheetReader().read(sources: [("3-1.csv", Data(unknown.utf8)), ("6-1.csv", Data(extra.utf8))])
        let project = try #require(export.projects.first)
        #expect(project.otherRecords.first?.cells == ["レビューシート", "2024", "7", "事業", "10", "9"])
        #expect(project.remarks.first?.source.raw == ["新しい列": "新しい値"])
        #expect(export.files.map(\.table) == [.unknown, .remarks])
        #expect(export.files.last?.unknownColumns == ["新しい列"])
        #expect(export.warnings.count == 2)
        #expect(export.storedRecordCounts == [.unknown: 1, .remarks: 1])
    }

    @Test("a zip holding no RS table is refused; a zip of RS tables reads")
    func zips() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.zip")
        try ZipFixture.write(empty, entries: ["readme.txt": Data("nothing".utf8)])
        #expect(throws: ReviewSheetError.noTable(source: empty.path)) { try ReviewSheetReader().read([empty]) }
        let other = folder.appendingPathComponent("other.zip")
        try ZipFixture.write(other, entries: ["prices.csv": Data("品目,価格\nりんご,100\n".utf8)])
        #expect(throws: ReviewSheetError.noTable(source: other.path)) { try ReviewSheetReader().read([other]) }
        let good = folder.appendingPathComponent("rs.zip")
        try ZipFixture.write(good, entries: ["6-1.csv": Data((Self.header + Self.record).utf8)])
        let export = try ReviewSheetReader().read([good])
        #expect(export.projects.first?.remarks.first?.source.file == "rs.zip/6-1.csv")
    }
}

@Suite("RS export: files parsed at once")
struct ConcurrentReadTests {
    @Test("the bundled export reads the same whether its files are parsed at once or in turn")
    func sameExport() async throws {
        let sources = try ReviewSheetReader.sources([RSExport.bundledFolder])
        #expect(sources.count > ReviewSheetReader.filesAhead + 1)
        let inTurn = try ReviewSheetReader().read(sources: sources)
        let atOnce = try await ReviewSheetReader().read(concurrently: sources)
        #expect(atOnce.projects == inTurn.projects)
        #expect(atOnce.files == inTurn.files)
        #expect(atOnce.warnings == inTurn.warnings)
        #expect(atOnce.projects.count > 10)
    }

    @Test("with several bad files, the first in order is reported, however fast the later ones fail")
    func firstErrorWins() async throws {
        let good = Data((BadInputTests.header + BadInputTests.record).utf8)
        // A long good file, then a record cut short deep inside a second, then a file that fails at once.
        let long = Data((BadInputTests.header + String(repeating: BadInputTests.record, count: 3_000)).utf8)
        let truncated = Data((BadInputTests.header + String(repeating: BadInputTests.record, count: 2_000) + "レビューシート,2024,8\n").utf8)
        let sources: [(name: String, data: Data)] = [("a.csv", long), ("b.csv", truncated), ("c.csv", BadInputTests.shiftJISHeader), ("d.csv", good)]
        let expected = ReviewSheetError.malformedRecord(file: "b.csv", line: 2_002, expected: 14, found: 3)
        #expect(throws: expected) { try ReviewSheetReader().read(sources: sources) }
        await #expect(throws: expected) { try await ReviewSheetReader().read(concurrently: sources) }
    }
}
