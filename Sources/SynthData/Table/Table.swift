/// Errors raised when a table is built or addressed wrongly.
public enum TableError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownColumn(String, available: [String])
    case lengthMismatch(column: String, expected: Int, found: Int)
    case duplicateColumn(String)
    case typeMismatch(expected: DataType, found: DataType)
    case schemaMismatch(expected: [String], found: [String])

    public var description: String {
        switch self {
        case let .unknownColumn(name, available):
            "unknown column '\(name)' (columns: \(available.joined(separator: ", ")))"
        case let .lengthMismatch(column, expected, found):
            "column '\(column)' has \(found) rows, expected \(expected)"
        case let .duplicateColumn(name):
            "duplicate column name '\(name)'"
        case let .typeMismatch(expected, found):
            "expected a \(expected) column, found \(found)"
        case let .schemaMismatch(expected, found):
            "tables differ in columns: [\(expected.joined(separator: ", "))] vs [\(found.joined(separator: ", "))]"
        }
    }
}

/// An immutable-by-value columnar table: named columns of equal length.
public struct Table: Sendable, Hashable {
    public private(set) var columns: [Column]
    public let rowCount: Int

    /// Creates a table; every column must have `rowCount` rows and a unique name.
    public init(columns: [Column]) throws {
        let rowCount = columns.first?.count ?? 0
        var seen = Set<String>()
        for column in columns {
            guard column.count == rowCount else {
                throw TableError.lengthMismatch(column: column.name, expected: rowCount, found: column.count)
            }
            guard seen.insert(column.name).inserted else { throw TableError.duplicateColumn(column.name) }
        }
        self.columns = columns
        self.rowCount = rowCount
    }

    /// An empty table (no columns, no rows).
    public init() {
        columns = []
        rowCount = 0
    }

    public var columnCount: Int { columns.count }
    public var columnNames: [String] { columns.map(\.name) }

    /// The column named `name`.
    public func column(named name: String) throws -> Column {
        guard let column = columns.first(where: { $0.name == name }) else {
            throw TableError.unknownColumn(name, available: columnNames)
        }
        return column
    }

    /// The position of the column named `name`, if any.
    public func columnIndex(named name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// The named columns, in the order given.
    public func selecting(_ names: [String]) throws -> Table {
        try Table(columns: names.map { try column(named: $0) })
    }

    /// All columns but the named ones.
    public func dropping(_ names: [String]) throws -> Table {
        for name in names where columnIndex(named: name) == nil {
            throw TableError.unknownColumn(name, available: columnNames)
        }
        let dropped = Set(names)
        return try Table(columns: columns.filter { !dropped.contains($0.name) })
    }

    /// The rows at `indices`, in that order.
    public func gatheringRows(_ indices: [Int]) -> Table {
        // Every column gathers the same indices, so lengths stay equal.
        (try? Table(columns: columns.map { $0.gathering(indices) })) ?? Table()
    }

    /// The first `n` rows (all when there are fewer).
    public func head(_ n: Int) -> Table { gatheringRows(Array(0..<min(max(n, 0), rowCount))) }

    /// Replaces the column at `index`.
    public mutating func replaceColumn(at index: Int, with column: Column) throws {
        guard column.count == rowCount else {
            throw TableError.lengthMismatch(column: column.name, expected: rowCount, found: column.count)
        }
        columns[index] = column
    }
}
