import SynthData

/// A command's arguments after binding to its spec and validation: typed values by
/// argument name, plus the source expression of each (for predicates and messages).
public struct BoundArguments: Sendable {
    public internal(set) var values: [String: LangValue] = [:]
    public internal(set) var expressions: [String: Expression] = [:]
    /// Canonical source text of each given argument, for the normal form.
    var normalTexts: [String: String] = [:]

    public func has(_ name: String) -> Bool { values[name] != nil }
    public func value(_ name: String) -> LangValue? { values[name] }
    public func range(_ name: String) -> SourceRange? { expressions[name]?.range }
    public func expression(_ name: String) -> Expression? { expressions[name] }

    public func string(_ name: String) -> String? {
        if case .string(let v) = values[name] { v } else { nil }
    }

    public func integer(_ name: String) -> Int64? {
        if case .integer(let v) = values[name] { v } else { nil }
    }

    public func number(_ name: String) -> Double? { values[name]?.numeric }

    public func boolean(_ name: String) -> Bool? {
        if case .boolean(let v) = values[name] { v } else { nil }
    }

    /// The names of a `columns` argument.
    public func strings(_ name: String) -> [String]? {
        guard case .list(let items) = values[name] else { return string(name).map { [$0] } }
        return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
    }

    /// The table of a `table` argument (binding guarantees it is there when required).
    public func table(_ name: String) throws -> Table {
        guard let table = values[name]?.table else { throw LanguageError("missing table argument `\(name)`") }
        return table
    }

    /// The lazy table of a `table` argument, when it is one (only commands in
    /// `LazyTable.streamingCommands` get one).
    public func lazyTable(_ name: String) -> LazyTable? { values[name]?.lazyTable }

    /// The session names of a variadic table argument (`train planes flights`), in order.
    public func tableNames(_ name: String) -> [String]? {
        switch values[name] {
        case .list(let items)?: items.compactMap(\.tableBindingName)
        case let value?: value.tableBindingName.map { [$0] }
        default: nil
        }
    }

    /// The session name the table argument was given by, if any.
    public func tableName(_ name: String) -> String? {
        values[name]?.tableBindingName
    }
}
