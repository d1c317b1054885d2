import Crypto
import Foundation

/// Content identity of a source file.
///
/// A document's id is derived from its bytes, not its name, so that
/// importing the same file again is recognised as the same document.
public enum ContentHash {
    /// Length of a document id: 16 hex characters (64 bits) keep ids short
    /// enough to type while collisions stay out of reach for any real corpus.
    public static let idLength = 16

    /// Hex-encoded SHA-256 of `bytes`.
    public static func sha256Hex(of bytes: Data) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 0x10 ? "0" + hex : hex
        }.joined()
    }

    /// The document id for a content hash: its first `idLength` characters.
    public static func documentID(forHash hash: String) -> String {
        String(hash.prefix(idLength))
    }
}
