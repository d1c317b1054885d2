import Foundation
import HyokaAccounts
import HyokaModel
import HyokaRecognition
import HyokaText
@testable import HyokaAuthoring

/// The bundled corpus, recognised as an import would.
enum Corpus {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("corpus")
    static let mofaSheet = "000_47f71a321a7ee5e2.txt"
    static let mofaMeasure = "002_3ec3fed686115a88.txt"
    static let micReport = "004_d473122111bbb5a2.part1.txt"

    static func report(_ name: String) throws -> EvaluationReport {
        let source = SourceText(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
        return ReportRecognizer().recognize(source, id: String(name.prefix(3)), sourceName: name, contentHash: "")
    }
}

/// Accounts of every role, of 外務省 unless said otherwise.
enum People {
    static func account(_ name: String, _ role: Role, ministry: String? = "外務省") -> Account {
        Account(name: name, displayName: name, role: role, ministry: role.isMinistryScoped ? ministry : nil, passwordHash: "")
    }
    static let author = account("author", .author)
    static let approver = account("approver", .approver)
    static let reviewer = account("reviewer", .reviewer)
    static let expert = account("expert", .expert)
    static let publisher = account("publisher", .publisher)
    static let admin = account("admin", .admin)
    static let otherAuthor = account("mic-author", .author, ministry: "総務省")
    static let otherApprover = account("mic-approver", .approver, ministry: "総務省")
    static let otherPublisher = account("mic-publisher", .publisher, ministry: "総務省")
    static let all = [author, approver, reviewer, expert, publisher, admin]
}

let noon = Date(timeIntervalSince1970: 1_796_212_800)

/// Walks every located element of a report.
func allLines(_ report: EvaluationReport) -> [(Int, Int)] {
    report.policies.flatMap { policy -> [(Int, Int)] in
        var spans = [(policy.line, policy.endLine)]
        spans += policy.objectives.map { ($0.line, $0.endLine) }
        for field in policy.fields {
            spans.append((field.line, field.endLine))
            spans += field.goals.map { ($0.line, $0.endLine) }
            spans += field.series.flatMap { [($0.line, $0.endLine)] + $0.points.map { ($0.line, $0.endLine) } }
        }
        spans += policy.series.flatMap { [($0.line, $0.endLine)] + $0.points.map { ($0.line, $0.endLine) } }
        spans += policy.budget.map { ($0.line, $0.endLine) }
        return spans
    }
}
