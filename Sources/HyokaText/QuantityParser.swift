import HyokaModel

/// Reads numbers as Japanese reports write them.
///
/// - Magnitude words belong to the number: 「約4.6億件」 → 460,000,000 件,
///   approximate; 「5万7,442人」 → 57,442 人; 「1万55人」 → 10,055 人;
///   「約7万5千人」 → 75,000 人.
/// - Stated units stay units: 「208百万円」 → 208 百万円, 「15,000千円」 → 15,000 千円.
/// - 「13名中11名」 → 11 名 out of 13.
/// - Cells that are not numbers (「公表予定」, 「-」) keep their text, with no value.
public enum QuantityParser {
    /// A quantity found in running text, with where it was found.
    public struct Match: Sendable {
        public var quantity: Quantity
        /// Character offsets of the match in the scanned text.
        public var range: Range<Int>
    }

    /// Units recognised after a number, longest first so that 「か国・地域」 wins over 「か国」.
    static let units: [String] = ([
        "か国・地域", "カ国・地域", "百万米ドル", "万米ドル", "億米ドル", "百万円", "千円", "万円", "億円", "米ドル",
        "アカウント", "ユーロ", "ドル", "か国", "カ国", "ヵ国", "ヶ国", "市町村", "自治体", "団体", "事業", "職種",
        "ページ", "件", "人", "名", "回", "本", "基", "便", "枚", "個", "トン", "部", "倍", "歳", "校", "%", "円", "校", "日", "か所", "箇所",
        // 局 (radio and base stations: 「約8.8万局」), 点 (scores: 「5点満点中3.5点以上」).
        "局", "点",
    ] + physicalUnits).sorted { $0.count > $1.count }

    /// Physical units, written in Latin letters: frequency (「約16GHz幅」),
    /// data rate (「10Gbps」), data size, power and energy, distance. One counts
    /// only where no Latin letter or digit follows it (「20km2」 is an area),
    /// and a frequency followed by 「帯」 names a band (「2.3GHz帯」 is the
    /// 2.3 GHz band), not an amount. 「幅」 after a frequency belongs to the
    /// figure: 「+3.04GHz幅」 is a band's width, in GHz.
    static let physicalUnits: [String] = [
        "THz", "GHz", "MHz", "kHz", "Hz", "Tbps", "Gbps", "Mbps", "kbps", "bps", "TB", "GB", "MB", "KB",
        "TWh", "GWh", "MWh", "kWh", "GW", "MW", "kW", "km",
    ]

    private static let approximatePrefixes = ["約", "およそ", "概ね", "ほぼ", "推定"]
    private static let approximateSuffixes = ["程度", "以上", "余り", "余", "超", "強", "弱", "前後"]
    /// The value of a magnitude word (兆, 億, 万).
    private static func magnitude(_ scalar: Unicode.Scalar) -> Double? {
        switch scalar {
        case "兆": 1e12
        case "億": 1e8
        case "万": 1e4
        default: nil
        }
    }

    /// Parses a whole table cell. A cell that is not exactly one quantity
    /// (allowing 約 and similar hedges) is returned as text with no value.
    public static func parse(_ cell: String, defaultUnit: String? = nil) -> Quantity {
        let text = TextNormalizer.normalize(cell).trimmingJapaneseWhitespace()
        let characters = CharacterScalars(text)
        if let match = scan(characters, from: 0), match.range == 0..<characters.count {
            var quantity = match.quantity
            if quantity.unit == nil { quantity.unit = defaultUnit }
            return quantity
        }
        return Quantity(value: nil, unit: defaultUnit, text: text)
    }

    /// Every quantity in running text, in order.
    public static func quantities(in text: String) -> [Match] {
        quantities(in: CharacterScalars(text))
    }

    /// Every quantity in running text, in order.
    public static func quantities(in characters: CharacterScalars) -> [Match] {
        var matches: [Match] = []
        var index = 0
        while index < characters.count {
            if let match = scan(characters, from: index) {
                matches.append(match)
                index = match.range.upperBound
            } else {
                index += 1
            }
        }
        return matches
    }

    /// Splits a table row such as 「約4.6億件 約4.8億件 約5.2億件」,
    /// 「918人 956人 961人 公表予定」 or 「147団体207団体318団体」 into cells.
    public static func rowCells(_ line: String, defaultUnit: String? = nil) -> [Quantity] {
        let normalized = TextNormalizer.normalize(line)
        let tokens = mergeDetachedUnits(words(normalized).map(String.init))
        var cells: [Quantity] = []
        for token in tokens {
            let characters = CharacterScalars(token)
            let glued = quantities(in: characters)
            if glued.count > 1, glued.map(\.range.count).reduce(0, +) == characters.count {
                cells.append(contentsOf: glued.map { withDefaultUnit($0.quantity, defaultUnit) })
            } else if isCellText(token) {
                // `parse(token)` without reading the token again: the scan it
                // would make from the start is the first of `glued`.
                if let whole = glued.first, whole.range == 0..<characters.count {
                    cells.append(withDefaultUnit(whole.quantity, defaultUnit))
                } else {
                    cells.append(Quantity(value: nil, unit: defaultUnit, text: token))
                }
            } else {
                cells.append(parse(token, defaultUnit: defaultUnit))
            }
        }
        return cells
    }

    /// True when `parse` reads `text` as it is: normalised and trimmed already.
    private static func isCellText(_ text: String) -> Bool {
        TextNormalizer.isNormalized(text) && text.trimmingJapaneseWhitespace().utf8.count == text.utf8.count
    }

    /// The words of a row, split at spaces and tabs (empty words dropped).
    /// Text of standalone scalars is split at its bytes — a space or a tab is
    /// a character of its own there — rather than by `Character`, which
    /// finds every grapheme boundary of the row.
    static func words(_ text: String) -> [Substring] {
        let isSeparator: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard text.isStandalone else { return text.split(whereSeparator: isSeparator) }
        var words: [Substring] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 {
                if start < index { words.append(text[start..<index]) }
                index = bytes.index(after: index)
                start = index
            } else {
                index = bytes.index(after: index)
            }
        }
        if start < bytes.endIndex { words.append(text[start..<bytes.endIndex]) }
        return words
    }

    private static func withDefaultUnit(_ quantity: Quantity, _ unit: String?) -> Quantity {
        var quantity = quantity
        if quantity.unit == nil { quantity.unit = unit }
        return quantity
    }

    /// Joins 「29.5」「万人」 and 「199」「アカウント」 written with a space between.
    private static func mergeDetachedUnits(_ tokens: [String]) -> [String] {
        var merged: [String] = []
        for token in tokens {
            if let last = merged.last, last.last?.isASCIIDigitLike == true,
               let first = token.first, isMagnitude(first) || units.contains(where: { token.hasPrefix($0) }) {
                merged[merged.count - 1] = last + token
            } else {
                merged.append(token)
            }
        }
        return merged
    }

    private static func isMagnitude(_ character: Character) -> Bool {
        character.unicodeScalars.count == 1 && character.unicodeScalars.first.flatMap(magnitude) != nil
    }

    // MARK: - Scanning

    /// Scans one quantity starting exactly at `start` (hedge prefix included).
    static func scan(_ characters: CharacterScalars, from start: Int) -> Match? {
        // Cheap test first: a quantity starts with a digit or a hedge word.
        guard let first = characters.scalar(at: start), first.isASCIIDigit || approximateInitials.contains(first) else { return nil }
        var index = start
        var approximate = false
        for prefix in approximatePrefixes where characters.hasPrefix(prefix, at: index) {
            approximate = true
            index += prefix.count
            break
        }
        guard let digit = characters.scalar(at: index), digit.isASCIIDigit else { return nil }
        // Do not start inside a larger number or a Latin word (G7, COVID19).
        if let previous = characters.scalar(at: start - 1),
           previous.isASCIIDigit || previous == "." || (previous.isASCIILetter && !approximate) { return nil }
        guard let (value, afterNumber) = compoundNumber(characters, from: index) else { return nil }
        index = afterNumber
        var unit: String?
        var lookahead = index
        while characters.scalar(at: lookahead) == " " { lookahead += 1 }
        if let found = units.first(where: { characters.hasPrefix($0, at: lookahead) }), let end = unitEnd(found, characters, at: lookahead) {
            unit = found
            index = end
        }
        var outOf: Double?
        var finalValue = value
        // 「13名中11名」: the first number is the whole, the second the part.
        if let unit, characters.hasPrefix("中", at: index),
           let (part, afterPart) = compoundNumber(characters, from: index + 1),
           characters.hasPrefix(unit, at: afterPart) {
            outOf = value
            finalValue = part
            index = afterPart + unit.count
        }
        for suffix in approximateSuffixes where characters.hasPrefix(suffix, at: index) {
            approximate = true
            index += suffix.count
            break
        }
        return Match(
            quantity: Quantity(value: finalValue, unit: unit, approximate: approximate, outOf: outOf, text: characters.string(start..<index)),
            range: start..<index
        )
    }

    /// Where `unit`, found at `offset`, ends; nil where it is no unit (see `physicalUnits`).
    private static func unitEnd(_ unit: String, _ characters: CharacterScalars, at offset: Int) -> Int? {
        let end = offset + unit.count
        guard physicalUnits.contains(unit) else { return end }
        let next = characters.scalar(at: end)
        if let next, next.isASCIILetter || next.isASCIIDigit { return nil }
        guard unit.hasSuffix("Hz") else { return end }
        if next == "帯" { return nil }
        return next == "幅" ? end + 1 : end
    }

    /// First characters of the hedge words before a number.
    private static let approximateInitials = approximatePrefixes.compactMap(\.unicodeScalars.first)

    /// Reads 「5万7,442」, 「1万55」, 「4.6億」, 「7万5千」, 「２千」 — not the
    /// 千 of 「千円」 or the 百万 of 「百万円」, which are units.
    private static func compoundNumber(_ characters: CharacterScalars, from start: Int) -> (Double, Int)? {
        guard let (first, afterFirst) = plainNumber(characters, from: start) else { return nil }
        var total = 0.0
        var current = first
        var index = afterFirst
        while let character = characters.scalar(at: index) {
            if character == "千" {
                if characters.hasPrefix("千円", at: index) { break }
                current *= 1000
                index += 1
                continue
            }
            guard let magnitude = magnitude(character) else { break }
            total += current * magnitude
            current = 0
            index += 1
            guard let (next, afterNext) = plainNumber(characters, from: index) else { break }
            current = next
            index = afterNext
        }
        // 4.6 × 10⁸ is not exact in binary; what the report wrote is.
        let value = total == 0 ? current : ((total + current) * 1e6).rounded() / 1e6
        return (value, index)
    }

    /// Digits with thousands separators and an optional decimal part.
    private static func plainNumber(_ characters: CharacterScalars, from start: Int) -> (Double, Int)? {
        var index = start
        var digits = ""
        var hasPoint = false
        while let character = characters.scalar(at: index) {
            if character.isASCIIDigit {
                digits.unicodeScalars.append(character)
            } else if character == ",", !digits.isEmpty, !hasPoint, isThousandsGroup(characters, at: index + 1) {
                // a separator: skip it
            } else if character == ".", !hasPoint, characters.scalar(at: index + 1)?.isASCIIDigit == true {
                digits.append(".")
                hasPoint = true
            } else {
                break
            }
            index += 1
        }
        guard !digits.isEmpty, let value = Double(digits) else { return nil }
        return (value, index)
    }

    /// True when exactly three digits start at `index` (and no fourth follows).
    private static func isThousandsGroup(_ characters: CharacterScalars, at index: Int) -> Bool {
        guard index + 3 <= characters.count else { return false }
        guard (index..<(index + 3)).allSatisfy({ characters[$0].isASCIIDigit }) else { return false }
        return characters.scalar(at: index + 3)?.isASCIIDigit != true
    }
}

extension Character {
    /// ASCII 0–9 (full-width digits are folded before parsing).
    var isASCIIDigitLike: Bool { isASCII && isNumber }
}
