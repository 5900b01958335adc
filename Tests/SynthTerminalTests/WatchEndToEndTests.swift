import Foundation
import SynthJobs
import SynthTestSupport
import Testing

/// `watch` through the real binary: every epoch's validation loss paired with its own epoch
/// (as the job's log has it), the QA summary when the job completes, and the error with the
/// log's end when it fails.
@Suite("watch end to end (real binary)", .serialized, .enabled(if: BinaryHarness.binaryPath != nil, "needs the built synth binary"))
struct WatchEndToEndTests {

    @Test func watchShowsEachEpochWithItsOwnLossAndEndsWithTheQASummary() throws {
        let home = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try BinaryHarness.run(["-c", "load \"examples/data/penguins.csv\" as p; train p epochs=3 seed=5 as j; watch j"],
                                           in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
        #expect(result.status == 0, "\(result.stderr)")
        var shown: [Int: String] = [:]
        for match in result.stdout.matches(of: /epoch (\d+)\/(\d+): validation loss ([0-9.]+)/) {
            #expect(match.2 == "3", "the epoch limit is shown: \(match.0)")
            #expect(shown[Int(match.1) ?? 0] == nil, "each epoch once: \(result.stdout)")
            shown[Int(match.1) ?? 0] = String(match.3)
        }
        var logged: [Int: String] = [:]
        for record in try JobStore(home: home).logs(ofJob: 1) {
            if let match = record.message.firstMatch(of: /epoch (\d+): training loss [0-9.]+, validation loss ([0-9.]+)/) { logged[Int(match.1) ?? 0] = String(match.2) }
        }
        #expect(logged.count == 3, "\(logged)")
        #expect(shown == logged, "watch pairs each loss with its epoch as the log does:\n\(result.stdout)")
        // The end: accuracy and privacy verdicts in a few lines, and where the full report is.
        let summary = try #require(result.stdout.range(of: "QA summary"), "\(result.stdout)")
        let tail = result.stdout[summary.lowerBound...]
        #expect(tail.contains("accuracy: overall") && tail.contains("bivariate"), "\(tail)")
        #expect(tail.contains("privacy: ") && (tail.contains("PASS") || tail.contains("FAIL")), "\(tail)")
        #expect(tail.contains("`qa 1`") && tail.contains("`report 1 to="), "\(tail)")
    }

    @Test func watchOfAFailedJobEndsWithItsErrorAndTheLogTail() throws {
        let home = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        guard let binary = BinaryHarness.binaryPath else { return }
        let script = "load \"\(Fixtures.data("diamonds.csv"))\" as d; train d epochs=10000 minutes=10 seed=1 as j; watch j"
        let process = try Subprocess(binary, ["-c", script], directory: Fixtures.packageRoot,
                                     environment: BinaryHarness.environment(["SYNTH_HOME": home.path]))
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if let tasks = try? JobStore(home: home).tasks(ofJob: 1), tasks.contains(where: { $0.kind == .training && $0.status == .inProgress }) {
                break
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        // The process running the job dies: the next `watch` finds the job failed.
        process.send(SIGKILL)
        _ = try process.wait()
        let result = try BinaryHarness.run(["-c", "watch 1"], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
        #expect(result.status == 70, "a failed job is an error: \(result.stderr)")
        #expect(result.stdout.contains("job 1 failed"), "\(result.stdout)")
        #expect(result.stdout.contains("failed task: AI training (d)"), "\(result.stdout)")
        #expect(result.stdout.contains("last lines of the job's log (`logs 1` shows all):"), "\(result.stdout)")
        #expect(result.stdout.contains("is gone"), "the log's end says why: \(result.stdout)")
    }
}
