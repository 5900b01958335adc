#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens input files for reading, accepting regular files only.
///
/// The file is opened non-blocking first, so a named pipe without a writer cannot hang the
/// open, then checked with `fstat` (no race between check and use) and switched back to
/// blocking reads. Every failure is a `FileAccessError` with a plain message.
public enum ReadableFile {
    /// An open descriptor of a regular file and its size in bytes; the caller closes it.
    public static func openForReading(_ path: String) throws(FileAccessError) -> (descriptor: Int32, size: Int) {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw error(errno: errno, path: path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let failure = error(errno: errno, path: path)
            close(fd)
            throw failure
        }
        if let kind = nonRegularKind(info.st_mode) {
            close(fd)
            throw FileAccessError(kind, path: path)
        }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        return (fd, Int(info.st_size))
    }

    /// Checks that `path` is a regular file this user can read (opens and closes it).
    public static func check(_ path: String) throws(FileAccessError) {
        close(try openForReading(path).descriptor)
    }

    /// The error for a failed system call on `path`, from its `errno`.
    public static func error(errno code: Int32, path: String) -> FileAccessError {
        switch code {
        case ENOENT, ENOTDIR: FileAccessError(.notFound, path: path)
        case EACCES, EPERM: FileAccessError(.permissionDenied, path: path)
        case EISDIR: FileAccessError(.isDirectory, path: path)
        // open(2) gives ENXIO for a Unix socket.
        case ENXIO: FileAccessError(.notRegularFile(what: "a socket or a device without a driver"), path: path)
        default: FileAccessError(.failed(reason: String(cString: strerror(code))), path: path)
        }
    }

    /// The error kind for a file of this mode when it is not a regular file.
    private static func nonRegularKind(_ mode: mode_t) -> FileAccessError.Kind? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: .isDirectory
        case S_IFIFO: .notRegularFile(what: "a named pipe (FIFO)")
        case S_IFSOCK: .notRegularFile(what: "a socket")
        case S_IFCHR: .notRegularFile(what: "a character device")
        case S_IFBLK: .notRegularFile(what: "a block device")
        default: .notRegularFile(what: "a special file")
        }
    }
}
