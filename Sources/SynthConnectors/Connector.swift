import SynthData

/// A place tables are read from and written to: a folder of files, a SQLite database, a
/// PostgreSQL server. A new kind (an S3-compatible bucket, MySQL) is one new type that
/// conforms to this protocol and is listed in `ConnectorKinds.all`.
public protocol Connector: Sendable {
    /// The kind's name, as `connector add NAME kind=…` spells it (`folder`, `sqlite`, `postgresql`).
    static var kind: String { get }
    /// The options the kind accepts, for validation, `help` and `connector show`.
    static var options: [ConnectorOption] { get }

    /// Opens a connector from its stored configuration; secrets are resolved from their
    /// references only now (never stored).
    init(configuration: ConnectorConfiguration) throws(ConnectorError)

    /// Connects and reports what the connector can read and write.
    func check() throws(ConnectorError) -> ConnectorCheck

    /// The tables the connector can read, with row counts and the keys its schema declares.
    func tables() throws(ConnectorError) -> [SourceTableInfo]

    /// Streams `table` in batches of at most `batchRows` rows, all with the same schema
    /// (mapped from the source's declared types); `body` may throw to stop reading.
    func read(table: String, batchRows: Int, _ body: (Table) throws -> Void) throws

    /// Writes `tables` all-or-nothing into `place` (a PostgreSQL schema; ignored by kinds
    /// without places): an existing table is replaced only when `replace` is true, and a
    /// failed or canceled write (`isCanceled` is polled between batches) leaves the
    /// destination as it was.
    func write(_ tables: [DestinationTable], place: String?, replace: Bool, isCanceled: () -> Bool) throws(ConnectorError)

    /// Checks, without writing anything, that `write` of tables called `names` into `place`
    /// can succeed: the destination is reachable and writable (or can be created), and, unless
    /// `replace`, holds none of these tables. Run before a job starts, so a destination that
    /// cannot take its tables is refused before any training.
    func checkWritable(tables names: [String], place: String?, replace: Bool) throws(ConnectorError)
}

/// The connector kinds synth knows, by name.
public enum ConnectorKinds {
    /// Every kind; a new kind is added here.
    public static let all: [any Connector.Type] = [FolderConnector.self, SQLiteConnector.self, PostgresConnector.self]

    public static var names: [String] { all.map { $0.kind } }

    /// The type of kind `name`.
    public static func type(named name: String) -> (any Connector.Type)? { all.first { $0.kind == name } }

    /// Opens the connector `configuration` describes.
    public static func open(_ configuration: ConnectorConfiguration) throws(ConnectorError) -> any Connector {
        guard let type = type(named: configuration.kind) else {
            throw .invalidOption("unknown connector kind '\(configuration.kind)': one of \(names.joined(separator: ", "))")
        }
        return try type.init(configuration: configuration)
    }
}

/// One option of a connector kind.
public struct ConnectorOption: Sendable, Hashable {
    public var name: String
    public var isRequired: Bool
    /// Whether the value must be a credential reference (`env:VAR` or `file:PATH`).
    public var isSecret: Bool
    public var help: String

    public init(_ name: String, required: Bool = false, secret: Bool = false, help: String) {
        self.name = name
        isRequired = required
        isSecret = secret
        self.help = help
    }
}

/// What `connector test` found.
public struct ConnectorCheck: Sendable {
    /// One line about what was reached (server version, folder, file).
    public var reached: String
    public var readableTables: Int
    public var canWrite: Bool
    /// Why it cannot write, when it cannot.
    public var writeNote: String?

    public init(reached: String, readableTables: Int, canWrite: Bool, writeNote: String? = nil) {
        self.reached = reached
        self.readableTables = readableTables
        self.canWrite = canWrite
        self.writeNote = writeNote
    }
}

/// A foreign key read from a database schema: `columns` of the table refer to
/// `referencedColumns` of `referencedTable`.
public struct ForeignKeyInfo: Sendable, Hashable, Codable {
    public var columns: [String]
    public var referencedTable: String
    public var referencedColumns: [String]

    public init(columns: [String], referencedTable: String, referencedColumns: [String]) {
        self.columns = columns
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
    }

    /// `tailnum → planes(tailnum)`
    public var description: String {
        columns.joined(separator: ", ") + " → " + referencedTable + "(" + referencedColumns.joined(separator: ", ") + ")"
    }
}

/// A table a connector can read.
public struct SourceTableInfo: Sendable, Hashable {
    public var name: String
    public var rowCount: Int
    public var primaryKey: [String]
    public var foreignKeys: [ForeignKeyInfo]

    public init(name: String, rowCount: Int, primaryKey: [String] = [], foreignKeys: [ForeignKeyInfo] = []) {
        self.name = name
        self.rowCount = rowCount
        self.primaryKey = primaryKey
        self.foreignKeys = foreignKeys
    }
}

/// A table to write to a destination, with the keys to declare there.
public struct DestinationTable: Sendable {
    public var name: String
    public var table: Table
    public var primaryKey: [String]
    public var foreignKeys: [ForeignKeyInfo]

    public init(name: String, table: Table, primaryKey: [String] = [], foreignKeys: [ForeignKeyInfo] = []) {
        self.name = name
        self.table = table
        self.primaryKey = primaryKey
        self.foreignKeys = foreignKeys
    }
}
