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

extension ColumnValues {
    /// `pieces` one after another, all of one type (time zone and unit included), each value
    /// copied once: the result is built in one uniquely owned buffer, so concatenating many
    /// pieces costs their total size, not its square.
    static func concatenating(_ pieces: [ColumnValues]) throws -> ColumnValues {
        guard var result = pieces.first else { return .int64([]) }
        for piece in pieces.dropFirst() where piece.dataType != result.dataType {
            throw TableError.typeMismatch(expected: result.dataType, found: piece.dataType)
        }
        guard pieces.count > 1 else { return result }
        let total = pieces.reduce(0) { $0 + $1.count }
        switch result {
        case .int64:
            var out: [Int64] = []
            out.reserveCapacity(total)
            for case .int64(let values) in pieces { out.append(contentsOf: values) }
            result = .int64(out)
        case .double:
            var out: [Double] = []
            out.reserveCapacity(total)
            for case .double(let values) in pieces { out.append(contentsOf: values) }
            result = .double(out)
        case .bool:
            var out: [Bool] = []
            out.reserveCapacity(total)
            for case .bool(let values) in pieces { out.append(contentsOf: values) }
            result = .bool(out)
        case .string:
            var out = StringArray()
            for case .string(let values) in pieces { out.append(contentsOf: values) }
            result = .string(out)
        case .date:
            var out: [Int32] = []
            out.reserveCapacity(total)
            for case .date(let values) in pieces { out.append(contentsOf: values) }
            result = .date(out)
        case .timestamp(_, let unit, let zone):
            var out: [Int64] = []
            out.reserveCapacity(total)
            for case .timestamp(let values, _, _) in pieces { out.append(contentsOf: values) }
            result = .timestamp(out, unit: unit, timeZone: zone)
        }
        return result
    }
}

extension Table {
    /// The rows of `tables`, one after another; all must have the same column names and types.
    /// Linear in the total size, however many tables.
    public static func concatenating(_ tables: [Table]) throws -> Table {
        guard let first = tables.first else { return Table() }
        for table in tables.dropFirst() where table.columnNames != first.columnNames {
            throw TableError.schemaMismatch(expected: first.columnNames, found: table.columnNames)
        }
        guard tables.count > 1 else { return first }
        var columns: [Column] = []
        for k in first.columns.indices {
            let pieces = tables.map { $0.columns[k] }
            let values = try ColumnValues.concatenating(pieces.map(\.values))
            var validity: ValidityBitmap?
            if pieces.contains(where: { $0.validity != nil }) {
                var bits = ValidityBitmap(count: 0, allValid: true)
                for piece in pieces { bits.append(contentsOf: piece.validity ?? ValidityBitmap(count: piece.count, allValid: true)) }
                validity = bits
            }
            let layout = pieces.dropFirst().reduce(pieces[0].timestampLayout) { merged, piece in
                merged.map { first in piece.timestampLayout.map(first.merging) ?? first } ?? piece.timestampLayout
            }
            columns.append(Column(name: first.columns[k].name, values: values, validity: validity, timestampLayout: layout))
        }
        return try Table(columns: columns)
    }
}
