import SynthData

/// A table as PostgreSQL's `COPY` text format: tab-separated, `\N` for null, backslash
/// escapes for tab, newline, carriage return and backslash.
enum PostgresCopyText {
    /// Hands out the rows of a table in chunks of about a given size.
    struct Rows {
        let table: Table
        var row = 0

        init(table: Table) { self.table = table }

        /// The next chunk of whole rows (at least one), or `nil` when all are out.
        mutating func next(bytes limit: Int) -> [UInt8]? {
            guard row < table.rowCount else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(limit + 4096)
            while row < table.rowCount, out.count < limit {
                for (index, column) in table.columns.enumerated() {
                    if index > 0 { out.append(9) }
                    PostgresCopyText.append(column, row, to: &out)
                }
                out.append(10)
                row += 1
            }
            return out
        }
    }

    static func append(_ column: Column, _ row: Int, to out: inout [UInt8]) {
        if column.isNull(row) { out.append(contentsOf: [92, 78]); return }
        switch column.values {
        case .int64(let v): out.append(contentsOf: String(v[row]).utf8)
        case .double(let v):
            let value = v[row]
            if value.isNaN { out.append(contentsOf: "NaN".utf8) }
            else if value.isInfinite { out.append(contentsOf: (value < 0 ? "-Infinity" : "Infinity").utf8) }
            else { out.append(contentsOf: "\(value)".utf8) }
        case .bool(let v): out.append(v[row] ? 116 : 102)
        case .string(let v):
            v.withBytes(at: row) { bytes in
                for byte in bytes {
                    switch byte {
                    case 92: out.append(92); out.append(92)
                    case 9: out.append(92); out.append(116)
                    case 10: out.append(92); out.append(110)
                    case 13: out.append(92); out.append(114)
                    default: out.append(byte)
                    }
                }
            }
        case .date(let v): out.append(contentsOf: CivilDate.format(days: v[row]).utf8)
        case let .timestamp(v, unit, zone): out.append(contentsOf: TemporalText.text(ticks: v[row], unit: unit, zoned: zone != nil).utf8)
        }
    }
}
