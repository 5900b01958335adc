import Foundation

extension BuiltinCommands {
    static let run = CommandSpec(
        name: "run", group: "Session",
        summary: "Run a script of commands in this session (e.g. one written by `session save`), or replay a .md transcript.",
        discussion: """
        Stops at the first error. Relative paths in the script are read from the current directory. When the \
        script's header lists input files, a file whose size or hash differs is reported with a warning. \
        Replaying a saved session (a script that starts with `# synth session`) reuses each finished job \
        that trained (or generated) on the same data with the same settings and seed instead of starting \
        it again (`train … retrain=true` starts it anew), and writes the files the session wrote again. \
        A Markdown transcript (`.md`, from `session save FILE.md`) is replayed the same way, running \
        only its ```synth blocks (their outputs are ignored).
        """,
        arguments: [ArgumentSpec("path", .inputFile(extensions: ["synth", "md"]), positional: true, required: true, help: "The script.")],
        changesState: false,
        examples: ["run \"work.synth\"", "run \"lesson.md\""]
    ) { context in
        guard let path = context.arguments.string("path") else { throw context.error("missing path") }
        let evaluator = context.evaluator
        guard evaluator.runDepth < 16 else { throw context.error("scripts nested too deeply (a script running itself?)") }
        let resolved = context.session.resolve(path: path)
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw context.error("no such file '\(path)'", at: "path")
        }
        let text = String(decoding: data, as: UTF8.self)
        if TranscriptMarkdown.isTranscriptPath(resolved) {
            evaluator.runDepth += 1
            defer { evaluator.runDepth -= 1 }
            let outcome = TranscriptReplay.run(text, name: path, evaluator: evaluator)
            guard outcome == .success else {
                throw NestedRunFailure(outcome: outcome, message: "transcript '\(path)' stopped with an error")
            }
            return nil
        }
        for (file, fingerprint) in SessionScript.fingerprints(in: text) {
            context.session.expectedFingerprints[file] = fingerprint
        }
        evaluator.runDepth += 1
        let wasReplaying = context.session.isReplaying
        context.session.isReplaying = wasReplaying || SessionScript.isSavedSession(text)
        defer {
            evaluator.runDepth -= 1
            context.session.isReplaying = wasReplaying
        }
        let outcome = evaluator.run(SourceFile(name: path, text: text), cells: .perStatement)
        guard outcome == .success else {
            throw NestedRunFailure(outcome: outcome, message: "script '\(path)' stopped with an error")
        }
        return nil
    }
}
