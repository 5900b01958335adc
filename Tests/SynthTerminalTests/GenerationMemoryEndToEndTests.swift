import Foundation
import Testing
import SynthTestSupport

/// `generate JOB rows=N` through the real binary keeps memory bounded: the generating task
/// streams its rows to disk chunk by chunk and the QA report scores a bounded sample, so
/// four times more rows barely move the process's peak resident set (`ru_maxrss`, the
/// kernel's VmHWM). Before streaming, 450,000 more penguin rows cost about 100 MiB.
@Suite("Generation memory (real binary)", .serialized)
struct GenerationMemoryEndToEndTests {
    @Test func peakMemoryDoesNotGrowWithTheRowCount() throws {
        guard let binary = BinaryHarness.binaryPath else { return }
        let home = try Fixtures.temporaryDirectory()
        let environment = BinaryHarness.environment(["SYNTH_HOME": home.path])
        let trained = try BinaryHarness.run(["-c", "load \"\(Fixtures.data("penguins.csv"))\" as p; train p epochs=1 size=S seed=1 generate=10 as j"],
                                            in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
        #expect(trained.status == 0, "\(trained.stderr)")
        func peak(rows: Int) throws -> Int {
            let child = try Subprocess(binary, ["-c", "generate 1 rows=\(rows) seed=2"], directory: Fixtures.packageRoot,
                                       environment: environment)
            #expect(try child.wait(timeout: 900) == 0)
            return try #require(child.peakResidentKiB)
        }
        let small = try peak(rows: 150_000), large = try peak(rows: 600_000)
        let check = try BinaryHarness.run(["-c", "tasks 3"], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
        #expect(check.stdout.contains("600000 rows"), "\(check.stdout)")
        #expect(large - small < 40 * 1024, "peak RSS \(small / 1024) MiB for 150,000 rows, \(large / 1024) MiB for 600,000")
    }
}
