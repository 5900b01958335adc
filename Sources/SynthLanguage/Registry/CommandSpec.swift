/// What a command handler computes: a value kept as the cell's output (`nil`: nothing).
public typealias CommandHandler = @Sendable (CommandContext) throws -> LangValue?

/// The one declaration of a command. It drives parsing/validation of its arguments,
/// `help` and `help NAME`, tab completion and session recording.
public struct CommandSpec: Sendable {
    public var name: String
    public var aliases: [String]
    /// One line for the command list.
    public var summary: String
    /// Longer help for `help NAME`.
    public var discussion: String
    public var arguments: [ArgumentSpec]
    /// Whether a successful run changes session state (then `session save` records it).
    public var changesState: Bool
    /// Whether `session save` records a successful run: every command that changes state,
    /// and those whose effect a replay must repeat although the session stays the same
    /// (writing a file: `export`, `download`, `report`…; showing a job's QA report).
    public var isRecorded: Bool
    public var examples: [String]
    /// Help topic group, e.g. "Data", "Session".
    public var group: String
    /// Whether the command is written `cmd NAME = VALUE` (like `let`): its first two
    /// arguments are a `.newName` and a `.value`, and the normal form keeps the `=`.
    public var isAssignment: Bool
    public var handler: CommandHandler
    /// Whether `as WORD` is an argument of the command (`encode d.price as numeric_binned`)
    /// rather than a name to bind the result to.
    public var bindingIsArgument = false
    /// Whether what the command shows is its result (`outN`), labelled `Out[N]:` in the REPL.
    /// False for commands that show information but keep no value (`help`, `jobs`' details…).
    public var labelsResult: Bool

    public init(name: String, aliases: [String] = [], group: String, summary: String, discussion: String = "",
                arguments: [ArgumentSpec] = [], changesState: Bool, recorded: Bool? = nil, examples: [String] = [],
                isAssignment: Bool = false, labelsResult: Bool = true, handler: @escaping CommandHandler) {
        self.isAssignment = isAssignment
        self.labelsResult = labelsResult
        self.name = name
        self.aliases = aliases
        self.group = group
        self.summary = summary
        self.discussion = discussion
        self.arguments = arguments
        self.changesState = changesState
        isRecorded = recorded ?? changesState
        self.examples = examples
        self.handler = handler
    }

    /// `name POSITIONAL… [key=VALUE]…`
    public var usage: String {
        if isAssignment, arguments.count >= 2 { return "\(name) \(arguments[0].kind.placeholder) = \(arguments[1].kind.placeholder)" }
        let positional = arguments.filter(\.isPositional).map(\.usage)
        let options = arguments.filter { !$0.isPositional }.map(\.usage)
        return ([name] + positional + options).joined(separator: " ")
    }

    /// The argument called `name`.
    public func argument(named name: String) -> ArgumentSpec? { arguments.first { $0.name == name } }
}
