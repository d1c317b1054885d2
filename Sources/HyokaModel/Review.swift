/// A message in Japanese (first) and English.
public struct LocalizedText: Codable, Sendable, Hashable {
    public var ja: String
    public var en: String

    public init(ja: String, en: String) {
        self.ja = ja
        self.en = en
    }
}

/// The government's five-level scale for target-managed evaluations (目標管理型).
public enum Rating: String, Codable, Sendable, CaseIterable, Comparable {
    /// 目標超過達成
    case exceeded
    /// 目標達成
    case achieved
    /// 相当程度進展あり
    case substantialProgress
    /// 進展が大きくない
    case limitedProgress
    /// 目標に向かっていない
    case notProgressing

    /// The official Japanese label.
    public var label: String {
        switch self {
        case .exceeded: "目標超過達成"
        case .achieved: "目標達成"
        case .substantialProgress: "相当程度進展あり"
        case .limitedProgress: "進展が大きくない"
        case .notProgressing: "目標に向かっていない"
        }
    }

    /// Better ratings sort first.
    public static func < (lhs: Rating, rhs: Rating) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// 点検: one thing the automated review of an evaluation flags for a reviewer.
public struct Finding: Codable, Sendable, Hashable, SourceLocated {
    public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
        /// Contradictions and figures that do not add up.
        case error
        /// Gaps a reviewer should look at.
        case warning
        /// Worth knowing; may be intended.
        case info

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// The rule that raised it, e.g. `sum-mismatch` (docs/review-rules.md).
    public var rule: String
    public var severity: Severity
    public var message: LocalizedText
    public var document: String
    /// Other lines the finding concerns (the other statement, the parts of a total).
    public var relatedLines: [Int]
    public var line: Int
    public var endLine: Int

    public init(rule: String, severity: Severity, message: LocalizedText, document: String, relatedLines: [Int] = [], line: Int, endLine: Int) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.document = document
        self.relatedLines = relatedLines
        self.line = line
        self.endLine = endLine
    }
}
