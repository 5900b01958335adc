/// Replays a Markdown transcript: runs its `synth` blocks in order, each as one cell, and
/// ignores everything else (the outputs). Like a saved session, the replay reuses finished
/// jobs with the same data and settings, warns when an input file changed, and writes the
/// files the session wrote again. A block saved as cell N binds `outN` to its result, so
/// later blocks that name `outN` get the replayed value whatever the cell numbers are now.
public enum TranscriptReplay {
    /// Runs the transcript `text` (read from `name`) in `evaluator`'s session.
    public static func run(_ text: String, name: String, evaluator: Evaluator,
                           continueOnError: Bool = false) -> Evaluator.Outcome {
        let session = evaluator.session
        let blocks = TranscriptMarkdown.blocks(in: text)
        let code = blocks.map(\.code).joined(separator: "\n")
        for (file, fingerprint) in SessionScript.fingerprints(in: code) {
            session.expectedFingerprints[file] = fingerprint
        }
        let wasReplaying = session.isReplaying
        let wasTranscript = session.isReplayingTranscript
        session.isReplaying = true
        session.isReplayingTranscript = true
        defer {
            session.isReplaying = wasReplaying
            session.isReplayingTranscript = wasTranscript
        }
        var outcome = Evaluator.Outcome.success
        for block in blocks {
            // Blank lines before the code keep diagnostics on the file's own line numbers.
            let source = SourceFile(name: name, text: String(repeating: "\n", count: block.firstLine) + block.code)
            let first = session.nextCellNumber
            let result = evaluator.run(source, cells: .single, continueOnError: continueOnError)
            if let saved = block.cell, saved != first, let value = session.cells[first]?.output {
                session.bind("out\(saved)", to: value)
            }
            if evaluator.quitRequested { break }
            guard result == .success else {
                outcome = result
                if result == .interrupted || !continueOnError { return result }
                continue
            }
        }
        return outcome
    }
}
