import Foundation
@testable import HyokaImport
import Testing

@Suite("Reading source files")
struct SourceFileReaderTests {
    let reader = SourceFileReader()

    @Test func missingFileIsReportedAsNotFound() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("missing.txt")
        #expect(throws: ImportError.fileNotFound(path: path)) { try reader.read(path) }
    }

    @Test func directoryIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: ImportError.isDirectory(path: directory.url.path)) { try reader.read(directory.url.path) }
    }

    @Test func emptyFileIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("empty.txt", [])
        #expect(throws: ImportError.emptyFile(path: path)) { try reader.read(path) }
    }

    @Test func whiteSpaceOnlyFileIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("blank.txt", " \n\t\r\n\u{3000}\n\n")
        #expect(throws: ImportError.whitespaceOnly(path: path)) { try reader.read(path) }
    }

    @Test func nulBytesMeanBinaryInput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("image.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])
        let error = try #require(throws: ImportError.self) { try reader.read(path) }
        guard case .binaryInput(path, let reason) = error else {
            Issue.record("expected binaryInput, got \(error)")
            return
        }
        #expect(reason.contains("NUL bytes, the first at byte offset 8"))
        #expect(error.description.contains("is binary, not text"))
    }

    @Test func controlCharactersWithoutNulAreNotText() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("data.bin", Array(repeating: [0x01, 0x02, 0x41, 0x03, 0x7F], count: 50).flatMap { $0 })
        let error = try #require(throws: ImportError.self) { try reader.read(path) }
        #expect(error == .binaryInput(path: path, reason: "it is mostly control characters, not text"))
    }

    @Test func shiftJISIsNotUTF8WithOffsetAndLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // 「評価」 in Shift_JIS on line 3, after 18 bytes of ASCII.
        let path = try directory.write("sjis.txt", Array("line one\nline two\n".utf8) + [0x95, 0x5D, 0x89, 0xBF, 0x0A])
        let error = try #require(throws: ImportError.self) { try reader.read(path) }
        #expect(error == .notUTF8(path: path, offset: 18, line: 3, suggestedEncoding: "SHIFT_JIS"))
        #expect(error.description.contains("byte offset 18 (line 3)"))
        #expect(error.description.contains("iconv -f SHIFT_JIS -t UTF-8"))
    }

    @Test func latin1IsNotUTF8AndCRLFCountsAsOneLineEnd() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // "abc\r\n" then "caf" + é in Latin-1: the bad byte is at offset 8 on line 2.
        let path = try directory.write("latin1.txt", Array("abc\r\ncaf".utf8) + [0xE9, 0x0D, 0x0A])
        #expect(throws: ImportError.notUTF8(path: path, offset: 8, line: 2, suggestedEncoding: "SHIFT_JIS")) { try reader.read(path) }
    }

    @Test func loneCarriageReturnsCountAsLineEnds() {
        let bytes = Array("a\rb\r\nc\nd".utf8)
        #expect(TextDecoding.lineNumber(ofOffset: 7, in: bytes) == 4)
        #expect(TextDecoding.lineNumber(ofOffset: 2, in: bytes) == 2)
    }

    @Test func utf16IsNamedAsSuch() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("utf16.txt", [0xFF, 0xFE, 0x55, 0x8A, 0xA1, 0x4F])
        let error = try #require(throws: ImportError.self) { try reader.read(path) }
        #expect(error == .notUTF8(path: path, offset: 0, line: 1, suggestedEncoding: "UTF-16"))
        #expect(error.description.contains("iconv -f UTF-16 -t UTF-8"))
    }

    @Test(arguments: [
        ([0xC0, 0x80], 0),                 // overlong NUL
        ([0x41, 0xED, 0xA0, 0x80], 1),     // UTF-16 surrogate
        ([0x41, 0x42, 0xF4, 0x90, 0x80, 0x80], 2), // above U+10FFFF
        ([0xE8, 0xA9], 0),                 // 評 cut short
        ([0x41, 0x80], 1),                 // stray continuation byte
    ] as [([UInt8], Int)])
    func malformedUTF8IsFoundAtItsFirstByte(bytes: [UInt8], offset: Int) {
        #expect(TextDecoding.firstInvalidUTF8Offset(bytes) == offset)
    }

    @Test func wellFormedUTF8IsAccepted() {
        #expect(TextDecoding.firstInvalidUTF8Offset(Array("評価 ① 𠮷 ok".utf8)) == nil)
    }

    @Test func byteOrderMarkIsDroppedButHashed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("評価書\n".utf8)
        let path = try directory.write("bom.txt", bytes)
        let file = try reader.read(path)
        #expect(file.text == "評価書\n")
        #expect(file.contentHash == ContentHash.sha256Hex(of: Data(bytes)))
        #expect(file.contentHash != ContentHash.sha256Hex(of: Data("評価書\n".utf8)))
        #expect(file.name == "bom.txt")
        #expect(!file.isPDF)
    }

    @Test func contentHashIsSHA256AndIdItsPrefix() {
        let hash = ContentHash.sha256Hex(of: Data("abc".utf8))
        #expect(hash == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.documentID(forHash: hash) == "ba7816bf8f01cfea")
    }

    @Test func crlfTextIsKeptForSourceText() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("crlf.txt", "一\r\n二\r\n三\r\n")
        #expect(try reader.read(path).text == "一\r\n二\r\n三\r\n")
    }
}

@Suite("Folders given to import")
struct FolderExpansionTests {
    @Test func aFolderStandsForItsTextAndPDFFilesSortedByName() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("b.txt", "二\n")
        try directory.write("a.PDF", "%PDF-1.4\n")
        try directory.write("notes.md", "無視\n")
        try directory.write(".hidden.txt", "隠し\n")
        try FileManager.default.createDirectory(atPath: directory.path("sub.txt"), withIntermediateDirectories: true)
        let single = directory.path("single.txt")
        let expanded = try SourceFileReader.expandingDirectories([single, directory.url.path])
        #expect(expanded == [single, directory.path("a.PDF"), directory.path("b.txt")])
    }

    @Test func aFolderWithNothingToImportIsAnError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("readme.md", "無視\n")
        #expect(throws: ImportError.noImportableFiles(directory: directory.url.path)) {
            try SourceFileReader.expandingDirectories([directory.url.path])
        }
    }
}
