import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// When `load` leaves a table in its source instead of reading it into memory.
///
/// A table read into memory, and then a job over it, takes several times the file's size:
/// a 373 MB, 4-million-row CSV took 2.2 GB of RSS for `load` plus a `rows=50000` job (about
/// 6×). So a source is lazy when it is larger than an eighth of the memory the process may
/// use (the smallest of physical memory, `RLIMIT_AS` and the cgroup's `memory.max`), and
/// always above 1 GiB. Smaller files are read into memory, which is faster (every column
/// converted in parallel) and lets every command use them. `lazy=true|false` overrides it.
enum LazyLoadThreshold {
    /// Bytes above which a source is lazy.
    static var bytes: Int { min(1 << 30, memoryBudget / 8) }

    /// Estimated in-memory bytes of one row of a connector's table, to compare its row count
    /// with `bytes` (a 16-column row of 8-byte values).
    static let bytesPerConnectorRow = 128

    /// The memory the process may use: the smallest of physical memory, the address-space
    /// limit and the cgroup v2 memory limit.
    static var memoryBudget: Int {
        var budget = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
            budget = min(budget, Int(clamping: limit.rlim_cur))
        }
        if let text = try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8),
           let cgroup = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            budget = min(budget, cgroup)
        }
        return max(budget, 1 << 20)
    }
}
