/// Why a set of tables is not a valid schema, in words a user understands.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The tables a job synthesizes and how they link: subject tables, and linked tables that
/// each refer to one subject table through a context foreign key. The context links form a
/// forest (no cycles), so every table can be trained and generated after its subject.
///
/// ```swift
/// let schema = try JobSchema(tables: [
///     TableSchema(name: "planes", primaryKey: "tailnum"),
///     TableSchema(name: "flights", context: ForeignKey(column: "tailnum", parentTable: "planes"), orderColumn: "time_hour"),
/// ])
/// schema.linkedTables(of: "planes").map(\.name)   // ["flights"]
/// ```
public struct JobSchema: Sendable, Hashable, Codable {
    /// The tables in the order the job lists them.
    public let tables: [TableSchema]

    /// Checks the schema: at least one table; distinct, non-empty names; every context parent
    /// one of the tables (not the table itself) with a primary key; no cycle of context
    /// links; an order column only on a linked table; a table's key columns distinct. Each
    /// non-context foreign key refers to another table: one of the job's, by its primary key,
    /// or one outside the job, by a named key column; no cycle of links through the job's tables.
    public init(tables: [TableSchema]) throws {
        guard !tables.isEmpty else { throw SchemaError("a job needs at least one table") }
        var byName: [String: TableSchema] = [:]
        for table in tables {
            guard !table.name.isEmpty else { throw SchemaError("a table name is empty") }
            guard byName.updateValue(table, forKey: table.name) == nil else {
                throw SchemaError("the table '\(table.name)' is listed twice")
            }
            for column in table.keyColumns where column.isEmpty {
                throw SchemaError("table '\(table.name)': a key column name is empty")
            }
            if let primaryKey = table.primaryKey, primaryKey == table.context?.column {
                throw SchemaError("table '\(table.name)': the column '\(primaryKey)' cannot be both its primary key and its context foreign key")
            }
            if table.orderColumn != nil, table.context == nil {
                throw SchemaError("table '\(table.name)': an order column orders a subject's rows, so it needs a context foreign key")
            }
        }
        for table in tables {
            guard let context = table.context else { continue }
            guard context.parentTable != table.name else {
                throw SchemaError("table '\(table.name)': its context foreign key cannot refer to itself")
            }
            guard let parent = byName[context.parentTable] else {
                throw SchemaError("table '\(table.name)': its context table '\(context.parentTable)' is not one of the job's tables (\(tables.map(\.name).joined(separator: ", ")))")
            }
            guard parent.primaryKey != nil else {
                throw SchemaError("table '\(table.name)': its context table '\(parent.name)' has no primary key for '\(context.column)' to refer to")
            }
            // Follow the context links upwards: they must end at a subject table.
            var seen: Set<String> = [table.name]
            var current = parent
            while let next = current.context {
                guard seen.insert(current.name).inserted else {
                    throw SchemaError("the context links of '\(table.name)' form a cycle (\(seen.sorted().joined(separator: ", ")))")
                }
                guard let up = byName[next.parentTable] else { break }  // reported for `current` itself
                current = up
            }
        }
        for table in tables {
            try Self.checkForeignKeys(of: table, byName: byName)
        }
        try Self.checkNoCycle(tables, byName: byName)
        self.tables = tables
    }

    /// A table's non-context foreign keys: distinct columns that are neither its primary key
    /// nor its context foreign key; each refers to another table's key.
    private static func checkForeignKeys(of table: TableSchema, byName: [String: TableSchema]) throws {
        var columns: Set<String> = []
        for key in table.foreignKeys {
            let name = "\(table.name).\(key.column)"
            guard columns.insert(key.column).inserted else {
                throw SchemaError("table '\(table.name)': the column '\(key.column)' has two foreign keys")
            }
            guard key.column != table.primaryKey else {
                throw SchemaError("table '\(table.name)': the column '\(key.column)' cannot be both its primary key and a foreign key (its generated values are new keys)")
            }
            guard key.column != table.context?.column else {
                throw SchemaError("table '\(table.name)': the column '\(key.column)' is already its context foreign key")
            }
            guard !key.parentTable.isEmpty else { throw SchemaError("foreign key \(name): the referenced table name is empty") }
            guard key.parentTable != table.name else {
                throw SchemaError("foreign key \(name): a table cannot refer to itself")
            }
            if let parent = byName[key.parentTable] {
                guard let parentKey = parent.primaryKey else {
                    throw SchemaError("foreign key \(name): the referenced table '\(parent.name)' has no primary key; declare it with `key \(parent.name).COLUMN`")
                }
                if let named = key.parentKey, named != parentKey {
                    throw SchemaError("foreign key \(name) refers to \(parent.name).\(named), but the primary key of '\(parent.name)' is '\(parentKey)'")
                }
            } else if key.parentKey?.isEmpty ?? true {
                throw SchemaError("foreign key \(name): the referenced table '\(key.parentTable)' is not in the job, so the key column it refers to must be named")
            }
        }
    }

    /// No table depends on itself through context links and foreign keys among the job's
    /// tables (each is generated after the tables it refers to).
    private static func checkNoCycle(_ tables: [TableSchema], byName: [String: TableSchema]) throws {
        var state: [String: Bool] = [:]  // false: being visited, true: done
        func visit(_ table: TableSchema, path: [String]) throws {
            if let done = state[table.name] {
                if done { return }
                throw SchemaError("the links between \((path + [table.name]).joined(separator: " → ")) form a cycle")
            }
            state[table.name] = false
            for parent in Self.parentNames(of: table) {
                if let parentTable = byName[parent] { try visit(parentTable, path: path + [table.name]) }
            }
            state[table.name] = true
        }
        for table in tables { try visit(table, path: []) }
    }

    /// The tables a table refers to: its context parent, then its foreign keys' tables.
    private static func parentNames(of table: TableSchema) -> [String] {
        [table.context?.parentTable].compactMap { $0 } + table.foreignKeys.map(\.parentTable)
    }

    /// A schema of one subject table with no keys (a flat job).
    public static func single(_ name: String) -> JobSchema {
        JobSchema(unchecked: [TableSchema(name: name)])
    }

    private init(unchecked tables: [TableSchema]) { self.tables = tables }

    public var tableNames: [String] { tables.map(\.name) }

    public func table(named name: String) -> TableSchema? { tables.first { $0.name == name } }

    /// The subject table a linked table is conditioned on.
    public func contextParent(of name: String) -> TableSchema? {
        table(named: name)?.context.flatMap { table(named: $0.parentTable) }
    }

    /// The foreign keys of table `name` whose referenced table is one of the job's tables.
    public func foreignKeysInJob(of name: String) -> [ForeignKey] {
        (table(named: name)?.foreignKeys ?? []).filter { table(named: $0.parentTable) != nil }
    }

    /// Whether some table of the job refers to `name` through a non-context foreign key.
    public func isReferenced(_ name: String) -> Bool {
        tables.contains { $0.foreignKeys.contains { $0.parentTable == name } }
    }

    /// The tables whose context is `name`.
    public func linkedTables(of name: String) -> [TableSchema] {
        tables.filter { $0.context?.parentTable == name }
    }

    /// Every table after its context parent and the job's tables its foreign keys refer to
    /// (subjects first, in listing order otherwise): the order in which tables train and generate.
    public var dependencyOrder: [TableSchema] {
        var ordered: [TableSchema] = []
        var placed: Set<String> = []
        func place(_ table: TableSchema) {
            guard !placed.contains(table.name) else { return }
            placed.insert(table.name)  // the schema has no cycle (checked on creation)
            for parent in Self.parentNames(of: table) {
                if let parentTable = self.table(named: parent) { place(parentTable) }
            }
            ordered.append(table)
        }
        tables.forEach(place)
        return ordered
    }

    /// Checks that the columns the schema names in table `name` are among `columns` (the
    /// table's data), so a mistyped key is an error before any training.
    public func checkColumns(of name: String, _ columns: [String]) throws {
        guard let table = table(named: name) else { throw SchemaError("the job has no table '\(name)'") }
        let present = Set(columns)
        for column in table.keyColumns where !present.contains(column) {
            throw SchemaError("table '\(name)' has no column '\(column)' (columns: \(columns.joined(separator: ", ")))")
        }
    }
}
