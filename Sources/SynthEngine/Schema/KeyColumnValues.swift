import SynthData

/// The values of a column that can hold keys (integers or text), as a set, with what a
/// primary key needs: no nulls and no duplicates. Floating-point, boolean and datetime
/// columns are never keys.
public struct KeyColumnValues: Sendable {
    /// The distinct non-null values (integers and text kept apart: `1` is not `"1"`).
    public let integers: Set<Int64>
    public let texts: Set<String>
    /// Rows with a null value.
    public let nullCount: Int
    /// Rows whose value an earlier row already had.
    public let duplicateCount: Int
    /// A value that occurs more than once, for messages.
    public let duplicateExample: String?
    /// Whether the column's type can hold keys.
    public let isKeyType: Bool

    public init(_ column: Column) {
        var integers = Set<Int64>(), texts = Set<String>()
        var nulls = 0, duplicates = 0
        var example: String?
        switch column.values {
        case .int64(let values):
            integers.reserveCapacity(values.count)
            for (row, value) in values.enumerated() {
                if column.isNull(row) { nulls += 1; continue }
                if !integers.insert(value).inserted { duplicates += 1; example = example ?? String(value) }
            }
            isKeyType = true
        case .string(let values):
            texts.reserveCapacity(values.count)
            for row in 0..<values.count {
                if column.isNull(row) { nulls += 1; continue }
                let value = values[row]
                if !texts.insert(value).inserted { duplicates += 1; example = example ?? value }
            }
            isKeyType = true
        default:
            isKeyType = false
        }
        self.integers = integers
        self.texts = texts
        nullCount = nulls
        duplicateCount = duplicates
        duplicateExample = example
    }

    /// Unique and non-null, of a key type: the column can be a primary key.
    public var isUnique: Bool { isKeyType && nullCount == 0 && duplicateCount == 0 }

    /// How many distinct values the column holds.
    public var distinctCount: Int { integers.count + texts.count }

    /// Rows of `column` (non-null) whose value is one of these values, and the non-null rows.
    public func coverage(of column: Column) -> (matched: Int, nonNull: Int) {
        var matched = 0, nonNull = 0
        switch column.values {
        case .int64(let values):
            for (row, value) in values.enumerated() where !column.isNull(row) {
                nonNull += 1
                if integers.contains(value) { matched += 1 }
            }
        case .string(let values):
            for row in 0..<values.count where !column.isNull(row) {
                nonNull += 1
                if texts.contains(values[row]) { matched += 1 }
            }
        default:
            break
        }
        return (matched, nonNull)
    }
}
