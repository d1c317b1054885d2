/// 事実 (数値): a quantity stated in a document, with what it counts, when,
/// and the lines it was read from.
///
/// Facts are extracted from every document, narrative and evaluation alike,
/// so that a figure in an evaluation can be matched with the passage of a
/// white paper that backs it.
public struct Fact: Codable, Hashable, Sendable, SourceLocated {
    /// Identifier of the document the fact was read from.
    public var document: String
    public var value: Double
    public var unit: String?
    public var approximate: Bool
    /// What the number counts: 「日本に入国した外国人数」, 「隊員」.
    public var subject: String
    /// When it applies: a fiscal year, a calendar year or a point in time.
    public var period: Period?
    /// The sentence the fact was read from.
    public var text: String
    /// The number as written: 「約714万人」.
    public var quantityText: String
    /// Title of the section (or series) it appears in.
    public var section: String?
    public var line: Int
    public var endLine: Int

    public init(
        document: String, value: Double, unit: String?, approximate: Bool, subject: String, period: Period?,
        text: String, quantityText: String, section: String?, line: Int, endLine: Int
    ) {
        self.document = document
        self.value = value
        self.unit = unit
        self.approximate = approximate
        self.subject = subject
        self.period = period
        self.text = text
        self.quantityText = quantityText
        self.section = section
        self.line = line
        self.endLine = endLine
    }
}

extension Period: Codable {
    private enum CodingKeys: String, CodingKey { case fiscalYear, year, date }

    /// Encoded as an object with exactly one key: `{"fiscalYear": 2023}`,
    /// `{"year": 2011}` or `{"date": "2012-12"}`.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let year = try container.decodeIfPresent(Int.self, forKey: .fiscalYear) {
            self = .fiscalYear(year)
        } else if let year = try container.decodeIfPresent(Int.self, forKey: .year) {
            self = .year(year)
        } else if let date = try container.decodeIfPresent(CalendarDate.self, forKey: .date) {
            self = .asOf(date)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "A period needs one of fiscalYear, year or date."))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .fiscalYear(let year): try container.encode(year, forKey: .fiscalYear)
        case .year(let year): try container.encode(year, forKey: .year)
        case .asOf(let date): try container.encode(date, forKey: .date)
        }
    }
}
