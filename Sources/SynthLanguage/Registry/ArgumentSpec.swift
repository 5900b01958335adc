/// One argument of a command: its name, kind, whether it may be given by position, whether
/// it must be given, and its help text.
public struct ArgumentSpec: Sendable, Hashable {
    public var name: String
    public var kind: ArgumentKind
    /// Can be given by position (it can always be given as `name=value`).
    public var isPositional: Bool
    public var isRequired: Bool
    /// Takes the remaining positional arguments as a list.
    public var isVariadic: Bool
    /// Text describing the default, for help (e.g. "10").
    public var defaultText: String?
    public var help: String
    /// The smallest value an `.integer` or `.number` argument accepts (checked when the
    /// command is typed, with the caret under the value).
    public var minimum: Double?
    /// Whether `minimum` itself is excluded (`minutes` must be above 0).
    public var minimumIsExclusive = false

    public init(_ name: String, _ kind: ArgumentKind, positional: Bool = false, required: Bool = false,
                variadic: Bool = false, default defaultText: String? = nil, atLeast: Double? = nil, above: Double? = nil,
                help: String) {
        minimum = above ?? atLeast
        minimumIsExclusive = above != nil
        self.name = name
        self.kind = kind
        isPositional = positional || variadic
        isRequired = required
        isVariadic = variadic
        self.defaultText = defaultText
        self.help = help
    }

    /// How the argument reads in a usage line.
    public var usage: String {
        let core = isPositional ? kind.placeholder + (isVariadic && !kind.placeholder.hasSuffix("…") ? "…" : "")
                                : "\(name)=\(kind.placeholder)"
        return isRequired ? core : "[\(core)]"
    }
}
