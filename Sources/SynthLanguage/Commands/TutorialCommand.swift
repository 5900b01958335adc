import Foundation
import SynthJobs

extension BuiltinCommands {
    static let tutorial = CommandSpec(
        name: "tutorial", group: "Session",
        summary: "Guided walkthroughs on bundled data: `tutorial` lists them, `tutorial NAME` runs one.",
        discussion: """
        Each step explains a command, shows it and runs it in this session, then checks the \
        result and says what you should see (or what is off). In the REPL the tutorial waits for \
        Enter between steps (`q` stops it); in a script it runs straight through. The tutorials \
        use a copy of the penguins table that comes with synth, written to `tutorial/` in the \
        synth home (`$SYNTH_HOME`, else `~/.synth`), where their files go too. Jobs they train \
        are reused by later tutorials. A step that fails, or whose check finds something off, \
        stops the tutorial with an error.
        """,
        arguments: [ArgumentSpec("name", .choice(TutorialCatalog.all.map(\.name)), positional: true,
                                 help: "The tutorial to run.")],
        changesState: false,
        examples: ["tutorial", "tutorial basics"], labelsResult: false
    ) { context in
        guard let name = context.arguments.string("name") else {
            var lines = ["Tutorials (run one with `tutorial NAME`):"]
            let width = (TutorialCatalog.all.map(\.name.count).max() ?? 8) + 2
            for tutorial in TutorialCatalog.all {
                lines.append("  " + tutorial.name.padding(toLength: width, withPad: " ", startingAt: 0)
                             + "\(tutorial.title): \(tutorial.summary) (\(tutorial.steps.count) steps)")
            }
            context.output.emit(.text(lines.joined(separator: "\n")))
            return nil
        }
        guard let tutorial = TutorialCatalog.tutorial(named: name) else { throw context.error("no tutorial '\(name)'", at: "name") }
        try TutorialRunner(context: context).run(tutorial)
        return nil
    }
}

/// Runs a tutorial's steps in the session of the `tutorial` command: each step's text, its
/// code echoed and run as cells, then its check.
struct TutorialRunner {
    let context: CommandContext

    func run(_ tutorial: Tutorial) throws {
        let files: TutorialFiles
        do {
            files = try TutorialFiles.prepare()
        } catch {
            throw context.error("cannot prepare the tutorial's files: \(error)")
        }
        let evaluator = context.evaluator
        let session = context.session
        let output = context.output
        output.emit(.text("Tutorial \(tutorial.name): \(tutorial.title). \(tutorial.summary)"))
        // Tutorials reuse finished jobs with the same data and settings, like a replayed session.
        let wasReplaying = session.isReplaying
        let wasEchoing = evaluator.echoesInput
        session.isReplaying = true
        evaluator.runDepth += 1
        defer {
            session.isReplaying = wasReplaying
            evaluator.echoesInput = wasEchoing
            evaluator.runDepth -= 1
        }
        for (index, step) in tutorial.steps.enumerated() {
            try context.checkCancellation()
            if index > 0, let pause = evaluator.pauseBetweenSteps,
               !pause("Enter: step \(index + 1) of \(tutorial.steps.count), q: stop ") {
                output.emit(.message("tutorial stopped; `tutorial \(tutorial.name)` starts it again"))
                return
            }
            output.emit(.text("\nStep \(index + 1) of \(tutorial.steps.count): \(step.title)\n\(step.text)"))
            let first = session.nextCellNumber
            evaluator.echoesInput = true
            let outcome = evaluator.run(SourceFile(name: "tutorial \(tutorial.name)", text: step.code(files: files)),
                                        cells: .perStatement)
            evaluator.echoesInput = wasEchoing
            switch outcome {
            case .success: break
            case .interrupted: throw Interrupted()
            default:
                throw NestedRunFailure(outcome: outcome, message: "tutorial \(tutorial.name): step \(index + 1) failed")
            }
            let last = session.nextCellNumber - 1
            let result = last >= first ? session.cells[last]?.output : nil
            let checkContext = TutorialCheckContext(session: session, result: result, files: files,
                                                    jobStatus: { [jobs = context.jobs] reference in Self.jobStatus(reference, jobs: jobs) })
            if let problem = step.check(checkContext) {
                throw context.error("tutorial \(tutorial.name), step \(index + 1): \(problem)",
                                    hint: "expected \(step.expectation)")
            }
            output.emit(.message("check: ok. You should see \(step.expectation)"))
        }
        let next = TutorialCatalog.all.firstIndex { $0.name == tutorial.name }.flatMap {
            $0 + 1 < TutorialCatalog.all.count ? TutorialCatalog.all[$0 + 1] : nil
        }
        output.emit(.text("\nDone: tutorial \(tutorial.name)." + (next.map { " Next: `tutorial \($0.name)`." } ?? "")))
    }

    /// The status of the job a reference names (`finished`, `failed`…), or nil.
    static func jobStatus(_ reference: String, jobs: JobEnvironment) -> String? {
        guard let store = try? jobs.storeAndRunner().0,
              let job = try? JobReference.resolve(reference, in: store) else { return nil }
        return job.status.rawValue
    }
}
