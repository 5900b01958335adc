import Foundation
import SynthData

/// Size and content hash of an input file, so a replayed session can tell whether its
/// inputs changed. The hash is 64-bit FNV-1a: it detects changes, it is not a signature.
public struct FileFingerprint: Sendable, Hashable {
    public var size: Int
    public var hash: UInt64

    public init(size: Int, hash: UInt64) {
        self.size = size
        self.hash = hash
    }

    /// Fingerprints the file at `path`; `monitor` hears progress and can stop it (between
    /// 8 MiB slices) with `ReadCancelled`.
    public init(path: String, monitor: ReadMonitor = .none) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        let hash = try data.withUnsafeBytes { bytes throws(ReadCancelled) -> UInt64 in
            var hash = FileFingerprint.fnv1a64Basis
            let slice = 8 << 20
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + slice)
                hash = FileFingerprint.fnv1a64(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), continuing: hash)
                start = end
                try monitor.observe(bytesRead: start, of: bytes.count)
            }
            return hash
        }
        self.init(size: data.count, hash: hash)
    }

    public var hashText: String {
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// FNV-1a's starting value (the offset basis).
    public static let fnv1a64Basis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// 64-bit FNV-1a over the bytes, eight bytes per step of the outer loop.
    public static func fnv1a64(_ bytes: UnsafeRawBufferPointer, continuing start: UInt64 = fnv1a64Basis) -> UInt64 {
        var hash = start
        let prime: UInt64 = 0x0000_0100_0000_01b3
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* prime
        }
        return hash
    }
}
