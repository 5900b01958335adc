import Foundation
import SynthTestSupport
import Testing

/// A fenced code block of docs/*.md, classified by its fence's info string.
struct DocumentationBlock: Sendable, CustomTestStringConvertible {
    enum Kind: Sendable { case script, transcript, shell, other }

    /// `FILE:LINE` of the opening fence.
    var id: String
    var language: String
    var text: String

    var kind: Kind {
        switch language {
        case "synth": .script
        case "synth-repl": .transcript
        case "synth-shell": .shell
        default: .other
        }
    }

    var testDescription: String { id }

    /// Every fenced block of every file in docs/.
    static let all: [DocumentationBlock] = {
        let docs = Fixtures.packageRoot.appendingPathComponent("docs")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        var blocks: [DocumentationBlock] = []
        for file in files {
            guard let text = try? String(contentsOf: docs.appendingPathComponent(file), encoding: .utf8) else { continue }
            var open: (line: Int, language: String, lines: [String])?
            for (number, line) in text.components(separatedBy: "\n").enumerated() {
                if line.hasPrefix("```") {
                    if let current = open {
                        blocks.append(DocumentationBlock(id: "docs/\(file):\(current.line)", language: current.language,
                                                         text: current.lines.joined(separator: "\n")))
                        open = nil
                    } else {
                        open = (number + 1, String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), [])
                    }
                } else {
                    open?.lines.append(line)
                }
            }
        }
        return blocks
    }()

    /// One input of a REPL transcript (continuation lines joined) and whether the
    /// transcript shows an error after it.
    struct Entry {
        var input: String
        var showsError: Bool
    }

    /// The `[N]> ` inputs of a transcript block, with ` ...> ` continuations.
    var transcriptEntries: [Entry] {
        var entries: [Entry] = []
        for line in text.components(separatedBy: "\n") {
            if let prompt = line.range(of: #"^\[\d+\]> "#, options: .regularExpression) {
                entries.append(Entry(input: String(line[prompt.upperBound...]), showsError: false))
            } else if let prompt = line.range(of: #"^\s*\.\.\.> ?"#, options: .regularExpression), !entries.isEmpty {
                entries[entries.count - 1].input += "\n" + line[prompt.upperBound...]
            } else if line.contains(": error:"), !entries.isEmpty {
                entries[entries.count - 1].showsError = true
            }
        }
        return entries
    }
}
