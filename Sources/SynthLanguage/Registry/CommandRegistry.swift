/// The set of commands the language knows. Later modules add theirs with `register(_:)`.
public struct CommandRegistry: Sendable {
    private var specs: [String: CommandSpec] = [:]
    private var aliasTargets: [String: String] = [:]
    /// Names in registration order.
    public private(set) var names: [String] = []

    public init() {}

    /// The built-in commands of the language.
    public static func standard() -> CommandRegistry {
        var registry = CommandRegistry()
        for spec in BuiltinCommands.all + JobCommands.all + EncodingCommands.all + QACommands.all { registry.register(spec) }
        return registry
    }

    /// Adds or replaces a command.
    public mutating func register(_ spec: CommandSpec) {
        if specs[spec.name] == nil { names.append(spec.name) }
        specs[spec.name] = spec
        for alias in spec.aliases { aliasTargets[alias] = spec.name }
    }

    /// The command called `name` (or aliased so).
    public func spec(named name: String) -> CommandSpec? {
        specs[name] ?? aliasTargets[name].flatMap { specs[$0] }
    }

    /// All command names and aliases (for completion and suggestions).
    public var allNames: [String] { names + aliasTargets.keys.sorted() }

    /// All specs in registration order.
    public var allSpecs: [CommandSpec] { names.compactMap { specs[$0] } }
}
