/// Why a QA report could not be computed.
public enum QAError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A table has no rows.
    case emptyTable(role: String)
    /// The training table has no columns.
    case noColumns
    /// A column of the training table is missing from another table.
    case missingColumn(String, role: String)
    /// An option is out of range.
    case invalidOption(String)

    public var description: String {
        switch self {
        case let .emptyTable(role): "the \(role) table has no rows"
        case .noColumns: "the training table has no columns"
        case let .missingColumn(name, role): "column '\(name)' of the training table is missing from the \(role) table"
        case let .invalidOption(text): "invalid QA option: \(text)"
        }
    }
}
