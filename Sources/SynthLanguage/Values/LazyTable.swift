import SynthData

/// A table that stays in its source (a large CSV or Parquet file, or a connector's table):
/// the session holds where it is, its schema, its row count and its first rows; every
/// command that reads its rows streams them in batches with bounded memory
/// (`LazyTable.scan`), so a table larger than memory can be described, counted and trained on.
public struct LazyTable: Sendable, Hashable {
    /// Where the rows are.
    public enum Source: Sendable, Hashable {
        /// A CSV file, read with a fixed schema (inferred once, at `load`).
        case csv(path: String, options: CSVReadOptions, schema: CSVSchema)
        /// A Parquet file, read one row group at a time.
        case parquet(path: String)
        /// A table of a stored connector, read in batches (a server-side cursor for PostgreSQL).
        case connector(name: String, table: String)
    }

    /// Where the rows are.
    public var source: Source
    /// How the user named the source (the path as written, or `CONNECTOR.TABLE`), for messages.
    public var shownSource: String
    /// Only these columns, in this order (`load … columns=[…]`); `nil` keeps all.
    public var columns: [String]?
    /// The columns and their types, with no rows.
    public var schema: Table
    /// Rows in the source when it was loaded.
    public var rowCount: Int
    /// The first rows (at most `headRowCount`), for `show`.
    public var head: Table
    /// The file's size when it was loaded (a changed file is refused rather than read silently).
    public var fileSize: Int?

    /// Rows `load` keeps in memory for `show`.
    public static let headRowCount = 100

    /// Rows a job trains on from a lazy table unless `rows=` says otherwise: a seeded uniform
    /// sample drawn while the organizing step streams every row (like mostlyai-engine's
    /// maximum sample size). 100,000 rows of a 20-column table hold a few tens of MB.
    public static let defaultTrainingRows = 100_000

    public init(source: Source, shownSource: String, columns: [String]?, schema: Table, rowCount: Int, head: Table,
                fileSize: Int?) {
        self.source = source
        self.shownSource = shownSource
        self.columns = columns
        self.schema = schema
        self.rowCount = rowCount
        self.head = head
        self.fileSize = fileSize
    }

    public var columnCount: Int { schema.columnCount }

    /// Commands that take a lazy table: they read it in batches (`describe`, `show`, `count`,
    /// `columns`, `train`) or need only its schema (`encode`, `forget`). Any other command
    /// refuses it with a clear error, since it would need every row in memory.
    public static let streamingCommands: Set<String> = ["describe", "show", "count", "columns", "train", "encode", "forget"]
}
