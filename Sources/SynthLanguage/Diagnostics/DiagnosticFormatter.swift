/// Renders diagnostics as `file:line:column: error: message`, the source line, a caret
/// under the range and an optional hint. Plain text: stable and diffable.
///
/// What it writes is safe for a terminal and small: every text that may come from the user
/// (the message, hint and file name, the echoed line) has its control characters escaped
/// (`TerminalSafeText`), and the echoed line is cut to a window around the caret
/// (`SourceExcerpt`), so one diagnostic is a few lines however long the source line is.
public enum DiagnosticFormatter {
    public static func format(_ diagnostic: Diagnostic, in source: SourceFile?) -> String {
        let label = "\(diagnostic.severity.rawValue): \(TerminalSafeText.escaped(diagnostic.message))\n"
        let hint = diagnostic.hint.map { "  hint: \(TerminalSafeText.escaped($0))\n" } ?? ""
        guard let source, let range = diagnostic.range else {
            let prefix = source.map { "\(TerminalSafeText.escaped($0.name)): " } ?? ""
            return prefix + label + hint
        }
        let location = source.location(of: range.start)
        let excerpt = SourceExcerpt(source, range: range)
        return "\(TerminalSafeText.escaped(source.name)):\(location): " + label
            + "    " + excerpt.text + "\n"
            + "    " + String(repeating: " ", count: excerpt.caretColumn) + "^"
            + String(repeating: "~", count: excerpt.caretWidth - 1) + "\n"
            + hint
    }
}
