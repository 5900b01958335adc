import Foundation
import Testing
import SynthTestSupport
import SynthJobs
import ZIPFoundation

/// Share bundles through the real binary: a shared model generates in another store with
/// every task finished, and a hostile bundle is refused without touching anything.
@Suite("Share bundles end to end (real binary)", .serialized)
struct ShareBundleEndToEndTests {
    /// Runs `synth -c script` with HOME at `home` and the store in `home/.synth`.
    private func run(_ script: String, home: URL) throws -> BinaryHarness.Result {
        try BinaryHarness.run(["-c", script], in: Fixtures.packageRoot,
                              environment: ["SYNTH_HOME": home.appendingPathComponent(".synth").path, "HOME": home.path])
    }

    @Test func sharedModelGeneratesInAnotherStoreWithQAMarkedNotApplicable() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let out = try Fixtures.temporaryDirectory().path
        let mine = try Fixtures.temporaryDirectory(), theirs = try Fixtures.temporaryDirectory()
        let shared = try run("""
            load "examples/data/penguins.csv" as p; train p epochs=1 size=S seed=5 as j; watch j
            share j to="\(out)/p.synthjob"
            """, home: mine)
        #expect(shared.status == 0, "\(shared.stderr)")
        let generated = try run("""
            import "\(out)/p.synthjob" as s; generate s rows=25 seed=1 as g; watch g; download g to="\(out)/g.csv"
            """, home: theirs)
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(try String(contentsOfFile: "\(out)/g.csv", encoding: .utf8).split(separator: "\n").count == 26)
        let store = try JobStore(home: theirs.appendingPathComponent(".synth"))
        #expect(try store.jobs().count == 2)
        #expect(try store.jobs().allSatisfy { $0.status == .finished })
        #expect(try store.tasks(ofJob: 2).map(\.status) == [.finished, .finished, .finished, .finished])
        let qa = try run("qa 2", home: theirs)
        #expect(qa.status == 70)
        #expect(qa.stderr.contains("privacy: not applicable: imported model, no training data in this store"), "\(qa.stderr)")
        let logs = try run("logs 2", home: theirs)
        #expect(logs.stdout.contains("accuracy: not applicable"), "\(logs.stdout)")
    }

    @Test func bundleWithASymlinkChainIsRefusedAndChangesNothing() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let sentinel = home.appendingPathComponent(".bashrc")
        try Data("# mine\n".utf8).write(to: sentinel)
        let bundle = try Fixtures.temporaryDirectory().appendingPathComponent("evil.synthjob")
        let archive = try Archive(url: bundle, accessMode: .create)
        func add(_ path: String, _ text: String, type: Entry.EntryType = .file) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: type, uncompressedSize: Int64(data.count), permissions: 0o4777) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add("synthjob.json", #"{"format":1,"name":"evil","tables":["p"],"settings":{"seed":1,"goal":"accuracy","modelSize":"S","valueProtection":true,"encodings":{},"holdoutShare":0.2}}"#)
        try add("p/a", ".", type: .symlink)
        try add("p/h", "p.a/p.a/p.a/../../..", type: .symlink)
        try add("p/h/.bashrc", "echo pwned\n")
        let result = try run("import \"\(bundle.path)\" as e; jobs", home: home)
        #expect(result.status == 70)
        #expect(result.stderr.contains("is not a valid synth job bundle"), "\(result.stderr)")
        #expect(result.stderr.contains("symbolic link"), "\(result.stderr)")
        #expect(try String(contentsOf: sentinel, encoding: .utf8) == "# mine\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path).sorted() == [".bashrc", ".synth"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent(".synth/jobs").path).isEmpty)
        #expect(try JobStore(home: home.appendingPathComponent(".synth")).jobs().isEmpty)
    }
}

/// A replayed session that imports a bundle reuses the job imported from the same bundle
/// (by the bundle's SHA-256), instead of adding one job per replay.
@Suite("Import on replay (real binary)", .serialized)
struct ImportReplayEndToEndTests {
    @Test func replayingAnImportReusesTheImportedJob() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let directory = try Fixtures.temporaryDirectory()
        let mine = directory.appendingPathComponent("mine"), theirs = directory.appendingPathComponent("theirs")
        try FileManager.default.copyItem(atPath: Fixtures.packageRoot.appendingPathComponent("examples/data/penguins.csv").path,
                                         toPath: directory.appendingPathComponent("penguins.csv").path)
        let shared = try BinaryHarness.run(["-c", """
            load "penguins.csv" as p; train p epochs=1 size=S seed=5 as j; watch j; share j to="p.synthjob"
            """], in: directory, environment: ["SYNTH_HOME": mine.path])
        #expect(shared.status == 0, "\(shared.stderr)")
        let session = try BinaryHarness.run(["-c", """
            import "p.synthjob" as s
            generate s rows=20 seed=1 as g
            download g to="g.csv"
            session save "s.synth"
            session save "s.md"
            """], in: directory, environment: ["SYNTH_HOME": theirs.path])
        #expect(session.status == 0, "\(session.stderr)")
        let original = try Data(contentsOf: directory.appendingPathComponent("g.csv"))
        for file in ["s.synth", "s.md", "s.synth"] {
            let replay = try BinaryHarness.run([file], in: directory, environment: ["SYNTH_HOME": theirs.path])
            #expect(replay.status == 0, "\(file): \(replay.stderr)")
            #expect(replay.stdout.contains("reusing job 1 (j (imported)): imported from the same bundle"), "\(replay.stdout)")
            #expect(try JobStore(home: theirs).jobs().count == 2, "\(file): a replay adds no job")
            #expect(try Data(contentsOf: directory.appendingPathComponent("g.csv")) == original)
        }
        // Outside a replay, `import` makes a new job as before.
        let again = try BinaryHarness.run(["-c", "import \"p.synthjob\" as t"], in: directory, environment: ["SYNTH_HOME": theirs.path])
        #expect(again.status == 0 && again.stdout.contains("imported job 3"), "\(again.stdout)")
    }
}
