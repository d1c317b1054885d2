import ArgumentParser
import Foundation
import HyokaImport
import HyokaReviewSheets
import HyokaStore
import HyokaWeb

/// Errors the CLI itself raises.
enum CLIError: Error, CustomStringConvertible {
    case noDocument(reference: String)
    case cannotOpenDatabase(path: String, reason: String)
    case cannotWriteOutput(path: String, reason: String)
    case cannotReadRules(path: String, reason: String)
    case noProject(id: Int, year: Int?)
    case noLink(target: String, projectID: Int, known: [String])
    case noReviewSheets(database: String)
    case noDatabase(path: String)
    case portInUse(host: String, port: Int)
    case noDrafts(database: String)

    var description: String {
        switch self {
        case .noDocument(let reference):
            "no document matches “\(reference)”. Give an id, an id prefix (4 characters or more) or a file name; `hyoka list` shows what is stored."
        case .cannotOpenDatabase(let path, let reason):
            "cannot open or create the database at \(path): \(reason). Check that its directory exists and is writable, or choose another with --db."
        case .cannotReadRules(let path, let reason):
            "cannot use the rules in \(path): \(reason). It must be a JSON object such as {\"lowExecutionRate\": 0.7}; see docs/review-rules.md."
        case .cannotWriteOutput(let path, let reason):
            "cannot write \(path): \(reason). Check that its directory exists and is writable."
        case .noProject(let id, let year):
            "no review-sheet project \(id)\(year.map { " of 事業年度 \($0)" } ?? ""). `hyoka projects` lists what is stored; import the RS export with `hyoka import FOLDER`."
        case .noLink(let target, let projectID, let known):
            "project \(projectID) has no suggested link to \(target)" + (known.isEmpty ? "." : "; its links: \(known.joined(separator: ", ")).")
        case .noReviewSheets(let database):
            "\(database) cannot store review sheets."
        case .noDatabase(let path):
            "there is no database at \(path). Check the path (or HYOKA_DB), import documents first with `hyoka import --db \(path) FILE…`, or pass --create to serve an empty one."
        case .portInUse(let host, let port):
            "port \(port) on \(host) is already in use by another program. Stop it, or choose another port with --port."
        case .noDrafts(let database):
            "\(database) cannot store drafts."
        }
    }
}

/// Exit statuses from sysexits(3), so that scripts can tell failures apart.
enum ExitStatus {
    static let failure: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let unavailable: Int32 = 69
    static let cannotCreate: Int32 = 73

    /// The exit status for an error.
    static func code(for error: any Error) -> Int32 {
        switch error {
        case let error as ImportError: code(for: error)
        case let error as StoreError: code(for: error)
        case let error as ReviewSheetError: code(for: error)
        case CLIError.cannotOpenDatabase, CLIError.cannotWriteOutput: cannotCreate
        case is ValidationError: usage
        case CLIError.noDatabase: noInput
        case CLIError.portInUse: unavailable
        case PDFPrinterError.chromiumMissing: unavailable
        case CLIError.cannotReadRules: dataError
        default: failure
        }
    }

    static func code(for error: ImportError) -> Int32 {
        switch error {
        case .fileNotFound, .isDirectory, .unreadable, .corpusNotFound, .noImportableFiles: noInput
        case .emptyFile, .whitespaceOnly, .binaryInput, .notUTF8, .pdftotextFailed, .pdfHasNoText: dataError
        case .pdftotextMissing: unavailable
        case .duplicateContent, .duplicateSourceName: failure
        }
    }

    static func code(for error: ReviewSheetError) -> Int32 {
        if case .unreadable = error { return noInput }
        return dataError
    }

    // `if case` rather than `switch`: StoreError belongs to another module and
    // may grow cases; those fall through to a plain failure.
    static func code(for error: StoreError) -> Int32 {
        if case .cannotOpen = error { return cannotCreate }
        if case .corruptDocument = error { return dataError }
        return failure
    }
}

/// Runs a command's body. An error is printed to stderr as `error: …` and
/// becomes the matching exit status; nothing else reaches the user.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError(error)
        throw ExitCode(ExitStatus.code(for: error))
    }
}

/// `reportingErrors` for commands that run asynchronously.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError(error)
        throw ExitCode(ExitStatus.code(for: error))
    }
}

/// Writes `error: <message>` to stderr.
func printError(_ error: any Error) {
    printError(errorMessage(for: error))
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
}

/// The message for an error: its own description when it has one written for
/// people, Foundation's localised text otherwise.
func errorMessage(for error: any Error) -> String {
    switch error {
    case let error as ImportError: error.description
    case let error as CLIError: error.description
    case let error as CocoaError: error.localizedDescription
    case let error as CustomStringConvertible: error.description
    default: error.localizedDescription
    }
}
