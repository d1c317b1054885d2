import Foundation
import HyokaAccounts
import HyokaPostgres
import Testing
@testable import HyokaStore

/// Runs the built `hyoka` executable with text on its standard input.
enum HyokaCommand {
    /// Next to the test bundle (SwiftPM builds it first: this target depends on it), else in the package's .build/debug.
    static let url: URL? = {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let starts = [Bundle.main.executableURL, CommandLine.arguments.first.map { URL(fileURLWithPath: $0) }]
            .compactMap { $0?.resolvingSymlinksInPath().deletingLastPathComponent() }
        let candidates = starts.flatMap { start in (0..<4).map { depth in
            (0..<depth).reduce(start) { url, _ in url.deletingLastPathComponent() }.appendingPathComponent("hyoka")
        } } + [package.appendingPathComponent(".build/debug/hyoka")]
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && FileManager.default.isExecutableFile(atPath: url.path)
        }
    }()

    static func run(_ arguments: [String], input: String = "") throws -> (status: Int32, stdout: String, stderr: String) {
        let executable = try #require(url, "the hyoka executable was not found next to the tests or in .build/debug")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hyoka-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (inURL, outURL, errURL) = (folder.appendingPathComponent("in"), folder.appendingPathComponent("out"), folder.appendingPathComponent("err"))
        try Data(input.utf8).write(to: inURL)
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HYOKA_DB"] = nil
        process.environment = environment
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

@Suite("hyoka user, token and audit")
struct AccountCLITests {
    static func database() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("hyoka-accounts-\(UUID().uuidString).sqlite").path
    }

    @Test("user add reads the password from standard input, never from the arguments")
    func addFromStandardInput() async throws {
        let db = Self.database()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let added = try HyokaCommand.run(["user", "add", "first-admin", "--role", "admin", "--db", db], input: "a long enough password\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("first-admin"))
        let store = try SQLiteStore(path: db)
        let account = try #require(try await store.account(named: "first-admin"))
        #expect(account.role == .admin)
        #expect(BcryptHasher().verify("a long enough password", against: account.passwordHash))
        let entry = try #require(try await store.auditEntries().first)
        #expect(entry.action == AuditAction.createAccount && entry.actor.hasPrefix("cli:"))

        // No password on standard input: refused, nothing added.
        let empty = try HyokaCommand.run(["user", "add", "second", "--role", "reviewer", "--db", db])
        #expect(empty.status != 0)
        #expect(empty.stderr.contains("standard input"))
        #expect(try await store.account(named: "second") == nil)
        // There is no option that takes a password.
        let argv = try HyokaCommand.run(["user", "add", "third", "--role", "reviewer", "--password", "a long enough password", "--db", db])
        #expect(argv.status == 64)
    }

    @Test("A scoped role without --ministry is refused before a password is asked")
    func scopeChecked() throws {
        let db = Self.database()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let result = try HyokaCommand.run(["user", "add", "yamada", "--role", "author", "--db", db], input: "a long enough password\n")
        #expect(result.status != 0)
        #expect(result.stderr.contains("--ministry"))
    }

    @Test("passwd, role, disable, list, token add and audit verify/export, each change in the log")
    func lifecycle() async throws {
        let db = Self.database()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let password = "a long enough password\n"
        #expect(try HyokaCommand.run(["user", "add", "yamada", "--role", "author", "--ministry", "外務省", "--display-name", "山田\u{202E}赤", "--db", db], input: password).status == 0)
        #expect(try HyokaCommand.run(["user", "passwd", "yamada", "--db", db], input: "another long password\n").status == 0)
        #expect(try HyokaCommand.run(["user", "role", "yamada", "approver", "--ministry", "外務省", "--db", db]).status == 0)
        let token = try HyokaCommand.run(["token", "add", "yamada", "--db", db])
        #expect(token.status == 0)
        #expect(token.stdout.hasPrefix("hyoka_"))
        #expect(try HyokaCommand.run(["user", "disable", "yamada", "--db", db]).status == 0)

        let list = try HyokaCommand.run(["user", "list", "--db", db])
        #expect(list.status == 0)
        #expect(list.stdout.contains("yamada") && list.stdout.contains("approver") && list.stdout.contains("disabled"))
        // A hostile display name cannot reorder the terminal's text (a right-to-left override).
        #expect(!list.stdout.contains("\u{202E}"))
        #expect(list.stdout.contains("山田\u{FFFD}赤"))

        let verify = try HyokaCommand.run(["audit", "verify", "--db", db])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("intact: 5 entries"))

        let json = try HyokaCommand.run(["audit", "export", "--json", "--db", db])
        let entries = try JSONDecoder().decode([AuditEntry].self, from: Data(json.stdout.utf8))
        #expect(entries.map(\.action) == [AuditAction.createAccount, AuditAction.changePassword, AuditAction.changeRole,
                                          AuditAction.createToken, AuditAction.disableAccount])
        #expect(!json.stdout.contains(token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let csv = try HyokaCommand.run(["audit", "export", "--csv", "--db", db])
        #expect(csv.stdout.hasPrefix("\u{FEFF}sequence,at,actor,action"))
        #expect(csv.stdout.components(separatedBy: "\r\n").count == 7) // header, 5 entries, the empty rest

        // Tampered with directly in the file: verify names the entry and fails.
        let store = try SQLiteStore(path: db)
        try await store.database.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET actor = 'someone-else' WHERE sequence = 3")
        }
        let broken = try HyokaCommand.run(["audit", "verify", "--db", db])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("entry 3"))
    }

    @Test("The same commands on PostgreSQL, with the URL the other commands take", AccountStoreKind.postgresEnabled)
    func postgres() async throws {
        let base = try #require(AccountStoreKind.postgresURL)
        let schema = "cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let url = base + (base.contains("?") ? "&" : "?") + "schema=\(schema)"
        let added = try HyokaCommand.run(["user", "add", "admin", "--role", "admin", "--db", url], input: "a long enough password\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try HyokaCommand.run(["user", "add", "tanaka", "--role", "publisher", "--ministry", "総務省", "--db", url],
                                     input: "a long enough password\n").status == 0)
        #expect(try HyokaCommand.run(["user", "disable", "tanaka", "--db", url]).status == 0)
        let list = try HyokaCommand.run(["user", "list", "--db", url])
        #expect(list.stdout.contains("admin") && list.stdout.contains("tanaka") && list.stdout.contains("総務省"))
        let verify = try HyokaCommand.run(["audit", "verify", "--db", url])
        #expect(verify.status == 0 && verify.stdout.contains("intact: 3 entries"), "\(verify.stderr)")
        try await PostgresStore.withStore(url: url) { store in
            #expect(try await store.auditEntries().map(\.action) == [AuditAction.createAccount, AuditAction.createAccount, AuditAction.disableAccount])
            try await store.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
            try await store.execute("UPDATE audit_log SET element = 'account:someone' WHERE sequence = 2")
        }
        let broken = try HyokaCommand.run(["audit", "verify", "--db", url])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("entry 2"))
        try await PostgresStore.withStore(url: url) { store in try await store.execute("DROP SCHEMA \(schema) CASCADE") }
    }
}
