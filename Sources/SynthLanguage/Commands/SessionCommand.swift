import Foundation
import SynthData

extension BuiltinCommands {
    static let session = CommandSpec(
        name: "session", group: "Session",
        summary: "Save the session as a script that replays it (FILE.synth), a Markdown transcript (FILE.md) or a notebook (FILE.ipynb).",
        discussion: """
        Writes the successful commands of this session that changed it or wrote files (`download`, \
        `report`, `package`, `export`, `share`, with `replace=true` so a replay writes them again), \
        `qa`, and the comments typed, in normal form, after a header with the synth version, the \
        date, and for each file read its size and content hash. `run FILE.synth` replays it, warns \
        when an input file changed since, and reuses finished jobs with the same data and settings. \
        A path ending in `.md` writes a Markdown transcript instead: each cell's input as typed in a \
        ```synth block and its output (tables, charts, messages, errors; no colours) in a ```text \
        block below it, comments kept. `run FILE.md` (or `synth FILE.md`) replays it: only the \
        ```synth blocks run, the same way as a saved session. A path ending in `.ipynb` writes a \
        Jupyter notebook: every cell of the session with its input and what it showed (tables, \
        values, messages, QA reports, errors), to open with the synth kernel (docs/JUPYTER.md).
        """,
        arguments: [
            ArgumentSpec("action", .choice(["save"]), positional: true, required: true, help: "What to do."),
            ArgumentSpec("path", .outputFile(extensions: ["synth", "md", "ipynb"]), positional: true, required: true,
                         help: "The script, transcript or notebook to write (an existing file is kept unless `replace=true`)."),
            OutputDestination.replaceArgument,
        ],
        changesState: false,
        examples: ["session save \"work.synth\"", "session save \"work.synth\" replace=true",
                   "session save \"lesson.md\" replace=true", "session save \"work.ipynb\""]
    ) { context in
        let destination = try OutputDestination(context, argument: "path")
        let isTranscript = TranscriptMarkdown.isTranscriptPath(destination.path)
        let isNotebook = FileExtension.of(destination.path) == "ipynb"
        let text = isTranscript ? TranscriptMarkdown.text(of: context.session, date: Date())
            : isNotebook ? try NotebookDocument.text(of: context.session)
            : SessionScript.text(of: context.session, date: Date())
        try destination.write(context) {
            try AtomicFileWriter.write(text: text, to: destination.path, replace: destination.replace)
        }
        if isTranscript {
            let cells = context.session.transcript.entries.filter { !$0.omitted && $0.cell != nil }.count
            context.output.emit(.message("saved a transcript of \(cells) cells to \(destination.text)"))
        } else if isNotebook {
            context.output.emit(.message("saved \(context.session.cells.count) cells to \(destination.text)"))
        } else {
            context.output.emit(.message("saved \(context.session.recordedCommandCount) commands to \(destination.text)"))
        }
        return nil
    }
}

/// The text of a saved session and the reading of its header.
public enum SessionScript {
    /// Header and recorded commands.
    public static func text(of session: Session, date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        var lines = [
            firstLine,
            "# synth version \(SynthVersion.current)",
            "# saved \(formatter.string(from: date))",
        ]
        for input in session.inputFiles {
            lines.append("# file \(NormalForm.quoted(input.path)) size=\(input.fingerprint.size) fnv1a64=\(input.fingerprint.hashText)")
        }
        lines += session.recorded
        return lines.joined(separator: "\n") + "\n"
    }

    /// The first line of a saved session.
    static let firstLine = "# synth session"

    /// Whether `text` is a saved session (its first line is `# synth session`): replaying
    /// one reuses finished jobs with the same data and settings instead of training again.
    public static func isSavedSession(_ text: String) -> Bool {
        text.hasPrefix(firstLine + "\n") || text.hasPrefix(firstLine + "\r\n") || text == firstLine
    }

    /// Whether a comment is one of the header lines `text(of:date:)` writes (they are written
    /// anew on each save, so a replay does not record them as comments).
    static func isHeaderLine(_ comment: String) -> Bool {
        comment == firstLine || comment.hasPrefix("# synth version ") || comment.hasPrefix("# saved ")
            || comment.hasPrefix("# file \"")
    }

    /// The `# file "PATH" size=N fnv1a64=HEX` lines of a script's header.
    public static func fingerprints(in text: String) -> [String: FileFingerprint] {
        var result: [String: FileFingerprint] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("# file ") {
            let source = SourceFile(name: "", text: String(line.dropFirst(7)))
            let tokens = Lexer.tokenize(source).tokens
            guard tokens.count >= 7, case .string(let path) = tokens[0].kind,
                  tokens[1].identifier == "size", case .integer(let size) = tokens[3].kind,
                  tokens[4].identifier == "fnv1a64" else { continue }
            let hashText = source.text(of: SourceRange(tokens[5].range.end, source.bytes.count))
                .trimmingCharacters(in: .whitespaces)
            guard let hash = UInt64(hashText, radix: 16) else { continue }
            result[path] = FileFingerprint(size: Int(size), hash: hash)
        }
        return result
    }
}
