#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads with POSIX calls (one read into memory). Writes go through
/// `AtomicFileWriter`.
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
}
