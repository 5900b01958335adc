import SynthData

/// Why a table could not be encoded or decoded.
public enum EncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An override or table names a column the encoding does not know.
    case unknownColumn(String, available: [String])
    /// A seed table has columns the model was not trained on.
    case unknownSeedColumns([String], available: [String])
    /// The requested encoding cannot represent this column's data type.
    case incompatible(column: String, encoding: EncodingType, dataType: DataType, reason: String)
    /// A table to encode has a column of another type than the one the encoding was fitted on.
    case typeMismatch(column: String, expected: DataType, found: DataType)
    /// An encoded table does not have this encoding's sub-columns.
    case layoutMismatch(expected: Int, found: Int)
    /// A value could not be encoded (e.g. text that is not a `"lat, long"` pair).
    case invalidValue(column: String, row: Int, reason: String)

    public var description: String {
        switch self {
        case let .unknownColumn(name, available):
            "unknown column '\(name)' (columns: \(available.joined(separator: ", ")))"
        case let .unknownSeedColumns(names, available):
            "the seed has column\(names.count == 1 ? "" : "s") the model does not know: "
                + names.map { "'\($0)'" }.joined(separator: ", ") + " (model columns: \(available.joined(separator: ", ")))"
        case let .incompatible(column, encoding, dataType, reason):
            "column '\(column)' (\(dataType)) cannot be encoded as \(encoding): \(reason)"
        case let .typeMismatch(column, expected, found):
            "column '\(column)' is \(found), but the encoding was fitted on \(expected)"
        case let .layoutMismatch(expected, found):
            "encoded table has \(found) sub-columns, the encoding expects \(expected)"
        case let .invalidValue(column, row, reason):
            "column '\(column)', row \(row + 1): \(reason)"
        }
    }
}
