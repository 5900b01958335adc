#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes with POSIX calls (one read into memory, one write out).
enum ParquetFile {
    /// The whole file; a path that is not a readable regular file is a `FileAccessError`.
    static func readAll(_ path: String) throws -> [UInt8] {
        let (fd, size) = try ReadableFile.openForReading(path)
        defer { close(fd) }
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size, let base = buffer.baseAddress {
                let n = read(fd, base + done, size - done)
                if n < 0, errno == EINTR { continue }
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

    static func writeAll(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ParquetError.io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        try bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count, let base = buffer.baseAddress {
                let n = write(fd, base + done, buffer.count - done)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw ParquetError.io(path: path, reason: String(cString: strerror(errno))) }
                done += n
            }
        }
    }
}
