import Foundation
import Testing
import SynthData
import SynthTestSupport

/// The shard manifests of deploy/ (Kubernetes Indexed Job, Slurm array job) checked offline by
/// `scripts/check-deploy-manifests`: YAML syntax and the Job's required structure, `bash -n`
/// and the sbatch array; and the checker itself catches broken manifests.
@Suite("Deploy manifests (offline checks)")
struct DeployManifestsTests {
    private func check(_ root: URL) throws -> Subprocess.Result {
        try Subprocess.run("/usr/bin/env", ["python3", Fixtures.packageRoot.appendingPathComponent("scripts/check-deploy-manifests").path,
                                            root.path], timeout: 120)
    }

    @Test func shippedManifestsPassTheOfflineChecks() throws {
        let result = try check(Fixtures.packageRoot)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("checked 2 Kubernetes manifest(s) and 1 Slurm script(s): no problems"), "\(result.stdout)")
    }

    @Test func brokenManifestsAreCaught() throws {
        let root = try Fixtures.temporaryDirectory()
        let deploy = root.appendingPathComponent("deploy")
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("deploy"), to: deploy)
        func edit(_ path: String, _ body: (String) -> String) throws {
            let url = deploy.appendingPathComponent(path)
            try body(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        }
        try edit("kubernetes/generate-shards-folder.yaml") {
            $0.replacingOccurrences(of: "completionMode: Indexed", with: "completionMode: NonIndexed")
                .replacingOccurrences(of: "shard=$JOB_COMPLETION_INDEX", with: "shard=0")
        }
        try edit("kubernetes/generate-shards-postgresql.yaml") {
            $0.replacingOccurrences(of: "completions: 16", with: "completions: 12")
                .replacingOccurrences(of: "password=env:PGPASSWORD", with: "password=hunter2")
        }
        try edit("slurm/generate-shards.sbatch") { $0.replacingOccurrences(of: "set -euo pipefail", with: "if true; then") }
        let result = try check(root)
        #expect(result.status == 1)
        for problem in ["spec.completionMode must be Indexed", "must take shard=$JOB_COMPLETION_INDEX",
                        "SHARDS ('16') must equal spec.completions (12)", "never the secret itself", "bash -n:"] {
            #expect(result.stdout.contains(problem), "missing \(problem)\n\(result.stdout)")
        }
        #expect(!result.stdout.contains("hunter2"))
    }

    /// The sbatch script itself, run as Slurm would run three array tasks (in another order):
    /// each imports the share bundle into its own store and writes its part; the parts are the
    /// rows one process generates from the trained job.
    @Test func slurmScriptRunsTheShardsOfASharedModel() throws {
        guard let binary = BinaryHarness.binaryPath else { return }
        let home = try Fixtures.temporaryDirectory()
        let bundle = home.appendingPathComponent("model.synthjob").path, single = home.appendingPathComponent("single").path
        let parts = home.appendingPathComponent("parts").path
        let trained = try BinaryHarness.run(["-c", """
            load "\(Fixtures.data("penguins.csv"))" as p
            train p epochs=1 seed=1 as j
            share j to="\(bundle)"
            generate j rows=4000 seed=5 to="\(single)"
            """], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.appendingPathComponent("store").path])
        #expect(trained.status == 0, "\(trained.stderr)")
        let script = Fixtures.packageRoot.appendingPathComponent("deploy/slurm/generate-shards.sbatch").path
        let path = URL(fileURLWithPath: binary).deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for task in [2, 0, 1] {
            let result = try Subprocess.run("/bin/bash", [script], directory: home, environment: BinaryHarness.environment([
                "SLURM_ARRAY_TASK_ID": String(task), "SLURM_ARRAY_TASK_COUNT": "3", "SYNTH_MODEL": bundle, "SYNTH_OUTPUT": parts,
                "ROWS": "4000", "SEED": "5", "PATH": path, "TMPDIR": home.path]), timeout: 300)
            #expect(result.status == 0, "task \(task): \(result.stdout)\(result.stderr)")
        }
        func rows(_ file: String) throws -> [String] {
            let table = try ParquetReader(path: file).readTable()
            return (0..<table.rowCount).map { row in table.columns.map { "\($0.value(at: row))" }.joined(separator: "|") }
        }
        let union = try (0..<3).flatMap { try rows(parts + "/p.part-0000\($0)-of-00003.parquet") }
        #expect(union == (try rows(single + "/p.parquet")))
        let stores = try FileManager.default.contentsOfDirectory(atPath: home.path).filter { $0.hasPrefix("synth-home.") }
        #expect(stores.isEmpty, "each task removes its temporary store: \(stores)")
    }
}
