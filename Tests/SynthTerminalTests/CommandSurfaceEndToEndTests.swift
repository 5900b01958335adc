import Foundation
import Testing
import SynthTestSupport

/// The command surface through the real binary: job names from `jobs` work in a new
/// process, ambiguous names are errors, bad values are caught when the command is typed
/// (caret under the value), and messages say what is wrong.
@Suite("Command surface (real binary)")
struct CommandSurfaceEndToEndTests {
    private let penguins = Fixtures.data("penguins.csv")

    private func run(_ script: String, home: URL, _ extra: [String] = []) throws -> BinaryHarness.Result {
        try BinaryHarness.run(extra + ["-c", script], in: Fixtures.packageRoot, environment: ["SYNTH_HOME": home.path])
    }

    @Test func jobNamesResolveInANewProcessAndAmbiguityIsAnError() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let setup = try run("""
            load "\(penguins)" as p
            train p epochs=1 seed=1 as jw
            train p epochs=1 seed=2 name="model"
            train p epochs=1 seed=3 name="model"
            """, home: home)
        #expect(setup.status == 0, "\(setup.stderr)")
        // A new process: `jw` is no name of its session, but a job name in the store.
        let named = try run("job jw; qa jw column=species; columns jw", home: home)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.contains("job 1: jw"))
        let ambiguous = try run("job \"model\"", home: home)
        #expect(ambiguous.status == 70)
        #expect(ambiguous.stderr.contains("2 jobs are named 'model' (ids 2, 3)"), "\(ambiguous.stderr)")
        #expect(ambiguous.stderr.contains("use the id, e.g. `job 3`"), "\(ambiguous.stderr)")
        let byID = try run("job 2", home: home)
        #expect(byID.status == 0 && byID.stdout.contains("job 2: model"), "\(byID.stderr)")
        let unknown = try run("job jx", home: home)
        #expect(unknown.stderr.contains("unknown job 'jx'") && unknown.stderr.contains("did you mean `jw`?"), "\(unknown.stderr)")
    }

    /// Each bad script fails at the command with the message and the caret under the bad value.
    @Test(arguments: [
        ("train p minutes=-1", "`minutes` must be above 0, not -1", "-1"),
        ("train p epochs=abc", "`epochs` must be an integer, not the word `abc`", "abc"),
        ("train p epochs=0", "`epochs` must be at least 1, not 0", "0"),
        ("train p seed=-5", "`seed` must be at least 0, not -5", "-5"),
        ("encode p.species as numeric_binned", "cannot be encoded as numeric_binned", "numeric_binned"),
        ("encode p.year as datetime", "cannot be encoded as datetime", "datetime"),
        ("encode p.spieces as categorical", "unknown column `spieces` in `p`", "p.spieces"),
        ("filter p species = \"Adelie\"", "to compare, write `==`", "species"),
        ("sample p 1000", "cannot draw 1000 rows from a table of 344 rows", "1000"),
    ])
    func badValuesAreCaughtWhenTyped(_ command: String, _ message: String, _ badValue: String) throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let result = try run("load \"\(penguins)\" as p\n\(command)\njobs", home: home)
        #expect(result.status == 70)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        let column = command.distance(from: command.startIndex, to: command.range(of: badValue)!.lowerBound)
        let caret = "    " + String(repeating: " ", count: column) + "^" + String(repeating: "~", count: badValue.count - 1)
        #expect(result.stderr.contains("    \(command)\n\(caret)\n"), "caret under `\(badValue)`:\n\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("jobs/1").path), "no job was started")
    }

    @Test func hintsSayWhatToWrite() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let cases: [(String, String)] = [
            ("filter p species = \"Adelie\"", "did you mean `species == \"Adelie\"`?"),
            ("encode p.species as numeric_binned", "types that fit `species`: categorical"),
            ("history; out2", "cell 2 (`history`) has no result"),
            ("out99", "there is no cell 99 yet"),
            ("Out[3]", "a cell's result is written `out3`"),
            ("train p epochs=abc", "for example: epochs=1"),
        ]
        for (command, hint) in cases {
            let result = try run("load \"\(penguins)\" as p; \(command)", home: home)
            #expect(result.status == 70, "\(command)")
            #expect(result.stderr.contains(hint), "\(command): \(result.stderr)")
            #expect(!result.stderr.contains("unknown command"), "\(command): \(result.stderr)")
        }
    }

    @Test func qaOfACanceledJobSaysItWasCanceled() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let result = try run("""
            load "\(Fixtures.data("diamonds.csv"))" as d
            train d epochs=10000 minutes=10 seed=1 as long
            cancel long
            watch long
            qa long
            """, home: home)
        #expect(result.status == 70)
        #expect(result.stderr.contains("job 1 (long) canceled before it had a QA report"), "\(result.stderr)")
        #expect(!result.stderr.contains("yet"), "\(result.stderr)")
    }

    @Test func forgetRemovesATableAndIsReplayed() throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let home = try Fixtures.temporaryDirectory()
        let saved = home.appendingPathComponent("work.synth").path
        let result = try run("load \"\(penguins)\" as p; show p; load \"\(penguins)\" as q; forget p; tables; session save \"\(saved)\"",
                             home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("forgot p (344 rows × 8 columns); dropped the result of cell 1"), "\(result.stdout)")
        #expect(!result.stdout.contains("| p "), "`tables` no longer lists p:\n\(result.stdout)")
        let script = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(script.contains("\nforget p\n"), "\(script)")
        let replayed = try run("run \"\(saved)\"; count p", home: home)
        #expect(replayed.status == 70)
        #expect(replayed.stderr.contains("unknown table `p`"), "\(replayed.stderr)")
        #expect(replayed.stderr.contains("did you mean `q`?") || replayed.stderr.contains("tables: q"), "\(replayed.stderr)")
    }
}
