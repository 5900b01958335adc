import Foundation
import SynthTestSupport
import Testing

/// A script whose job fails fails too (exit code 70): when it watches the job, when a
/// command waits for the job's result, and when it only started the job; `watch` of a job
/// that failed earlier, from another process, too.
@Suite("Failed jobs fail scripts (real binary)", .serialized)
struct FailedJobExitCodeTests {
    /// Training fails: a differential-privacy budget too small for any noise (`bad` below).
    private func setUp() throws -> (directory: URL, home: URL) {
        let directory = try Fixtures.temporaryDirectory()
        let rows = (0..<40).map { "\($0 % 7),\(["x", "y", "z"][$0 % 3])" }
        try Data(("a,b\n" + rows.joined(separator: "\n") + "\n").utf8).write(to: directory.appendingPathComponent("small.csv"))
        return (directory, directory.appendingPathComponent("home"))
    }

    private func synth(_ script: String, _ place: (directory: URL, home: URL)) throws -> BinaryHarness.Result {
        try BinaryHarness.run(["-c", script], in: place.directory, environment: ["SYNTH_HOME": place.home.path])
    }

    @Test func everyWayOfWaitingForAFailedJobExits70() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let place = try setUp()
        let watched = try synth("load \"small.csv\" as p; train p dp=true epsilon=0.000001 epochs=50 seed=1 as bad; watch bad; let after = 1", place)
        #expect(watched.status == 70, "\(watched.stdout)\n\(watched.stderr)")
        #expect(watched.stderr.contains("error: job 1 (bad) failed after"), "\(watched.stderr)")
        #expect(watched.stderr.contains("AI training: invalid model setting: epsilon 1e-06 is too small for"), "\(watched.stderr)")

        let downloaded = try synth("load \"small.csv\" as p; train p dp=true epsilon=0.000001 epochs=50 seed=1 as bad; download bad to=\"x.csv\"", place)
        #expect(downloaded.status == 70)
        #expect(downloaded.stderr.contains("job 2 (bad) failed before it had synthetic data: AI training"), "\(downloaded.stderr)")
        #expect(!FileManager.default.fileExists(atPath: place.directory.appendingPathComponent("x.csv").path))

        let generated = try synth("load \"small.csv\" as p; train p dp=true epsilon=0.000001 epochs=50 seed=1 as bad; generate bad rows=5", place)
        #expect(generated.status == 70)
        #expect(generated.stderr.contains("job 3 (bad) failed before it had a trained model"), "\(generated.stderr)")

        // Nothing waited for it: the script still ends with the job, and fails with it.
        let started = try synth("load \"small.csv\" as p; train p dp=true epsilon=0.000001 epochs=50 seed=1 as quiet", place)
        #expect(started.status == 70, "\(started.stdout)\n\(started.stderr)")
        #expect(started.stderr.contains("error: job 4 (quiet) failed: "), "\(started.stderr)")

        // Another process watching a job that failed earlier.
        let later = try synth("watch 4", place)
        #expect(later.status == 70)
        #expect(later.stderr.contains("job 4 (quiet) failed after"), "\(later.stderr)")
    }
}
