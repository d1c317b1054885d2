import HyokaModel

/// A Japanese era (元号), for converting 和暦 years to Western years.
public enum JapaneseEra: String, CaseIterable, Sendable {
    case meiji = "明治"
    case taisho = "大正"
    case showa = "昭和"
    case heisei = "平成"
    case reiwa = "令和"

    /// The Western year of the era's first year (元年).
    public var firstYear: Int {
        switch self {
        case .meiji: 1868
        case .taisho: 1912
        case .showa: 1926
        case .heisei: 1989
        case .reiwa: 2019
        }
    }

    /// The one-letter abbreviation used in tables (R4年度, H14).
    public var letter: Character {
        switch self {
        case .meiji: "M"
        case .taisho: "T"
        case .showa: "S"
        case .heisei: "H"
        case .reiwa: "R"
        }
    }

    /// The Western year of year `year` of this era (1 is 元年).
    public func westernYear(_ year: Int) -> Int { firstYear + year - 1 }

    /// The era named by `name`: the kanji name or its one-letter abbreviation.
    public init?(name: Substring) {
        if let era = JapaneseEra(rawValue: String(name)) {
            self = era
        } else if name.count == 1, let letter = name.first?.uppercased().first,
                  let era = JapaneseEra.allCases.first(where: { $0.letter == letter }) {
            self = era
        } else {
            return nil
        }
    }
}
