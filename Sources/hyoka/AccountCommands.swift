import ArgumentParser
import Foundation
import HyokaAccounts
import HyokaExport
import HyokaPostgres
import HyokaStore

extension Role: ExpressibleByArgument {}

extension StoreOptions {
    /// Runs `body` with the account service over the store `--db` names. The
    /// SQLite file is created when needed, so that the first administrator
    /// can be added to a new database.
    func withAccounts<T>(_ body: (AccountService) async throws -> T) async throws -> T {
        switch StoreLocation(databasePath()) {
        case .sqlite(let path):
            return try await body(AccountService(store: Self.openStore(at: path)))
        case .postgres(let url):
            return try await PostgresStore.withStore(url: url) { store in try await body(AccountService(store: store)) }
        }
    }
}

/// Who a command run on the server acts as, in the audit log: the operating
/// system's user, since whoever can run it can already reach the database.
enum CommandActor {
    static var name: String { "cli:\(ProcessInfo.processInfo.userName)" }
}

/// Reads a password from standard input, never from the command line (where
/// `ps` and the shell's history would show it). At a terminal the typing is
/// not echoed and the password is asked twice; from a pipe the first line is read.
enum PasswordInput {
    static func read(confirming: Bool = true) throws -> String {
        if isatty(STDIN_FILENO) == 1 {
            let first = try prompt("Password: ")
            if confirming, try prompt("Password again: ") != first {
                throw ValidationError("The two passwords differ.")
            }
            return first
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("Give the password on standard input, e.g. `printf '%s\\n' \"$PASSWORD\" | hyoka user add …`.")
        }
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }

    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw ValidationError("No password was typed.") }
        return line
    }
}

/// Text from the database made safe for a terminal: control and format
/// characters (escape sequences, bidirectional overrides) become U+FFFD, so
/// that a hostile name cannot move the cursor, recolour or reorder the listing.
enum TerminalText {
    static func safe(_ text: String) -> String {
        var safe = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: safe.append("\u{FFFD}")
            default: safe.append(scalar)
            }
        }
        return String(safe)
    }
}

extension Hyoka {
    /// `hyoka user …`
    struct User: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add, change, disable and list the accounts that sign in to the web application.",
            discussion: """
                Roles: author (作成者), approver (作成責任者), reviewer (点検), expert (外部有識者), publisher and admin. \
                Every role but reviewer and admin works for one ministry: give --ministry. Passwords are read from \
                standard input, never from the command line. Every change is written to the audit log.
                """,
            subcommands: [Add.self, Passwd.self, SetRole.self, Disable.self, ListUsers.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add an account; its password is read from standard input.")
            @OptionGroup var storeOptions: StoreOptions
            @Argument(help: "The sign-in name.") var name: String
            @Option(help: "author, approver, reviewer, expert, publisher or admin.") var role: Role
            @Option(help: "The ministry of a scoped role, as the documents name it (e.g. 外務省).") var ministry: String?
            @Option(help: "The name shown on pages (default: the sign-in name).") var displayName: String?

            func run() async throws {
                try await reportingErrors {
                    try AccountRules.checkName(name)
                    try AccountRules.checkScope(role: role, ministry: ministry)
                    let password = try PasswordInput.read()
                    _ = try await storeOptions.withAccounts { service in
                        try await service.addAccount(name: name, displayName: displayName, role: role, ministry: ministry, password: password,
                                                     by: CommandActor.name)
                    }
                    print("Added \(TerminalText.safe(name)) (\(role.rawValue)\(ministry.map { ", \(TerminalText.safe($0))" } ?? "")).")
                }
            }
        }

        struct Passwd: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Set an account's password (read from standard input); its sessions end.")
            @OptionGroup var storeOptions: StoreOptions
            @Argument(help: "The sign-in name.") var name: String

            func run() async throws {
                try await reportingErrors {
                    let password = try PasswordInput.read()
                    try await storeOptions.withAccounts { try await $0.setPassword(name: name, password: password, by: CommandActor.name) }
                    print("Changed the password of \(TerminalText.safe(name)).")
                }
            }
        }

        struct SetRole: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "role", abstract: "Give an account another role (and ministry); its sessions end.")
            @OptionGroup var storeOptions: StoreOptions
            @Argument(help: "The sign-in name.") var name: String
            @Argument(help: "author, approver, reviewer, expert, publisher or admin.") var role: Role
            @Option(help: "The ministry of a scoped role (e.g. 外務省).") var ministry: String?

            func run() async throws {
                try await reportingErrors {
                    try await storeOptions.withAccounts { try await $0.setRole(name: name, role: role, ministry: ministry, by: CommandActor.name) }
                    print("\(TerminalText.safe(name)) is now \(role.rawValue)\(ministry.map { " of \(TerminalText.safe($0))" } ?? "").")
                }
            }
        }

        struct Disable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Disable an account: it can no longer sign in, and its sessions and tokens stop working.")
            @OptionGroup var storeOptions: StoreOptions
            @Argument(help: "The sign-in name.") var name: String

            func run() async throws {
                try await reportingErrors {
                    try await storeOptions.withAccounts { try await $0.disable(name: name, by: CommandActor.name) }
                    print("Disabled \(TerminalText.safe(name)).")
                }
            }
        }

        struct ListUsers: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List the accounts.")
            @OptionGroup var storeOptions: StoreOptions

            func run() async throws {
                try await reportingErrors {
                    let accounts = try await storeOptions.withAccounts { try await $0.accounts() }
                    let rows = accounts.map { account in
                        [account.name, account.role.rawValue, account.ministry ?? "", account.disabled ? "disabled" : "", account.displayName]
                            .map(TerminalText.safe)
                    }
                    print(TextLayout.table(header: ["NAME", "ROLE", "MINISTRY", "STATE", "DISPLAY NAME"], rows: rows))
                }
            }
        }
    }

    /// `hyoka token add NAME`
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue API tokens: machine clients send one as `Authorization: Bearer TOKEN` and act with the account's role.",
            subcommands: [Add.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Issue a token for an account and print it once: only its hash is kept.")
            @OptionGroup var storeOptions: StoreOptions
            @Argument(help: "The sign-in name of the account the token acts for.") var name: String

            func run() async throws {
                try await reportingErrors {
                    let token = try await storeOptions.withAccounts { try await $0.issueToken(for: name, by: CommandActor.name) }
                    print(token.value)
                }
            }
        }
    }

    /// `hyoka audit …`
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check and export the audit log (every change, chained by SHA-256 hashes).",
            subcommands: [Verify.self, ExportLog.self]
        )

        struct Verify: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check the hash chain; name the first entry that was changed, removed or inserted.",
                discussion: "Exit status 1 when the chain is broken. Keep the printed last hash elsewhere: a log rewritten from its start can only be told by it.")
            @OptionGroup var storeOptions: StoreOptions

            func run() async throws {
                try await reportingErrors {
                    switch try await storeOptions.withAccounts({ try await $0.verifyAudit() }) {
                    case .intact(let count, let lastHash):
                        print("The audit log is intact: \(count) entries\(lastHash.map { ", last hash \($0)" } ?? "").")
                    case .broken(let sequence, let reason):
                        printError("The audit log is broken at entry \(sequence): \(reason).")
                        throw ExitCode.failure
                    }
                }
            }
        }

        struct ExportLog: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the audit log to standard output as JSON (default) or CSV.")
            @OptionGroup var storeOptions: StoreOptions
            @Flag(help: "CSV (UTF-8 with a byte order mark, cells made inert for spreadsheets).") var csv = false
            @Flag(help: "JSON: an array of entries with their hashes (the default).") var json = false

            func validate() throws {
                if csv && json { throw ValidationError("Give --csv or --json, not both.") }
            }

            func run() async throws {
                try await reportingErrors {
                    let entries = try await storeOptions.withAccounts { try await $0.store.auditEntries() }
                    if csv {
                        FileHandle.standardOutput.write(Data(AuditCSV.text(entries).utf8))
                    } else {
                        print(try JSONOutput.string(entries))
                    }
                }
            }
        }
    }
}

/// The audit log as a CSV table, through the exports' own writer.
enum AuditCSV {
    static let columns = ["sequence", "at", "actor", "action", "element", "old_value", "new_value", "previous_hash", "hash"]

    static func text(_ entries: [AuditEntry]) -> String {
        var writer = CSVWriter(columns: columns)
        for entry in entries {
            writer.append(cells: [.number(String(entry.sequence))] + [
                entry.at, entry.actor, entry.action, entry.element, entry.oldValue ?? "", entry.newValue ?? "", entry.previousHash, entry.hash,
            ].map(CSVWriter.Cell.text))
        }
        return writer.text
    }
}
