import Foundation
import SynthTestSupport
import Testing

/// `password="prompt"` in the real REPL (a pseudo-terminal through tmux) against a real
/// throwaway PostgreSQL server: the password is asked without echo, works for the session,
/// and appears neither on the screen, nor in the history, nor in the store.
@Suite(.enabled(if: TmuxDriver.isAvailable && BinaryHarness.binaryPath != nil, "needs tmux and the built synth binary"))
struct ConnectorPasswordPromptTests {
    @Test func passwordTypedWithoutEchoIsKeptForTheSessionOnly() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let directory = try Fixtures.temporaryDirectory(), home = try Fixtures.temporaryDirectory()
        let history = directory.appendingPathComponent("history").path
        let tmux = try TmuxDriver(command: BinaryHarness.binaryPath ?? "synth", directory: directory,
                                  environment: ["SYNTH_HISTORY": history, "SYNTH_HOME": home.path, "LANG": "C.UTF-8"])
        defer { tmux.kill() }
        try tmux.waitFor("[1]> ")
        tmux.send(literal: "connector add warehouse kind=postgresql host=\"127.0.0.1\" port=\(server.port) database=\"postgres\" user=\"\(server.user)\" password=\"prompt\"")
        tmux.send(keys: "Enter")
        try tmux.waitFor("password for connector warehouse: ")
        tmux.send(literal: server.password)
        tmux.send(keys: "Enter")
        try tmux.waitFor("added connector warehouse")
        // Tab completes a connector's name from the store.
        tmux.send(literal: "connector test wa")
        tmux.send(keys: "Tab")
        try tmux.waitFor("connector test warehouse ")
        tmux.send(keys: "Enter")
        try tmux.waitFor("write: yes")
        #expect(!tmux.screen().contains(server.password))
        tmux.send(keys: "C-d")
        Thread.sleep(forTimeInterval: 1)
        let historyText = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
        #expect(historyText.contains("password=\"prompt\"") && !historyText.contains(server.password), "\(historyText)")
        let stored = try Data(contentsOf: home.appendingPathComponent("synth.db"))
        #expect(stored.range(of: Data(server.password.utf8)) == nil)
        // Another process has no typed password: it says how to give it again.
        let later = try BinaryHarness.run(["-c", "connector test warehouse"], in: directory, environment: ["SYNTH_HOME": home.path])
        #expect(later.status != 0 && later.stderr.contains("type it again with `connector password warehouse`"), "\(later.stderr)")
    }
}
