import Foundation
import SynthLanguage

/// The interactive loop: numbered prompts (`[3]> `), continuation lines while the input is
/// incomplete, one history item per entry, Ctrl-C discards the entry or interrupts the
/// running command, Ctrl-D on an empty line leaves.
public final class REPL {
    public let evaluator: Evaluator
    private let editor: LineEditor
    private let capabilities: TerminalCapabilities
    private let writeOut: (String) -> Void

    public init(evaluator: Evaluator, historyPath: String?, capabilities: TerminalCapabilities,
                out: @escaping (String) -> Void) {
        self.evaluator = evaluator
        self.capabilities = capabilities
        writeOut = out
        editor = LineEditor(historyPath: historyPath,
                            completer: Completer(evaluator: evaluator))
    }

    /// Runs until `quit` or Ctrl-D; returns the exit code (0).
    public func run() -> Int32 {
        InterruptHandler.install(flag: evaluator.cancellation, forceExitOnSecond: false)
        // Destructive commands (`delete`) ask here; scripts never ask.
        evaluator.services.confirm = { [editor, writeOut] question in
            guard let answer = editor.readLine(prompt: question + " [y/N] ") else {
                writeOut("\n")
                return false
            }
            return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
        }
        defer { evaluator.services.confirm = nil }
        // `connector add … password="prompt"` asks here, without echo.
        evaluator.services.askSecret = { [writeOut] prompt in SecretPrompt.read(prompt: prompt, writeOut: writeOut) }
        defer { evaluator.services.askSecret = nil }
        // Results are labelled `Out[N]:` on a terminal, as IPython does.
        evaluator.labelsResults = capabilities.isTerminal
        // A tutorial waits for Enter between its steps; `q` stops it. (libedit needs an ASCII
        // prompt: it cannot convert other text in the C locale.)
        evaluator.pauseBetweenSteps = { [editor, writeOut] question in
            guard let answer = editor.readLine(prompt: question) else {
                writeOut("\n")
                return false
            }
            return !["q", "quit"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
        }
        defer { evaluator.pauseBetweenSteps = nil }
        let cancellation = evaluator.cancellation
        var pending = ""
        while !evaluator.quitRequested {
            let number = evaluator.session.nextCellNumber
            let primary = "[\(number)]> "
            let prompt = pending.isEmpty ? primary : String(repeating: " ", count: max(0, primary.count - 4)) + "...> "
            cancellation.clear()
            guard let line = editor.readLine(prompt: prompt) else {
                if cancellation.isSet {
                    // Ctrl-C at the prompt: drop what was typed, start over.
                    cancellation.clear()
                    writeOut("^C\n")
                    pending = ""
                    continue
                }
                // Ctrl-D.
                writeOut("\n")
                break
            }
            pending += pending.isEmpty ? line : "\n" + line
            if pending.trimmingCharacters(in: .whitespaces).isEmpty {
                pending = ""
                continue
            }
            let source = SourceFile(name: "[\(number)]", text: pending)
            let parsed = Parser.parse(source)
            if parsed.isIncomplete { continue }
            editor.addHistory(SecretRedaction.redacted(pending))  // no typed password in ~/.synth_history
            pending = ""
            evaluator.run(source, cells: .single, continueOnError: false)
            cancellation.clear()
        }
        return 0
    }
}
