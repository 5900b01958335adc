import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads with POSIX calls (one read into memory). Writes go through
/// `AtomicFileWriter`.
enum ParquetFile {
    /// The whole file; a path that is not a readable regular file is a `FileAccessError`.
    static func readAll(_ path: String, monitor: ReadMonitor = .none) throws -> [UInt8] {
        let (fd, size) = try ReadableFile.openForReading(path)
        defer { close(fd) }
        var failure: String?
        var cancelled = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size, let base = buffer.baseAddress {
                // Pieces of 4 MiB, so progress is reported and Ctrl-C is seen after each.
                let n = read(fd, base + done, min(size - done, ParquetFile.readPieceBytes))
                if n < 0, errno == EINTR { continue }
                if n <= 0 {
                    failure = n < 0 ? String(cString: strerror(errno)) : "file shrank while reading"
                    break
                }
                done += n
                do {
                    try monitor.observe(bytesRead: done, of: size)
                } catch {
                    cancelled = true
                    break
                }
            }
            initialized = done
        }
        if cancelled { throw ReadCancelled() }
        if let failure { throw ParquetError.io(path: path, reason: failure) }
        return bytes
    }

    /// `count` bytes at `offset` of the open file `fd` (a short file is a `ParquetError.io`).
    static func readRange(_ fd: Int32, path: String, offset: Int, count: Int) throws -> [UInt8] {
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count, let base = buffer.baseAddress {
                let n = pread(fd, base + done, count - done, off_t(offset + done))
                if n < 0, errno == EINTR || errno == EAGAIN { continue }
                if n <= 0 {
                    failure = n < 0 ? String(cString: strerror(errno)) : "file shrank while reading"
                    break
                }
                done += n
            }
            initialized = done
        }
        if let failure { throw ParquetError.io(path: path, reason: failure) }
        return bytes
    }

    /// How much one `read` of a Parquet file asks for.
    static let readPieceBytes = 4 << 20
}

/// A `ReadMonitor` that decoding threads share: each reports the bytes of a column chunk it
/// decoded, one at a time, and learns whether to stop.
final class SharedReadMonitor: @unchecked Sendable {
    private let lock = NSLock()
    private let monitor: ReadMonitor
    private let total: Int
    private var done = 0
    private var cancelled = false

    init(_ monitor: ReadMonitor, total: Int) {
        self.monitor = monitor
        self.total = max(total, 1)
    }

    /// Adds `bytes` decoded; throws `ReadCancelled` once the read should stop.
    func add(_ bytes: Int) throws {
        try lock.withLock {
            if cancelled { throw ReadCancelled() }
            done += bytes
            do {
                try monitor.observe(bytesRead: min(done, total), of: total)
            } catch {
                cancelled = true
                throw error
            }
        }
    }
}
