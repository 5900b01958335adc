#if canImport(Glibc)
import Glibc
#endif

/// CPU time of the calling thread, for speed bounds that must hold on a loaded machine: other
/// processes and parallel tests do not count, as they would in wall-clock time.
public enum ThreadCPUTime {
    /// Seconds of CPU the calling thread spent running `body`.
    public static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
