import SynthData

/// How a linked table's order column is modelled when it holds numbers, dates or
/// timestamps: each row's value as the gap to the previous row of the same subject (the
/// first row: the gap to the subject's start, a hidden subject column), in whole `unit`s.
/// Generation sums the gaps from the generated start, so a sequence's timing depends on its
/// subject and stays inside the protected range of the training values (`lower`...`upper`).
public struct SequenceOrder: Codable, Sendable, Hashable {
    /// The order column.
    public var column: String
    public var dataType: DataType
    public var timestampLayout: TimestampTextLayout?
    /// The greatest common divisor of the training gaps (integer kinds; 1 for doubles or no gaps).
    public var unit: Int64
    /// The protected range of the training values (the k-th smallest and largest).
    public var lower: Double
    public var upper: Double

    /// Whether a column of this type can be modelled as gaps.
    public static func isGappable(_ type: DataType) -> Bool {
        switch type {
        case .int64, .double, .date, .timestamp: true
        default: false
        }
    }

    /// The name of the gap column in the sequence view of the linked table.
    public var gapColumn: String { column + "_gap" }

    var isIntegral: Bool { dataType != .double }

    /// Each row's value as a number (`nil` for null or not finite).
    public static func numbers(_ column: Column) -> [Double?] {
        func map<T>(_ values: [T], _ convert: (T) -> Double) -> [Double?] {
            (0..<values.count).map { column.isNull($0) ? nil : convert(values[$0]) }
        }
        switch column.values {
        case .int64(let v): return map(v) { Double($0) }
        case .double(let v): return (0..<v.count).map { column.isNull($0) || !v[$0].isFinite ? nil : v[$0] }
        case .date(let v): return map(v) { Double($0) }
        case .timestamp(let v, _, _): return map(v) { Double($0) }
        default: return [Double?](repeating: nil, count: column.count)
        }
    }

    /// A column of `dataType` holding `values` (nulls where `nil`).
    static func column(named name: String, _ values: [Double?], type: DataType, layout: TimestampTextLayout?) -> Column {
        let validity = values.contains(where: { $0 == nil }) ? ValidityBitmap(values.map { $0 != nil }) : nil
        let storage: ColumnValues
        switch type {
        case .double: storage = .double(values.map { $0 ?? 0 })
        case .date: storage = .date(values.map { Int32(clamping: Int64(($0 ?? 0).rounded())) })
        case let .timestamp(unit, zone): storage = .timestamp(values.map { Int64(($0 ?? 0).rounded()) }, unit: unit, timeZone: zone)
        default: storage = .int64(values.map { Int64(($0 ?? 0).rounded()) })
        }
        return Column(name: name, values: storage, validity: validity, timestampLayout: type.isTimestamp ? layout : nil)
    }

    /// Fits the unit and the protected range on the training rows in sequence order
    /// (`firstOfSequence[i]`: row `i` starts its subject's sequence, whose start is `starts[i]`).
    static func fit(column: Column, firstOfSequence: [Bool], starts: [Double?], clipRank: Int) -> SequenceOrder {
        let values = numbers(column)
        let gaps = Self.gaps(values, firstOfSequence: firstOfSequence, starts: starts, unit: 1)
        var unit: Int64 = 0
        if column.dataType != .double {
            for gap in gaps { if let gap, gap != 0 { unit = gcd(unit, Int64(abs(gap))) } }
        }
        let present = values.compactMap { $0 }.sorted()
        let k = min(max(clipRank - 1, 0), max(present.count - 1, 0))
        return SequenceOrder(column: column.name, dataType: column.dataType, timestampLayout: column.timestampLayout,
                             unit: max(unit, 1), lower: present.isEmpty ? 0 : present[k],
                             upper: present.isEmpty ? 0 : present[present.count - 1 - k])
    }

    private static func gcd(_ a: Int64, _ b: Int64) -> Int64 { b == 0 ? a : gcd(b, a % b) }

    /// Gaps in units (null stays null; a null start counts from the sequence's first value).
    static func gaps(_ values: [Double?], firstOfSequence: [Bool], starts: [Double?], unit: Int64) -> [Double?] {
        var previous: Double? = nil
        return values.indices.map { i in
            if firstOfSequence[i] { previous = starts[i] }
            guard let value = values[i] else { return nil }
            let gap = value - (previous ?? value)
            previous = value
            return unit == 1 ? gap : (gap / Double(unit)).rounded()
        }
    }

    /// The gap column (int64 for integer kinds, double otherwise) of the rows in sequence order.
    func gapColumn(of column: Column, firstOfSequence: [Bool], starts: [Double?]) -> Column {
        let gaps = Self.gaps(Self.numbers(column), firstOfSequence: firstOfSequence, starts: starts, unit: unit)
        return Self.column(named: gapColumn, gaps, type: isIntegral ? .int64 : .double, layout: nil)
    }

    /// The order values back from generated gaps: summed from each sequence's start, kept in
    /// `lower`...`upper`.
    func values(fromGaps gaps: Column, firstOfSequence: [Bool], starts: [Double?]) -> Column {
        let numbers = Self.numbers(gaps)
        var current = lower
        var out = [Double?](repeating: nil, count: numbers.count)
        for i in numbers.indices {
            if firstOfSequence[i] { current = min(max(starts[i] ?? lower, lower), upper) }
            guard let gap = numbers[i] else { continue }
            current = min(max(current + gap * Double(unit), lower), upper)
            out[i] = current
        }
        return Self.column(named: column, out, type: dataType, layout: timestampLayout)
    }
}
