/// Settings for `ParquetWriter`.
public struct ParquetWriteOptions: Sendable, Hashable {
    /// Page compression: `.snappy` (default), `.zstd`, `.gzip` or `.uncompressed`.
    public var compression: ParquetCompression
    /// Codec level for gzip (1...9) or zstd (1...22); `nil` for the codec's default.
    public var compressionLevel: Int32?
    /// Maximum rows per row group.
    public var rowGroupSize: Int
    /// Maximum rows per data page.
    public var pageRowLimit: Int
    /// Dictionary-encode columns whose distinct values stay within `dictionaryLimit`;
    /// others fall back to PLAIN.
    public var dictionary: Bool
    /// Most distinct values (and 1 MiB of values) a column chunk's dictionary may hold.
    public var dictionaryLimit: Int
    /// Write the `ARROW:schema` footer entry (keeps time zones through Arrow-based readers).
    public var arrowSchema: Bool

    public init(compression: ParquetCompression = .snappy, compressionLevel: Int32? = nil,
                rowGroupSize: Int = 1_048_576, pageRowLimit: Int = 20_000, dictionary: Bool = true,
                dictionaryLimit: Int = 65_536, arrowSchema: Bool = true) {
        self.compression = compression
        self.compressionLevel = compressionLevel
        self.rowGroupSize = rowGroupSize
        self.pageRowLimit = pageRowLimit
        self.dictionary = dictionary
        self.dictionaryLimit = dictionaryLimit
        self.arrowSchema = arrowSchema
    }
}
