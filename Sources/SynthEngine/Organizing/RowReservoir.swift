import SynthData

/// A seeded uniform random sample of at most `capacity` rows from a stream of batches
/// (reservoir sampling, Algorithm R): every row of the stream has the same chance to be
/// kept, memory is bounded by `capacity` rows, and the sample keeps source row order.
public struct RowReservoir: Sendable {
    /// Which typed store holds a column, and where in it.
    private enum Slot: Sendable {
        case integers(Int)
        case doubles(Int)
        case bools(Int)
        case strings(Int)
    }

    public let capacity: Int
    private var schema: [(name: String, type: DataType)] = []
    private var slots: [Slot] = []
    // One array per sampled column, by kind, mutated in place.
    private var integers: [[Int64]] = []
    private var doubles: [[Double]] = []
    private var bools: [[Bool]] = []
    private var strings: [[String]] = []
    private var valid: [[Bool]] = []
    /// Source row number of each slot.
    private var rowNumbers: [Int] = []
    /// Rows seen so far.
    public private(set) var seen = 0
    private var rng: SeededGenerator
    /// Whole batches kept while every row seen fits the capacity (the common, unlimited
    /// case): no per-cell copying at all.
    private var keptBatches: [Table] = []

    public init(capacity: Int, seed: UInt64) {
        self.capacity = max(capacity, 0)
        rng = SeededGenerator(seed: seed)
    }

    /// Offers every row of `batch` to the sample. Batches must share the first one's schema.
    public mutating func consume(batch: Table) throws {
        let signature = batch.columns.map { "\($0.name): \($0.dataType)" }
        if schema.isEmpty && seen == 0 {
            schema = batch.columns.map { ($0.name, $0.dataType) }
            slots = batch.columns.map { column in
                switch column.dataType {
                case .double: doubles.append([]); return .doubles(doubles.count - 1)
                case .bool: bools.append([]); return .bools(bools.count - 1)
                case .string: strings.append([]); return .strings(strings.count - 1)
                default: integers.append([]); return .integers(integers.count - 1)
                }
            }
            valid = Array(repeating: [], count: batch.columnCount)
        } else if signature != schema.map({ "\($0.name): \($0.type)" }) {
            throw AnalysisError.schemaMismatch(expected: schema.map { "\($0.name): \($0.type)" }, found: signature)
        }
        if rowNumbers.isEmpty, seen + batch.rowCount <= capacity {
            keptBatches.append(batch)
            seen += batch.rowCount
            return
        }
        if !keptBatches.isEmpty {
            // The sample is about to replace rows: move the kept batches into the slots.
            let kept = keptBatches
            keptBatches = []
            for keptBatch in kept {
                for row in 0..<keptBatch.rowCount {
                    rowNumbers.append(rowNumbers.count)
                    for (c, column) in keptBatch.columns.enumerated() { store(column, row: row, column: c, at: nil) }
                }
            }
        }
        for row in 0..<batch.rowCount {
            let number = seen
            seen += 1
            if rowNumbers.count < capacity {
                rowNumbers.append(number)
                for (c, column) in batch.columns.enumerated() { store(column, row: row, column: c, at: nil) }
            } else if capacity > 0 {
                let j = rng.nextInt(below: seen)
                guard j < capacity else { continue }
                rowNumbers[j] = number
                for (c, column) in batch.columns.enumerated() { store(column, row: row, column: c, at: j) }
            }
        }
    }

    /// Appends row `row` of `column` (when `slot` is nil) or writes it over sample slot `slot`.
    private mutating func store(_ column: Column, row: Int, column c: Int, at slot: Int?) {
        let isValid = !column.isNull(row)
        if let slot { valid[c][slot] = isValid } else { valid[c].append(isValid) }
        switch (slots[c], column.values) {
        case let (.integers(k), .int64(v)): put(&integers[k], v[row], slot)
        case let (.integers(k), .date(v)): put(&integers[k], Int64(v[row]), slot)
        case let (.integers(k), .timestamp(v, _, _)): put(&integers[k], v[row], slot)
        case let (.doubles(k), .double(v)): put(&doubles[k], v[row], slot)
        case let (.bools(k), .bool(v)): put(&bools[k], v[row], slot)
        case let (.strings(k), .string(v)): put(&strings[k], v[row], slot)
        default: break // the schema is checked in consume
        }
    }

    @inline(__always)
    private func put<T>(_ array: inout [T], _ value: T, _ slot: Int?) {
        if let slot { array[slot] = value } else { array.append(value) }
    }

    /// The sampled rows as a table, in source row order.
    public func table() throws -> Table {
        if rowNumbers.isEmpty && !keptBatches.isEmpty { return try Table.concatenating(keptBatches) }
        let order = rowNumbers.indices.sorted { rowNumbers[$0] < rowNumbers[$1] }
        var columns: [Column] = []
        for (c, (name, type)) in schema.enumerated() {
            let validity = ValidityBitmap(order.map { valid[c][$0] })
            let values: ColumnValues
            switch (slots[c], type) {
            case let (.integers(k), .date): values = .date(order.map { Int32(truncatingIfNeeded: integers[k][$0]) })
            case let (.integers(k), .timestamp(unit, zone)): values = .timestamp(order.map { integers[k][$0] }, unit: unit, timeZone: zone)
            case let (.integers(k), _): values = .int64(order.map { integers[k][$0] })
            case let (.doubles(k), _): values = .double(order.map { doubles[k][$0] })
            case let (.bools(k), _): values = .bool(order.map { bools[k][$0] })
            case let (.strings(k), _): values = .string(StringArray(order.map { strings[k][$0] }))
            }
            columns.append(Column(name: name, values: values, validity: validity))
        }
        return try Table(columns: columns)
    }
}
