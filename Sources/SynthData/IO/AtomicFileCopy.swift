#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFileWriter {
    /// Copies the file at `source` to `destination` through an `AtomicFileWriter`, in 1 MiB
    /// pieces (the file is never held in memory whole). Throws `FileWriteError`.
    public static func copy(from source: String, to destination: String, replace: Bool) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            throw FileWriteError(.failed(reason: "cannot read '\(source)': \(String(cString: strerror(errno)))"), path: destination)
        }
        defer { close(input) }
        try write(to: destination, replace: replace) { file in
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    throw FileWriteError(.failed(reason: "cannot read '\(source)': \(String(cString: strerror(code)))"), path: destination)
                }
                if count == 0 { return }
                try buffer.withUnsafeBytes { try file.write(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            }
        }
    }
}
