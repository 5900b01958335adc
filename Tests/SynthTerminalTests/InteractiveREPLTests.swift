import Foundation
import SynthTestSupport
import Testing

/// Drives the real binary in a pseudo-terminal through tmux: typing, Tab completion,
/// history recall, Ctrl-C on a half-typed line, a continuation line, Ctrl-D to leave.
/// Skipped when tmux or the binary is missing.
@Suite(.enabled(if: TmuxDriver.isAvailable && BinaryHarness.binaryPath != nil, "needs tmux and the built synth binary"))
struct InteractiveREPLTests {
    @Test func typingCompletionHistoryInterruptAndExit() throws {
        let directory = try Fixtures.temporaryDirectory()
        try Data("name,age\nAda,36\nBob,41\nCy,\n".utf8).write(to: directory.appendingPathComponent("people.csv"))
        let history = directory.appendingPathComponent("history").path
        let tmux = try TmuxDriver(command: BinaryHarness.binaryPath ?? "synth", directory: directory,
                                  environment: ["SYNTH_HISTORY": history, "LANG": "C.UTF-8"])
        defer { tmux.kill() }

        try tmux.waitFor("[1]> ")
        // Tab completes a file name inside quotes, filtered by extension.
        tmux.send(literal: "load \"peo")
        tmux.send(keys: "Tab")
        try tmux.waitFor("load \"people.csv\" ")
        tmux.send(literal: "as p")
        tmux.send(keys: "Enter")
        try tmux.waitFor("loaded p: 3 rows × 2 columns")
        // Tab completes a command name, then a column name.
        tmux.send(literal: "cou")
        tmux.send(keys: "Tab")
        try tmux.waitFor("[2]> count ")
        tmux.send(literal: "p ag")
        tmux.send(keys: "Tab")
        try tmux.waitFor("[2]> count p age ")
        tmux.send(literal: "> 40")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[3]> ")
        #expect(tmux.screen().contains("\nOut[2]: 1\n"))
        // Up recalls the previous entry.
        tmux.send(keys: "Up")
        try tmux.waitFor("[3]> count p age > 40")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[4]> ")
        // Ctrl-C discards a half-typed line; the session goes on.
        tmux.send(literal: "describe p and some")
        tmux.send(keys: "C-c")
        try tmux.waitFor("^C")
        tmux.send(literal: "count p")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[5]> ")
        #expect(!tmux.screen().contains("error"), "the interrupted text must not reach the evaluator")
        // An open bracket asks for a continuation line.
        tmux.send(literal: "let xs = [1,")
        tmux.send(keys: "Enter")
        try tmux.waitFor("...> ")
        tmux.send(literal: "2]")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[6]> ")
        tmux.send(literal: "xs")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[1, 2]")
        try tmux.waitFor("[7]> ")
        // Ctrl-D on an empty line leaves with status 0.
        tmux.send(keys: "C-d")
        try tmux.waitFor("EXIT=0")

        let attributes = try FileManager.default.attributesOfItem(atPath: history)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let saved = try String(contentsOfFile: history, encoding: .utf8)
        #expect(saved.contains("count\\040p\\040age\\040>\\04040"))
        #expect(!saved.contains("describe"), "discarded input is not history")
        // The two-line entry is one history item (its newline is encoded).
        #expect(saved.contains("let\\040xs\\040=\\040[1,\\0122]"))
    }
}

/// Ctrl-C while a long command runs interrupts that command only.
@Suite(.enabled(if: TmuxDriver.isAvailable && BinaryHarness.binaryPath != nil,
                "needs tmux and the built synth binary"))
struct InteractiveInterruptTests {
    @Test func ctrlCInterruptsTheRunningCommandAndTheSessionGoesOn() throws {
        let directory = try Fixtures.temporaryDirectory()
        let tmux = try TmuxDriver(command: BinaryHarness.binaryPath ?? "synth", directory: directory,
                                  environment: ["SYNTH_HISTORY": "", "LANG": "C.UTF-8"])
        defer { tmux.kill() }
        // About 250 MB of flights rows: its load runs for seconds, far past the Ctrl-C.
        defer { try? FileManager.default.removeItem(at: directory) }
        let big = URL(fileURLWithPath: try Fixtures.largeFlightsCSV(megabytes: 250, in: directory))
        try tmux.waitFor("[1]> ")
        tmux.send(literal: "load \"\(big.path)\" as f")
        tmux.send(keys: "Enter")
        usleep(300_000)
        tmux.send(keys: "C-c")
        try tmux.waitFor("error: interrupted", timeout: 120)
        try tmux.waitFor("[2]> ")
        tmux.send(literal: "tables")
        tmux.send(keys: "Enter")
        try tmux.waitFor("no tables or variables yet")
        tmux.send(keys: "C-d")
        try tmux.waitFor("EXIT=0")
    }
}

/// A tmux session running one command in a pseudo-terminal (120×40 unless told).
struct TmuxDriver {
    static var tmuxPath: String? {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var isAvailable: Bool { tmuxPath != nil }

    let name = "synth-test-\(UUID().uuidString.prefix(8))"
    let tmux: String

    struct Timeout: Error, CustomStringConvertible {
        var expected: String
        var screen: String
        var description: String { "timed out waiting for \"\(expected)\"; screen:\n\(screen)" }
    }

    init(command: String, directory: URL, environment: [String: String], columns: Int = 120, rows: Int = 40) throws {
        tmux = Self.tmuxPath ?? "tmux"
        // Long output on a terminal goes through a pager that waits for keys: off unless a
        // test sets one.
        var environment = environment
        if environment["PAGER"] == nil && environment["SYNTH_PAGER"] == nil { environment["PAGER"] = "cat" }
        let exports = environment.map { "export \($0.key)='\($0.value)';" }.joined(separator: " ")
        let shell = "cd '\(directory.path)'; \(exports) '\(command)'; echo EXIT=$?; sleep 30"
        try run(["new-session", "-d", "-s", name, "-x", String(columns), "-y", String(rows), shell])
    }

    /// Resizes the window (the program gets SIGWINCH, as when a user drags the window).
    func resize(columns: Int, rows: Int = 40) { _ = try? run(["resize-window", "-t", name, "-x", String(columns), "-y", String(rows)]) }

    /// The screen with lines the terminal wrapped joined again (`capture-pane -J`), and the
    /// scrollback: a line longer than the width here is output that wrapped.
    func joinedScreen() -> String { (try? run(["capture-pane", "-p", "-J", "-S", "-200", "-t", name])) ?? "" }

    /// Like `joinedScreen`, from the first line of the scrollback.
    func joinedScreenFromStart() -> String { (try? run(["capture-pane", "-p", "-J", "-S", "-", "-t", name])) ?? "" }

    /// Runs tmux on this driver's own server socket (`-L`), through `Subprocess`: the
    /// first command starts the tmux server, which lives on after its client and must
    /// neither inherit a test's descriptors nor be waited for through them.
    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        try Subprocess.run(tmux, ["-L", name] + arguments, timeout: 30).stdout
    }

    func send(literal text: String) { _ = try? run(["send-keys", "-t", name, "-l", text]) }
    func send(keys: String) { _ = try? run(["send-keys", "-t", name, keys]) }
    func screen() -> String { (try? run(["capture-pane", "-p", "-t", name])) ?? "" }
    func kill() { _ = try? run(["kill-server"]) }

    /// Polls the screen until `text` shows (10 s at most). tmux drops trailing spaces of
    /// screen lines, so `text` is compared without its own.
    func waitFor(_ text: String, timeout: Double = 10) throws {
        var text = text
        while text.hasSuffix(" ") { text.removeLast() }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if screen().contains(text) { return }
            usleep(50_000)
        }
        throw Timeout(expected: text, screen: screen())
    }
}
