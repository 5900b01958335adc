import Foundation
import SynthTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Every command that writes a user's file (`export`, `session save`, `report`, `download`,
/// `package`, `share`) through the real binary: a killed or size-limited write leaves no
/// file, an existing file or symbolic link is replaced only with `replace=true` (a link's
/// target never), and concurrent writers to one path always leave one whole file.
@Suite("Output files end to end (real binary)", .enabled(if: BinaryHarness.binaryPath != nil, "synth binary not built"))
struct OutputFilesEndToEndTests {
    /// A SYNTH_HOME with job 1 trained on penguins and job 2 (50 000 generated rows, so the
    /// synthetic data, package and bundle are each over 200 KB), made once for the suite.
    static let trainedHome: URL? = {
        guard let home = try? Fixtures.temporaryDirectory() else { return nil }
        let script = "load \"examples/data/penguins.csv\" as p; train p epochs=1 seed=1 as j; watch j; "
            + "generate j rows=50000 seed=2 as g; watch g"
        let result = try? BinaryHarness.run(["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
        return result?.status == 0 ? home : nil
    }()

    /// Each writing command, with a destination file name, as `synth -c` text (`%@` is the
    /// destination). `load` of the synthetic rows makes a table of 50 000 rows for `export`.
    static let writers: [(name: String, command: String)] = [
        ("a.csv", "load \"$JOBS/2/p.synthetic.csv\" as t; export t \"%@\""),
        ("a.parquet", "load \"$JOBS/2/p.synthetic.csv\" as t; export t \"%@\""),
        ("s.synth", "load \"$JOBS/2/p.synthetic.csv\" as t; session save \"%@\""),
        ("r.html", "report 2 to=\"%@\""),
        ("d.csv", "download 2 to=\"%@\""),
        ("d.parquet", "download 2 to=\"%@\""),
        ("p.zip", "package 2 to=\"%@\""),
        ("b.synthjob", "share 1 to=\"%@\""),
    ]

    private func command(_ template: String, _ destination: String, home: URL, extra: String = "") -> String {
        template.replacingOccurrences(of: "$JOBS", with: home.appendingPathComponent("jobs").path)
            .replacingOccurrences(of: "%@", with: destination) + extra
    }

    private func synth(_ arguments: [String], in directory: URL, home: URL) throws -> BinaryHarness.Result {
        try BinaryHarness.run(arguments, in: directory, environment: ["SYNTH_HOME": home.path])
    }

    /// The names in `folder` other than `keep`.
    private func strayNames(in folder: URL, keeping keep: Set<String> = []) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !keep.contains($0) }.sorted()
    }

    @Test func fileSizeLimitIsAClearErrorAndLeavesNoFile() throws {
        let home = try #require(Self.trainedHome, "training the fixture job failed")
        let binary = try #require(BinaryHarness.binaryPath)
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, template) in Self.writers where name != "s.synth" {
            // dash counts `ulimit -f` in 512-byte blocks: 100 blocks = 50 KiB, below every output here.
            let result = try Subprocess.run("/bin/sh", ["-c", "ulimit -f 100; exec \"$0\" -c \"$1\"", binary,
                                                        command(template, name, home: home)],
                                            directory: folder, environment: BinaryHarness.environment(["SYNTH_HOME": home.path]))
            #expect(result.status == 70, "\(name): \(result.stderr)")
            #expect(result.stderr.contains("file size limit (ulimit -f) reached while writing '\(name)'"), "\(name): \(result.stderr)")
            #expect(try strayNames(in: folder).isEmpty, "\(name): no partial and no temporary file")
        }
    }

    @Test func killedWriteLeavesNoPartialFile() throws {
        let binary = try #require(BinaryHarness.binaryPath)
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // About 60 MB of CSV, so writing it takes long enough to be caught in the middle.
        var text = "id,name,value\n"
        text.reserveCapacity(64 << 20)
        for row in 0..<2_000_000 { text += "\(row),name number \(row % 977),\(Double(row) * 0.25)\n" }
        try Data(text.utf8).write(to: folder.appendingPathComponent("big.csv"))
        text = ""
        var killedMidWrite = false
        for _ in 0..<3 where !killedMidWrite {
            let child = try Subprocess(binary, ["-c", "load \"big.csv\" as b; export b \"out.csv\""], directory: folder,
                                       environment: BinaryHarness.environment(["SYNTH_HOME": folder.path]))
            let deadline = Date().addingTimeInterval(120)
            while child.isRunning, Date() < deadline {
                let partial = try strayNames(in: folder, keeping: ["big.csv"]).first { $0.hasPrefix(".out.csv.") }
                if let partial, let size = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(partial).path)[.size] as? Int,
                   size > 0 {
                    child.send(SIGKILL)
                    killedMidWrite = true
                    break
                }
                usleep(500)
            }
            try child.wait(timeout: 60)
            if killedMidWrite {
                // `kill -9` cannot be cleaned up after: at most the temporary `.out.csv.*.tmp` stays.
                #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.csv").path))
                let left = try strayNames(in: folder, keeping: ["big.csv", "synth.db", "synth.db-wal", "synth.db-shm"])
                #expect(left.allSatisfy { $0.hasPrefix(".out.csv.") && $0.hasSuffix(".tmp") }, "\(left)")
            } else {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent("out.csv"))
            }
        }
        #expect(killedMidWrite, "the export finished before it could be killed three times")
    }

    /// Runs every writer against a destination `prepare` made in `folder`, once without and
    /// once with `replace=true`.
    private func runWriters(home: URL, prepare: (URL, String) throws -> Void,
                            check: (_ name: String, _ first: BinaryHarness.Result, _ replaced: BinaryHarness.Result, URL) throws -> Void) throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, template) in Self.writers {
            try prepare(folder, name)
            let first = try synth(["-c", command(template, name, home: home)], in: folder, home: home)
            let replaced = try synth(["-c", command(template, name, home: home, extra: " replace=true")], in: folder, home: home)
            try check(name, first, replaced, folder)
        }
    }

    @Test func anExistingFileIsReplacedOnlyWithReplaceTrue() throws {
        let home = try #require(Self.trainedHome, "training the fixture job failed")
        try runWriters(home: home, prepare: { folder, name in
            try Data("old".utf8).write(to: folder.appendingPathComponent(name))
        }, check: { name, first, replaced, folder in
            #expect(first.status == 70, "\(name)")
            #expect(first.stderr.contains("'\(name)' already exists; add replace=true to replace it"), "\(name): \(first.stderr)")
            #expect(replaced.status == 0, "\(name): \(replaced.stderr)")
            let size = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.size] as? Int
            #expect((size ?? 0) > 3, "\(name) was replaced")
        })
    }

    @Test func aSymbolicLinkDestinationIsNeverFollowed() throws {
        let home = try #require(Self.trainedHome, "training the fixture job failed")
        try runWriters(home: home, prepare: { folder, name in
            let target = folder.appendingPathComponent("precious-\(name)")
            try Data("precious".utf8).write(to: target)
            try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(name).path, withDestinationPath: target.path)
        }, check: { name, first, replaced, folder in
            #expect(first.status == 70, "\(name)")
            #expect(first.stderr.contains("'\(name)' already exists"), "\(name): \(first.stderr)")
            #expect(replaced.status == 0, "\(name): \(replaced.stderr)")
            let target = folder.appendingPathComponent("precious-\(name)")
            #expect(FileManager.default.contents(atPath: target.path) == Data("precious".utf8), "\(name): the link's target is untouched")
            let type = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.type] as? FileAttributeType
            #expect(type == .typeRegular, "\(name): the link itself was replaced")
        })
    }

    /// Whether `data` ends with a ZIP end-of-central-directory record whose central directory
    /// lies just before it: a whole archive, not a truncated or interleaved one.
    private func isWholeZIP(_ data: Data) -> Bool {
        let bytes = [UInt8](data)
        guard bytes.count >= 22 else { return false }
        let end = bytes.count - 22
        func number(_ at: Int, _ width: Int) -> Int { (0..<width).reversed().reduce(0) { $0 << 8 | Int(bytes[at + $1]) } }
        guard bytes[end..<end + 4] == [0x50, 0x4B, 0x05, 0x06], number(end + 10, 2) > 0 else { return false }
        return number(end + 16, 4) + number(end + 12, 4) == end
    }

    @Test(arguments: ["b.synthjob", "p.zip", "a.csv"])
    func concurrentWritersLeaveOneWholeFile(name: String) throws {
        let home = try #require(Self.trainedHome, "training the fixture job failed")
        let binary = try #require(BinaryHarness.binaryPath)
        let template = try #require(Self.writers.first { $0.name == name }).command
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = command(template, name, home: home, extra: " replace=true")
        let destination = folder.appendingPathComponent(name)
        let reference = folder.appendingPathComponent("reference.csv")
        if name.hasSuffix(".csv") {
            let alone = try synth(["-c", command(template, "reference.csv", home: home)], in: folder, home: home)
            #expect(alone.status == 0, "\(alone.stderr)")
        }
        for round in 0..<10 {
            let children = try (0..<3).map { _ in
                try Subprocess(binary, ["-c", script], directory: folder,
                               environment: BinaryHarness.environment(["SYNTH_HOME": home.path]))
            }
            let statuses = try children.map { try $0.wait(timeout: 120) }
            #expect(statuses == [0, 0, 0], "round \(round)")
            let written = try #require(FileManager.default.contents(atPath: destination.path), "round \(round): no file left")
            if name.hasSuffix(".csv") {
                #expect(written == FileManager.default.contents(atPath: reference.path), "round \(round)")
            } else {
                #expect(isWholeZIP(written), "round \(round): a whole ZIP archive")
            }
            #expect(try strayNames(in: folder, keeping: [name, "reference.csv"]).isEmpty, "round \(round): no temporary file left")
        }
        if name.hasSuffix(".synthjob") {
            let imported = try synth(["-c", "import \"\(name)\" as shared"], in: folder, home: try Fixtures.temporaryDirectory())
            #expect(imported.status == 0, "\(imported.stderr)")
        }
    }
}

/// In the REPL, writing over an existing file asks first (scripts never ask).
@Suite(.enabled(if: TmuxDriver.isAvailable && BinaryHarness.binaryPath != nil, "needs tmux and the built synth binary"))
struct ReplaceQuestionREPLTests {
    @Test func theREPLAsksBeforeReplacingAFile() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("name,age\nAda,36\n".utf8).write(to: directory.appendingPathComponent("people.csv"))
        let out = directory.appendingPathComponent("out.csv")
        try Data("old".utf8).write(to: out)
        let tmux = try TmuxDriver(command: BinaryHarness.binaryPath ?? "synth", directory: directory,
                                  environment: ["SYNTH_HISTORY": "", "LANG": "C.UTF-8"])
        defer { tmux.kill() }
        try tmux.waitFor("[1]> ")
        tmux.send(literal: "load \"people.csv\" as p")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[2]> ")
        tmux.send(literal: "export p \"out.csv\"")
        tmux.send(keys: "Enter")
        try tmux.waitFor("'out.csv' exists; replace it? [y/N]")
        tmux.send(literal: "n")
        tmux.send(keys: "Enter")
        try tmux.waitFor("'out.csv' already exists; add replace=true to replace it")
        #expect(FileManager.default.contents(atPath: out.path) == Data("old".utf8))
        tmux.send(literal: "export p \"out.csv\"")
        tmux.send(keys: "Enter")
        try tmux.waitFor("[y/N]")
        tmux.send(literal: "y")
        tmux.send(keys: "Enter")
        try tmux.waitFor("wrote 1 rows × 2 columns to out.csv")
        #expect(FileManager.default.contents(atPath: out.path) == Data("name,age\nAda,36\n".utf8))
        tmux.send(keys: "C-d")
        try tmux.waitFor("EXIT=0")
    }
}
