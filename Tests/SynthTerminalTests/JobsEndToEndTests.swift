import Foundation
import Testing
import SynthTestSupport
import SynthJobs

/// Jobs through the real binary: crash recovery after `kill -9`, cancel from a second
/// process, and generating more rows from a trained model.
@Suite("Jobs end to end (real binary)", .serialized)
struct JobsEndToEndTests {
    /// Starts `synth -c SCRIPT` with its own SYNTH_HOME, not waiting for it.
    private func start(_ script: String, home: URL, stdout: Subprocess.Stream = .null) throws -> Subprocess {
        guard let binary = BinaryHarness.binaryPath else { throw BinaryHarness.HarnessError.noBinary }
        return try Subprocess(binary, ["-c", script], directory: Fixtures.packageRoot,
                              environment: BinaryHarness.environment(["SYNTH_HOME": home.path]), stdout: stdout)
    }

    private func run(_ script: String, home: URL) throws -> BinaryHarness.Result {
        try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
    }

    /// Job 1's training task did not start within the deadline.
    struct TrainingNeverStarted: Error, CustomStringConvertible {
        var tasks: String
        var description: String { "job 1's training never started; tasks: \(tasks)" }
    }

    /// Waits until job 1's training task is running.
    private func waitForTraining(home: URL) throws -> JobStore {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if let store = try? JobStore(home: home),
               let tasks = try? store.tasks(ofJob: 1), tasks.first(where: { $0.kind == .training })?.status == .inProgress {
                return store
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let tasks = (try? JobStore(home: home).tasks(ofJob: 1).map { "\($0.kind): \($0.status)" }) ?? []
        throw TrainingNeverStarted(tasks: tasks.isEmpty ? "none (no job 1 in the store)" : tasks.joined(separator: ", "))
    }

    private let longTraining = "load \"\(Fixtures.data("diamonds.csv"))\" as d; train d epochs=10000 minutes=10 seed=1 as j; watch j"

    @Test func killedProcessLeavesAFailedJobAndACleanStore() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let process = try start(longTraining, home: home)
        _ = try waitForTraining(home: home)
        process.send(SIGKILL)
        try process.wait()
        let result = try run("jobs; logs 1", home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("failed"))
        #expect(result.stdout.contains("is gone"))
        let store = try JobStore(home: home)
        #expect(try store.job(1).status == .failed)
        #expect(try store.tasks(ofJob: 1).filter { $0.status == .inProgress || $0.status == .queued }.isEmpty)
    }

    @Test func secondProcessCancelsARunningJob() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let process = try start(longTraining, home: home)
        _ = try waitForTraining(home: home)
        // A third process watches the job the first one runs, through the store.
        let watchedPath = home.appendingPathComponent("watch.out").path
        let watcher = try start("watch 1", home: home, stdout: .file(watchedPath))
        Thread.sleep(forTimeInterval: 0.5)
        #expect(watcher.isRunning, "watch follows the running job")
        let cancel = try run("cancel 1", home: home)
        #expect(cancel.status == 0, "\(cancel.stderr)")
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(!process.isRunning, "the training process should end after the cancel")
        process.send(SIGKILL)
        try process.wait()
        try watcher.wait(timeout: 60)
        let watchedText = String(decoding: FileManager.default.contents(atPath: watchedPath) ?? Data(), as: UTF8.self)
        #expect(watchedText.contains("AI training (d): in progress"), "\(watchedText)")
        #expect(watchedText.contains("job 1 canceled"), "\(watchedText)")
        let store = try JobStore(home: home)
        #expect(try store.job(1).status == .canceled)
        let statuses = try store.tasks(ofJob: 1).map(\.status)
        #expect(statuses == [.finished, .finished, .finished, .canceled, .canceled, .canceled, .canceled, .canceled])
        // Nothing half-written is presented as output.
        #expect(try store.artifacts(ofJob: 1).isEmpty)
    }

    @Test func generateJobsWithCountAndSeed() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let out = try Fixtures.temporaryDirectory().path
        let script = """
            load "examples/data/penguins.csv" as p; train p epochs=3 seed=5 as j; watch j
            generate j rows=40 seed=9 as a; watch a; download a to="\(out)/a.csv"
            generate j rows=40 seed=9 as b; watch b; download b to="\(out)/b.csv"
            generate j rows=40 seed=10 as c; watch c; download c to="\(out)/c.csv"
            select p species island as s; sample s n=6 seed=1 as seed6; export seed6 "\(out)/seed.csv"
            generate j from=seed6 seed=2 as f; watch f; download f to="\(out)/f.csv"
            """
        let result = try run(script, home: home)
        #expect(result.status == 0, "\(result.stderr)")
        func text(_ name: String) throws -> String { try String(contentsOfFile: "\(out)/\(name)", encoding: .utf8) }
        let (a, b, c) = (try text("a.csv"), try text("b.csv"), try text("c.csv"))
        #expect(a == b, "same seed, same rows")
        #expect(a != c)
        #expect(a.split(separator: "\n").count == 41)
        // Generate with seed: the seed's columns come back as they were, the rest is filled in.
        let seedRows = try text("seed.csv").split(separator: "\n").dropFirst().map(String.init)
        let filled = try text("f.csv").split(separator: "\n").dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") }
        #expect(filled == seedRows)
        let store = try JobStore(home: home)
        let types = try store.jobs().map(\.type)
        #expect(types.filter { $0 == .generateWithSubjectCount }.count == 3)
        #expect(types.filter { $0 == .generateWithSeed }.count == 1)
        #expect(try store.jobs().allSatisfy { $0.status == .finished })
        #expect(try store.jobs().filter { $0.type != .adHoc }.allSatisfy { $0.parentJobID == 1 && $0.taskCount == 4 })
    }
}
