/// A runtime error of a command, located in the source when possible.
public struct LanguageError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var range: SourceRange?
    public var hint: String?

    public init(_ message: String, at range: SourceRange? = nil, hint: String? = nil) {
        self.message = message
        self.range = range
        self.hint = hint
    }

    public var description: String { message }

    var diagnostic: Diagnostic { Diagnostic(.error, .runtime, message, at: range, hint: hint) }
}
