import Foundation
import SynthData

extension BuiltinCommands {
    static let session = CommandSpec(
        name: "session", group: "Session",
        summary: "Save the session as a script that replays it: session save FILE.synth.",
        discussion: """
        Writes the successful, state-changing commands of this session in normal form, after a header \
        with the synth version, the date, and for each file read its size and content hash. \
        `run FILE.synth` replays it and warns when an input file changed since.
        """,
        arguments: [
            ArgumentSpec("action", .choice(["save"]), positional: true, required: true, help: "What to do."),
            ArgumentSpec("path", .outputFile(extensions: ["synth"]), positional: true, required: true,
                         help: "The script to write (an existing file is kept unless `replace=true`)."),
            OutputDestination.replaceArgument,
        ],
        changesState: false,
        examples: ["session save \"work.synth\"", "session save \"work.synth\" replace=true"]
    ) { context in
        let destination = try OutputDestination(context, argument: "path")
        let text = SessionScript.text(of: context.session, date: Date())
        try destination.write(context) {
            try AtomicFileWriter.write(text: text, to: destination.path, replace: destination.replace)
        }
        context.output.emit(.message("saved \(context.session.recorded.count) commands to \(destination.text)"))
        return nil
    }
}

/// The text of a saved session and the reading of its header.
public enum SessionScript {
    /// Header and recorded commands.
    public static func text(of session: Session, date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        var lines = [
            "# synth session",
            "# synth version \(SynthVersion.current)",
            "# saved \(formatter.string(from: date))",
        ]
        for input in session.inputFiles {
            lines.append("# file \(NormalForm.quoted(input.path)) size=\(input.fingerprint.size) fnv1a64=\(input.fingerprint.hashText)")
        }
        lines += session.recorded
        return lines.joined(separator: "\n") + "\n"
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
