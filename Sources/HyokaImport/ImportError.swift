import Foundation

/// Why a file could not be imported.
///
/// Every case names the file and says what to do about it, so that the
/// message alone is enough for the person running the import.
public enum ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing exists at the path.
    case fileNotFound(path: String)
    /// The path names a directory, not a file.
    case isDirectory(path: String)
    /// The file exists but could not be read (permissions, I/O error).
    case unreadable(path: String, reason: String)
    /// The file has no bytes at all.
    case emptyFile(path: String)
    /// The file holds only white space and line breaks.
    case whitespaceOnly(path: String)
    /// The file is not text: it holds NUL bytes or mostly control characters.
    case binaryInput(path: String, reason: String)
    /// The file is text in another encoding than UTF-8.
    ///
    /// `offset` is the 0-based byte offset of the first invalid sequence,
    /// `line` its 1-based line; `suggestedEncoding` is the most likely source
    /// encoding, for the `iconv` hint.
    case notUTF8(path: String, offset: Int, line: Int, suggestedEncoding: String)
    /// A PDF was given and no `pdftotext` can be run.
    ///
    /// `override` is the value of `HYOKA_PDFTOTEXT` when it was set.
    case pdftotextMissing(path: String, override: String?)
    /// `pdftotext` ran and failed.
    case pdftotextFailed(path: String, status: Int32, stderr: String)
    /// `pdftotext` succeeded but the PDF has no text layer (a scan, say).
    case pdfHasNoText(path: String)
    /// The same content was given twice under different paths in one import.
    case duplicateContent(path: String, sameAs: String)
    /// Two different files with the same file name were given in one import;
    /// documents are known by file name, so one would silently replace the other.
    case duplicateSourceName(path: String, sameAs: String)
    /// The bundled sample corpus could not be found.
    case corpusNotFound(searched: [String])
    /// A directory given to import holds no `.txt` or `.pdf` file.
    case noImportableFiles(directory: String)

    /// The file the error is about, when it is about one.
    public var path: String? {
        switch self {
        case .fileNotFound(let path), .isDirectory(let path), .unreadable(let path, _), .emptyFile(let path),
             .whitespaceOnly(let path), .binaryInput(let path, _), .notUTF8(let path, _, _, _),
             .pdftotextMissing(let path, _), .pdftotextFailed(let path, _, _), .pdfHasNoText(let path),
             .duplicateContent(let path, _), .duplicateSourceName(let path, _), .noImportableFiles(let path):
            path
        case .corpusNotFound:
            nil
        }
    }

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such file. Check the path."
        case .isDirectory(let path):
            return "\(path) is a directory, not a file. Give the files inside it, e.g. \(path)/*.txt."
        case .noImportableFiles(let directory):
            return "\(directory) holds no .txt or .pdf file to import. Check the folder, or give the files themselves."
        case .unreadable(let path, let reason):
            return "\(path) could not be read: \(reason). Check its permissions."
        case .emptyFile(let path):
            return "\(path) is empty (0 bytes): there is nothing to import."
        case .whitespaceOnly(let path):
            return "\(path) holds only white space: there is nothing to import."
        case .binaryInput(let path, let reason):
            return "\(path) is binary, not text (\(reason)). "
                + "Give the text extracted from the report (pdftotext -layout), or the PDF itself."
        case .notUTF8(let path, let offset, let line, let encoding):
            return "\(path) is not UTF-8: invalid byte sequence at byte offset \(offset) (line \(line)). "
                + "Convert it to UTF-8 first, e.g. `iconv -f \(encoding) -t UTF-8 \(path) > converted.txt`"
                + (encoding == "SHIFT_JIS" ? " (use the encoding the file is really in, such as CP932 or EUC-JP)." : ".")
        case .pdftotextMissing(let path, let override?):
            return "\(path) is a PDF and HYOKA_PDFTOTEXT=\(override) is not an executable file. "
                + "Point HYOKA_PDFTOTEXT at pdftotext, or unset it and install poppler-utils (apt-get install poppler-utils)."
        case .pdftotextMissing(let path, nil):
            return "\(path) is a PDF and pdftotext is not installed (not found on PATH): "
                + "install poppler-utils (apt-get install poppler-utils), or set HYOKA_PDFTOTEXT to the pdftotext binary."
        case .pdftotextFailed(let path, let status, let stderr):
            let detail = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return "pdftotext could not convert \(path) (exit status \(status))"
                + (detail.isEmpty ? "." : ": \(detail).")
                + " The PDF may be damaged or encrypted."
        case .pdfHasNoText(let path):
            return "\(path) is a PDF without a text layer (a scanned document?): pdftotext found no text, and Hyoka does not do OCR."
        case .duplicateContent(let path, let other):
            return "\(path) has the same content as \(other), given in the same import. Import only one of them."
        case .duplicateSourceName(let path, let other):
            return "\(path) has the same file name as \(other), given in the same import; documents are known by file name, "
                + "so one would replace the other. Rename one of them."
        case .corpusNotFound(let searched):
            return "the bundled sample corpus (corpus/*.txt) was not found. Run from the repository root. Looked in: "
                + searched.joined(separator: ", ")
        }
    }
}
