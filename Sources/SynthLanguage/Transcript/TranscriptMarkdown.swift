import Foundation

/// The Markdown form of a session transcript (`session save FILE.md`): a short header, a
/// ```` ```synth ```` block with the saved-session header (synth version, date, input file
/// fingerprints), then for each cell its input in a ```` ```synth cell=N ```` block and its
/// output in a ```` ```text ```` block. A cell that failed is shown in a `text` block only, so
/// a replay (which runs only the `synth` blocks) skips it.
public enum TranscriptMarkdown {
    /// Whether a path names a Markdown transcript (`.md`, `.markdown`).
    public static func isTranscriptPath(_ path: String) -> Bool {
        ["md", "markdown"].contains((path as NSString).pathExtension.lowercased())
    }

    /// The transcript of `session`.
    public static func text(of session: Session, date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        var lines = [
            "# synth session transcript",
            "",
            "Saved by synth \(SynthVersion.current) on \(formatter.string(from: date)). Replay it with "
                + "`synth FILE.md` or `run \"FILE.md\"`: only the `synth` blocks run (finished jobs with the same "
                + "data and settings are reused, and the files the session wrote are written again); "
                + "the `text` blocks show what each cell printed.",
            "",
        ]
        var header = [SessionScript.firstLine, "# synth version \(SynthVersion.current)", "# saved \(formatter.string(from: date))"]
        for input in session.inputFiles {
            header.append("# file \(NormalForm.quoted(input.path)) size=\(input.fingerprint.size) fnv1a64=\(input.fingerprint.hashText)")
        }
        lines += fenced(header.joined(separator: "\n"), info: "synth")
        for entry in session.transcript.entries where !entry.omitted {
            lines.append("")
            let output = entry.output.hasSuffix("\n") ? String(entry.output.dropLast()) : entry.output
            if entry.failed {
                let prompt = entry.cell.map { "[\($0)]> " } ?? ""
                lines.append("In [\(entry.cell.map(String.init) ?? "-")] (failed; not replayed):")
                lines.append("")
                lines += fenced(prompt + entry.input + (output.isEmpty ? "" : "\n" + output), info: "text")
                continue
            }
            if let cell = entry.cell {
                lines.append("In [\(cell)]:")
                lines.append("")
            }
            lines += fenced(entry.input, info: entry.cell.map { "synth cell=\($0)" } ?? "synth")
            if !output.isEmpty {
                lines.append("")
                lines += fenced(output, info: "text")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` between fences longer than any run of backticks inside it.
    static func fenced(_ text: String, info: String) -> [String] {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return [fence + info, text, fence]
    }

    /// A ```` ```synth ```` block of a transcript.
    public struct Block: Sendable, Equatable {
        /// The cell number the block had when saved (`cell=N`), if any.
        public var cell: Int?
        /// The code.
        public var code: String
        /// The 0-based line of the file where the code starts.
        public var firstLine: Int
    }

    /// The `synth` code blocks of a Markdown text, in order; other blocks and prose are
    /// ignored. A fence is three or more backticks (or tildes); the block ends at a line of
    /// at least as many of the same character.
    public static func blocks(in text: String) -> [Block] {
        var blocks: [Block] = []
        var open: (fence: String, isSynth: Bool, cell: Int?, first: Int, lines: [Substring])?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        for (number, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " }
            if var current = open {
                if trimmed.hasPrefix(current.fence), trimmed.allSatisfy({ $0 == current.fence.first || $0 == " " }) {
                    if current.isSynth {
                        blocks.append(Block(cell: current.cell, code: current.lines.joined(separator: "\n"), firstLine: current.first))
                    }
                    open = nil
                } else {
                    current.lines.append(line)
                    open = current
                }
                continue
            }
            guard let marker = trimmed.first, marker == "`" || marker == "~" else { continue }
            let fence = trimmed.prefix { $0 == marker }
            guard fence.count >= 3 else { continue }
            let words = trimmed.dropFirst(fence.count).split(separator: " ")
            let isSynth = words.first.map { $0.lowercased() == "synth" } ?? false
            let cell = words.dropFirst().first { $0.hasPrefix("cell=") }.flatMap { Int($0.dropFirst(5)) }
            open = (String(fence), isSynth, cell, number + 1, [])
        }
        // An unclosed block runs to the end of the document (as in CommonMark).
        if let current = open, current.isSynth {
            blocks.append(Block(cell: current.cell, code: current.lines.joined(separator: "\n"), firstLine: current.first))
        }
        return blocks
    }
}
