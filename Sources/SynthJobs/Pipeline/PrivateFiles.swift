import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// New files and folders only their owner can read (files 0600, folders 0700), created
/// without following symbolic links and never over an existing path, whatever the umask or
/// the modes recorded in the archive they come from.
enum PrivateFiles {
    /// Creates the folder `url` with mode 0700; fails if anything exists there.
    static func makeFolder(at url: URL) throws {
        guard mkdir(url.path, 0o700) == 0 else { throw failure("cannot create folder", url) }
        guard chmod(url.path, 0o700) == 0 else { throw failure("cannot set the mode of", url) }
    }

    /// Creates the regular file `url` with mode 0600 and returns a handle writing to it;
    /// fails if anything (a file, a folder, a symbolic link) exists there.
    static func createFile(at url: URL) throws -> FileHandle {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot create file", url) }
        guard fchmod(fd, 0o600) == 0 else {
            let error = failure("cannot set the mode of", url)
            close(fd)
            throw error
        }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    private static func failure(_ what: String, _ url: URL) -> JobStoreError {
        .invalidState("\(what) '\(url.path)': \(String(cString: strerror(errno)))")
    }
}
