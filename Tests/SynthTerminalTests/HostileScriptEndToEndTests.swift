import Foundation
import SynthLanguage
import SynthTestSupport
import Testing

/// Hostile scripts through the real binary: deep nesting, control bytes and random bytes end
/// in a short syntax report (exit 65), never a crash, a flood of output or raw escape codes.
@Suite(.enabled(if: BinaryHarness.binaryPath != nil, "synth binary not built"))
struct HostileScriptEndToEndTests {
    /// Runs the bytes as a script file and checks the outcome every hostile script shares.
    private func runScript(_ bytes: [UInt8], seconds: Double = 10) throws -> BinaryHarness.Result {
        let directory = try Fixtures.temporaryDirectory()
        try Data(bytes).write(to: directory.appendingPathComponent("hostile.synth"))
        let clock = ContinuousClock()
        let start = clock.now
        let result = try BinaryHarness.run(["hostile.synth"], in: directory,
                                           environment: ["SYNTH_HOME": directory.appendingPathComponent("home").path],
                                           timeout: 120)
        let elapsed = clock.now - start
        #expect(result.status == 65, "\(result.stderr.prefix(2_000))")
        #expect(result.stdout.isEmpty, "nothing runs when the script does not parse")
        #expect(result.stderr.utf8.count < 20_000, "\(result.stderr.utf8.count) bytes on stderr")
        #expect(!result.stderr.contains("\u{1B}"), "no raw escape byte reaches the terminal")
        #expect(elapsed < .seconds(seconds), "took \(elapsed)")
        return result
    }

    @Test func deepNestingIsASyntaxError() throws {
        let scripts = [
            "show " + String(repeating: "[", count: 100_000) + "1",
            "show " + String(repeating: "(", count: 100_000) + "1",
            "show " + String(repeating: "-", count: 200_000) + "1",
            "show " + String(repeating: "not ", count: 200_000) + "true",
            "count t " + String(repeating: "a and ", count: 100_000) + "a",
        ]
        for script in scripts {
            let result = try runScript(Array(script.utf8))
            #expect(result.stderr.contains("error: expression nested too deeply (more than 256 levels)"))
        }
    }

    @Test func controlBytesAndRandomBytesGiveAShortReport() throws {
        let controls = try runScript([UInt8](repeating: 0x01, count: 20_000))
        #expect(controls.stderr.contains("hostile.synth:1:1: error: unexpected characters '\\u{1}"))
        var generator = SeededGenerator(seed: 20_261_201)
        let random = (0..<1_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let result = try runScript(random)
        #expect(result.stderr.contains("too many errors; stopping"))
    }

    @Test func escapeCodesInAScriptAreShownEscaped() throws {
        let identifier = try runScript(Array("count x\u{1B}[31m ]\n".utf8))
        #expect(identifier.stderr.contains("unexpected character '\\u{1B}'"))
        let string = try runScript(Array("show \"\u{1B}[31mred\u{1B}]0;title\u{07}\" ]".utf8))
        #expect(string.stderr.contains("show \"\\u{1B}[31mred\\u{1B}]0;title\\u{7}\" ]"))
    }

    @Test func aHugeUnknownNameGivesAShortReport() throws {
        let directory = try Fixtures.temporaryDirectory()
        let name = String(repeating: "q", count: 1_000_000)
        try Data((name + "\n").utf8).write(to: directory.appendingPathComponent("huge.synth"))
        let clock = ContinuousClock()
        let start = clock.now
        let result = try BinaryHarness.run(["huge.synth"], in: directory,
                                           environment: ["SYNTH_HOME": directory.appendingPathComponent("home").path])
        #expect(clock.now - start < .seconds(30))
        #expect(result.status == 70)
        #expect(result.stderr.hasPrefix("huge.synth:1:1: error: unknown command `qqq"))
        #expect(result.stderr.utf8.count < 2_000)
    }

    @Test func escapeCodesInDataAreShownEscaped() throws {
        let directory = try Fixtures.temporaryDirectory()
        try Data("name\u{1B}[31m,b\nx\u{1B}]0;title\u{07},1\ny\u{9B}2J,2\n".utf8).write(to: directory.appendingPathComponent("t.csv"))
        let script = "load \"t.csv\" as t\nshow t\ndescribe t\nselect t \"name\u{1B}[31m\" as s\ntables\nlet v = \"\\u{1B}[2J\"\nv\n"
        let result = try BinaryHarness.run(["-c", script], in: directory,
                                           environment: ["SYNTH_HOME": directory.appendingPathComponent("home").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("name\\u{1B}[31m"))
        #expect(result.stdout.contains("x\\u{1B}]0;title\\u{7}"))
        for text in [result.stdout, result.stderr] {
            #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{9B}" })
        }
    }
}

/// `--continue-on-error` goes on after a failed command, but not after very many.
@Suite(.enabled(if: BinaryHarness.binaryPath != nil, "synth binary not built"))
struct ManyFailingCommandsEndToEndTests {
    @Test func continueOnErrorStopsAfterTwentyFailures() throws {
        let directory = try Fixtures.temporaryDirectory()
        let script = String(repeating: "count nothing; ", count: 50_000) + "\n"
        try Data(script.utf8).write(to: directory.appendingPathComponent("many.synth"))
        let result = try BinaryHarness.run(["--continue-on-error", "many.synth"], in: directory,
                                           environment: ["SYNTH_HOME": directory.appendingPathComponent("home").path],
                                           timeout: 120)
        #expect(result.status == 70)
        #expect(result.stderr.components(separatedBy: "error: unknown table `nothing`").count - 1 == 20)
        #expect(result.stderr.hasSuffix("many.synth: note: too many errors; stopping\n  hint: only the first 20 failed commands are reported\n"))
        #expect(result.stderr.utf8.count < 20_000)
    }
}
