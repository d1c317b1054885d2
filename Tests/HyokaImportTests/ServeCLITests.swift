import Foundation
import HyokaTestSupport
import Testing

@Suite("hyoka serve")
struct ServeCLITests {
    @Test("A database that does not exist is refused (exit 66), not created, and nothing is served")
    func missingDatabase() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("typo.sqlite")
        let result = try HyokaBinary.run(["serve", "--db", path, "--port", "1"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("there is no database at \(path)"))
        #expect(result.stderr.contains("--create"))
        #expect(!result.stdout.contains("Serving"))
        #expect(!FileManager.default.fileExists(atPath: path), "no empty database left behind")
    }

    @Test("A port in use is reported clearly (exit 69), and \"Serving…\" is never printed")
    func portInUse() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (holder, port) = try #require(LoopbackSocket.listen())
        let result = try withExtendedLifetime(holder) {
            try HyokaBinary.run(["serve", "--db", directory.path("new.sqlite"), "--create", "--port", String(port)])
        }
        #expect(result.status == 69)
        #expect(result.stderr.contains("port \(port) on 127.0.0.1 is already in use"))
        #expect(!result.stdout.contains("Serving"))
    }
}
