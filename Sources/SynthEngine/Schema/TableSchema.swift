/// A foreign key: a column of a table whose values are the primary key of a parent table.
public struct ForeignKey: Sendable, Hashable, Codable {
    /// The column of the child table.
    public var column: String
    /// The parent table, whose primary key the column refers to.
    public var parentTable: String
    /// The parent's key column the values refer to. `nil` means the parent's primary key in
    /// the job (always so for a context foreign key); a foreign key to a table outside the
    /// job names it, since the job has no schema of that table.
    public var parentKey: String?

    public init(column: String, parentTable: String, parentKey: String? = nil) {
        self.column = column
        self.parentTable = parentTable
        self.parentKey = parentKey
    }
}

/// One table of a `JobSchema`: its primary key and, for a linked table, its context foreign
/// key to its subject table (`flights.tailnum → planes.tailnum`) and the column that orders a
/// subject's rows. A table without a context is a subject table: it is synthesized flat.
/// Its other (non-context) foreign keys (`flights.carrier → airlines.carrier`) keep
/// referential integrity when the job generates.
public struct TableSchema: Sendable, Hashable, Codable {
    public var name: String
    /// The column that identifies each row, when the table has one.
    public var primaryKey: String?
    /// For a linked table: the column that refers to its subject table's primary key.
    public var context: ForeignKey?
    /// For a linked table: the column that orders the rows of one subject (a date, a sequence number).
    public var orderColumn: String?
    /// Non-context foreign keys: every generated value is a key of the referenced table
    /// (a generated key when that table is in the job, a key the training rows used otherwise).
    public var foreignKeys: [ForeignKey]

    public init(name: String, primaryKey: String? = nil, context: ForeignKey? = nil, orderColumn: String? = nil,
                foreignKeys: [ForeignKey] = []) {
        self.name = name
        self.primaryKey = primaryKey
        self.context = context
        self.orderColumn = orderColumn
        self.foreignKeys = foreignKeys
    }

    private enum CodingKeys: String, CodingKey { case name, primaryKey, context, orderColumn, foreignKeys }

    /// Reads schemas written before foreign keys existed (no `foreignKeys`: none).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        primaryKey = try container.decodeIfPresent(String.self, forKey: .primaryKey)
        context = try container.decodeIfPresent(ForeignKey.self, forKey: .context)
        orderColumn = try container.decodeIfPresent(String.self, forKey: .orderColumn)
        foreignKeys = try container.decodeIfPresent([ForeignKey].self, forKey: .foreignKeys) ?? []
    }

    /// Whether the table is a subject table (no context parent).
    public var isSubject: Bool { context == nil }

    /// The columns the schema names in this table (key, context foreign key, order, foreign keys).
    public var keyColumns: [String] { [primaryKey, context?.column, orderColumn].compactMap { $0 } + foreignKeys.map(\.column) }
}
