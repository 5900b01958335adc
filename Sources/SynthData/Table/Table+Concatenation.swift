extension ColumnValues {
    /// Appends `other`'s values; both must have the same type (time zone and unit included).
    mutating func append(contentsOf other: ColumnValues) throws {
        switch (self, other) {
        case (.int64(var a), .int64(let b)): a.append(contentsOf: b); self = .int64(a)
        case (.double(var a), .double(let b)): a.append(contentsOf: b); self = .double(a)
        case (.bool(var a), .bool(let b)): a.append(contentsOf: b); self = .bool(a)
        case (.string(var a), .string(let b)): a.append(contentsOf: b); self = .string(a)
        case (.date(var a), .date(let b)): a.append(contentsOf: b); self = .date(a)
        case let (.timestamp(a, unitA, zoneA), .timestamp(b, unitB, zoneB)) where unitA == unitB && zoneA == zoneB:
            self = .timestamp(a + b, unit: unitA, timeZone: zoneA)
        default:
            throw TableError.typeMismatch(expected: dataType, found: other.dataType)
        }
    }
}

extension Table {
    /// The rows of `tables`, one after another; all must have the same column names and types.
    public static func concatenating(_ tables: [Table]) throws -> Table {
        guard var columns = tables.first?.columns else { return Table() }
        for table in tables.dropFirst() {
            guard table.columnNames == columns.map(\.name) else {
                throw TableError.schemaMismatch(expected: columns.map(\.name), found: table.columnNames)
            }
            for (k, column) in table.columns.enumerated() {
                var validity = columns[k].validity ?? ValidityBitmap(count: columns[k].count, allValid: true)
                validity.append(contentsOf: column.validity ?? ValidityBitmap(count: column.count, allValid: true))
                var values = columns[k].values
                try values.append(contentsOf: column.values)
                let layout = columns[k].timestampLayout.map { first in column.timestampLayout.map(first.merging) ?? first }
                    ?? column.timestampLayout
                columns[k] = Column(name: column.name, values: values, validity: validity, timestampLayout: layout)
            }
        }
        return try Table(columns: columns)
    }
}
