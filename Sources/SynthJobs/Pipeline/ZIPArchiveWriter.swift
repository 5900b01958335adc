import Foundation
import SynthData
import ZIPFoundation

/// Writes a ZIP archive (ZIPFoundation) through `AtomicFileWriter`: the archive is built
/// under a unique temporary name in the destination's folder, read back to check it is
/// whole, then renamed into place. A failure (full disk, file size limit, an error while
/// filling it) leaves no file and throws `FileWriteError`.
enum ZIPArchiveWriter {
    static func write(to destination: String, replace: Bool, _ fill: (Archive) throws -> Void) throws {
        try AtomicFileWriter.produce(at: destination, replace: replace) { temporary in
            let url = URL(fileURLWithPath: temporary)
            let entryCount: Int
            do {
                let archive = try Archive(url: url, accessMode: .create)
                try fill(archive)
                entryCount = archive.reduce(0) { count, _ in count + 1 }
            } catch let error as FileWriteError {
                throw error
            } catch {
                let code = errno
                throw failure(code: code, writing: temporary, destination: destination, detail: "\(error)")
            }
            // The archive is closed now; ZIPFoundation does not check its last flush, so
            // read the file back before presenting it.
            let readBack = Result { try Archive(url: url, accessMode: .read) }
            guard case .success(let written) = readBack, written.reduce(0, { count, _ in count + 1 }) == entryCount else {
                throw failure(code: 0, writing: temporary, destination: destination,
                              detail: "the archive did not read back whole")
            }
        }
    }

    /// The clearest error for a failed archive write: the system's `errno` when it names a
    /// write failure, else the file size limit or a full disk when the file shows them.
    private static func failure(code: Int32, writing temporary: String, destination: String, detail: String) -> FileWriteError {
        if [EFBIG, ENOSPC, EDQUOT, EIO].contains(code) { return FileWriteError(errno: code, path: destination) }
        var info = stat()
        if stat(temporary, &info) == 0 {
            var limit = rlimit()
            if getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max,
               UInt64(info.st_size) >= UInt64(limit.rlim_cur) {
                return FileWriteError(.fileSizeLimit, path: destination)
            }
            var space = statvfs()
            if statvfs(temporary, &space) == 0, space.f_bavail == 0 {
                return FileWriteError(.diskFull, path: destination)
            }
        }
        return FileWriteError(.failed(reason: detail), path: destination)
    }
}
