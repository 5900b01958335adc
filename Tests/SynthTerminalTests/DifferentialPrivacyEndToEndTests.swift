import Foundation
import Testing
import SynthTestSupport

/// `train … dp=true epsilon=…` through the real binary: the job finishes, `job J` shows the
/// budget and the ε spent, the QA report (terminal and HTML) shows it too, and wrong
/// combinations of the options are clear errors.
@Suite("Differential privacy end to end (real binary)", .serialized)
struct DifferentialPrivacyEndToEndTests {
    private func run(_ script: String, home: URL) throws -> BinaryHarness.Result {
        try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
    }

    @Test func aPrivateJobFinishesAndShowsTheEpsilonItSpent() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let out = try Fixtures.temporaryDirectory().appendingPathComponent("qa.html")
        let trained = try run("load \"\(Fixtures.data("penguins.csv"))\" as p; train p dp=true epsilon=5 epochs=3 goal=speed seed=1 as j",
                              home: home)
        #expect(trained.status == 0, "\(trained.stderr)")
        let shown = try run("job 1; qa 1; report 1 to=\"\(out.path)\"; logs 1", home: home)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("status:     finished"), "\(shown.stdout)")
        #expect(shown.stdout.contains("differential privacy: budget ε = 5.0"), "\(shown.stdout)")
        let spent = try #require(shown.stdout.range(of: "spent ε = "), "\(shown.stdout)")
        let figure = Double(shown.stdout[spent.upperBound...].prefix { $0.isNumber || $0 == "." }) ?? .infinity
        #expect(figure > 0 && figure <= 5)
        // qa: the terminal report (ASCII here: output is not a UTF-8 terminal)
        #expect(shown.stdout.contains("differential privacy: epsilon = ") || shown.stdout.contains("differential privacy: ε = "),
                "\(shown.stdout)")
        #expect(shown.stdout.contains("noise multiplier"))            // logs
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(html.contains("differential privacy: ε = "))
    }

    @Test func ordinaryJobsSayDifferentialPrivacyWasNotUsed() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let result = try run("load \"\(Fixtures.data("penguins.csv"))\" as p; train p epochs=1 goal=speed seed=1 as j", home: home)
        #expect(result.status == 0, "\(result.stderr)")
        let shown = try run("job 1; qa 1", home: home)
        #expect(shown.stdout.contains("differential privacy: off"))
        #expect(shown.stdout.contains("differential privacy: not used"))
    }

    @Test func wrongOptionsAreClearErrors() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let load = "load \"\(Fixtures.data("penguins.csv"))\" as p; "
        let cases: [(String, String)] = [
            ("train p epsilon=5", "add dp=true"),
            ("train p dp=true", "needs a privacy budget"),
            ("train p dp=true epsilon=-1", "epsilon must be a positive number"),
            ("train p dp=true epsilon=5 delta=2", "delta must be between 0 and 1"),
            ("train p dp=true epsilon=5 clip=0", "clipping norm must be positive"),
        ]
        for (command, message) in cases {
            let result = try run(load + command, home: home)
            #expect(result.status != 0, "\(command)")
            #expect(result.stderr.contains(message), "\(command): \(result.stderr)")
        }
        // A budget too small for any noise fails the job with the reason, never a crash.
        _ = try run(load + "train p dp=true epsilon=0.000001 epochs=50 seed=1", home: home)
        let tiny = try run("job 1; logs 1", home: home)
        #expect(tiny.stdout.contains("status:     failed"), "\(tiny.stdout)")
        #expect(tiny.stdout.contains("epsilon 1e-06 is too small for"), "\(tiny.stdout)")
    }
}
