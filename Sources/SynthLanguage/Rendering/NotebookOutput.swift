/// One output of a notebook cell (nbformat 4 / Jupyter messaging): how the kernel sends an
/// `OutputItem` or diagnostic and how `session save "x.ipynb"` stores it, in one place.
public enum NotebookOutput: Sendable, Equatable {
    /// A command's result (`execute_result`): tables and values.
    case result([String: String])
    /// A rich display that is not the result (`display_data`): the QA report.
    case display([String: String])
    /// Text on `stdout` (messages) or `stderr` (warnings, notes).
    case stream(name: String, text: String)
    /// A failed command (`error`): `traceback` holds the caret diagnostic, line by line.
    case error(name: String, value: String, traceback: [String])

    /// How `item` shows in a notebook.
    public static func of(_ item: OutputItem) -> NotebookOutput {
        switch item {
        case .table, .text: .result(MimeBundle.of(item))
        case .qaReport: .display(MimeBundle.of(item))
        case .message(let text): .stream(name: "stdout", text: text + "\n")
        case .warning(let text): .stream(name: "stderr", text: "warning: " + text + "\n")
        }
    }

    /// How a diagnostic shows: errors as `error` outputs, warnings and notes on stderr.
    public static func of(_ diagnostic: Diagnostic, in source: SourceFile?) -> NotebookOutput {
        let text = DiagnosticFormatter.format(diagnostic, in: source)
        guard diagnostic.severity == .error else { return .stream(name: "stderr", text: text) }
        let name = switch diagnostic.category {
        case .syntax, .incomplete: "SyntaxError"
        case .runtime: "RuntimeError"
        case .interrupted: "Interrupted"
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return .error(name: name, value: diagnostic.message, traceback: lines)
    }
}
