/// Lets a long read report how far it got and stop early: a reader calls `observe` once per
/// chunk (every 256 KiB for a CSV read), which passes the bytes read and the file's size to
/// `progress` and throws `ReadCancelled` when `isCancelled` says so. Both are cheap checks, so
/// Ctrl-C stops a read of any size within one chunk.
public struct ReadMonitor {
    /// Bytes read so far and the total, after each chunk.
    public var progress: (_ bytesRead: Int, _ totalBytes: Int) -> Void
    /// Polled after each chunk; true stops the read with `ReadCancelled`.
    public var isCancelled: () -> Bool

    public init(progress: @escaping (_ bytesRead: Int, _ totalBytes: Int) -> Void = { _, _ in },
                isCancelled: @escaping () -> Bool = { false }) {
        self.progress = progress
        self.isCancelled = isCancelled
    }

    /// A monitor that reports nothing and never cancels.
    public static var none: ReadMonitor { ReadMonitor() }

    /// Reports progress, then throws `ReadCancelled` if the read should stop.
    public func observe(bytesRead: Int, of totalBytes: Int) throws(ReadCancelled) {
        progress(bytesRead, totalBytes)
        if isCancelled() { throw ReadCancelled() }
    }
}

/// A read stopped because its `ReadMonitor` was cancelled (the user pressed Ctrl-C).
public struct ReadCancelled: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "the read was cancelled" }
}
