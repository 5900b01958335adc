import Foundation
import SynthTestSupport
import Testing

/// The real binary: modes (-c, script file, stdin) and exit codes 0, 64, 65, 70.
@Suite(.enabled(if: BinaryHarness.binaryPath != nil, "synth binary not built"))
struct BinaryExitCodeTests {
    private func workDirectory() throws -> URL {
        let directory = try Fixtures.temporaryDirectory()
        try Data("a,b\n1,x\n2,y\n3,\n".utf8).write(to: directory.appendingPathComponent("t.csv"))
        return directory
    }

    @Test func commandStringSucceeds() throws {
        let result = try BinaryHarness.run(["-c", "load \"t.csv\" as t; count t b is null"], in: try workDirectory())
        #expect(result.status == 0)
        #expect(result.stdout == "loaded t: 3 rows × 2 columns\n1\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func scriptFileAndStdin() throws {
        let directory = try workDirectory()
        try Data("load \"t.csv\"\ncount t\n".utf8).write(to: directory.appendingPathComponent("s.synth"))
        let file = try BinaryHarness.run(["s.synth"], in: directory)
        #expect(file.status == 0)
        #expect(file.stdout.hasSuffix("3\n"))
        let piped = try BinaryHarness.run([], in: directory, input: "load \"t.csv\" as t\ncount t a > 1\n")
        #expect(piped.status == 0)
        #expect(piped.stdout.hasSuffix("2\n"))
    }

    @Test func usageErrorIs64() throws {
        let directory = try workDirectory()
        #expect(try BinaryHarness.run(["--no-such-flag"], in: directory).status == 64)
        #expect(try BinaryHarness.run(["missing.synth"], in: directory).status == 64)
    }

    @Test func syntaxErrorIs65WithLocation() throws {
        let result = try BinaryHarness.run(["-c", "load \"t.csv\nshow t"], in: try workDirectory())
        #expect(result.status == 65)
        #expect(result.stderr.contains("<command>:1:6: error: unterminated string"))
        #expect(result.stdout.isEmpty, "nothing runs when the script does not parse")
    }

    @Test func runtimeErrorIs70AndStopsTheScript() throws {
        let result = try BinaryHarness.run(["-c", "load \"t.csv\" as t\ncount tt\ncount t"], in: try workDirectory())
        #expect(result.status == 70)
        #expect(result.stderr.contains("<command>:2:7: error: unknown table `tt`"))
        #expect(result.stdout == "loaded t: 3 rows × 2 columns\n")
        let going = try BinaryHarness.run(["--continue-on-error", "-c", "count tt\nload \"t.csv\" as t\ncount t"],
                                          in: try workDirectory())
        #expect(going.status == 70)
        #expect(going.stdout.hasSuffix("3\n"))
    }

    @Test func plainOutputWhenNotATerminal() throws {
        let result = try BinaryHarness.run(["-c", "load \"t.csv\" as t; show t"], in: try workDirectory())
        #expect(!result.stdout.contains("\u{1B}["), "no colour codes in a pipe")
        #expect(result.stdout.contains("+---+------+"), "ASCII table in a pipe")
    }

    @Test func interruptedScriptExits130() throws {
        guard let binary = BinaryHarness.binaryPath else { return }
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let flights = try Fixtures.largeFlightsCSV(megabytes: 40, in: directory)
        let errPath = directory.appendingPathComponent("stderr").path
        // One load of 40 MB takes a fraction of a second, so the script loads it many times:
        // it runs far longer than the wait below on any machine.
        let script = Array(repeating: "load \"\(flights)\" as f; describe f", count: 200).joined(separator: "; ")
        let process = try Subprocess(binary, ["-c", script],
                                     environment: BinaryHarness.environment(), stderr: .file(errPath))
        // Long enough for the handler to be installed, well before the script ends.
        usleep(1_000_000)
        process.send(SIGINT)
        let status = try process.wait(timeout: 120)
        let err = String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self)
        #expect(status == 130)
        #expect(err.contains("error: interrupted"))
    }
}
