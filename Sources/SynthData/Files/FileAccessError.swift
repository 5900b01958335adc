/// Why an input file cannot be read at all (before any of its content is looked at).
///
/// The description is a plain sentence naming the file, e.g. `'data' is a directory, not a
/// file`; readers throw it instead of raw `errno` texts or Foundation error dumps.
public struct FileAccessError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Nothing exists at the path (or a folder on the way is missing).
        case notFound
        /// The path names a directory.
        case isDirectory
        /// The path names something other than a regular file: `what` says which
        /// (a named pipe (FIFO), a socket, a device).
        case notRegularFile(what: String)
        /// The file exists but this user may not read it.
        case permissionDenied
        /// Any other failure of the operating system, as its message.
        case failed(reason: String)
    }

    public var kind: Kind
    /// The path as the user gave it (callers may replace a resolved path by the given one).
    public var path: String

    public init(_ kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    public var description: String {
        switch kind {
        case .notFound: "no such file '\(path)'"
        case .isDirectory: "'\(path)' is a directory, not a file"
        case let .notRegularFile(what): "'\(path)' is not a regular file: it is \(what)"
        case .permissionDenied: "permission denied: '\(path)' cannot be read by this user"
        case let .failed(reason): "cannot read '\(path)': \(reason)"
        }
    }
}

extension FileAccessError {
    /// The same error naming the file as `path` (e.g. the path the user typed rather than
    /// the resolved one).
    public func shown(as path: String) -> FileAccessError {
        FileAccessError(kind, path: path)
    }
}
