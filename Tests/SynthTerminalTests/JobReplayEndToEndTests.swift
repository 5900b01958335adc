import Foundation
import SynthJobs
import SynthTestSupport
import Testing
import ZIPFoundation

/// A saved session that trains, generates and writes files, replayed through the real
/// binary: commands wait for the jobs they need, the replay reuses the finished jobs
/// (no retraining, no new jobs) and writes the same files; in a new store it trains again
/// and still writes the same bytes.
@Suite("Session replay with jobs (real binary)", .serialized)
struct JobReplayEndToEndTests {
    private func synth(_ arguments: [String], in directory: URL, home: URL) throws -> BinaryHarness.Result {
        try BinaryHarness.run(arguments, in: directory, environment: ["SYNTH_HOME": home.path])
    }

    /// The files the session writes, read back.
    private struct Outputs: Equatable {
        var files: [String: Data]
        /// The ZIP's entries (its entry dates are the packaging time, so the archive bytes
        /// differ between packagings; the entries must not).
        var zipEntries: [String: Data]
    }

    private func outputs(in directory: URL) throws -> Outputs {
        var files: [String: Data] = [:]
        for name in ["more.csv", "j.parquet", "qa.html"] {
            files[name] = try Data(contentsOf: directory.appendingPathComponent(name))
        }
        var entries: [String: Data] = [:]
        let archive = try Archive(url: directory.appendingPathComponent("j.zip"), accessMode: .read)
        for entry in archive where !entry.path.hasPrefix("logs") && !entry.path.hasSuffix(".log") {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            entries[entry.path] = data
        }
        return Outputs(files: files, zipEntries: entries)
    }

    @Test func trainGenerateDownloadReplaysToTheSameFilesWithoutRetraining() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let directory = try Fixtures.temporaryDirectory()
        let home = directory.appendingPathComponent("home")
        try FileManager.default.copyItem(atPath: Fixtures.packageRoot.appendingPathComponent("examples/data/penguins.csv").path,
                                         toPath: directory.appendingPathComponent("penguins.csv").path)
        // No `watch`: each command waits for the result it needs. Jobs are named by id and
        // by `_` too, as a user does at the prompt.
        let session = """
            # penguins, small and quick
            load "penguins.csv" as p
            train p epochs=2 seed=5 as j
            generate 1 rows=30 seed=3
            download _ to="more.csv"
            download j to="j.parquet"
            report j to="qa.html"
            package j to="j.zip"
            qa j worst=1
            session save "s.synth"
            """
        let first = try synth(["-c", session], in: directory, home: home)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("waiting for job"), "\(first.stdout)")
        let saved = try String(contentsOf: directory.appendingPathComponent("s.synth"), encoding: .utf8)
        let body = saved.split(separator: "\n").filter { !$0.hasPrefix("# synth") && !$0.hasPrefix("# saved") && !$0.hasPrefix("# file") }
        #expect(body == [
            "# penguins, small and quick",
            "load \"penguins.csv\" as p",
            "train p epochs=2 seed=5 as j",
            "generate j rows=30 seed=3 as out3",
            "download out3 to=\"more.csv\" replace=true",
            "download j to=\"j.parquet\" replace=true",
            "report j to=\"qa.html\" replace=true",
            "package j to=\"j.zip\" replace=true",
            "qa j worst=1",
        ], "\(saved)")
        let original = try outputs(in: directory)
        #expect(try JobStore(home: home).jobs().count == 2)

        // Replay into the same store: the finished jobs are reused, the files written again.
        for name in ["more.csv", "j.parquet", "qa.html", "j.zip"] {
            try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
        let replay = try synth(["s.synth"], in: directory, home: home)
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("reusing job 1 (j)"), "\(replay.stdout)")
        #expect(replay.stdout.contains("reusing job 2"), "\(replay.stdout)")
        #expect(!replay.stdout.contains("started job"), "\(replay.stdout)")
        #expect(try JobStore(home: home).jobs().count == 2, "a replay adds no job")
        #expect(try outputs(in: directory) == original)

        // In a new store the replay trains and generates again, to the same bytes.
        let fresh = try synth(["s.synth"], in: directory, home: directory.appendingPathComponent("fresh"))
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(fresh.stdout.contains("started job 1"), "\(fresh.stdout)")
        #expect(try outputs(in: directory) == original)

        // `retrain=true` asks for a new job even on replay.
        try Data(saved.replacingOccurrences(of: "seed=5 as j", with: "seed=5 retrain=true as j").utf8)
            .write(to: directory.appendingPathComponent("retrain.synth"))
        let retrained = try synth(["retrain.synth"], in: directory, home: home)
        #expect(retrained.status == 0, "\(retrained.stderr)")
        #expect(retrained.stdout.contains("started job 3 (j)"), "\(retrained.stdout)")
        #expect(try JobStore(home: home).jobs().count == 4, "a new training job, and a new generate job from it")
    }
}
