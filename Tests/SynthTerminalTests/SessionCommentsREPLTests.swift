import Foundation
import SynthTestSupport
import Testing

/// Comments typed at the prompt are kept by `session save` and take no cell number, and
/// `session save` over an existing file asks first (real binary in a tmux terminal).
@Suite(.enabled(if: TmuxDriver.isAvailable && BinaryHarness.binaryPath != nil, "needs tmux and the built synth binary"))
struct SessionCommentsREPLTests {
    @Test func typedCommentsAreSavedAndTakeNoCell() throws {
        let directory = try Fixtures.temporaryDirectory()
        try Data("old\n".utf8).write(to: directory.appendingPathComponent("s.synth"))
        let tmux = try TmuxDriver(command: BinaryHarness.binaryPath ?? "synth", directory: directory,
                                  environment: ["SYNTH_HISTORY": "", "LANG": "C.UTF-8",
                                                "SYNTH_HOME": directory.appendingPathComponent("home").path])
        defer { tmux.kill() }
        try tmux.waitFor("[1]> ")
        tmux.send(literal: "# a first note")
        tmux.send(keys: "Enter")
        tmux.send(literal: "let x = 2   # two")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[2]> ")
        #expect(tmux.screen().contains("[1]> # a first note\n[1]> let x"), "the comment line took no cell number")
        tmux.send(literal: "session save \"s.synth\"")
        tmux.send(keys: "Enter")
        try tmux.waitFor("'s.synth' exists; replace it? [y/N]")
        tmux.send(literal: "n")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[3]> ")
        #expect(try String(contentsOf: directory.appendingPathComponent("s.synth"), encoding: .utf8) == "old\n")
        tmux.send(literal: "session save \"s.synth\"")
        tmux.send(keys: "Enter")
        try tmux.waitFor("replace it? [y/N]")
        tmux.send(literal: "y")
        tmux.send(keys: "Enter")
        try tmux.waitFor("saved 1 commands to s.synth")
        tmux.send(keys: "C-d")
        try tmux.waitFor("EXIT=0")
        let saved = try String(contentsOf: directory.appendingPathComponent("s.synth"), encoding: .utf8)
        #expect(saved.hasSuffix("\n# a first note\nlet x = 2\n# two\n"), "\(saved)")
    }
}
