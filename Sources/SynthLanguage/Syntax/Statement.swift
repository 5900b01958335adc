/// `label=value` or a positional `value` given to a command.
public struct Argument: Sendable, Hashable {
    public var label: String?
    public var labelRange: SourceRange?
    public var value: Expression

    public init(label: String? = nil, labelRange: SourceRange? = nil, value: Expression) {
        self.label = label
        self.labelRange = labelRange
        self.value = value
    }

    public var range: SourceRange { labelRange.map { $0.union(value.range) } ?? value.range }
}

/// One command: `name arg… [key=value…] [as NAME]`, optionally prefixed by `time`.
public struct CommandStatement: Sendable, Hashable {
    public var name: String
    public var nameRange: SourceRange
    public var arguments: [Argument]
    /// `as NAME`: bind the result to a name in the session.
    public var binding: String?
    public var bindingRange: SourceRange?
    /// `time CMD`: report how long the command took.
    public var isTimed: Bool
    public var range: SourceRange

    public init(name: String, nameRange: SourceRange, arguments: [Argument] = [], binding: String? = nil,
                bindingRange: SourceRange? = nil, isTimed: Bool = false, range: SourceRange) {
        self.name = name
        self.nameRange = nameRange
        self.arguments = arguments
        self.binding = binding
        self.bindingRange = bindingRange
        self.isTimed = isTimed
        self.range = range
    }
}
