import Foundation
import SynthTestSupport

/// Runs the real `synth` executable built beside the tests.
enum BinaryHarness {
    /// `$SYNTH_BINARY`, else `.build/debug/synth` (or release) under the package root.
    static var binaryPath: String? {
        if let custom = ProcessInfo.processInfo.environment["SYNTH_BINARY"] { return custom }
        let build = Fixtures.packageRoot.appendingPathComponent(".build")
        for configuration in ["debug", "release"] {
            let path = build.appendingPathComponent(configuration).appendingPathComponent("synth").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    typealias Result = Subprocess.Result

    /// Runs the binary with `arguments` in `directory`, feeding `input` on stdin. The
    /// child's output goes to files and its exit is awaited with a deadline, so a
    /// descendant that outlives it cannot hang the test (see `Subprocess`).
    static func run(_ arguments: [String], in directory: URL, input: String = "",
                    environment extra: [String: String] = [:], timeout: Double = 300) throws -> Result {
        guard let binary = binaryPath else { throw HarnessError.noBinary }
        return try Subprocess.run(binary, arguments, directory: directory, environment: environment(extra),
                                  input: input, timeout: timeout)
    }

    /// The test's environment with history off (so no test writes the user's history).
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SYNTH_HISTORY"] = ""
        environment.merge(extra) { $1 }
        return environment
    }

    enum HarnessError: Error { case noBinary }
}
