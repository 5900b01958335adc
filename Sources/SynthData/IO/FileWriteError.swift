#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an output file could not be written. The destination is left as it was: untouched
/// when it existed, absent when it did not.
public struct FileWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The destination exists (a file, or a symbolic link, even a dangling one) and the
        /// caller did not ask to replace it.
        case exists
        /// The destination is a folder.
        case isFolder
        /// The destination's folder does not exist.
        case noFolder
        /// The disk (or the user's quota) is full.
        case diskFull
        /// The process's file size limit (`ulimit -f`) was reached.
        case fileSizeLimit
        /// The folder is not writable, or the file system is read-only.
        case permissionDenied
        /// Any other failure, with the system's reason.
        case failed(reason: String)
    }

    public var kind: Kind
    /// The destination as the caller named it.
    public var path: String

    public init(_ kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    /// The error for a failed system call on the way to `path`, from its `errno`.
    public init(errno code: Int32, path: String) {
        switch code {
        case ENOSPC, EDQUOT: kind = .diskFull
        case EFBIG: kind = .fileSizeLimit
        case EACCES, EPERM, EROFS: kind = .permissionDenied
        case ENOENT, ENOTDIR: kind = .noFolder
        case EISDIR: kind = .isFolder
        default: kind = .failed(reason: String(cString: strerror(code)))
        }
        self.path = path
    }

    public var description: String {
        switch kind {
        case .exists: "'\(path)' already exists; add replace=true to replace it"
        case .isFolder: "cannot write '\(path)': it is a folder"
        case .noFolder: "cannot write '\(path)': its folder does not exist"
        case .diskFull: "disk full while writing '\(path)'; nothing was written"
        case .fileSizeLimit: "file size limit (ulimit -f) reached while writing '\(path)'; nothing was written"
        case .permissionDenied: "cannot write '\(path)': permission denied"
        case let .failed(reason): "cannot write '\(path)': \(reason)"
        }
    }
}
