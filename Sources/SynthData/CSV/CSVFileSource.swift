#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file into a reusable buffer, chunk by chunk, carrying an unfinished row over.
/// Only regular files are read (`ReadableFile`); a UTF-16 or UTF-32 file is rejected on its
/// first bytes, and a UTF-8 byte-order mark is dropped.
final class CSVFileSource {
    let path: String
    private let fd: Int32
    private(set) var buffer: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Valid bytes in `buffer`.
    private(set) var filled = 0
    private(set) var reachedEnd = false
    private var isFirstRead = true
    /// Size of the file in bytes.
    let fileSize: Int

    init(path: String, chunkSize: Int) throws {
        self.path = path
        (fd, fileSize) = try ReadableFile.openForReading(path)
        capacity = max(chunkSize, 4096)
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// Drops the first `consumed` bytes and reads more, growing the buffer when one row
    /// fills it. Returns whether anything new was read.
    @discardableResult
    func advance(consumed: Int) throws -> Bool {
        let remaining = filled - consumed
        if consumed > 0, remaining > 0 { memmove(buffer, buffer + consumed, remaining) }
        filled = remaining
        if filled == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: filled)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        var readAny = false
        while filled < capacity, !reachedEnd {
            let n = read(fd, buffer + filled, capacity - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadableFile.error(errno: errno, path: path)
            }
            if n == 0 { reachedEnd = true; break }
            if isFirstRead {
                isFirstRead = false
                if let encoding = TextEncodingSniffer.nonUTF8Encoding(UnsafePointer(buffer), count: n) {
                    throw CSVError(.unsupportedEncoding(encoding), file: path)
                }
                // Strip a UTF-8 byte-order mark.
                if n >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                    memmove(buffer, buffer + 3, n - 3)
                    filled += n - 3
                    readAny = true
                    continue
                }
            }
            filled += n
            readAny = true
        }
        return readAny
    }
}
