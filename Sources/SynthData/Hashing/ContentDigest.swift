import Crypto
import Foundation

/// Content identity: a job's source table (and a generate job's seed file) is known by the
/// SHA-256 of its bytes, so a replayed session finds a job trained on the same data. The
/// digest is swift-crypto's SHA-256, written as 64 lowercase hexadecimal digits.
public enum ContentDigest {
    /// The SHA-256 digest of `bytes`, as 64 lowercase hexadecimal digits.
    public static func sha256Hex<Bytes: Sequence>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = Crypto.SHA256()
        hasher.update(data: Array(bytes))
        return hex(hasher.finalize())
    }

    /// The SHA-256 digest of the file at `path`, read in 1 MiB pieces (bounded memory).
    public static func sha256Hex(ofFileAt path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        defer { try? handle.close() }
        var hasher = Crypto.SHA256()
        while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty { hasher.update(data: piece) }
        return hex(hasher.finalize())
    }

    /// Lowercase hexadecimal text of a digest's bytes.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
