/// Renders diagnostics as `file:line:column: error: message`, the source line, a caret
/// under the range and an optional hint. Plain text: stable and diffable.
///
/// What it writes is safe for a terminal and small: every text that may come from the user
/// (the message, hint and file name, the echoed line) has its control characters escaped
/// (`TerminalSafeText`), and the echoed line is cut to a window around the caret
/// (`SourceExcerpt`), and a message or hint (which may quote a huge name) is cut after
/// `maximumMessageLength` characters, so one diagnostic is a few short lines whatever the input.
public enum DiagnosticFormatter {
    /// Longest message or hint shown, in characters of the text before escaping.
    public static let maximumMessageLength = 400

    public static func format(_ diagnostic: Diagnostic, in source: SourceFile?) -> String {
        let label = "\(diagnostic.severity.rawValue): \(shown(diagnostic.message))\n"
        let hint = diagnostic.hint.map { "  hint: \(shown($0))\n" } ?? ""
        guard let source, let range = diagnostic.range else {
            let prefix = source.map { "\(shown($0.name)): " } ?? ""
            return prefix + label + hint
        }
        let location = source.location(of: range.start)
        let excerpt = SourceExcerpt(source, range: range)
        return "\(shown(source.name)):\(location): " + label
            + "    " + excerpt.text + "\n"
            + "    " + String(repeating: " ", count: excerpt.caretColumn) + "^"
            + String(repeating: "~", count: excerpt.caretWidth - 1) + "\n"
            + hint
    }

    /// `text` cut to `maximumMessageLength` characters (with `…`) and escaped for a terminal.
    private static func shown(_ text: String) -> String {
        guard text.utf8.count > maximumMessageLength, text.count > maximumMessageLength else {
            return TerminalSafeText.escaped(text)
        }
        return TerminalSafeText.escaped(String(text.prefix(maximumMessageLength - 1))) + "…"
    }
}
