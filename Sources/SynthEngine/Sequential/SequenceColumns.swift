import SynthData

/// The columns a subject table carries, hidden, for each of its linked tables while it is
/// trained and generated: how many linked rows a subject has (its sequence length) and when
/// its sequence starts. The subject's flat model learns them with its other columns, so the
/// length and start of a generated subject's sequence depend on that subject; a seeded
/// subject gets them filled in conditionally. They never appear in outputs or reports.
public enum SequenceColumns {
    /// Every hidden column's name starts with this; a source column may not.
    public static let prefix = "__synth_"

    /// The hidden column holding a subject's number of rows in `linkedTable`.
    public static func length(of linkedTable: String) -> String { "\(prefix)length_\(linkedTable)" }

    /// The hidden column holding the order value a subject's sequence in `linkedTable` starts from.
    public static func start(of linkedTable: String) -> String { "\(prefix)start_\(linkedTable)" }

    /// Whether `name` is a hidden sequence column.
    public static func isHidden(_ name: String) -> Bool { name.hasPrefix(prefix) }

    /// `table` without its hidden sequence columns.
    public static func visible(_ table: Table) throws -> Table {
        try table.dropping(table.columnNames.filter(isHidden))
    }

    /// Throws when a source column uses the reserved prefix.
    public static func checkNoReservedNames(_ table: Table, tableName: String) throws {
        if let clash = table.columnNames.first(where: isHidden) {
            throw SequenceError("table '\(tableName)': the column name '\(clash)' starts with '\(prefix)', which synth reserves")
        }
    }

    /// Distinct values of the position buckets (`bucket`).
    static let bucketCount = 32

    /// A row's position in its sequence (or the rows left after it), bucketed: exact below
    /// 8, then two buckets per power of two, the last bucket open-ended.
    static func bucket(_ index: Int) -> Int32 {
        guard index >= 8 else { return Int32(max(index, 0)) }
        let power = Int.bitWidth - 1 - index.leadingZeroBitCount  // ≥ 3
        let upperHalf = (index >> (power - 1)) & 1
        return Int32(min(8 + (power - 3) * 2 + upperHalf, bucketCount - 1))
    }

    /// Each row's key as text (`nil` for null): keys of any type compare by their text, so a
    /// linked table's foreign key finds its subject whatever the two columns' types.
    public static func keys(_ column: Column) -> [String?] {
        switch column.values {
        case .string(let strings): (0..<column.count).map { column.isNull($0) ? nil : strings[$0] }
        case .int64(let values): (0..<column.count).map { column.isNull($0) ? nil : String(values[$0]) }
        default: (0..<column.count).map { column.formattedCell($0) }
        }
    }
}

/// A linked table that cannot be modelled as sequences, in words a user understands.
public struct SequenceError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
