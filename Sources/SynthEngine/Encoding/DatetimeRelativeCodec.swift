import SynthData

/// `datetime_relative`: each value as the gap to the previous non-null value of the
/// sequence (the first one as the gap to the column's earliest value, the protected one
/// under value protection), written as digits.
///
/// Meant for sequences (the events of one subject, in order): the model then learns gaps
/// instead of absolute times. In a flat table the whole table is one sequence in row order.
/// Gaps count days for dates and ticks of the unit for timestamps; decoding sums them back.
struct DatetimeRelativeCodec: ColumnCodec {
    var dataType: DataType
    /// The value the first gap is counted from.
    var origin: Int64
    var gaps: DigitCodec

    var subColumns: [SubColumnSpec] { gaps.subColumns.map { SubColumnSpec("gap_" + $0.suffix, $0.cardinality) } }

    /// The integer value (days or ticks) of a date or timestamp column's rows.
    static func integers(_ column: Column) -> [Int64]? {
        switch column.values {
        case .date(let v): v.map(Int64.init)
        case .timestamp(let v, _, _): v
        default: nil
        }
    }

    /// Gaps of every row (nulls keep the previous value and have gap 0).
    static func gapColumn(_ values: [Int64], _ column: Column, origin: Int64) -> Column {
        var gaps = [Int64](repeating: 0, count: values.count)
        var previous = origin
        for row in 0..<values.count where !column.isNull(row) {
            gaps[row] = values[row] &- previous
            previous = values[row]
        }
        return Column(name: column.name, values: .int64(gaps), validity: column.validity)
    }

    static func fit(_ column: Column, policy: ProtectionPolicy) throws -> (DatetimeRelativeCodec, ProtectionReport) {
        guard let values = integers(column) else {
            throw EncodingError.incompatible(column: column.name, encoding: .datetimeRelative, dataType: column.dataType,
                                             reason: "needs a date or timestamp column")
        }
        let present = (0..<values.count).filter { !column.isNull($0) }.map { values[$0] }
        // The origin is the protected lower bound (the k-th earliest value), not the raw
        // earliest one, so the stored encoding names no single record's date.
        var extremes = ExtremeValues<Int64>(k: 10)
        for value in present { extremes.add(value) }
        let origin = policy.range(smallest: extremes.smallest, largest: extremes.largest, count: present.count)?.lower ?? 0
        let gapColumn = gapColumn(values, column, origin: origin)
        guard case .int64(let gapValues) = gapColumn.values else { throw EncodingError.typeMismatch(column: column.name, expected: .int64, found: gapColumn.dataType) }
        let scaled = (0..<gapValues.count).filter { !column.isNull($0) }.map { gapValues[$0] }
        let (digits, report) = DigitCodec.fit(scaled: scaled, negativeZero: false, dataType: .int64, decimals: 0,
                                              specials: SpecialLayout.scan(column), policy: policy,
                                              describe: { String($0) })
        return (DatetimeRelativeCodec(dataType: column.dataType, origin: origin, gaps: digits), report)
    }

    func encode(_ column: Column, into writer: CodeWriter) throws {
        guard column.dataType == dataType, let values = Self.integers(column) else {
            throw EncodingError.typeMismatch(column: column.name, expected: dataType, found: column.dataType)
        }
        let gapColumn = Self.gapColumn(values, column, origin: origin)
        try gaps.encode(gapColumn, into: writer)
    }

    func decode(_ reader: CodeReader, rowCount: Int, rng: inout SeededGenerator) -> ColumnAssembler {
        var out = ColumnAssembler(dataType: dataType, capacity: rowCount)
        var previous = origin
        for row in 0..<rowCount {
            let (special, gap, _) = gaps.read(row: row, from: reader)
            if special != nil { out.appendNull(); continue }
            previous = previous &+ gap
            out.append(integer: previous)
        }
        return out
    }
}
