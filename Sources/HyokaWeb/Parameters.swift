import Hummingbird
import HyokaModel

/// Query parameters, validated: a bad value is a 400 that says what is allowed.
///
/// Pages accept empty values as "not given", because HTML forms submit empty
/// fields; the API (`strict`) refuses them.
struct QueryParameters {
    let query: [String: String]
    let strict: Bool

    init(_ request: Request, strict: Bool = false) {
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        self.init(query: query, strict: strict)
    }

    init(query: [String: String], strict: Bool) {
        self.query = query
        self.strict = strict
    }

    /// The value of `name`, nil when absent (or empty, outside strict mode).
    private func value(_ name: String) throws -> String? {
        guard let value = query[name] else { return nil }
        if value.isEmpty {
            if strict { throw WebError.badRequest("\(name) must not be empty; leave it out instead.") }
            return nil
        }
        return value
    }

    func string(_ name: String, maxLength: Int = 200) throws -> String? {
        guard let value = try value(name) else { return nil }
        guard value.count <= maxLength else { throw WebError.badRequest("\(name) is longer than \(maxLength) characters.") }
        return value
    }

    func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int? = nil) throws -> Int? {
        guard let text = try value(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw WebError.badRequest("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    func kind() throws -> DocumentKind? {
        guard let text = try string("kind") else { return nil }
        guard let kind = DocumentKind(rawValue: text) else {
            throw WebError.badRequest("kind must be one of \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return kind
    }

    /// One of an enumeration's raw values, nil when absent; any other value is a 400 that lists them.
    func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, _ type: Choice.Type) throws -> Choice? where Choice.RawValue == String {
        guard let text = try string(name, maxLength: 60) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            throw WebError.badRequest("\(name) must be one of \(Choice.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return choice
    }

    /// Whether a sortable list is in descending order (`order=desc`; `asc` or nothing is ascending).
    func descending() throws -> Bool {
        guard let text = try string("order") else { return false }
        guard text == "asc" || text == "desc" else { throw WebError.badRequest("order must be asc or desc.") }
        return text == "desc"
    }

    /// Page size and offset for lists: limit 1–500 (default 50), offset ≥ 0.
    func page() throws -> (limit: Int, offset: Int) {
        (try integer("limit", in: 1...500, default: 50) ?? 50, try integer("offset", in: 0...1_000_000, default: 0) ?? 0)
    }

    var language: Language { query["lang"] == "en" ? .english : .japanese }
}
