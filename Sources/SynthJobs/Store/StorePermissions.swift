import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The modes of the store's files, whatever the process's umask: folders 0700, files 0600,
/// so training copies, models and the database are readable by their owner only.
///
/// `mkdir` and `open` honour the umask, so modes are set explicitly after creation, and a
/// folder tree is tightened after code that writes through other libraries (Parquet, CSV,
/// ZIP, Foundation) has written into it.
enum StorePermissions {
    static let folderMode: mode_t = 0o700
    static let fileMode: mode_t = 0o600

    /// Creates `url` (its parent must exist) with mode 0700; `false` when it already existed.
    static func makeFolder(_ url: URL) throws -> Bool {
        if mkdir(url.path, folderMode) != 0 {
            let code = errno
            if code == EEXIST { return false }
            throw JobStoreError.fileSystem("cannot create \(url.path): \(String(cString: strerror(code)))")
        }
        try setMode(url.path, folderMode)
        return true
    }

    /// Creates `url` with its missing parents (parents as the umask says) and gives it mode
    /// 0700 (the folder a symbolic link at `url` points to, when it is one).
    static func makeFolderWithParents(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw JobStoreError.fileSystem("cannot create \(url.path): \(error.localizedDescription)")
        }
        var info = stat()
        guard stat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw JobStoreError.fileSystem("\(url.path) is not a folder")
        }
        if info.st_mode & 0o7777 != folderMode, chmod(url.path, folderMode) != 0 {
            throw JobStoreError.fileSystem("cannot restrict the permissions of \(url.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Creates an empty file with mode 0600 unless one exists; `true` when it created it.
    @discardableResult
    static func makeFile(_ path: String) throws -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST { return false }
            throw JobStoreError.fileSystem("cannot create \(path): \(String(cString: strerror(code)))")
        }
        fchmod(descriptor, fileMode)
        close(descriptor)
        return true
    }

    /// Gives `path` mode `mode` if it exists and is not a symbolic link.
    static func setMode(_ path: String, _ mode: mode_t) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) != S_IFLNK, info.st_mode & 0o7777 != mode else { return }
        if chmod(path, mode) != 0, errno != ENOENT {
            throw JobStoreError.fileSystem("cannot restrict the permissions of \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Gives every folder under `url` (itself included) mode 0700 and every regular file
    /// mode 0600. Symbolic links are neither followed nor changed. Entries that vanish
    /// meanwhile (a task replacing its output) are skipped.
    static func secureTree(_ url: URL) throws {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            try setMode(url.path, folderMode)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            for name in names { try secureTree(url.appendingPathComponent(name)) }
        case S_IFREG:
            try setMode(url.path, fileMode)
        default:
            break
        }
    }
}
