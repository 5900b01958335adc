import SynthEngine

/// The keys and links the user declared in a session (`key`, `link`, `unlink`, `links
/// accept=true`), by session table name. `train A B …` turns the part that concerns its
/// tables into the job's `JobSchema`; `session save` records the commands that built it.
public struct SessionSchema: Sendable, Hashable {
    /// A declared link `table.column → parentTable` (whose primary key it refers to).
    public struct Link: Sendable, Hashable {
        public var table: String
        public var column: String
        public var parentTable: String
        /// The link to the table's subject table (its rows are that subject's sequence).
        public var isContext: Bool
        /// For a context link: the column that orders a subject's rows.
        public var orderColumn: String?

        public init(table: String, column: String, parentTable: String, isContext: Bool, orderColumn: String? = nil) {
            self.table = table
            self.column = column
            self.parentTable = parentTable
            self.isContext = isContext
            self.orderColumn = orderColumn
        }

        /// `flights.tailnum → planes.tailnum (context, ordered by time_hour)`.
        public func description(parentKey: String?) -> String {
            var text = "\(table).\(column) → \(parentTable).\(parentKey ?? "?")"
            if isContext { text += " (context" + (orderColumn.map { ", ordered by \($0))" } ?? ")") }
            return text
        }
    }

    /// Primary key column by table.
    public private(set) var keys: [String: String] = [:]
    /// Links in the order they were declared.
    public private(set) var links: [Link] = []

    public init() {}

    public var isEmpty: Bool { keys.isEmpty && links.isEmpty }

    public mutating func setKey(table: String, column: String) { keys[table] = column }

    /// Removes a table's key; refused while links refer to it (returns them).
    public mutating func removeKey(table: String) -> [Link] {
        let referring = links.filter { $0.parentTable == table }
        if referring.isEmpty { keys[table] = nil }
        return referring
    }

    /// Declares a link, replacing one declared before on the same column.
    public mutating func setLink(_ link: Link) {
        if let index = links.firstIndex(where: { $0.table == link.table && $0.column == link.column }) {
            links[index] = link
        } else {
            links.append(link)
        }
    }

    /// Removes the link on `table.column`; whether there was one.
    public mutating func removeLink(table: String, column: String) -> Bool {
        let before = links.count
        links.removeAll { $0.table == table && $0.column == column }
        return links.count != before
    }

    /// Forgets everything about a table (when the session forgets it).
    public mutating func forget(table: String) {
        keys[table] = nil
        links.removeAll { $0.table == table || $0.parentTable == table }
    }

    /// The non-context foreign keys of `table` to other tables, by their declared keys: what a
    /// job over `table` alone keeps (generated values are keys its training rows used).
    public func outsideForeignKeys(of table: String) -> [ForeignKey] {
        links(of: table).filter { !$0.isContext && $0.parentTable != table && keys[$0.parentTable] != nil }.map {
            ForeignKey(column: $0.column, parentTable: $0.parentTable, parentKey: keys[$0.parentTable])
        }
    }

    /// The context link of `table`, if declared.
    public func contextLink(of table: String) -> Link? { links.first { $0.table == table && $0.isContext } }

    /// The links declared on `table`.
    public func links(of table: String) -> [Link] { links.filter { $0.table == table } }

    /// The job schema of `tables` (session names): their keys, the context links among them
    /// and their non-context foreign keys (to a listed table or to one outside the job, by
    /// its declared key), checked by `JobSchema(tables:)`. A context link to a table outside
    /// `tables` is an error when several tables are trained together.
    public func jobSchema(of tables: [String]) throws -> JobSchema {
        let listed = Set(tables)
        var schemas: [TableSchema] = []
        for name in tables {
            var schema = TableSchema(name: name, primaryKey: keys[name])
            if let link = contextLink(of: name) {
                guard listed.contains(link.parentTable) else {
                    throw SchemaError("'\(name)' is linked to its subject table '\(link.parentTable)', which this job does not list: add it, or `unlink \(name).\(link.column)`")
                }
                schema.context = ForeignKey(column: link.column, parentTable: link.parentTable)
                schema.orderColumn = link.orderColumn
            }
            schema.foreignKeys = links(of: name).filter { !$0.isContext }.map { link in
                ForeignKey(column: link.column, parentTable: link.parentTable, parentKey: keys[link.parentTable])
            }
            schemas.append(schema)
        }
        return try JobSchema(tables: schemas)
    }
}
