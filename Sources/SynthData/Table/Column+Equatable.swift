extension Column {
    /// Columns are equal when names, types and nulls match and every non-null cell is equal;
    /// the placeholder values under nulls do not count. NaN equals NaN here (same cell content).
    public static func == (lhs: Column, rhs: Column) -> Bool {
        guard lhs.name == rhs.name, lhs.count == rhs.count, lhs.dataType == rhs.dataType,
              lhs.nullCount == rhs.nullCount else { return false }
        for row in 0..<lhs.count {
            let leftNull = lhs.isNull(row)
            guard leftNull == rhs.isNull(row) else { return false }
            if leftNull { continue }
            switch (lhs.values, rhs.values) {
            case let (.int64(a), .int64(b)): if a[row] != b[row] { return false }
            case let (.double(a), .double(b)): if a[row] != b[row] && !(a[row].isNaN && b[row].isNaN) { return false }
            case let (.bool(a), .bool(b)): if a[row] != b[row] { return false }
            case let (.string(a), .string(b)): if !a.elementEquals(row, b, row) { return false }
            case let (.date(a), .date(b)): if a[row] != b[row] { return false }
            case let (.timestamp(a, _, _), .timestamp(b, _, _)): if a[row] != b[row] { return false }
            default: return false
            }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(dataType)
        hasher.combine(count)
        hasher.combine(nullCount)
    }
}
