import SynthData

/// A value of the command language: what expressions evaluate to, what variables hold and
/// what each cell's result is.
public enum LangValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case number(Double)
    case string(String)
    case boolean(Bool)
    case list([LangValue])
    /// A table; `name` is the session name it was looked up by, when it has one.
    case table(Table, name: String?)
    /// A table left in its source and read by streaming (`load` of a large file); `name` as for `table`.
    case lazyTable(LazyTable, name: String?)
    /// A column of a named table (`d.price`).
    case column(table: String, column: String)

    /// A short name of the value's type, for messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .boolean: "boolean"
        case .list: "list"
        case .table, .lazyTable: "table"
        case .column: "column"
        }
    }

    /// The table, when this value is one.
    public var table: Table? { if case .table(let table, _) = self { table } else { nil } }

    /// The lazy table, when this value is one.
    public var lazyTable: LazyTable? { if case .lazyTable(let table, _) = self { table } else { nil } }

    /// The columns of a table or lazy table, with the rows of an in-memory one: what binding
    /// checks column names and conditions against.
    public var tableOrSchema: Table? { table ?? lazyTable?.schema }

    /// The session name a table or lazy table was looked up by.
    public var tableBindingName: String? {
        switch self {
        case .table(_, let name), .lazyTable(_, let name): name
        default: nil
        }
    }

    /// This value bound to `name`: a table or lazy table carries the name; other values are unchanged.
    public func named(_ name: String) -> LangValue {
        switch self {
        case .table(let table, _): .table(table, name: name)
        case .lazyTable(let table, _): .lazyTable(table, name: name)
        default: self
        }
    }

    /// The value as a `Double`, when it is a number.
    public var numeric: Double? {
        switch self {
        case .integer(let v): Double(v)
        case .number(let v): v
        default: nil
        }
    }

    /// How the value prints as a result (tables print as a summary line; renderers show them fully).
    public var displayText: String {
        switch self {
        case .null: "null"
        case .integer(let v): String(v)
        case .number(let v): formatDouble(v)
        case .string(let v): v
        case .boolean(let v): v ? "true" : "false"
        case .list(let items): "[" + items.map(\.literalText).joined(separator: ", ") + "]"
        case let .table(table, name):
            (name.map { "\($0): " } ?? "") + "table, \(table.rowCount) rows × \(table.columnCount) columns"
        case let .lazyTable(table, name):
            (name.map { "\($0): " } ?? "") + "table, \(table.rowCount) rows × \(table.columnCount) columns, read from \(table.shownSource) when used"
        case let .column(table, column): "\(table).\(NormalForm.name(column))"
        }
    }

    /// The value as source text that reads back as the same value (tables by name).
    public var literalText: String {
        switch self {
        case .string(let v): NormalForm.quoted(v)
        case .list(let items): "[" + items.map(\.literalText).joined(separator: ", ") + "]"
        case let .table(_, name), let .lazyTable(_, name): name.map(NormalForm.name) ?? "<table>"
        default: displayText
        }
    }
}

extension LangValue {
    /// Most values, counting nested ones, that a list built by the language may hold.
    public static let maximumListValues = 100_000

    /// Which limit a value breaks.
    enum ExceededLimit { case depth, values }

    /// Whether this value nests more than `depth` levels deep (`[[1]]` is 3, like the
    /// expression that writes it) or holds more than
    /// `values` values in all; walks at most `values` of them, without recursion.
    func exceedsLimits(depth: Int, values: Int) -> ExceededLimit? {
        var pending: [(LangValue, Int)] = [(self, 1)]
        var visited = 0
        while let (value, level) = pending.popLast() {
            visited += 1
            if visited > values { return .values }
            if level > depth { return .depth }
            guard case .list(let items) = value else { continue }
            for item in items { pending.append((item, level + 1)) }
        }
        return nil
    }
}
