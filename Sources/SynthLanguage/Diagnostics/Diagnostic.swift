/// A problem found in source text or while running it: a value, never printed by the code
/// that finds it. `DiagnosticFormatter` renders it with the source line and a caret.
public struct Diagnostic: Sendable, Hashable, Error {
    public enum Severity: String, Sendable, Hashable { case error, warning, note }

    /// What sort of problem this is; drives the exit code of a script.
    public enum Category: Sendable, Hashable {
        /// Malformed text (exit code 65).
        case syntax
        /// The text ended before the construct did (open quote or bracket, trailing `\`).
        /// A REPL asks for a continuation line; a script reports a syntax error.
        case incomplete
        /// Well-formed text that failed when run (exit code 70).
        case runtime
        /// The command was interrupted by Ctrl-C (exit code 130).
        case interrupted
    }

    public var severity: Severity
    public var category: Category
    public var message: String
    /// Where in the source; `nil` when the problem has no position.
    public var range: SourceRange?
    /// A suggestion such as "did you mean `describe`?".
    public var hint: String?

    public init(_ severity: Severity = .error, _ category: Category, _ message: String,
                at range: SourceRange? = nil, hint: String? = nil) {
        self.severity = severity
        self.category = category
        self.message = message
        self.range = range
        self.hint = hint
    }

    public static func syntax(_ message: String, at range: SourceRange?, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, .syntax, message, at: range, hint: hint)
    }

    public static func incomplete(_ message: String, at range: SourceRange?) -> Diagnostic {
        Diagnostic(.error, .incomplete, message, at: range)
    }
}
