import HyokaAccounts
import Testing

@Suite("Who may do what: the permission table")
struct AccessPolicyTests {
    static func account(_ role: Role, _ ministry: String? = nil, name: String = "someone", disabled: Bool = false) -> Account {
        Account(name: name, displayName: name, role: role, ministry: ministry, disabled: disabled, passwordHash: "")
    }

    static let foreign = DocumentScope(ministry: "外務省")
    static let other = DocumentScope(ministry: "総務省")

    /// Each row: role (and ministry), action, document scope, expected answer.
    static let table: [(Role, String?, Action, DocumentScope, Bool)] = [
        // 作成者 writes its own ministry's drafts and nothing beyond.
        (.author, "外務省", .editDraft, foreign, true),
        (.author, "外務省", .submit, foreign, true),
        (.author, "外務省", .readDraft, foreign, true),
        (.author, "外務省", .editDraft, other, false),
        (.author, "外務省", .readDraft, other, false),
        (.author, "外務省", .approve, foreign, false),
        (.author, "外務省", .publish, foreign, false),
        (.author, "外務省", .manageAccounts, .system, false),
        // 作成責任者 approves or returns, and does not write.
        (.approver, "外務省", .approve, foreign, true),
        (.approver, "外務省", .returnWithComments, foreign, true),
        (.approver, "外務省", .editDraft, foreign, false),
        (.approver, "外務省", .approve, other, false),
        // 点検 reads and comments on every ministry's drafts, and approves none.
        (.reviewer, nil, .readDraft, foreign, true),
        (.reviewer, nil, .comment, other, true),
        (.reviewer, nil, .returnWithComments, other, true),
        (.reviewer, nil, .approve, foreign, false),
        (.reviewer, nil, .readAudit, .system, true),
        // 外部有識者 comments only where invited.
        (.expert, "外務省", .comment, DocumentScope(ministry: "外務省", assignedExperts: ["someone"]), true),
        (.expert, "外務省", .comment, DocumentScope(ministry: "外務省", assignedExperts: ["another"]), false),
        (.expert, "外務省", .readDraft, foreign, false),
        (.expert, "外務省", .editDraft, DocumentScope(ministry: "外務省", assignedExperts: ["someone"]), false),
        // The publisher publishes its own ministry's evaluations.
        (.publisher, "外務省", .publish, foreign, true),
        (.publisher, "外務省", .publish, other, false),
        (.publisher, "外務省", .approve, foreign, false),
        // The administrator keeps accounts and writes no evaluation.
        (.admin, nil, .manageAccounts, .system, true),
        (.admin, nil, .readAudit, .system, true),
        (.admin, nil, .editDraft, foreign, false),
        (.admin, nil, .publish, foreign, false),
        // Everyone reads what is published.
        (.author, "外務省", .readPublished, other, true),
        (.expert, "総務省", .readPublished, foreign, true),
    ]

    @Test("Every row of the table", arguments: table.indices)
    func row(_ index: Int) {
        let (role, ministry, action, scope, expected) = Self.table[index]
        #expect(AccessPolicy.allows(Self.account(role, ministry), action, on: scope) == expected,
                "\(role) of \(ministry ?? "-") \(action) on \(scope.ministry ?? "system")")
    }

    @Test("Nobody signed in reads what is published and nothing else")
    func anonymous() {
        for action in Action.allCases {
            #expect(AccessPolicy.allows(nil, action, on: Self.foreign) == (action == .readPublished), "\(action)")
        }
    }

    @Test("A disabled account can do nothing a signed-in account can")
    func disabled() {
        let account = Self.account(.author, "外務省", disabled: true)
        #expect(!AccessPolicy.allows(account, .editDraft, on: Self.foreign))
        #expect(AccessPolicy.allows(account, .readPublished, on: Self.foreign))
    }

    @Test("A scoped role without a ministry reaches no document")
    func scopedWithoutMinistry() {
        #expect(!AccessPolicy.allows(Self.account(.author, nil), .editDraft, on: Self.foreign))
        #expect(!AccessPolicy.allows(Self.account(.author, "外務省"), .editDraft, on: DocumentScope(ministry: nil)))
    }

    @Test("Roles are scoped as the issue says: all but reviewer and admin")
    func scoping() {
        #expect(Role.allCases.filter(\.isMinistryScoped) == [.author, .approver, .expert, .publisher])
        #expect(throws: AccountError.self) { try AccountRules.checkScope(role: .author, ministry: nil) }
        #expect(throws: AccountError.self) { try AccountRules.checkScope(role: .reviewer, ministry: "外務省") }
        #expect(throws: Never.self) { try AccountRules.checkScope(role: .approver, ministry: "外務省") }
    }
}
