import Foundation
import Testing
import SynthLanguage
import SynthTestSupport

/// Every example `help` shows and every runnable code block of docs/*.md runs through the
/// real binary in a prepared folder (`ExampleWorld`) and succeeds.
///
/// Code blocks are runnable by their fence: ```synth (a script), ```synth-repl (a REPL
/// transcript: its `[N]>` inputs run in order, and exactly the ones the transcript shows
/// failing must fail) and ```synth-shell (shell lines that run synth). Any other block that
/// looks like synth commands must be listed in `notRunnable` with the reason.
@Suite("Documented examples run (real binary)")
struct DocumentedExamplesTests {
    /// Blocks that look like synth commands but are not meant to run. A block is
    /// named by its file and first line.
    static let notRunnable: [String: String] = [
        "docs/CONNECTORS.md:26": "needs a PostgreSQL server (ConnectorsEndToEndTests runs the same commands against a throwaway one)",
        "docs/CONNECTORS.md:95": "the output of `catalog show` (CatalogTemplateEndToEndTests checks it)",
    ]

    /// Lines an example needs before it (a file it reads that another example writes).
    static let setup: [String: String] = [
        "import \"penguins.synthjob\" as shared": "share j to=\"penguins.synthjob\"",
        "run \"work.synth\"": "session save \"work.synth\"",
        "run \"lesson.md\"": "session save \"lesson.md\"",
    ]

    static var helpExamples: [String] { CommandRegistry.standard().allSpecs.flatMap(\.examples) }

    @Test("help example", arguments: helpExamples)
    func helpExampleRuns(_ example: String) throws {
        guard BinaryHarness.binaryPath != nil else { return }
        try expectRuns(example)
    }

    @Test func everyCommandHasAnExample() {
        let missing = CommandRegistry.standard().allSpecs.filter(\.examples.isEmpty).map(\.name)
        #expect(missing.isEmpty, "commands without examples in help: \(missing)")
    }

    @Test("docs code block", arguments: DocumentationBlock.all.filter { $0.kind == .script })
    func documentedScriptRuns(_ block: DocumentationBlock) throws {
        guard BinaryHarness.binaryPath != nil else { return }
        try expectRuns(block.text, label: block.id)
    }

    @Test("docs REPL transcript", arguments: DocumentationBlock.all.filter { $0.kind == .transcript })
    func documentedTranscriptRuns(_ block: DocumentationBlock) throws {
        guard BinaryHarness.binaryPath != nil else { return }
        let entries = block.transcriptEntries
        #expect(!entries.isEmpty, "\(block.id): no `[N]>` inputs")
        let world = try ExampleWorld.copy()
        // One input per line group, each starting on a known line, so errors map to inputs.
        var script = ""
        var firstLines: [Int] = []  // the 1-based line each input starts on
        var nextLine = 1
        for entry in entries {
            firstLines.append(nextLine)
            script += entry.input + "\n"
            nextLine += entry.input.split(separator: "\n", omittingEmptySubsequences: false).count
        }
        let result = try ExampleWorld.run(script, in: world, arguments: ["--continue-on-error"])
        let failedLines = Set(errorLines(result.stderr))
        for (index, entry) in entries.enumerated() {
            let lineCount = entry.input.split(separator: "\n", omittingEmptySubsequences: false).count
            let failed = (firstLines[index]..<firstLines[index] + lineCount).contains { failedLines.contains($0) }
            #expect(failed == entry.showsError,
                    "\(block.id): `\(entry.input)` \(failed ? "failed" : "succeeded"), the transcript shows it \(entry.showsError ? "failing" : "succeeding")\n\(result.stderr)")
        }
    }

    @Test("docs shell lines", arguments: DocumentationBlock.all.filter { $0.kind == .shell })
    func documentedShellLinesRun(_ block: DocumentationBlock) throws {
        guard let binary = BinaryHarness.binaryPath else { return }
        for line in block.text.split(separator: "\n") {
            let command = line.split(separator: "#", maxSplits: 1)[0].trimmingCharacters(in: .whitespaces)
            guard !command.isEmpty else { continue }
            let world = try ExampleWorld.copy()
            let work = world.appendingPathComponent("work")
            _ = try ExampleWorld.run("load \"penguins.csv\" as p\nsession save \"work.synth\"", in: world)
            var environment = BinaryHarness.environment(ExampleWorld.environment(world))
            let folder = (binary as NSString).deletingLastPathComponent
            environment["PATH"] = folder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            // `-i` enters the REPL, which needs a terminal: `script` gives it one, and the
            // input `quit` leaves it.
            let needsTerminal = command.split(separator: " ").contains("-i")
            let result = needsTerminal
                ? try Subprocess.run("/usr/bin/script", ["-qec", command, "/dev/null"], directory: work, environment: environment,
                                     input: "quit\n", timeout: 300)
                : try Subprocess.run("/bin/sh", ["-c", command], directory: work, environment: environment, timeout: 300)
            #expect(result.status == 0, "\(block.id): `\(command)` exited \(result.status)\n\(result.stderr)")
        }
    }

    @Test func blocksThatLookLikeCommandsAreRunOrListed() {
        let commands = Set(CommandRegistry.standard().allNames)
        for block in DocumentationBlock.all where block.kind == .other && block.language != "swift" {
            let looksLikeSynth = block.text.split(separator: "\n").contains { line in
                line.split(separator: " ").first.map { commands.contains(String($0)) } ?? false
            }
            if looksLikeSynth {
                #expect(Self.notRunnable[block.id] != nil,
                        "\(block.id) looks like synth commands: fence it ```synth (or ```synth-repl), or list it in notRunnable")
            }
        }
        #expect(DocumentationBlock.all.contains { $0.kind == .script }, "no ```synth blocks found in docs/")
    }

    /// Runs `example` after the prelude (and its setup) in a copy of the world; it must succeed.
    private func expectRuns(_ example: String, label: String? = nil) throws {
        let world = try ExampleWorld.copy()
        var script = ExampleWorld.prelude + "\n"
        if let before = Self.setup[example] { script += before + "\n" }
        let preludeLines = script.split(separator: "\n").count
        script += example + "\n"
        // A training started by an example is stopped once it has started: the example ran.
        if let job = startedJob(example) { script += "cancel \(job)\n" }
        let result = try ExampleWorld.run(script, in: world)
        let lines = errorLines(result.stderr)
        #expect(result.status == 0 && lines.isEmpty,
                "`\(label ?? example)` failed (exit \(result.status)\(lines.contains { $0 <= preludeLines } ? ", in the prelude" : ""))\n\(result.stderr)")
    }

    /// The name a `train … as NAME` example binds its job to.
    private func startedJob(_ example: String) -> String? {
        // The last statement of a line (`link …; train … as NAME`).
        let last = example.split(separator: ";").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? example
        let words = last.split(separator: " ")
        guard words.first == "train", words.count >= 2, words[words.count - 2] == "as" else { return nil }
        return String(words[words.count - 1])
    }

    /// Line numbers of `example.synth:LINE:COL: error:` diagnostics.
    private func errorLines(_ stderr: String) -> [Int] {
        stderr.split(separator: "\n").compactMap { line -> Int? in
            guard line.contains(": error:"), line.hasPrefix("example.synth:") || line.contains("/example.synth:") else { return nil }
            let afterName = line.split(separator: ":", omittingEmptySubsequences: false)
            guard let index = afterName.firstIndex(where: { $0.hasSuffix("example.synth") }), index + 1 < afterName.count else { return nil }
            return Int(afterName[index + 1])
        }
    }
}
