import Foundation
import SynthTestSupport
import Testing

/// In a real terminal (tmux): results carry `Out[N]:` labels matching `outN`, `train?`
/// shows help, `\timing` times every cell, and a tutorial waits for Enter between steps
/// (`q` stops it).
@Suite(.enabled(if: TmuxDriver.isAvailable && BinaryHarness.binaryPath != nil, "needs tmux and the built synth binary"))
struct REPLConventionsTmuxTests {
    @Test func outLabelsShorthandsTimerAndTutorialPauses() throws {
        let directory = try Fixtures.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Fixtures.packageRoot.appendingPathComponent("examples/data/penguins.csv").path,
                                         toPath: directory.appendingPathComponent("penguins.csv").path)
        let tmux = try TmuxDriver(command: BinaryHarness.binaryPath ?? "synth", directory: directory,
                                  environment: ["SYNTH_HISTORY": "", "LANG": "C.UTF-8",
                                                "SYNTH_HOME": directory.appendingPathComponent("home").path])
        defer { tmux.kill() }
        try tmux.waitFor("[1]> ")
        tmux.send(literal: "load \"penguins.csv\" as p")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[2]> ")
        #expect(!tmux.screen().contains("Out[1]"), "a message is not a result")
        tmux.send(literal: "count p species == \"Gentoo\"")
        tmux.send(keys: "Enter")
        try tmux.waitFor("Out[2]: 124")
        tmux.send(literal: "show p 2")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[4]> ")
        let screen = tmux.screen()
        let label = try #require(screen.range(of: "Out[3]:\n"), "\(screen)")
        #expect(screen[label.upperBound...].hasPrefix("┌"), "the table follows its label: \(screen)")
        tmux.send(literal: "out3")
        tmux.send(keys: "Enter")
        try tmux.waitFor("Out[4]:")
        tmux.send(literal: "train?")
        tmux.send(keys: "Enter")
        try tmux.waitFor("train p seed=7 retrain=true as fresh")
        tmux.send(literal: "\\timing")
        tmux.send(keys: "Enter")
        try tmux.waitFor("timer is on")
        tmux.send(literal: "count p")
        tmux.send(keys: "Enter")
        try tmux.waitFor("time: ")
        tmux.send(literal: ".timer off")
        tmux.send(keys: "Enter")
        try tmux.waitFor("timer is off")

        // A tutorial waits for Enter between steps; `q` stops it.
        tmux.send(literal: "tutorial basics")
        tmux.send(keys: "Enter")
        try tmux.waitFor("Enter: step 2 of 5", timeout: 20)
        #expect(tmux.screen().contains("check: ok."), "\(tmux.screen())")
        #expect(!tmux.screen().contains("Step 2 of 5"), "it waits before step 2")
        tmux.send(keys: "Enter")
        try tmux.waitFor("Enter: step 3 of 5", timeout: 20)
        #expect(tmux.screen().contains("show penguins 5"), "\(tmux.screen())")
        tmux.send(literal: "q")
        tmux.send(keys: "Enter")
        try tmux.waitFor("tutorial stopped")
        // The session goes on, with what the tutorial bound.
        tmux.send(literal: "count penguins")
        tmux.send(keys: "Enter")
        try tmux.waitFor(": 344")
        tmux.send(keys: "C-d")
        try tmux.waitFor("EXIT=0")
    }
}
