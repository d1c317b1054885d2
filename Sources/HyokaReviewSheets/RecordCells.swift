import Foundation
import HyokaModel

/// The cells of one record, read by column name into typed values.
///
/// Every read marks its column as taken. A cell that is a placeholder
/// (「-」「ー」「－」「--」「ｰ」「―」) becomes nil with its text kept in `raw`;
/// a number that cannot be read does too. `finish` then keeps every cell
/// not taken (a column the reader does not know) in `raw`, so no cell of a
/// record is ever dropped.
struct RecordCells {
    let cells: [String]
    let columns: ColumnIndex
    private(set) var taken: [Bool]
    private(set) var raw: [String: String] = [:]

    init(cells: [String], columns: ColumnIndex) {
        self.cells = cells
        self.columns = columns
        self.taken = Array(repeating: false, count: cells.count)
    }

    /// Texts the site writes for an empty cell.
    static let placeholders: Set<String> = ["-", "ー", "－", "--", "ｰ", "―", "ーー", "－－"]

    /// The longest placeholder in UTF-8 bytes: a longer cell is text without a set lookup.
    static let longestPlaceholder = placeholders.map(\.utf8.count).max() ?? 0

    /// `cell` without the spaces around it: what `trimmingCharacters(in: .whitespaces)`
    /// removes (tab and the Zs spaces, 全角スペース included). Nearly every cell
    /// has none, and then it is returned as it is, without Foundation's copy.
    static func trimmed(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, let last = cell.unicodeScalars.last else { return cell }
        if !isSpace(first), !isSpace(last) { return cell }
        return cell.trimmingCharacters(in: .whitespaces)
    }

    /// A scalar of `CharacterSet.whitespaces`, as Foundation defines that set:
    /// tab and the space separators (Unicode category Zs), listed here because
    /// looking a scalar's category up in the Unicode tables, twice per cell, was
    /// a tenth of the whole read. The test checks the list against the tables.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// The cell of the first of `names` the header has, trimmed; nil when empty or a placeholder.
    mutating func text(_ names: String...) -> String? {
        guard let position = columns.position(names) else { return nil }
        return text(at: position)
    }

    /// Every cell of a column written more than once (5-4's two 「その他の契約」).
    mutating func texts(_ name: String) -> [String?] {
        columns.positions(name).map { text(at: $0) }
    }

    mutating func text(at position: Int) -> String? {
        guard position < cells.count else { return nil }
        taken[position] = true
        let cell = Self.trimmed(cells[position])
        if cell.isEmpty { return nil }
        if cell.utf8.count <= Self.longestPlaceholder, Self.placeholders.contains(cell) {
            raw[columns.names[position]] = cells[position]
            return nil
        }
        return cell
    }

    /// An amount in 円. The export writes integers, some with 「.0」 (「34482000.0」);
    /// anything else is kept raw rather than guessed.
    mutating func amount(_ names: String...) -> Int64? {
        guard let position = columns.position(names), let cell = text(at: position) else { return nil }
        if let value = Int64(cell) { return value }
        // 「34482000.0」: an integer with a zero fraction, as a spreadsheet writes a number it once held as a float.
        if let dot = cell.firstIndex(of: "."), cell[cell.index(after: dot)...].allSatisfy({ $0 == "0" }), let value = Int64(cell[..<dot]) {
            return value
        }
        raw[columns.names[position]] = cells[position]
        return nil
    }

    mutating func integer(_ names: String...) -> Int? {
        guard let position = columns.position(names), let cell = text(at: position) else { return nil }
        if let value = Int(cell) { return value }
        raw[columns.names[position]] = cells[position]
        return nil
    }

    mutating func fraction(_ names: String...) -> Double? {
        guard let position = columns.position(names), let cell = text(at: position) else { return nil }
        if let value = Double(cell) { return value }
        raw[columns.names[position]] = cells[position]
        return nil
    }

    /// TRUE/FALSE or 1/blank, as the export writes its check boxes; nil when blank.
    mutating func flag(_ names: String...) -> Bool? {
        guard let position = columns.position(names), let cell = text(at: position) else { return nil }
        switch cell.uppercased() {
        case "TRUE", "1", "○", "〇": return true
        case "FALSE", "0": return false
        default:
            raw[columns.names[position]] = cells[position]
            return nil
        }
    }

    /// Marks a column as taken with its value compared elsewhere (the organisation columns),
    /// keeping the cell raw when `matches` says it differs from what the project holds.
    mutating func compare(_ names: [String], matches: (String) -> Bool) {
        guard let position = columns.position(names), position < cells.count else { return }
        taken[position] = true
        if !matches(cells[position]) { raw[columns.names[position]] = cells[position] }
    }

    /// Keeps the cell at `position` in `raw`, whatever it holds.
    mutating func markRaw(_ position: Int) {
        taken[position] = true
        raw[columns.names[position]] = cells[position]
    }

    /// Marks every column taken: for a record kept whole elsewhere (`RawRecord`).
    mutating func takeAll() {
        taken = Array(repeating: true, count: cells.count)
    }

    /// The record's provenance, with every cell not taken kept raw.
    mutating func finish(file: String, line: Int, endLine: Int) -> RecordSource {
        for (position, wasTaken) in taken.enumerated() where !wasTaken && !cells[position].isEmpty {
            raw[columns.names[position]] = cells[position]
        }
        return RecordSource(file: file, line: line, endLine: endLine, raw: raw.isEmpty ? nil : raw)
    }

    /// Columns of the header never taken: unknown to the reader.
    var untakenColumns: [String] {
        taken.enumerated().filter { !$0.element }.map { columns.names[$0.offset] }
    }
}
