#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import hyoka

/// `hyoka import` fixes glibc's mmap threshold (`MallocSettings`), found by name at run time.
@Suite("Allocator settings of an import")
struct MallocSettingsTests {
    #if canImport(Glibc)
    /// Whether glibc mapped the block at `pointer` on its own: the IS_MMAPPED bit (2) of the size word
    /// before the block (glibc's malloc.c, unchanged since 2.0).
    static func isMapped(_ pointer: UnsafeMutableRawPointer) -> Bool {
        pointer.load(fromByteOffset: -MemoryLayout<UInt>.size, as: UInt.self) & 2 != 0
    }

    @Test("On glibc, a block over 256 KiB is mapped of its own even after a larger one was freed")
    func thresholdFixed() throws {
        #expect(MallocSettings.returnLargeBlocks())
        // Freeing a mapped 8 MB block raises a dynamic threshold to 8 MB; a fixed one stays.
        let large = try #require(malloc(8 << 20))
        free(large)
        let block = try #require(malloc(Int(MallocSettings.mapThreshold) + 64 * 1024))
        defer { free(block) }
        #expect(Self.isMapped(block))
    }
    #endif
}
