import Foundation
import Testing
import SynthTestSupport
import SynthJobs

/// The job store's safety through the real binary: owner-only files whatever the umask,
/// runner liveness by lock (not pid or host), orphaned queued jobs, deleting a job that
/// others generate from, and databases synth must not open.
@Suite("Job store safety end to end (real binary)", .serialized)
struct JobStoreSafetyEndToEndTests {
    private func run(_ script: String, home: URL, umask: String? = nil) throws -> BinaryHarness.Result {
        guard let binary = BinaryHarness.binaryPath else { throw BinaryHarness.HarnessError.noBinary }
        let environment = BinaryHarness.environment(["SYNTH_HOME": home.path])
        guard let umask else {
            return try Subprocess.run(binary, ["-c", script], directory: Fixtures.packageRoot, environment: environment, timeout: 300)
        }
        return try Subprocess.run("/bin/sh", ["-c", "umask \(umask) && exec \"$0\" \"$@\"", binary, "-c", script],
                                  directory: Fixtures.packageRoot, environment: environment, timeout: 300)
    }

    /// A CSV of `rows` rows (numbers and categories), big enough that training takes a while.
    private func trainingData(rows: Int) throws -> String {
        var text = "a,b,c,d\n"
        var state: UInt64 = 12345
        for _ in 0..<rows {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let x = Int(state >> 33)
            text += "\(x % 1000),\(Double(x % 977) / 7),k\(x % 13),\(["red", "green", "blue"][x % 3])\n"
        }
        return try Fixtures.writeTemporary(text, name: "long.csv")
    }

    /// Files and folders under `root` whose mode is not 0600 (files) or 0700 (folders).
    private func looseModes(under root: URL) -> [String] {
        var loose: [String] = []
        func visit(_ url: URL) {
            var info = stat()
            guard lstat(url.path, &info) == 0 else { return }
            let mode = info.st_mode & 0o7777
            if info.st_mode & S_IFMT == S_IFDIR {
                if mode != 0o700 { loose.append("\(url.lastPathComponent) \(String(mode, radix: 8))") }
                for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] { visit(url.appendingPathComponent(name)) }
            } else if info.st_mode & S_IFMT == S_IFREG, mode != 0o600 {
                loose.append("\(url.lastPathComponent) \(String(mode, radix: 8))")
            }
        }
        visit(root)
        return loose
    }

    @Test func storeIsOwnerOnlyAndAParentIsDeletedOnlyWithItsChildren() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory().appendingPathComponent("synth-home")
        let trained = try run("""
            load "examples/data/penguins.csv" as p; train p epochs=1 seed=5 as j; watch j
            generate j rows=20 seed=9 as g; watch g
            """, home: home, umask: "000")
        #expect(trained.status == 0, "\(trained.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("jobs/1").path)
        #expect(files.contains("p.source.parquet") && files.contains("p.training.parquet"), "\(files)")
        #expect(looseModes(under: home) == [])

        // Job 2 generates from job 1's model: deleting job 1 alone is refused, and says why.
        let refused = try run("delete 1", home: home)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("job 2") && refused.stderr.contains("children=true"), "\(refused.stderr)")
        #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent("jobs/1/p.source.parquet").path))
        let deleted = try run("delete 1 children=true; jobs", home: home)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains("deleted job 1 and the job generating from it: 2"), "\(deleted.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("jobs").path).isEmpty)
    }

    @Test(.enabled(if: TmuxDriver.isAvailable, "needs tmux"))
    func theREPLAsksBeforeDeletingAParentWithItsChildren() throws {
        guard let binary = BinaryHarness.binaryPath else { return }
        let home = try Fixtures.temporaryDirectory()
        let trained = try run("""
            load "examples/data/penguins.csv" as p; train p epochs=1 seed=5 as j; watch j
            generate j rows=20 seed=9 as g; watch g
            """, home: home)
        #expect(trained.status == 0, "\(trained.stderr)")
        let tmux = try TmuxDriver(command: binary, directory: Fixtures.packageRoot,
                                  environment: ["SYNTH_HOME": home.path, "SYNTH_HISTORY": "", "LANG": "C.UTF-8"])
        defer { tmux.kill() }
        try tmux.waitFor("[1]> ")
        tmux.send(literal: "delete 1")
        tmux.send(keys: "Enter")
        try tmux.waitFor("generating from its model (2), with all their files? [y/N]")
        tmux.send(literal: "n")
        tmux.send(keys: "Enter")
        try tmux.waitFor("kept job 1")
        tmux.send(literal: "delete 1")
        tmux.send(keys: "Enter")
        try tmux.waitFor("generating from its model (2), with all their files? [y/N]")
        tmux.send(literal: "y")
        tmux.send(keys: "Enter")
        try tmux.waitFor("deleted job 1 and the job generating from it: 2")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("jobs").path).isEmpty)
    }

    @Test func aKilledRunnerIsFailedAtOnceAndItsQueuedJobsToo() throws {
        guard let binary = BinaryHarness.binaryPath else { return }
        let home = try Fixtures.temporaryDirectory()
        let data = try trainingData(rows: 4000)
        let script = "load \"\(data)\" as d; train d epochs=10000 minutes=10 batch=4 seed=1 as a; train d epochs=1 seed=2 as b; watch a"
        let process = try Subprocess(binary, ["-c", script], directory: Fixtures.packageRoot,
                                     environment: BinaryHarness.environment(["SYNTH_HOME": home.path]))
        defer { process.send(SIGKILL); _ = try? process.wait() }
        let deadline = Date().addingTimeInterval(180)
        var training = false
        while !training, process.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            training = (try? JobStore(home: home).tasks(ofJob: 1).first { $0.kind == .training }?.status == .inProgress) ?? false
        }
        try #require(training, "job 1 never reached training")

        // What the store records about the runner (a pid that is not its own, another host:
        // another UTS namespace) does not decide whether it is alive; its lock does.
        try SQLiteDatabase(path: home.appendingPathComponent("synth.db").path)
            .run("UPDATE jobs SET owner_pid = 1, owner_host = 'another-namespace'")
        let alive = try run("jobs", home: home)
        #expect(alive.status == 0, "\(alive.stderr)")
        #expect(alive.stdout.contains("in progress") && !alive.stdout.contains("failed"), "\(alive.stdout)")

        process.send(SIGKILL)
        _ = try process.wait()
        let after = try run("jobs; logs 1; logs 2; cancel 1; delete 2 confirm=true; delete 1 confirm=true", home: home)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stdout.contains("is gone"), "\(after.stdout)")
        #expect(after.stdout.contains("queued it") && after.stdout.contains("before the job started"), "\(after.stdout)")
        #expect(after.stdout.contains("already failed"), "\(after.stdout)")
        #expect(after.stdout.contains("deleted job 1"), "\(after.stdout)")
    }

    @Test func databasesSynthMustNotOpenAreErrorsThatSayWhatToDo() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        // A zero-byte synth.db beside the folders of earlier jobs.
        let home = try Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(at: home.appendingPathComponent("jobs/1"), withIntermediateDirectories: true)
        let database = home.appendingPathComponent("synth.db")
        try Data().write(to: database)
        let lost = try run("jobs", home: home)
        #expect(lost.status != 0)
        #expect(lost.stderr.contains(database.path) && lost.stderr.contains("mv "), "\(lost.stderr)")
        #expect(try Data(contentsOf: database).isEmpty)

        // A file that is not a SQLite database.
        let text = Data("not a database\n".utf8)
        try text.write(to: database)
        let foreign = try run("jobs", home: home)
        #expect(foreign.status != 0)
        #expect(foreign.stderr.contains("is not a synth job store"), "\(foreign.stderr)")
        #expect(try Data(contentsOf: database) == text)

        // No database at all: the old folder is kept and the next job gets a fresh one.
        try FileManager.default.removeItem(at: database)
        try Data("old".utf8).write(to: home.appendingPathComponent("jobs/1/kept.txt"))
        let fresh = try run("load \"examples/data/penguins.csv\" as p; train p epochs=1 seed=1 as j; cancel j", home: home)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(fresh.stdout.contains("started job 2"), "\(fresh.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("jobs/1").path) == ["kept.txt"])
    }
}
