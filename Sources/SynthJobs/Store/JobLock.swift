import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a job's lock file (`jobs/<id>/.lock`), held by the synth process
/// that will run the job for as long as the job may still run.
///
/// The kernel drops the lock when that process ends, however it ends (`kill -9` included), so
/// "is this job's runner alive" is "is its lock held": no pid (which the system reuses) and no
/// host name (which differs between UTS namespaces on one machine) is consulted. The lock file
/// is opened close-on-exec, so a child process never inherits (and so never prolongs) the lock.
final class JobLock: @unchecked Sendable {
    /// The outcome of trying to take a job's lock without waiting.
    enum Attempt {
        /// Taken: no live process holds it.
        case acquired(JobLock)
        /// Another open lock (another process, or another store in this one) holds it.
        case heldElsewhere
        /// The job's folder is gone, so no process can hold its lock.
        case noJobFolder
    }

    let path: String
    private var descriptor: Int32
    private let mutex = NSLock()

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Tries to take the lock at `path` (creating the file, mode 0600) without waiting.
    static func attempt(at path: String) throws -> Attempt {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return .noJobFolder }
            throw JobStoreError.fileSystem("cannot open the job lock \(path): \(String(cString: strerror(code)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
            return .acquired(JobLock(path: path, descriptor: descriptor))
        }
        let code = errno
        close(descriptor)
        if code == EWOULDBLOCK || code == EAGAIN { return .heldElsewhere }
        throw JobStoreError.fileSystem("cannot lock \(path): \(String(cString: strerror(code)))")
    }

    /// Drops the lock (idempotent).
    func release() {
        mutex.withLock {
            guard descriptor >= 0 else { return }
            flock(descriptor, LOCK_UN)
            close(descriptor)
            descriptor = -1
        }
    }
}
