import Foundation
import Testing
import SynthTestSupport
import SynthJobs

/// `stop J` through the real binary, from a second process: training ends early, the best
/// model so far is kept, and the job goes on to generate, package and score; the kept model
/// then generates more rows.
@Suite("Stop and keep (real binary)", .serialized)
struct JobStopEndToEndTests {
    private func start(_ script: String, home: URL) throws -> Subprocess {
        guard let binary = BinaryHarness.binaryPath else { throw BinaryHarness.HarnessError.noBinary }
        return try Subprocess(binary, ["-c", script], directory: Fixtures.packageRoot,
                              environment: BinaryHarness.environment(["SYNTH_HOME": home.path]))
    }

    private func run(_ script: String, home: URL) throws -> BinaryHarness.Result {
        try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
    }

    struct TrainingNeverStarted: Error {}

    /// Waits until job 1 has taken a few training steps.
    private func waitForTrainingSteps(home: URL) throws {
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline {
            if let store = try? JobStore(home: home), let tasks = try? store.tasks(ofJob: 1),
               let training = tasks.first(where: { $0.kind == .training }), training.status == .inProgress,
               (training.progress?.step ?? 0) > 2 {
                return
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TrainingNeverStarted()
    }

    @Test func stopFromAnotherProcessKeepsAUsableModel() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let out = try Fixtures.temporaryDirectory().path
        let process = try start("load \"\(Fixtures.data("diamonds.csv"))\" as d; "
                                + "train d epochs=10000 minutes=10 generate=200 seed=1 as j; watch j", home: home)
        try waitForTrainingSteps(home: home)
        let stop = try run("stop 1", home: home)
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(stop.stdout.contains("stop training"), "\(stop.stdout)")
        let status = try process.wait(timeout: 240)
        #expect(status == 0)

        let store = try JobStore(home: home)
        #expect(try store.job(1).status == .finished)
        #expect(try store.tasks(ofJob: 1).allSatisfy { $0.status == .finished })
        let kinds = Set(try store.artifacts(ofJob: 1).map(\.kind))
        #expect(kinds.isSuperset(of: ["model", "synthetic.csv", "package", "qa.html"]), "\(kinds)")

        // `job 1` shows what was used, and why training ended.
        let shown = try run("job 1; logs 1", home: home)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("training ended: stopped by the user"), "\(shown.stdout)")
        // The epoch limit shown is the one training followed: the step budget's, below the
        // 10,000 asked for on this 4,000-row table.
        let limit = shown.stdout.firstMatch(of: /run of at most (\d+)/).flatMap { Int($0.1) }
        #expect(limit.map { $0 > 1 && $0 < 10000 } == true, "\(shown.stdout)")
        #expect(!shown.stdout.contains("auto"), "\(shown.stdout)")
        #expect(shown.stdout.contains("keeping the best model"), "\(shown.stdout)")

        // The kept model generates.
        let more = try run("generate 1 rows=25 seed=3 as g; watch g; download g to=\"\(out)/more.csv\"", home: home)
        #expect(more.status == 0, "\(more.stderr)")
        let lines = try String(contentsOfFile: "\(out)/more.csv", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 26)
        #expect(lines.first == "carat,cut,color,clarity,depth,table,price,x,y,z")
    }

    @Test func stopOfAFinishedJobSaysSo() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let result = try run("load \"examples/data/penguins.csv\" as p; train p goal=speed epochs=1 seed=2 as j; watch j; stop j",
                             home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("job 1 already finished"), "\(result.stdout)")
        let help = try run("help stop", home: home)
        #expect(help.stdout.contains("keep the best model"), "\(help.stdout)")
    }
}
