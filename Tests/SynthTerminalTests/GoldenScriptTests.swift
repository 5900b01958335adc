import Foundation
import SynthLanguage
import SynthTerminal
import SynthTestSupport
import Testing

/// Golden-file tests: each `Scripts/NAME.synth` runs in-process through the same launcher
/// the binary uses, with plain output; stdout, stderr and the exit code must match
/// `NAME.out`, `NAME.err` and the script's `# exit: N` line (0 when absent).
/// `# flags: --continue-on-error` turns that option on. Set `SYNTH_UPDATE_GOLDEN=1` to
/// rewrite the expected files after a deliberate change.
@Suite struct GoldenScriptTests {
    static let scriptsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")

    static var scriptNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scriptsDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".synth") }.sorted()
    }

    @Test func everyScriptHasExpectations() {
        #expect(Self.scriptNames.count >= 10)
        for name in Self.scriptNames {
            let stem = String(name.dropLast(".synth".count))
            #expect(FileManager.default.fileExists(atPath: Self.scriptsDirectory.appendingPathComponent(stem + ".out").path),
                    "missing \(stem).out")
        }
    }

    @Test(arguments: GoldenScriptTests.scriptNames)
    func script(_ name: String) throws {
        let run = try ScriptHarness.run(scriptNamed: name, from: Self.scriptsDirectory)
        let stem = String(name.dropLast(".synth".count))
        let expectedOutURL = Self.scriptsDirectory.appendingPathComponent(stem + ".out")
        let expectedErrURL = Self.scriptsDirectory.appendingPathComponent(stem + ".err")
        if ProcessInfo.processInfo.environment["SYNTH_UPDATE_GOLDEN"] != nil {
            try Data(run.stdout.utf8).write(to: expectedOutURL)
            if run.stderr.isEmpty {
                try? FileManager.default.removeItem(at: expectedErrURL)
            } else {
                try Data(run.stderr.utf8).write(to: expectedErrURL)
            }
        }
        let expectedOut = (try? String(contentsOf: expectedOutURL, encoding: .utf8)) ?? ""
        let expectedErr = (try? String(contentsOf: expectedErrURL, encoding: .utf8)) ?? ""
        #expect(run.status == run.expectedStatus, "exit code of \(name)")
        #expect(run.stdout == expectedOut, "stdout of \(name)")
        #expect(run.stderr == expectedErr, "stderr of \(name)")
    }
}

/// Runs a golden script in a scratch copy of the scripts folder and captures its output.
enum ScriptHarness {
    struct Run {
        var stdout: String
        var stderr: String
        var status: Int32
        var expectedStatus: Int32
        var workDirectory: URL
    }

    final class Capture: @unchecked Sendable {
        var text = ""
    }

    static func run(scriptNamed name: String, from directory: URL) throws -> Run {
        let work = try Fixtures.temporaryDirectory()
        for entry in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            try FileManager.default.copyItem(at: directory.appendingPathComponent(entry), to: work.appendingPathComponent(entry))
        }
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        var expectedStatus: Int32 = 0
        var continueOnError = false
        for line in text.split(separator: "\n") where line.hasPrefix("#") {
            if line.hasPrefix("# exit: "), let code = Int32(line.dropFirst("# exit: ".count)) { expectedStatus = code }
            if line.hasPrefix("# flags:"), line.contains("--continue-on-error") { continueOnError = true }
        }
        let out = Capture(), err = Capture()
        let output = TerminalOutput(capabilities: .plain, out: { out.text += $0 }, err: { err.text += $0 })
        let launcher = Launcher(options: LaunchOptions(scriptPath: name, continueOnError: continueOnError),
                                session: Session(baseDirectory: work.path, seed: 1), output: output,
                                stdinIsTerminal: false, readStandardInput: { "" })
        let status = launcher.run(historyPath: nil)
        return Run(stdout: out.text, stderr: err.text, status: status, expectedStatus: expectedStatus, workDirectory: work)
    }
}
