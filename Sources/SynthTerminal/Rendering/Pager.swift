import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Shows output longer than the terminal through a pager, as `git` and `psql` do. Only when
/// both stdin and stdout are terminals (never in scripts, pipes, tests or CI). The command is
/// `SYNTH_PAGER`, else `PAGER`, else `less -FRX` when `less` is installed; an empty value or
/// `cat` turns paging off.
public struct Pager: Sendable {
    /// The shell command to run (`less -FRX`), or nil when paging is off.
    public var command: String?

    public init(command: String?) {
        self.command = command
    }

    /// The pager this process should use, from its environment and terminals.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) -> Pager {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return Pager(command: nil) }
        return Pager(command: command(environment: environment))
    }

    /// The pager command the environment asks for (nil: off).
    public static func command(environment: [String: String]) -> String? {
        let chosen = environment["SYNTH_PAGER"] ?? environment["PAGER"]
        if let chosen {
            let trimmed = chosen.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty || trimmed == "cat" ? nil : trimmed
        }
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        let hasLess = path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/less") }
        return hasLess ? "less -FRX" : nil
    }

    /// Whether `text` is longer than a terminal of `height` lines shows at once.
    public static func needsPaging(_ text: String, height: Int) -> Bool {
        var lines = 0
        for byte in text.utf8 where byte == UInt8(ascii: "\n") {
            lines += 1
            if lines >= height - 1 { return true }
        }
        return false
    }

    /// Runs the pager with `text` on its standard input and waits for it to end. Returns
    /// false when no pager could be started (the caller writes the text itself).
    public func show(_ text: String) -> Bool {
        guard let command else { return false }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return false }
        let readEnd = pipeEnds[0], writeEnd = pipeEnds[1]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, readEnd, STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        // The pager gets the default SIGINT/SIGPIPE handling, whatever synth installed.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, environ)
        close(readEnd)
        guard spawned == 0 else {
            close(writeEnd)
            return false
        }
        // A pager that quits early closes the pipe: the write fails with EPIPE, not a signal.
        let previous = signal(SIGPIPE, SIG_IGN)
        var text = text
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(writeEnd, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    break
                }
                offset += written
            }
        }
        close(writeEnd)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        signal(SIGPIPE, previous)
        return true
    }
}
