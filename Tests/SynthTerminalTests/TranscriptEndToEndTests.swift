import Foundation
import SynthJobs
import SynthTestSupport
import Testing

/// Transcripts for teaching, through the real binary: `--echo`/`-a` shows each input before
/// its output, and `session save FILE.md` writes a Markdown transcript that `synth FILE.md`
/// and `run "FILE.md"` replay (only its `synth` blocks), reusing the session's jobs and
/// writing its files again.
@Suite("Transcripts and --echo (real binary)", .serialized)
struct TranscriptEndToEndTests {
    private func directoryWithPenguins() throws -> URL {
        let directory = try Fixtures.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Fixtures.packageRoot.appendingPathComponent("examples/data/penguins.csv").path,
                                         toPath: directory.appendingPathComponent("penguins.csv").path)
        return directory
    }

    @Test func echoShowsEachInputBeforeItsOutputInScriptsAndCommandStrings() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let directory = try directoryWithPenguins()
        let script = """
            # look at the penguins
            load "penguins.csv" as p
            count p species == "Gentoo"
            select p [species,
                      island] as places
            """
        try Data(script.utf8).write(to: directory.appendingPathComponent("look.synth"))
        for arguments in [["--echo", "look.synth"], ["-a", "-c", script]] {
            let result = try BinaryHarness.run(arguments, in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let comment = try #require(lines.firstIndex(of: "# look at the penguins"), "\(result.stdout)")
            let load = try #require(lines.firstIndex(of: "[1]> load \"penguins.csv\" as p"), "\(result.stdout)")
            let loaded = try #require(lines.firstIndex { $0.hasPrefix("loaded p: 344 rows") }, "\(result.stdout)")
            let count = try #require(lines.firstIndex(of: "[2]> count p species == \"Gentoo\""), "\(result.stdout)")
            // The result of a cell is labelled with its `outN` name.
            let result2 = try #require(lines.firstIndex(of: "Out[2]: 124"), "\(result.stdout)")
            // A statement over two lines is echoed with a continuation marker.
            let select = try #require(lines.firstIndex(of: "[3]> select p [species,"), "\(result.stdout)")
            #expect(lines[select + 1].hasPrefix(" ...> "), "\(result.stdout)")
            #expect(comment < load && load < loaded && loaded < count && count < result2 && result2 < select)
        }
        // Without --echo a script shows only outputs.
        let plain = try BinaryHarness.run(["look.synth"], in: directory)
        #expect(!plain.stdout.contains("[1]>") && !plain.stdout.contains("Out["), "\(plain.stdout)")
    }

    @Test func markdownTranscriptReplaysToTheSameFilesWithoutRetraining() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let directory = try directoryWithPenguins()
        let home = directory.appendingPathComponent("home")
        let environment = ["SYNTH_HOME": home.path]
        let session = """
            # penguins for the class
            load "penguins.csv" as p
            describ p
            count p species == "Adelie"
            train p epochs=2 seed=5 as j
            generate j rows=30 seed=3 as more
            download more to="more.csv"
            download j to="j.parquet"
            qa j worst=2
            session save "lesson.md"
            """
        let first = try BinaryHarness.run(["--continue-on-error", "-c", session], in: directory, environment: environment)
        #expect(first.status == 70, "the typo fails the script: \(first.stderr)")
        let transcript = try String(contentsOf: directory.appendingPathComponent("lesson.md"), encoding: .utf8)
        #expect(transcript.hasPrefix("# synth session transcript\n"), "\(transcript)")
        #expect(transcript.contains("```synth\n# synth session\n# synth version "), "\(transcript)")
        #expect(transcript.contains("# file \"penguins.csv\" size=15241 fnv1a64="), "\(transcript)")
        #expect(transcript.contains("```synth\n# penguins for the class\n```"), "comments are kept: \(transcript)")
        #expect(transcript.contains("In [1]:\n\n```synth cell=1\nload \"penguins.csv\" as p\n```\n\n```text\nloaded p: 344 rows × 8 columns\n```"),
                "\(transcript)")
        #expect(transcript.contains("```synth cell=3\ncount p species == \"Adelie\"\n```\n\n```text\n152\n```"), "\(transcript)")
        // The failed cell is shown with its error, in a text block a replay does not run.
        #expect(transcript.contains("In [2] (failed; not replayed):\n\n```text\n[2]> describ p\n"), "\(transcript)")
        #expect(transcript.contains("did you mean `describe`?"), "\(transcript)")
        // Charts are included, colours are not; `session save` itself is not a cell.
        #expect(transcript.contains("qa j worst=2\n```\n\n```text\n"), "\(transcript)")
        #expect(transcript.contains("█") || transcript.contains("▏") || transcript.contains("accuracy"), "\(transcript)")
        #expect(!transcript.contains("\u{1B}["), "no ANSI codes")
        #expect(!transcript.contains("session save"), "\(transcript)")
        let original = try ["more.csv", "j.parquet"].map { try Data(contentsOf: directory.appendingPathComponent($0)) }
        #expect(try JobStore(home: home).jobs().count == 2)

        // Replayed in a fresh process: the finished jobs are reused, the files written again.
        for name in ["more.csv", "j.parquet"] { try FileManager.default.removeItem(at: directory.appendingPathComponent(name)) }
        let replay = try BinaryHarness.run(["lesson.md"], in: directory, environment: environment)
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("reusing job 1 (j)"), "\(replay.stdout)")
        #expect(replay.stdout.contains("reusing job 2"), "\(replay.stdout)")
        #expect(!replay.stdout.contains("started job"), "\(replay.stdout)")
        #expect(!replay.stderr.contains("describ"), "the failed cell is not replayed: \(replay.stderr)")
        #expect(try JobStore(home: home).jobs().count == 2, "a replay adds no job")
        #expect(try ["more.csv", "j.parquet"].map { try Data(contentsOf: directory.appendingPathComponent($0)) } == original)

        // `run` replays it inside a session too (the files exist now: it writes them again).
        let nested = try BinaryHarness.run(["-c", "run \"lesson.md\"\ncount p"], in: directory, environment: environment)
        #expect(nested.status == 0, "\(nested.stderr)")
        #expect(nested.stdout.contains("reusing job 1 (j)"), "\(nested.stdout)")
        #expect(try JobStore(home: home).jobs().count == 2)

        // An existing transcript is kept unless replace=true.
        let again = try BinaryHarness.run(["-c", "load \"penguins.csv\" as p\nsession save \"lesson.md\""], in: directory,
                                          environment: environment)
        #expect(again.status == 70 && again.stderr.contains("exists"), "\(again.stderr)")
    }

    @Test func transcriptReplayBindsOutNamesToTheReplayedCells() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let directory = try directoryWithPenguins()
        let first = try BinaryHarness.run(["-c", """
            load "penguins.csv" as p
            filter p sex is null
            count out2
            session save "gaps.md"
            """], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        // Replayed after other cells, `out2` still means the filter's result.
        let replay = try BinaryHarness.run(["-c", "load \"penguins.csv\" as p\ncount p\ncount p\nrun \"gaps.md\"\ncount out2"], in: directory)
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.hasSuffix("11\n11\n"), "\(replay.stdout)")
    }

    @Test func helpShorthandsTimerAndNamesAsUsersExpectThem() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let directory = try directoryWithPenguins()
        for entry in ["train?", "?train", "help train"] {
            let result = try BinaryHarness.run(["-c", entry], in: directory)
            #expect(result.status == 0, "\(entry): \(result.stderr)")
            #expect(result.stdout.hasPrefix("usage: train TABLE"), "\(entry): \(result.stdout)")
        }
        // A session name: what it holds.
        let named = try BinaryHarness.run(["-c", "load \"penguins.csv\" as p\nhelp p"], in: directory)
        #expect(named.stdout.contains("p: table, 344 rows × 8 columns"), "\(named.stdout)")
        #expect(named.stdout.contains("  species  string"), "\(named.stdout)")
        // `timer on` prints every cell's wall time; `\timing` and `.timer` are its aliases.
        let timed = try BinaryHarness.run(["-c", "timer on\nload \"penguins.csv\" as p\ncount p\ntimer off\ncount p"], in: directory)
        #expect(timed.status == 0, "\(timed.stderr)")
        let times = timed.stdout.split(separator: "\n").filter { $0.hasPrefix("time: ") }
        #expect(times.count == 3, "`timer on` itself, load and count: \(timed.stdout)")
        for alias in ["\\timing", ".timer on"] {
            let result = try BinaryHarness.run(["-c", alias], in: directory)
            #expect(result.status == 0 && result.stdout.contains("timer is on"), "\(alias): \(result.stdout) \(result.stderr)")
        }
        // Neither clashes with the language: other text with `?` is still a syntax error.
        let bad = try BinaryHarness.run(["-c", "count ? p"], in: directory)
        #expect(bad.status == 65, "\(bad.stderr)")
    }
}
