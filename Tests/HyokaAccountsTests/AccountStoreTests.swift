import Foundation
import HyokaAccounts
import Testing

@Suite("Accounts in both stores")
struct AccountStoreTests {
    static let password = "a long enough password"

    @Test("Accounts are added, read back, changed and listed", arguments: AccountStoreKind.available)
    func roundTrip(kind: AccountStoreKind) async throws {
        try await kind.withStore { store, _ in
            let service = AccountService.testing(store)
            try await service.addAccount(name: "yamada", displayName: "山田 <script>", role: .author, ministry: "外務省", password: Self.password, by: "cli:root")
            try await service.addAccount(name: "admin", role: .admin, ministry: nil, password: Self.password, by: "cli:root")
            let yamada = try #require(try await store.account(named: "yamada"))
            #expect(yamada.displayName == "山田 <script>")
            #expect(yamada.role == .author && yamada.ministry == "外務省" && !yamada.disabled)
            #expect(yamada.passwordHash.hasPrefix("$2"))
            #expect(try await store.accounts().map(\.name) == ["admin", "yamada"])

            try await service.setRole(name: "yamada", role: .approver, ministry: "外務省", by: "admin")
            try await service.disable(name: "yamada", by: "admin")
            let changed = try #require(try await store.account(named: "yamada"))
            #expect(changed.role == .approver && changed.disabled)

            await #expect(throws: AccountError.duplicateAccount("admin")) {
                try await service.addAccount(name: "admin", role: .admin, ministry: nil, password: Self.password, by: "cli:root")
            }
            await #expect(throws: AccountError.noSuchAccount("nobody")) { try await service.disable(name: "nobody", by: "admin") }
            await #expect(throws: AccountError.self) {
                try await service.addAccount(name: "sato", role: .author, ministry: nil, password: Self.password, by: "cli:root")
            }

            // Every change is in the log, in order, with who made it.
            let entries = try await store.auditEntries()
            #expect(entries.map(\.action) == [AuditAction.createAccount, AuditAction.createAccount, AuditAction.changeRole, AuditAction.disableAccount])
            #expect(entries.map(\.actor) == ["cli:root", "cli:root", "admin", "admin"])
            #expect(entries[2].oldValue == "author (外務省)" && entries[2].newValue == "approver (外務省)")
            #expect(try await service.verifyAudit() == .intact(count: 4, lastHash: entries[3].hash))
            // The password's hash is never written to the log.
            #expect(!entries.contains { ($0.newValue ?? "").contains("$2") })
        }
    }

    @Test("An API token is stored as its digest and authenticates its account until the account is disabled", arguments: AccountStoreKind.available)
    func tokens(kind: AccountStoreKind) async throws {
        try await kind.withStore { store, _ in
            let service = AccountService.testing(store)
            try await service.addAccount(name: "bot", role: .reviewer, ministry: nil, password: Self.password, by: "cli:root")
            let token = try await service.issueToken(for: "bot", by: "cli:root")
            #expect(try await store.token(digest: token.value) == nil)
            #expect(try await store.token(digest: token.digest)?.accountName == "bot")
            #expect(try await service.account(forToken: token.value)?.name == "bot")
            #expect(try await service.account(forToken: token.value + "x") == nil)
            try await service.disable(name: "bot", by: "cli:root")
            #expect(try await service.account(forToken: token.value) == nil)
        }
    }

    @Test("Sessions: a new id at every sign-in, the one held before ended, sign-out ends it", arguments: AccountStoreKind.available)
    func sessions(kind: AccountStoreKind) async throws {
        try await kind.withStore { store, _ in
            let clock = TestClock()
            let service = AccountService.testing(store, clock: clock)
            try await service.addAccount(name: "yamada", role: .author, ministry: "外務省", password: Self.password, by: "cli:root")
            let planted = SecretToken.generate().value
            guard case .signedIn(_, let first) = try await service.signIn(name: "yamada", password: Self.password, previousSession: planted) else {
                Issue.record("sign-in refused"); return
            }
            #expect(first.value != planted)
            #expect(try await service.account(forSession: planted) == nil)
            #expect(try await service.account(forSession: first.value)?.name == "yamada")
            #expect(try await store.session(digest: first.value) == nil) // only the digest is stored
            guard case .signedIn(_, let second) = try await service.signIn(name: "yamada", password: Self.password, previousSession: first.value) else {
                Issue.record("sign-in refused"); return
            }
            #expect(second != first)
            #expect(try await service.account(forSession: first.value) == nil)
            // Sessions end by themselves after their lifetime.
            clock.advance(service.sessionLifetime + 1)
            #expect(try await service.account(forSession: second.value) == nil)
            clock.advance(-service.sessionLifetime - 1)
            guard case .signedIn(_, let third) = try await service.signIn(name: "yamada", password: Self.password) else {
                Issue.record("sign-in refused"); return
            }
            try await service.signOut(session: third.value)
            #expect(try await service.account(forSession: third.value) == nil)
            #expect(try await store.auditEntries().last?.action == AuditAction.signOut)
        }
    }

    @Test("Locked after N wrong passwords, even for the right one; open again after T", arguments: AccountStoreKind.available)
    func lockout(kind: AccountStoreKind) async throws {
        try await kind.withStore { store, _ in
            let clock = TestClock()
            let service = AccountService.testing(store, clock: clock, lockout: LockoutPolicy(maximumFailures: 3, lockDuration: 600))
            try await service.addAccount(name: "yamada", role: .author, ministry: "外務省", password: Self.password, by: "cli:root")
            #expect(try await service.signIn(name: "yamada", password: "wrong one 1") == .refused)
            #expect(try await service.signIn(name: "yamada", password: "wrong one 2") == .refused)
            let until = clock.now.addingTimeInterval(600)
            #expect(try await service.signIn(name: "yamada", password: "wrong one 3") == .locked(until: until))
            #expect(try await service.signIn(name: "yamada", password: Self.password) == .locked(until: until))
            clock.advance(599)
            #expect(try await service.signIn(name: "yamada", password: Self.password) == .locked(until: until))
            clock.advance(1)
            guard case .signedIn(let account, _) = try await service.signIn(name: "yamada", password: Self.password) else {
                Issue.record("not open again after the lock"); return
            }
            #expect(account.failedAttempts == 0 && account.lockedUntil == nil)
            #expect(try await store.auditEntries().contains { $0.action == AuditAction.lockAccount && $0.element == "account:yamada" })
        }
    }

    @Test("Unknown names, disabled accounts and wrong passwords get the same answer", arguments: AccountStoreKind.available)
    func refusals(kind: AccountStoreKind) async throws {
        try await kind.withStore { store, _ in
            let service = AccountService.testing(store)
            try await service.addAccount(name: "gone", role: .reviewer, ministry: nil, password: Self.password, by: "cli:root")
            try await service.disable(name: "gone", by: "cli:root")
            #expect(try await service.signIn(name: "nobody", password: Self.password) == .refused)
            #expect(try await service.signIn(name: "gone", password: Self.password) == .refused)
        }
    }

    @Test("A new password ends the sessions and works; the old one no longer does", arguments: AccountStoreKind.available)
    func passwordChange(kind: AccountStoreKind) async throws {
        try await kind.withStore { store, _ in
            let service = AccountService.testing(store)
            try await service.addAccount(name: "yamada", role: .author, ministry: "外務省", password: Self.password, by: "cli:root")
            guard case .signedIn(_, let session) = try await service.signIn(name: "yamada", password: Self.password) else {
                Issue.record("sign-in refused"); return
            }
            try await service.setPassword(name: "yamada", password: "another long password", by: "cli:root")
            #expect(try await service.account(forSession: session.value) == nil)
            #expect(try await service.signIn(name: "yamada", password: Self.password) == .refused)
            guard case .signedIn = try await service.signIn(name: "yamada", password: "another long password") else {
                Issue.record("the new password was refused"); return
            }
        }
    }
}

@Suite("The audit log in the stores: append-only, and tampering shows")
struct StoredAuditTests {
    static func fill(_ store: any AccountStore) async throws {
        let service = AccountService.testing(store)
        try await service.addAccount(name: "yamada", role: .author, ministry: "外務省", password: "a long enough password", by: "cli:root")
        try await service.setRole(name: "yamada", role: .publisher, ministry: "外務省", by: "cli:root")
        try await service.disable(name: "yamada", by: "cli:root")
    }

    @Test("The database refuses UPDATE and DELETE on the log", arguments: AccountStoreKind.available)
    func appendOnly(kind: AccountStoreKind) async throws {
        try await kind.withStore { store, sql in
            try await Self.fill(store)
            await #expect(throws: (any Error).self) { try await sql("UPDATE audit_log SET actor = 'someone' WHERE sequence = 2") }
            await #expect(throws: (any Error).self) { try await sql("DELETE FROM audit_log WHERE sequence = 3") }
            #expect(try await store.auditEntries().count == 3)
            #expect(try await store.auditEntries()[1].actor == "cli:root")
        }
    }

    @Test("A row edited directly in the database is named by the verifier", arguments: AccountStoreKind.available)
    func tampered(kind: AccountStoreKind) async throws {
        try await kind.withStore { store, sql in
            try await Self.fill(store)
            let service = AccountService.testing(store)
            guard case .intact(count: 3, _) = try await service.verifyAudit() else { Issue.record("not intact before"); return }
            // Someone with the database's password removes the guard and rewrites who changed the role.
            switch kind {
            case .sqlite: try await sql("DROP TRIGGER audit_log_no_update")
            case .postgres: try await sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
            }
            try await sql("UPDATE audit_log SET new_value = 'admin' WHERE sequence = 2")
            guard case .broken(let sequence, let reason) = try await service.verifyAudit() else { Issue.record("tampering not detected"); return }
            #expect(sequence == 2)
            #expect(reason.contains("changed"))
        }
    }

    @Test("A deleted row is named by the verifier", arguments: AccountStoreKind.available)
    func deleted(kind: AccountStoreKind) async throws {
        try await kind.withStore { store, sql in
            try await Self.fill(store)
            switch kind {
            case .sqlite: try await sql("DROP TRIGGER audit_log_no_delete")
            case .postgres: try await sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
            }
            try await sql("DELETE FROM audit_log WHERE sequence = 1")
            guard case .broken(let sequence, _) = try await AccountService.testing(store).verifyAudit() else { Issue.record("not detected"); return }
            #expect(sequence == 1)
        }
    }

    @Test("Appending from many tasks at once keeps one unbroken chain", arguments: AccountStoreKind.available)
    func concurrentAppends(kind: AccountStoreKind) async throws {
        try await kind.withStore { store, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await store.appendAudit(AuditEvent(actor: "t\(index)", action: "test", element: "e", at: Date()))
                    }
                }
                try await group.waitForAll()
            }
            guard case .intact(count: 20, _) = AuditVerifier.verify(try await store.auditEntries()) else { Issue.record("chain broken"); return }
        }
    }
}
