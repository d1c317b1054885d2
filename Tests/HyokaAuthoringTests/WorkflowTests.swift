import HyokaAccounts
import HyokaModel
import Testing
@testable import HyokaAuthoring

@Suite("Workflow: transitions by role and ministry, comments, immutable publication")
struct WorkflowTests {
    static func draft(_ state: DraftState = .draft) throws -> Draft {
        var (draft, _) = try Workflow.startNextCycle(of: try Corpus.report(Corpus.mofaSheet), id: "d1", by: People.author, at: noon)
        draft.state = state
        draft.assignedExperts = [People.expert.name]
        return draft
    }

    /// Who may take each transition from each state it leaves.
    static let table: [(Transition, DraftState, Set<String>)] = [
        (.submit, .draft, ["author"]),
        (.submit, .returned, ["author"]),
        (.approve, .submitted, ["approver"]),
        (.returnWithComments, .submitted, ["approver", "reviewer"]),
        (.returnWithComments, .approved, ["publisher", "reviewer"]),
        (.publish, .approved, ["publisher"]),
    ]

    @Test("The transition table: each step belongs to its roles; every other role, another ministry and nobody are refused")
    func transitionTable() throws {
        for (transition, state, allowed) in Self.table {
            let draft = try Self.draft(state)
            for account in People.all + [People.otherAuthor, People.otherApprover, People.otherPublisher] {
                let result = Result { () throws(DraftError) in try Workflow.perform(transition, on: draft, by: account, comment: "理由", at: noon) }
                switch result {
                case .success(let (next, events)):
                    #expect(allowed.contains(account.name), "\(account.name) may not \(transition) from \(state)")
                    #expect(next.state == transition.rule.to)
                    #expect(events.first?.action == transition.auditAction && events.first?.actor == account.name)
                    #expect(events.first?.oldValue == state.rawValue && events.first?.newValue == transition.rule.to.rawValue)
                case .failure(let error):
                    #expect(!allowed.contains(account.name), "\(account.name) should \(transition) from \(state): \(error)")
                    #expect(error.kind == .forbidden)
                }
            }
            #expect(throws: DraftError.self) { try Workflow.perform(transition, on: draft, by: nil, comment: "x", at: noon) }
        }
    }

    @Test("A transition from the wrong state is refused as a state error, even for the right role")
    func wrongState() throws {
        let error = try #require(Result { () throws(DraftError) in try Workflow.perform(.publish, on: try! Self.draft(.submitted), by: People.publisher, at: noon) }.failure)
        #expect(error.kind == .state)
        #expect(throws: DraftError.self) { try Workflow.perform(.approve, on: try Self.draft(.draft), by: People.approver, at: noon) }
    }

    @Test("A return needs a comment, which is kept with the version and logged")
    func returnNeedsComment() throws {
        let submitted = try Self.draft(.submitted)
        #expect(throws: DraftError.self) { try Workflow.perform(.returnWithComments, on: submitted, by: People.approver, comment: "  ", at: noon) }
        let (returned, events) = try Workflow.perform(.returnWithComments, on: submitted, by: People.approver, comment: "実績値の出典を記載すること。", at: noon)
        #expect(returned.state == .returned && returned.isEditable)
        #expect(returned.comments.last?.kind == .returned && returned.comments.last?.text == "実績値の出典を記載すること。")
        #expect(events.map(\.action) == ["draft.return", "draft.comment"])
    }

    @Test("Edits: the author of the ministry, while draft or returned; another ministry, another role, a submitted version refused")
    func editPermissions() throws {
        let edit = DraftEdit.setText(.fieldTitle(policy: 0, field: 0), "IT広報の実施（改）")
        let (edited, event) = try Workflow.edit(edit, on: try Self.draft(), by: People.author, at: noon)
        #expect(edited.report.policies[0].fields[0].title == "IT広報の実施（改）")
        #expect(event.action == "draft.edit" && event.element == "draft:d1/v1/p0.f0.title" && event.newValue == "IT広報の実施（改）")
        #expect(event.oldValue == "IT広報の実施")
        for account in [People.otherAuthor, People.approver, People.publisher, People.admin, People.reviewer] {
            let error = Result { () throws(DraftError) in try Workflow.edit(edit, on: try! Self.draft(), by: account, at: noon) }.failure
            #expect(error?.kind == .forbidden, "\(account.name)")
        }
        #expect(Result { () throws(DraftError) in try Workflow.edit(edit, on: try! Self.draft(.submitted), by: People.author, at: noon) }.failure?.kind == .state)
    }

    @Test("A published version is immutable: no edit, no comment; a change starts version 2")
    func publishedImmutable() throws {
        let published = try Self.draft(.published)
        let error = try #require(Result { () throws(DraftError) in try Workflow.edit(.setText(.measureName(policy: 0), "x"), on: published, by: People.author, at: noon) }.failure)
        #expect(error.kind == .state && error.message.en.contains("new version"))
        #expect(throws: DraftError.self) { try Workflow.comment("所見", on: published, by: People.expert, at: noon) }
        let (next, event) = try Workflow.newVersion(of: published, by: People.author, at: noon)
        #expect(next.version == 2 && next.state == .draft && next.id == published.id && next.report.id == "d1-v2")
        #expect(event.oldValue == "v1" && event.newValue == "v2")
        #expect(throws: DraftError.self) { try Workflow.newVersion(of: try Self.draft(.approved), by: People.author, at: noon) }
        #expect(throws: DraftError.self) { try Workflow.newVersion(of: published, by: People.otherAuthor, at: noon) }
    }

    @Test("An invited expert's comment becomes a 外部有識者の所見 linked to the field it cites; others may not comment")
    func expertComment() throws {
        let submitted = try Self.draft(.submitted)
        let field = try #require(submitted.report.policies[0].fields.first?.number)
        let (commented, event) = try Workflow.comment("アクセス件数の増加は評価できる。", citing: [field], on: submitted, by: People.expert, at: noon)
        #expect(commented.report.policies[0].expertComments.last == ExpertOpinion(text: "アクセス件数の増加は評価できる。", field: field,
                                                                                  line: commented.report.policies[0].expertComments.last?.line ?? 0,
                                                                                  endLine: commented.report.policies[0].expertComments.last?.line ?? 0))
        #expect(commented.comments.last?.fields == [field] && event.actor == "expert")
        var uninvited = submitted
        uninvited.assignedExperts = []
        #expect(Result { () throws(DraftError) in try Workflow.comment("x", on: uninvited, by: People.expert, at: noon) }.failure?.kind == .forbidden)
        #expect(throws: DraftError.self) { try Workflow.comment("x", citing: [99], on: submitted, by: People.expert, at: noon) }
        let (reviewed, _) = try Workflow.comment("点検：出典の記載がない。", on: submitted, by: People.reviewer, at: noon)
        #expect(reviewed.report.policies[0].expertComments == submitted.report.policies[0].expertComments, "a 点検 remark is no expert opinion")
        #expect(throws: DraftError.self) { try Workflow.comment("x", on: submitted, by: People.author, at: noon) }
    }

    @Test("Starting: only an author of the document's ministry; the blank template for the author's own ministry")
    func starting() throws {
        let last = try Corpus.report(Corpus.mofaSheet)
        #expect(throws: DraftError.self) { try Workflow.startNextCycle(of: last, id: "x", by: People.otherAuthor, at: noon) }
        #expect(throws: DraftError.self) { try Workflow.startNextCycle(of: last, id: "x", by: People.approver, at: noon) }
        let (draft, event) = try Workflow.startNextCycle(of: last, id: "x", by: People.author, at: noon)
        #expect(draft.continues == last.id && draft.fiscalYear == 2025 && draft.ministry == "外務省" && event.action == "draft.start")
        let (blank, _) = try Workflow.startBlank(id: "b", fiscalYear: 2025, by: People.otherAuthor, at: noon)
        #expect(blank.ministry == "総務省" && blank.report.ministry == "総務省")
        #expect(throws: DraftError.self) { try Workflow.startBlank(id: "b", fiscalYear: 2025, by: People.reviewer, at: noon) }
    }
}

extension Result {
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
}
