import Foundation

/// Size and content hash of an input file, so a replayed session can tell whether its
/// inputs changed. The hash is 64-bit FNV-1a: it detects changes, it is not a signature.
public struct FileFingerprint: Sendable, Hashable {
    public var size: Int
    public var hash: UInt64

    public init(size: Int, hash: UInt64) {
        self.size = size
        self.hash = hash
    }

    /// Fingerprints the file at `path`.
    public init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        self.init(size: data.count, hash: data.withUnsafeBytes { FileFingerprint.fnv1a64($0) })
    }

    public var hashText: String {
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// 64-bit FNV-1a over the bytes, eight bytes per step of the outer loop.
    public static func fnv1a64(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01b3
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* prime
        }
        return hash
    }
}
