/// A foreign key: a column of a table whose values are the primary key of a parent table.
public struct ForeignKey: Sendable, Hashable, Codable {
    /// The column of the child table.
    public var column: String
    /// The parent table, whose primary key the column refers to.
    public var parentTable: String

    public init(column: String, parentTable: String) {
        self.column = column
        self.parentTable = parentTable
    }
}

/// One table of a `JobSchema`: its primary key and, for a linked table, its context foreign
/// key to its subject table (`flights.tailnum → planes.tailnum`) and the column that orders a
/// subject's rows. A table without a context is a subject table: it is synthesized flat.
public struct TableSchema: Sendable, Hashable, Codable {
    public var name: String
    /// The column that identifies each row, when the table has one.
    public var primaryKey: String?
    /// For a linked table: the column that refers to its subject table's primary key.
    public var context: ForeignKey?
    /// For a linked table: the column that orders the rows of one subject (a date, a sequence number).
    public var orderColumn: String?

    public init(name: String, primaryKey: String? = nil, context: ForeignKey? = nil, orderColumn: String? = nil) {
        self.name = name
        self.primaryKey = primaryKey
        self.context = context
        self.orderColumn = orderColumn
    }

    /// Whether the table is a subject table (no context parent).
    public var isSubject: Bool { context == nil }

    /// The columns the schema names in this table (key, context foreign key, order).
    public var keyColumns: [String] { [primaryKey, context?.column, orderColumn].compactMap { $0 } }
}
