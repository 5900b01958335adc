/// Errors raised while reading or writing Parquet files.
///
/// Every failure on user data — a corrupt or truncated file, an unsupported feature, a bad
/// request — surfaces as one of these, never as a crash.
public enum ParquetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened, read or written.
    case io(path: String, reason: String)
    /// The file does not look like Parquet at all (bad magic, too short).
    case notParquet(path: String, reason: String)
    /// The file is Parquet but its bytes are inconsistent (truncated, bad Thrift, bad sizes).
    case corrupt(String)
    /// A column uses a feature this reader does not support (codec, nesting, encoding).
    case unsupported(column: String, feature: String)
    /// A column asked for by name does not exist in the file.
    case unknownColumn(String, available: [String])
    /// A row group index outside `0..<rowGroupCount`.
    case rowGroupOutOfRange(Int, count: Int)
    /// A table or option the writer cannot write.
    case invalidWrite(String)

    public var description: String {
        switch self {
        case let .io(path, reason): "cannot access '\(path)': \(reason)"
        case let .notParquet(path, reason): "'\(path)' is not a Parquet file: \(reason)"
        case let .corrupt(detail): "corrupt Parquet file: \(detail)"
        case let .unsupported(column, feature): "column '\(column)': unsupported Parquet feature: \(feature)"
        case let .unknownColumn(name, available):
            "no column '\(name)' in the Parquet file (columns: \(available.joined(separator: ", ")))"
        case let .rowGroupOutOfRange(index, count): "row group \(index) out of range (the file has \(count))"
        case let .invalidWrite(detail): "cannot write Parquet: \(detail)"
        }
    }
}
