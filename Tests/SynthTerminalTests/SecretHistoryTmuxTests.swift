import Foundation
import SynthTestSupport
import Testing

/// A password typed into a command (which `connector add` refuses) is kept neither in the
/// REPL's history file nor by `history` nor by `session save`: the real binary in a
/// pseudo-terminal through tmux.
@Suite(.enabled(if: TmuxDriver.isAvailable && BinaryHarness.binaryPath != nil, "needs tmux and the built synth binary"))
struct SecretHistoryTmuxTests {
    @Test func aTypedPasswordIsRemovedFromHistoryAndSavedSessions() throws {
        let directory = try Fixtures.temporaryDirectory(), home = try Fixtures.temporaryDirectory()
        let history = directory.appendingPathComponent("history").path
        let secret = "hunter2-\(UInt32.random(in: 1000...9999))"
        let tmux = try TmuxDriver(command: BinaryHarness.binaryPath ?? "synth", directory: directory,
                                  environment: ["SYNTH_HISTORY": history, "SYNTH_HOME": home.path, "LANG": "C.UTF-8"])
        defer { tmux.kill() }
        try tmux.waitFor("[1]> ")
        tmux.send(literal: "connector add pg kind=postgresql host=\"127.0.0.1\" user=\"ada\" password=\"\(secret)\"")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[2]> ")
        tmux.send(literal: "history")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[3]> ")
        tmux.send(literal: "session save \"kept.synth\"")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[4]> ")
        tmux.send(literal: "session save \"kept.md\"")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[5]> ")
        tmux.send(keys: "Up")
        tmux.send(keys: "Up")
        tmux.send(keys: "Up")
        tmux.send(keys: "Up")
        try tmux.waitFor("password=\"<secret removed>\"")
        tmux.send(keys: "C-u")
        tmux.send(keys: "C-d")
        Thread.sleep(forTimeInterval: 1)
        let historyText = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
        #expect(historyText.contains("password=\"<secret"), "\(historyText)")  // libedit may write the space as \040
        #expect(!historyText.contains(secret), "\(historyText)")
        for saved in ["kept.synth", "kept.md"] {
            let text = (try? String(contentsOf: directory.appendingPathComponent(saved), encoding: .utf8)) ?? ""
            #expect(!text.contains(secret), "\(saved): \(text)")
        }
        let stored = try Data(contentsOf: home.appendingPathComponent("synth.db"))
        #expect(stored.range(of: Data(secret.utf8)) == nil)
    }
}
