import Foundation
import HyokaAccounts
import Testing

@Suite("The hash-chained audit log, in memory")
struct AuditChainTests {
    static func log(_ count: Int) -> [AuditEntry] {
        var entries: [AuditEntry] = []
        for index in 0..<count {
            entries.append(AuditChain.entry(following: entries.last, AuditEvent(
                actor: "admin", action: AuditAction.changeRole, element: "account:u\(index)", oldValue: "author (外務省)",
                newValue: "approver (外務省)", at: Date(timeIntervalSince1970: 1_800_000_000 + Double(index)))))
        }
        return entries
    }

    @Test("An untouched log verifies, and says its last hash")
    func intact() {
        let entries = Self.log(5)
        #expect(AuditVerifier.verify(entries) == .intact(count: 5, lastHash: entries[4].hash))
        #expect(entries[0].previousHash == AuditChain.genesis)
        #expect(entries[1].previousHash == entries[0].hash)
    }

    @Test("A changed value is named by its entry")
    func changed() {
        var entries = Self.log(5)
        entries[2].newValue = "admin"
        guard case .broken(let sequence, _) = AuditVerifier.verify(entries) else { Issue.record("not detected"); return }
        #expect(sequence == 3)
    }

    @Test("A changed entry with its hash recomputed breaks the next link")
    func rehashed() {
        var entries = Self.log(5)
        entries[1].actor = "someone else"
        entries[1].hash = entries[1].expectedHash
        guard case .broken(let sequence, _) = AuditVerifier.verify(entries) else { Issue.record("not detected"); return }
        #expect(sequence == 3)
    }

    @Test("A removed entry is named")
    func removed() {
        var entries = Self.log(5)
        entries.remove(at: 3)
        #expect(AuditVerifier.verify(entries) == .broken(sequence: 4, reason: "entry 4 is missing (the next is 5)"))
    }

    @Test("Fields cannot be shifted between each other without changing the hash")
    func canonicalIsUnambiguous() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let one = AuditChain.entry(following: nil, AuditEvent(actor: "a", action: "b", element: "c\n3:x", at: at))
        let two = AuditChain.entry(following: nil, AuditEvent(actor: "a", action: "b", element: "c", oldValue: "x", at: at))
        #expect(one.hash != two.hash)
        let absent = AuditChain.entry(following: nil, AuditEvent(actor: "a", action: "b", element: "c", oldValue: nil, at: at))
        let empty = AuditChain.entry(following: nil, AuditEvent(actor: "a", action: "b", element: "c", oldValue: "", at: at))
        #expect(absent.hash != empty.hash)
    }
}
