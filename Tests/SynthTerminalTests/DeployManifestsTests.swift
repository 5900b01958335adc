import Foundation
import Testing
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
}
