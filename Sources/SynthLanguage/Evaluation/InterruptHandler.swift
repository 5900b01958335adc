#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The flag the SIGINT handler sets. A C signal handler cannot capture context, so it
/// reaches the flag through this global, written once before the handler is installed.
nonisolated(unsafe) private var interruptFlag: UnsafeMutablePointer<sig_atomic_t>?
/// Keeps the flag (and so its storage) alive while the handler may write to it.
nonisolated(unsafe) private var installedFlag: CancellationFlag?
/// When set, a second Ctrl-C while the first is still pending ends the process (scripts).
nonisolated(unsafe) private var exitOnSecondInterrupt: sig_atomic_t = 0

private func handleInterrupt(_ signal: Int32) {
    guard let flag = interruptFlag else { return }
    if flag.pointee != 0 && exitOnSecondInterrupt != 0 { _exit(130) }
    flag.pointee = 1
}

/// Ctrl-C handling: a cooperative cancellation flag instead of process death.
public enum InterruptHandler {
    /// Installs the SIGINT handler that sets `flag`. Reads blocked in the terminal return
    /// with `EINTR` (no `SA_RESTART`), so the line editor gives up the current line.
    /// With `forceExitOnSecond`, a second Ctrl-C before the first was handled exits 130.
    public static func install(flag: CancellationFlag, forceExitOnSecond: Bool) {
        installedFlag = flag
        interruptFlag = flag.storage
        exitOnSecondInterrupt = forceExitOnSecond ? 1 : 0
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handleInterrupt
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked (the mask survives exec).
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// Sets whether a second pending Ctrl-C ends the process.
    public static func setForceExitOnSecond(_ enabled: Bool) {
        exitOnSecondInterrupt = enabled ? 1 : 0
    }
}
