import SynthEngine
/// The set of commands the language knows. Later modules add theirs with `register(_:)`.
public struct CommandRegistry: Sendable {
    private var specs: [String: CommandSpec] = [:]
    private var aliasTargets: [String: String] = [:]
    /// Names in registration order.
    public private(set) var names: [String] = []
    private var completionProviders: [CompletionTopic: CompletionProvider] = [:]

    public init() {}

    /// The built-in commands of the language.
    public static func standard() -> CommandRegistry {
        var registry = CommandRegistry()
        for spec in BuiltinCommands.all + JobCommands.all + LinkCommands.all + EncodingCommands.all + QACommands.all + ConnectorCommands.all { registry.register(spec) }
        registry.setCompletions(for: .encodingType) { _, _ in EncodingType.allCases.map(\.rawValue) }
        registry.setCompletions(for: .job) { session, jobs in
            // Job variables of the session first, then the store's job ids and names.
            let variables = session.bindingOrder.filter { if case .string? = session.value(named: $0) { true } else { false } }
            let stored = (try? jobs?.storeAndRunner().0.jobs()) ?? []
            return variables + stored.flatMap { [String($0.id), $0.name] }
        }
        registry.setCompletions(for: .connector) { _, jobs in
            ((try? jobs?.storeAndRunner().0.connectors()) ?? []).map(\.name)
        }
        registry.setCompletions(for: .catalog) { _, jobs in
            ((try? jobs?.storeAndRunner().0.catalogs()) ?? []).map(\.name)
        }
        return registry
    }

    /// The stored names Tab offers for a text argument: connectors for the arguments that
    /// name one, catalogs for `catalog NAME`.
    public static func storedNameTopic(command: String, argument: String) -> CompletionTopic? {
        switch (command, argument) {
        case ("connector", "name"), ("tables", "connector"), ("write", "to"), ("catalog", "from"), (_, "destination"): .connector
        case ("catalog", "name"): .catalog
        default: nil
        }
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

    /// Sets where Tab finds words for arguments of a kind whose values live outside the
    /// language (jobs, models, encoding types): the module that owns them registers this.
    public mutating func setCompletions(for topic: CompletionTopic, _ provider: @escaping CompletionProvider) {
        completionProviders[topic] = provider
    }

    /// Words Tab offers for `topic` in `session`, with the job store of `jobs` when given
    /// (empty when no module registered any).
    public func completions(for topic: CompletionTopic, in session: Session, jobs: JobEnvironment? = nil) -> [String] {
        completionProviders[topic]?(session, jobs) ?? []
    }
}

/// Argument kinds whose completion words come from other modules.
public enum CompletionTopic: Hashable, Sendable {
    case job, model, encodingType
    /// Connectors and catalogs of the job store (`connector test NAME`, `write J to=NAME`).
    case connector, catalog
}

/// Lists completion words for a topic, given the session and its job environment (nil: no
/// store to look in).
public typealias CompletionProvider = @Sendable (Session, JobEnvironment?) -> [String]
