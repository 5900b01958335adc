/// How a CSV file is read. Every field left `nil` is sniffed from the file.
public struct CSVReadOptions: Sendable, Hashable {
    /// Field delimiter; sniffed among `,` `;` tab `|` when `nil`.
    public var delimiter: UInt8?
    /// Whether the first row names the columns; `nil` means yes (the first row is never
    /// guessed to be data: a header such as `2020,nan,inf` would be lost).
    public var hasHeader: Bool?
    /// Unquoted fields equal to one of these are null. A quoted field is never null.
    public var nullTokens: Set<String>
    /// Skip rows with the wrong number of fields (and count them) instead of failing.
    public var skipBadRows: Bool
    /// Column types to use instead of inference, by column name.
    public var columnTypes: [String: DataType]
    /// Bytes read per chunk (the unit of streaming and of parallel conversion); `nil` takes
    /// the operation's own: `CSVReader.readChunkSize` for a whole-file read (its index stays
    /// in the core's cache), `CSVReader.scanChunkSize` for a streaming scan (fewer, larger
    /// batches for the consumer).
    public var chunkSize: Int?

    /// The null tokens used when none are given, close to pandas' and pyarrow's defaults:
    /// the empty field, `NA`, `N/A`, `n/a`, `#N/A`, `<NA>`, `NULL`, `null`, `None`, `NaN`, `nan`
    /// and `NAN`. Matching is exact (case-sensitive), so `Na` (sodium) stays a value. Other
    /// spellings of NaN (`-nan`, `Nan`) read as a NaN double in a decimal column.
    public static let defaultNullTokens: Set<String> = [
        "", "NA", "N/A", "n/a", "#N/A", "<NA>", "NULL", "null", "None", "NaN", "nan", "NAN",
    ]

    public init(delimiter: UInt8? = nil, hasHeader: Bool? = nil,
                nullTokens: Set<String> = CSVReadOptions.defaultNullTokens, skipBadRows: Bool = false,
                columnTypes: [String: DataType] = [:], chunkSize: Int? = nil) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.nullTokens = nullTokens
        self.skipBadRows = skipBadRows
        self.columnTypes = columnTypes
        self.chunkSize = chunkSize
    }
}

/// What a CSV read produced.
public struct CSVReadResult: Sendable {
    public var table: Table
    /// Rows dropped because `skipBadRows` was set.
    public var skippedRows: Int
    /// The delimiter used (given or sniffed).
    public var delimiter: UInt8
    /// Whether the first row was taken as the header.
    public var hadHeader: Bool
    /// Whether the header row holds a number, date or boolean: the file may have no header
    /// (then read it with `hasHeader: false`).
    public var headerLooksLikeData: Bool
}
