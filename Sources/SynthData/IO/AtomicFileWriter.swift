#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one output file so that readers only ever see the old file or the complete new
/// one, never a part of it.
///
/// The bytes go to a temporary file with a unique name (`.NAME.RANDOM.tmp`, created with
/// `O_CREAT|O_EXCL`) in the destination's folder; `commit()` syncs it to disk, renames it
/// over the destination and syncs the folder. Every `write` is checked: a full disk or the
/// file size limit (`ulimit -f`; `SIGXFSZ` is ignored so `write` reports it) becomes a
/// `FileWriteError` and the temporary file is removed. The final path is never opened for
/// writing, so a symbolic link there is replaced itself and the file it points to is never
/// touched. Concurrent writers to one destination each write their own temporary file; the
/// last rename wins and the destination always holds one complete file.
///
/// Existing destinations: with `replace: false`, a destination that exists (a file, or a
/// symbolic link, even a dangling one) is an error before any work is done, and the final
/// step (`link`) fails rather than replace a file another process created meanwhile. With
/// `replace: true` it is replaced, keeping a replaced regular file's permissions.
///
/// Only `kill -9` (or a crash) between creating and renaming the temporary file can leave it
/// behind, under its `.tmp` name; the destination is never partial.
public final class AtomicFileWriter {
    /// The file being written, as the caller named it.
    public let destination: String
    /// The temporary file in the destination's folder.
    public let temporaryPath: String
    private let replace: Bool
    private let preservedMode: mode_t?
    private var descriptor: Int32
    private var finished = false

    /// Checks the policy for `destination` before any work: throws `.exists` when it exists
    /// and `replace` is false, `.isFolder` when it is a folder. Returns the permissions of a
    /// regular file that will be replaced.
    @discardableResult
    public static func checkDestination(_ destination: String, replace: Bool) throws -> mode_t? {
        guard !destination.isEmpty else { throw FileWriteError(.failed(reason: "no file name"), path: destination) }
        guard !destination.hasSuffix("/") else { throw FileWriteError(.isFolder, path: destination) }
        var info = stat()
        guard lstat(destination, &info) == 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw FileWriteError(errno: code, path: destination)
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw FileWriteError(.isFolder, path: destination) }
        guard replace else { throw FileWriteError(.exists, path: destination) }
        return type == S_IFREG ? info.st_mode & 0o7777 : nil
    }

    /// Checks the policy (see `checkDestination`) and creates the temporary file.
    public init(destination: String, replace: Bool) throws {
        Self.ignoreFileSizeSignal()
        preservedMode = try Self.checkDestination(destination, replace: replace)
        self.destination = destination
        self.replace = replace
        let (folder, name) = Self.split(destination)
        let stem = Self.prefix(of: name, maxBytes: 200)
        var created: (path: String, fd: Int32)?
        for _ in 0..<64 {
            let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let candidate = "\(folder)/.\(stem).\(token).tmp"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 {
                created = (candidate, fd)
                break
            }
            let code = errno
            if code != EEXIST { throw FileWriteError(errno: code, path: destination) }
        }
        guard let created else {
            throw FileWriteError(.failed(reason: "no unique temporary name in its folder"), path: destination)
        }
        temporaryPath = created.path
        descriptor = created.fd
        if let preservedMode { _ = fchmod(descriptor, preservedMode) }
    }

    deinit { discard() }

    /// Appends `bytes` to the temporary file (all of them, or throws and removes it).
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !finished, descriptor >= 0 else {
            throw FileWriteError(.failed(reason: "the file was already finished"), path: destination)
        }
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = systemWrite(descriptor, base, remaining)
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                discard()
                throw FileWriteError(errno: code, path: destination)
            }
            if written == 0 {
                discard()
                throw FileWriteError(.failed(reason: "the system wrote nothing"), path: destination)
            }
            base += written
            remaining -= written
        }
    }

    /// Appends `bytes` to the temporary file.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Syncs the temporary file, moves it to the destination and syncs the folder. After
    /// an error nothing is left: the temporary file is removed, the destination unchanged.
    public func commit() throws {
        guard !finished, descriptor >= 0 else {
            throw FileWriteError(.failed(reason: "the file was already finished"), path: destination)
        }
        if fsync(descriptor) != 0 {
            let code = errno
            if code != EINVAL {
                discard()
                throw FileWriteError(errno: code, path: destination)
            }
        }
        let fd = descriptor
        descriptor = -1
        if close(fd) != 0 {
            let code = errno
            if code != EINTR {
                discard()
                throw FileWriteError(errno: code, path: destination)
            }
        }
        try place()
        finished = true
        Self.syncFolder(of: destination)
    }

    /// Writes the file's last bytes with `last` (a buffer's flush, a footer), then commits;
    /// an error from either discards the file, so nothing is left.
    public func commit(after last: () throws -> Void) throws {
        do {
            try last()
            try commit()
        } catch {
            discard()
            throw error
        }
    }

    /// Whether the file was committed or discarded (nothing more can be written).
    public var isFinished: Bool { finished }

    /// Abandons the file: closes and removes the temporary file. Safe to call twice.
    public func discard() {
        guard !finished else { return }
        finished = true
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        unlink(temporaryPath)
    }

    /// Renames the finished temporary file to the destination (without replacing an
    /// existing one unless `replace`).
    private func place() throws {
        if !replace {
            if link(temporaryPath, destination) == 0 {
                unlink(temporaryPath)
                return
            }
            let code = errno
            if code == EEXIST {
                discard()
                throw FileWriteError(.exists, path: destination)
            }
            // File systems without hard links: check, then rename (a small window remains).
            guard [EPERM, ENOTSUP, EOPNOTSUPP, EMLINK, ENOSYS].contains(code) else {
                discard()
                throw FileWriteError(errno: code, path: destination)
            }
            var info = stat()
            if lstat(destination, &info) == 0 {
                discard()
                throw FileWriteError(.exists, path: destination)
            }
        }
        if rename(temporaryPath, destination) != 0 {
            let code = errno
            discard()
            throw FileWriteError(errno: code, path: destination)
        }
    }

    // MARK: whole files

    /// Creates the writer, lets `body` write through it, and commits; on any error (or a
    /// cancellation thrown by `body`) the temporary file is removed and the error rethrown.
    public static func write<Result>(to destination: String, replace: Bool,
                                     _ body: (AtomicFileWriter) throws -> Result) throws -> Result {
        let writer = try AtomicFileWriter(destination: destination, replace: replace)
        do {
            let result = try body(writer)
            try writer.commit()
            return result
        } catch {
            writer.discard()
            throw error
        }
    }

    /// Writes `bytes` as the whole file.
    public static func write(_ bytes: [UInt8], to destination: String, replace: Bool) throws {
        try write(to: destination, replace: replace) { try $0.write(bytes) }
    }

    /// Writes `text` (UTF-8) as the whole file.
    public static func write(text: String, to destination: String, replace: Bool) throws {
        try write(Array(text.utf8), to: destination, replace: replace)
    }

    /// For libraries that create their output file themselves (a ZIP archive): `body`
    /// gets a unique path in the destination's folder where nothing exists yet, must create
    /// the file there exclusively (never replacing), and the finished file is then synced
    /// and renamed into place like any other. On error that file is removed.
    public static func produce<Result>(at destination: String, replace: Bool,
                                       _ body: (_ temporaryPath: String) throws -> Result) throws -> Result {
        let writer = try AtomicFileWriter(destination: destination, replace: replace)
        close(writer.descriptor)
        writer.descriptor = -1
        unlink(writer.temporaryPath)
        do {
            let result = try body(writer.temporaryPath)
            let fd = open(writer.temporaryPath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { throw FileWriteError(errno: errno, path: destination) }
            writer.descriptor = fd
            if let mode = writer.preservedMode { _ = fchmod(fd, mode) }
            try writer.commit()
            return result
        } catch {
            writer.discard()
            throw error
        }
    }

    // MARK: helpers

    /// Lets `write` fail with `EFBIG` at the file size limit instead of the process being
    /// killed by `SIGXFSZ` (which would leave the temporary file behind).
    public static func ignoreFileSizeSignal() {
        _ = ignoringFileSizeSignal
    }

    private static let ignoringFileSizeSignal: Void = {
        _ = signal(SIGXFSZ, SIG_IGN)
    }()

    /// The folder (without a trailing slash; "." for a bare name) and the last component.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    /// The longest prefix of `name` (whole characters) of at most `maxBytes` UTF-8 bytes,
    /// so the temporary name stays within the file system's name limit.
    static func prefix(of name: String, maxBytes: Int) -> String {
        var bytes = 0
        var end = name.startIndex
        for index in name.indices {
            bytes += name[index].utf8.count
            if bytes > maxBytes { break }
            end = name.index(after: index)
        }
        return String(name[..<end])
    }

    /// Makes the rename durable (best effort: some file systems cannot sync a folder).
    private static func syncFolder(of path: String) {
        let fd = open(split(path).folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
