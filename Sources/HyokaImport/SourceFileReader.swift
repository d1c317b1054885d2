import Foundation

/// A source file read from disk and decoded to text.
public struct SourceFile: Sendable, Equatable {
    /// The path as given.
    public var path: String
    /// The file name without directories; documents are stored under it.
    public var name: String
    /// Hex SHA-256 of the file's bytes (of the PDF's bytes for a PDF).
    public var contentHash: String
    /// The decoded text: UTF-8, byte order mark removed. For a PDF, the
    /// output of `pdftotext -layout` put into reading order (columns one
    /// after the other, see `ColumnReadingOrder`), pages separated by form
    /// feeds: the text that line numbers refer to.
    public var text: String
    /// True when the text was extracted from a PDF.
    public var isPDF: Bool

    /// The document id: the first 16 hex characters of `contentHash`.
    public var id: String { ContentHash.documentID(forHash: contentHash) }
}

/// Reads a file into text Hyoka can recognise, or says exactly why it cannot.
///
/// Text files must be UTF-8 (a byte order mark is accepted and dropped). PDF
/// files, known by their `%PDF-` magic bytes or a `.pdf` extension, are
/// converted with `pdftotext -layout FILE -` from poppler-utils: the binary
/// named by the `HYOKA_PDFTOTEXT` environment variable when it is set, else
/// the first `pdftotext` on `PATH`; pages set in columns are then put into
/// reading order by `ColumnReadingOrder`. Line ends are left as they are; `SourceText`
/// accepts `\n`, `\r\n` and `\r`.
public struct SourceFileReader: Sendable {
    /// The environment that `PATH` and `HYOKA_PDFTOTEXT` are read from.
    /// Injected rather than read globally so that tests can point it elsewhere.
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// True when a pdftotext binary can be found (the `HYOKA_PDFTOTEXT`
    /// override, else `pdftotext` on `PATH`), so that PDFs can be read.
    public var canConvertPDFs: Bool {
        let extractor = PDFTextExtractor(environment: environment)
        return extractor.locateTool(override: environment[PDFTextExtractor.overrideVariable].flatMap { $0.isEmpty ? nil : $0 }) != nil
    }

    /// Reads and decodes the file at `path`.
    public func read(_ path: String) throws(ImportError) -> SourceFile {
        let bytes = try Self.contents(of: path)
        guard !bytes.isEmpty else { throw .emptyFile(path: path) }
        let hash = ContentHash.sha256Hex(of: bytes)
        let name = URL(fileURLWithPath: path).lastPathComponent
        if Self.isPDF(bytes, path: path) {
            let output = try PDFTextExtractor(environment: environment).extractText(fromPDFAt: path)
            let text: String
            do throws(ImportError) {
                text = try TextDecoding.decode(output, path: path)
            } catch {
                switch error {
                case .emptyFile, .whitespaceOnly: throw .pdfHasNoText(path: path)
                default: throw error
                }
            }
            return SourceFile(path: path, name: name, contentHash: hash, text: ColumnReadingOrder().reorder(text), isPDF: true)
        }
        let text = try TextDecoding.decode(bytes, path: path)
        return SourceFile(path: path, name: name, contentHash: hash, text: text, isPDF: false)
    }

    /// `paths` with every directory replaced by the `.txt` and `.pdf` files
    /// directly inside it, sorted by name (hidden files and subdirectories
    /// are left out), so that `hyoka import folder/` works for folders too
    /// large for a shell's argument list.
    /// - Throws: `ImportError.noImportableFiles` for a directory with none.
    public static func expandingDirectories(_ paths: [String]) throws(ImportError) -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                result.append(path)
                continue
            }
            let directory = URL(fileURLWithPath: path)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { !$0.hasPrefix(".") && ["txt", "pdf"].contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
                .sorted()
            let files = names.map { directory.appendingPathComponent($0).path }.filter { file in
                var isFolder: ObjCBool = false
                return FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) && !isFolder.boolValue
            }
            guard !files.isEmpty else { throw .noImportableFiles(directory: path) }
            result += files
        }
        return result
    }

    /// True for `%PDF-` magic bytes or a `.pdf` extension.
    static func isPDF(_ bytes: Data, path: String) -> Bool {
        bytes.starts(with: Array("%PDF-".utf8)) || URL(fileURLWithPath: path).pathExtension.lowercased() == "pdf"
    }

    private static func contents(of path: String) throws(ImportError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: path)
        }
        guard !isDirectory.boolValue else { throw .isDirectory(path: path) }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: Self.reason(for: error))
        }
    }

    private static func reason(for error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let message = strerror(Int32(underlying.code)) {
            return String(cString: message)
        }
        return nsError.localizedDescription
    }
}

/// Checks that bytes are UTF-8 text and decodes them.
enum TextDecoding {
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Decodes `bytes` as UTF-8 text, dropping a byte order mark.
    /// - Throws: `ImportError` for empty, white-space-only, binary or non-UTF-8 input.
    static func decode(_ data: Data, path: String) throws(ImportError) -> String {
        let bytes = [UInt8](data)
        guard !bytes.isEmpty else { throw .emptyFile(path: path) }
        // UTF-16 text is full of NUL bytes; name the encoding rather than call it binary.
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw .notUTF8(path: path, offset: 0, line: 1, suggestedEncoding: "UTF-16")
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw .binaryInput(path: path, reason: "it contains NUL bytes, the first at byte offset \(nul)")
        }
        if isMostlyControlCharacters(bytes) {
            throw .binaryInput(path: path, reason: "it is mostly control characters, not text")
        }
        if let offset = firstInvalidUTF8Offset(bytes) {
            throw .notUTF8(path: path, offset: offset, line: lineNumber(ofOffset: offset, in: bytes), suggestedEncoding: "SHIFT_JIS")
        }
        let body = bytes.starts(with: byteOrderMark) ? bytes.dropFirst(byteOrderMark.count) : bytes[...]
        let text = String(decoding: body, as: UTF8.self)
        guard text.contains(where: { !$0.isWhitespace }) else { throw .whitespaceOnly(path: path) }
        return text
    }

    /// True when more than a tenth of the first 8 KiB are C0 control
    /// characters other than tab, line feed, vertical tab, form feed (which
    /// pdftotext writes between pages), carriage return and escape.
    static func isMostlyControlCharacters(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(8192)
        let controls = sample.count { $0 < 0x20 && !(0x09...0x0D).contains($0) && $0 != 0x1B }
        return controls * 10 > sample.count
    }

    /// Offset of the first byte that does not start a well-formed UTF-8
    /// sequence (RFC 3629: no overlong forms, no surrogates, nothing above
    /// U+10FFFF), or nil when all of `bytes` is UTF-8. A sequence cut short by
    /// the end of the input is invalid at its first byte.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let secondRange: ClosedRange<UInt8>
            let length: Int
            switch lead {
            case 0x00...0x7F: index += 1; continue
            case 0xC2...0xDF: length = 2; secondRange = 0x80...0xBF
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3; secondRange = 0x80...0xBF
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4; secondRange = 0x80...0xBF
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return index
            }
            guard index + length <= bytes.count, secondRange.contains(bytes[index + 1]) else { return index }
            for continuation in bytes[(index + 2)..<(index + length)] where !(0x80...0xBF).contains(continuation) {
                return index
            }
            index += length
        }
        return nil
    }

    /// 1-based line of the byte at `offset`, counting line ends the way
    /// `SourceText` does: `\n`, `\r\n` and a lone `\r`.
    static func lineNumber(ofOffset offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        var index = 0
        while index < min(offset, bytes.count) {
            switch bytes[index] {
            case 0x0A: line += 1
            case 0x0D where index + 1 >= bytes.count || bytes[index + 1] != 0x0A: line += 1
            default: break
            }
            index += 1
        }
        return line
    }
}
