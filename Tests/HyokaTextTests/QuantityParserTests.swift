import HyokaModel
import Testing
@testable import HyokaText

@Suite("Numbers and units")
struct QuantityParserTests {
    @Test("Magnitude words belong to the number")
    func magnitudes() {
        let pageViews = QuantityParser.parse("約4.6億件")
        #expect(pageViews.value == 460_000_000)
        #expect(pageViews.unit == "件")
        #expect(pageViews.approximate)
        #expect(QuantityParser.parse("5万7,442人").value == 57442)
        #expect(QuantityParser.parse("1万55人").value == 10055)
        #expect(QuantityParser.parse("約7万5千人").value == 75000)
        #expect(QuantityParser.parse("２千名").value == 2000)
        #expect(QuantityParser.parse("約1,456万人").value == 14_560_000)
        #expect(QuantityParser.parse("2億5千万円").value == 250_000_000)
        #expect(QuantityParser.parse("2億5千万円").unit == "円")
    }

    @Test("Physical units in Latin letters; a band's name and a longer word are no unit")
    func physicalUnits() {
        let width = QuantityParser.parse("約１６GHz幅")
        #expect(width.value == 16 && width.unit == "GHz" && width.approximate, "「幅」 after a frequency is part of the figure")
        #expect(QuantityParser.parse("10Gbps").unit == "Gbps")
        #expect(QuantityParser.parse("980TWh").unit == "TWh")
        #expect(QuantityParser.parse("約20km").value == 20)
        #expect(QuantityParser.parse("約20km").unit == "km")
        let band = QuantityParser.quantities(in: "2.3GHz帯(2,330-2,370MHz)について")
        #expect(band.first?.quantity.unit == nil, "the 2.3 GHz band is a name")
        #expect(band.last?.quantity.unit == "MHz" && band.last?.quantity.value == 2370)
        #expect(QuantityParser.quantities(in: "100万台/km²、20km2").allSatisfy { $0.quantity.unit != "km" }, "an area is not a distance")
        #expect(QuantityParser.quantities(in: "5G・Beyond 5G").allSatisfy { $0.quantity.unit == nil })
        let progress = QuantityParser.quantities(in: "全体として＋3.04GHz幅（携帯電話網：+40MHz幅）の帯域")
        #expect(progress.map(\.quantity.value) == [3.04, 40] && progress.map(\.quantity.unit) == ["GHz", "MHz"])
    }

    @Test("Stated money units stay the unit")
    func statedUnits() {
        let budget = QuantityParser.parse("208百万円")
        #expect(budget.value == 208)
        #expect(budget.unit == "百万円")
        let thousands = QuantityParser.parse("15,000千円")
        #expect(thousands.value == 15000)
        #expect(thousands.unit == "千円")
        #expect(QuantityParser.parse("3,223", defaultUnit: "百万円").unit == "百万円")
    }

    @Test("Commas, decimals and percent")
    func plainNumbers() {
        #expect(QuantityParser.parse("95,663").value == 95663)
        let rate = QuantityParser.parse("85.2％")
        #expect(rate.value == 85.2)
        #expect(rate.unit == "%")
        #expect(QuantityParser.parse("10.37％").value == 10.37)
        #expect(QuantityParser.parse("６.2％").value == 6.2)
        #expect(QuantityParser.parse("61か国・地域").unit == "か国・地域")
    }

    @Test("「13名中11名」 is a part of a whole")
    func partOfWhole() {
        let placed = QuantityParser.parse("13名中11名")
        #expect(placed.value == 11)
        #expect(placed.outOf == 13)
        #expect(placed.unit == "名")
    }

    @Test("Non-numeric cells keep their text", arguments: ["公表予定", "-", "－", "集計中"])
    func nonNumeric(cell: String) {
        let quantity = QuantityParser.parse(cell)
        #expect(quantity.value == nil)
        #expect(quantity.text == cell)
    }

    @Test("Table rows split into cells, glued or spaced")
    func rows() {
        #expect(QuantityParser.rowCells("約4.6億件 約4.8億件 約5.2億件").map(\.value) == [460_000_000, 480_000_000, 520_000_000])
        #expect(QuantityParser.rowCells("918人 956人 961人 公表予定").map(\.value) == [918, 956, 961, nil])
        #expect(QuantityParser.rowCells("147団体207団体318団体").map(\.value) == [147, 207, 318])
        #expect(QuantityParser.rowCells("29.5 万人").map(\.value) == [295_000])
        #expect(QuantityParser.rowCells("７％ ８％ 10.37％").map(\.value) == [7, 8, 10.37])
    }

    @Test("Quantities are found in running text")
    func runningText() {
        let found = QuantityParser.quantities(in: "2012年12月末までに累計で3万7,532人の隊員が88か国に派遣され")
        let people = found.first { $0.quantity.unit == "人" }
        #expect(people?.quantity.value == 37532)
        #expect(found.contains { $0.quantity.unit == "か国" && $0.quantity.value == 88 })
    }

    @Test("A digit inside a Latin name is not a quantity")
    func latinNames() {
        #expect(QuantityParser.quantities(in: "G7広島サミット").isEmpty)
    }
}
