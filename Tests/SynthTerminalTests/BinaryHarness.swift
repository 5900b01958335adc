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

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary with `arguments` in `directory`, feeding `input` on stdin.
    static func run(_ arguments: [String], in directory: URL, input: String = "") throws -> Result {
        guard let binary = binaryPath else { throw HarnessError.noBinary }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["SYNTH_HISTORY"] = ""
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }

    enum HarnessError: Error { case noBinary }
}
