import Foundation
import SynthLanguage
import SynthTerminal
import SynthTestSupport
import Testing

/// `session save` → `run`: replaying a saved session rebuilds the same state.
@Suite struct SessionReplayTests {
    final class Capture: @unchecked Sendable { var text = "" }

    private func evaluator(in directory: URL, seed: UInt64) -> (Evaluator, Capture, Capture) {
        let out = Capture(), err = Capture()
        let output = TerminalOutput(capabilities: .plain, out: { out.text += $0 }, err: { err.text += $0 })
        return (Evaluator(session: Session(baseDirectory: directory.path, seed: seed), output: output), out, err)
    }

    private func writePeople(to directory: URL) throws {
        let csv = """
        name,age,city,score
        Ada,36,London,1.5
        Bob,,Paris,2.25
        Chloé,29,Berlin,NA
        Dan,51,London,0.75
        Eve,44,,3.0
        Finn,23,Paris,2.0

        """
        try Data(csv.utf8).write(to: directory.appendingPathComponent("people.csv"))
    }

    @Test func replayGivesTheSameState() throws {
        let directory = try Fixtures.temporaryDirectory()
        try writePeople(to: directory)
        let (original, _, originalErrors) = evaluator(in: directory, seed: 11)
        let script = """
        load "people.csv" as people
        describe people
        filter people age > 25 and city != "Paris"
        let adults = _
        sample people 3 as drawn
        select drawn name score as slim
        let threshold = 2.5
        count people score > threshold
        session save "work.synth"
        """
        #expect(original.run(SourceFile(name: "setup", text: script)) == .success, "\(originalErrors.text)")
        let saved = try String(contentsOf: directory.appendingPathComponent("work.synth"), encoding: .utf8)
        #expect(saved.hasPrefix("# synth session\n# synth version \(SynthVersion.current)\n# saved "))
        #expect(saved.contains("# file \"people.csv\" size="))
        // The sample had no seed: the drawn one is written down.
        #expect(saved.contains("sample people 3 seed="))
        #expect(!saved.contains("describe"), "describe does not change state")

        // A different session seed: only the recorded seed can make the sample equal.
        let (replayed, _, replayErrors) = evaluator(in: directory, seed: 999)
        #expect(replayed.run(SourceFile(name: "replay", text: "run \"work.synth\"")) == .success, "\(replayErrors.text)")
        #expect(replayErrors.text.isEmpty)
        let fingerprint = original.session.stateFingerprint()
        #expect(fingerprint.contains("drawn table 3x4"))
        #expect(fingerprint.contains("threshold number 2.5"))
        #expect(replayed.session.stateFingerprint() == fingerprint)
    }

    @Test func changedInputWarnsOnReplay() throws {
        let directory = try Fixtures.temporaryDirectory()
        try writePeople(to: directory)
        let (original, _, _) = evaluator(in: directory, seed: 1)
        #expect(original.run(SourceFile(name: "setup", text: "load \"people.csv\" as p; session save \"s.synth\"")) == .success)
        let changed = try String(contentsOf: directory.appendingPathComponent("people.csv"), encoding: .utf8) + "Gus,67,Berlin,1.0\n"
        try Data(changed.utf8).write(to: directory.appendingPathComponent("people.csv"))
        let (replayed, _, errors) = evaluator(in: directory, seed: 1)
        #expect(replayed.run(SourceFile(name: "replay", text: "run \"s.synth\"")) == .success)
        #expect(errors.text.contains("warning: 'people.csv' changed since the session was saved"))
        #expect(replayed.session.table(named: "p")?.rowCount == 7)
    }

    @Test func failedCommandsAreNotRecorded() throws {
        let directory = try Fixtures.temporaryDirectory()
        try writePeople(to: directory)
        let (evaluator, _, _) = evaluator(in: directory, seed: 1)
        _ = evaluator.run(SourceFile(name: "a", text: "load \"people.csv\" as p"))
        _ = evaluator.run(SourceFile(name: "b", text: "filter p nope > 1 as broken"))
        _ = evaluator.run(SourceFile(name: "c", text: "let x = 3"))
        #expect(evaluator.session.recorded == ["load \"people.csv\" as p", "let x = 3"])
    }
}
