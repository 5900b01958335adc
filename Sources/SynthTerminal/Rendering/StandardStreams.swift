#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Unbuffered writes to a file descriptor (so stdout and stderr interleave in order).
public enum StandardStreams {
    public static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
