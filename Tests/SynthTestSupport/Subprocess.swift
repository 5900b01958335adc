import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process for tests, started with `posix_spawn` and reaped with `waitpid`.
///
/// Foundation's `Process` notices a child's exit by waiting for end-of-file on a socket
/// the child inherits, and tests read pipes to end-of-file. Both hang forever when a
/// long-lived descendant (the tmux server, or any process spawned by a test running in
/// parallel) inherits the descriptor. Here nothing depends on end-of-file: the child gets
/// files (not pipes) for its standard streams, every other descriptor is closed in the
/// child, and exit is observed with `waitpid`, under a deadline.
public final class Subprocess: @unchecked Sendable {
    /// Where a standard stream of the child goes: `/dev/null` or a file.
    public enum Stream: Sendable {
        case null
        case file(String)
    }

    /// The child did not exit before its deadline; it was killed.
    public struct Timeout: Error, CustomStringConvertible {
        public var command: String
        public var seconds: Double
        public var description: String { "`\(command)` did not exit within \(seconds) s and was killed" }
    }

    /// What a finished child left: exit status (128 + signal when killed) and its output.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public var description: String
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>,
                                                        UnsafePointer<CChar>) -> Int32

    /// glibc's `_np` spawn actions (2.34+), looked up at run time: Swift's Glibc module
    /// does not declare them (they sit behind `_GNU_SOURCE`).
    private static func closeFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32 {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else { return -1 }
        return unsafeBitCast(symbol, to: CloseFrom.self)(actions, from)
    }

    private static func changeDirectory(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String) -> Int32 {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addchdir_np") else { return -1 }
        return path.withCString { unsafeBitCast(symbol, to: ChangeDirectory.self)(actions, $0) }
    }

    public let processIdentifier: pid_t
    private let command: String
    private let lock = NSLock()
    private var exitStatus: Int32?
    private var peakResident: Int?

    /// The child's peak resident set size in KiB (`ru_maxrss`, as `VmHWM` in
    /// `/proc/PID/status`), known once it has been reaped.
    public var peakResidentKiB: Int? {
        lock.lock()
        defer { lock.unlock() }
        return peakResident
    }

    /// Starts `executable` with `arguments`. `environment` replaces the whole environment
    /// when given; `directory` is the child's working directory.
    public init(_ executable: String, _ arguments: [String], directory: URL? = nil,
                environment: [String: String]? = nil,
                stdin: Stream = .null, stdout: Stream = .null, stderr: Stream = .null) throws {
        command = ([executable] + arguments).joined(separator: " ")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        func open(_ stream: Stream, as descriptor: Int32, writing: Bool) {
            let path: String
            switch stream {
            case .null: path = "/dev/null"
            case .file(let file): path = file
            }
            let flags = writing ? (O_WRONLY | O_CREAT | O_TRUNC) : O_RDONLY
            posix_spawn_file_actions_addopen(&actions, descriptor, path, flags, 0o600)
        }
        open(stdin, as: 0, writing: false)
        open(stdout, as: 1, writing: true)
        open(stderr, as: 2, writing: true)
        guard Self.closeFrom(&actions, 3) == 0 else {
            throw SpawnError(description: "posix_spawn_file_actions_addclosefrom_np is not available")
        }
        if let directory {
            guard Self.changeDirectory(&actions, directory.path) == 0 else {
                throw SpawnError(description: "posix_spawn_file_actions_addchdir_np is not available")
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environment = environment ?? ProcessInfo.processInfo.environment
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        processIdentifier = pid
    }

    /// Whether the child still runs (reaps it when it has exited).
    public var isRunning: Bool { poll() == nil }

    /// Sends `signal` to the child, unless it was already reaped.
    public func send(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if exitStatus == nil { kill(processIdentifier, signal) }
    }

    /// Waits for the child to exit and returns its status (128 + signal when it was
    /// killed). Past `timeout` seconds the child is killed and `Timeout` thrown.
    @discardableResult
    public func wait(timeout: Double = 300) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let status = poll() { return status }
            if Date() >= deadline {
                send(SIGKILL)
                while poll() == nil { usleep(10_000) }
                throw Timeout(command: command, seconds: timeout)
            }
            usleep(10_000)
        }
    }

    private func poll() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var raw: Int32 = 0
        var usage = rusage()
        let reaped = wait4(processIdentifier, &raw, WNOHANG, &usage)
        guard reaped == processIdentifier else {
            if reaped < 0 && errno == ECHILD { exitStatus = -1 }
            return exitStatus
        }
        peakResident = Int(usage.ru_maxrss)
        let signal = raw & 0x7f
        exitStatus = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        return exitStatus
    }

    /// Runs `executable` to the end with `input` on its stdin and returns its status
    /// and output (read from files once it has exited).
    public static func run(_ executable: String, _ arguments: [String], directory: URL? = nil,
                           environment: [String: String]? = nil, input: String = "",
                           timeout: Double = 300) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("synth-subprocess-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inPath = scratch.appendingPathComponent("stdin").path
        let outPath = scratch.appendingPathComponent("stdout").path
        let errPath = scratch.appendingPathComponent("stderr").path
        try Data(input.utf8).write(to: URL(fileURLWithPath: inPath))
        let child = try Subprocess(executable, arguments, directory: directory, environment: environment,
                                   stdin: .file(inPath), stdout: .file(outPath), stderr: .file(errPath))
        let status = try child.wait(timeout: timeout)
        func text(_ path: String) -> String {
            String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        }
        return Result(status: status, stdout: text(outPath), stderr: text(errPath))
    }
}
