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

    /// Fingerprints the file at `path`, read in 8 MiB slices into one reused buffer (never
    /// mapped or read whole, so a file larger than memory can be fingerprinted); `monitor`
    /// hears progress and can stop it between slices with `ReadCancelled`.
    public init(path: String, monitor: ReadMonitor = .none) throws {
        let (fd, size) = try ReadableFile.openForReading(path)
        defer { close(fd) }
        let slice = 8 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: slice, alignment: 16)
        defer { buffer.deallocate() }
        var hash = FNV1a.basis
        var done = 0
        while true {
            let n = read(fd, buffer.baseAddress, slice)
            if n < 0, errno == EINTR || errno == EAGAIN { continue }
            if n < 0 { throw ReadableFile.error(errno: errno, path: path) }
            if n == 0 { break }
            hash = FNV1a.hash(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), continuing: hash)
            done += n
            try monitor.observe(bytesRead: done, of: max(size, done))
        }
        self.init(size: done, hash: hash)
    }

    public var hashText: String {
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
