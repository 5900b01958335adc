import SynthData

/// A seeded uniform random sample of at most `capacity` rows from a stream of batches
/// (reservoir sampling, Algorithm R): every row of the stream has the same chance to be
/// kept, memory is bounded by `capacity` rows, and the sample keeps source row order.
public struct RowReservoir: Sendable {
    /// Storage of one sampled column, with replacement in place.
    private enum Slots: Sendable {
        case integers([Int64])
        case doubles([Double])
        case bools([Bool])
        case strings([String])

        var isEmpty: Bool {
            switch self {
            case .integers(let a): a.isEmpty
            case .doubles(let a): a.isEmpty
            case .bools(let a): a.isEmpty
            case .strings(let a): a.isEmpty
            }
        }
    }

    public let capacity: Int
    private var schema: [(name: String, type: DataType)] = []
    private var slots: [Slots] = []
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
        if schema.isEmpty && seen == 0 {
            schema = batch.columns.map { ($0.name, $0.dataType) }
            slots = batch.columns.map { column in
                switch column.dataType {
                case .double: .doubles([])
                case .bool: .bools([])
                case .string: .strings([])
                default: .integers([])
                }
            }
            valid = Array(repeating: [], count: batch.columnCount)
        } else if batch.columns.map({ "\($0.name): \($0.dataType)" }) != schema.map({ "\($0.name): \($0.type)" }) {
            throw AnalysisError.schemaMismatch(expected: schema.map { "\($0.name): \($0.type)" },
                                               found: batch.columns.map { "\($0.name): \($0.dataType)" })
        }
        if slots.allSatisfy(\.isEmpty), seen + batch.rowCount <= capacity {
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
                    for (c, column) in keptBatch.columns.enumerated() { append(column, row: row, to: c) }
                }
            }
        }
        for row in 0..<batch.rowCount {
            let number = seen
            seen += 1
            if rowNumbers.count < capacity {
                rowNumbers.append(number)
                for (c, column) in batch.columns.enumerated() { append(column, row: row, to: c) }
            } else if capacity > 0 {
                let j = rng.nextInt(below: seen)
                guard j < capacity else { continue }
                rowNumbers[j] = number
                for (c, column) in batch.columns.enumerated() { replace(j, with: column, row: row, in: c) }
            }
        }
    }

    private mutating func append(_ column: Column, row: Int, to c: Int) {
        valid[c].append(!column.isNull(row))
        mutateSlots(c) { slots in
            switch (column.values) {
            case .int64(let v): if case .integers(var a) = slots { slots = .integers([]); a.append(v[row]); slots = .integers(a) }
            case .date(let v): if case .integers(var a) = slots { slots = .integers([]); a.append(Int64(v[row])); slots = .integers(a) }
            case .timestamp(let v, _, _): if case .integers(var a) = slots { slots = .integers([]); a.append(v[row]); slots = .integers(a) }
            case .double(let v): if case .doubles(var a) = slots { slots = .doubles([]); a.append(v[row]); slots = .doubles(a) }
            case .bool(let v): if case .bools(var a) = slots { slots = .bools([]); a.append(v[row]); slots = .bools(a) }
            case .string(let v): if case .strings(var a) = slots { slots = .strings([]); a.append(v[row]); slots = .strings(a) }
            }
        }
    }

    private mutating func replace(_ j: Int, with column: Column, row: Int, in c: Int) {
        valid[c][j] = !column.isNull(row)
        mutateSlots(c) { slots in
            switch (column.values) {
            case .int64(let v): if case .integers(var a) = slots { slots = .integers([]); a[j] = v[row]; slots = .integers(a) }
            case .date(let v): if case .integers(var a) = slots { slots = .integers([]); a[j] = Int64(v[row]); slots = .integers(a) }
            case .timestamp(let v, _, _): if case .integers(var a) = slots { slots = .integers([]); a[j] = v[row]; slots = .integers(a) }
            case .double(let v): if case .doubles(var a) = slots { slots = .doubles([]); a[j] = v[row]; slots = .doubles(a) }
            case .bool(let v): if case .bools(var a) = slots { slots = .bools([]); a[j] = v[row]; slots = .bools(a) }
            case .string(let v): if case .strings(var a) = slots { slots = .strings([]); a[j] = v[row]; slots = .strings(a) }
            }
        }
    }

    /// Mutates one column's slots in place (taken out of the array so its storage stays
    /// uniquely referenced and appends don't copy it).
    private mutating func mutateSlots(_ c: Int, _ body: (inout Slots) -> Void) {
        var taken = slots[c]
        slots[c] = .integers([])
        body(&taken)
        slots[c] = taken
    }

    /// The sampled rows as a table, in source row order.
    public func table() throws -> Table {
        if slots.allSatisfy(\.isEmpty) && !keptBatches.isEmpty { return try Table.concatenating(keptBatches) }
        let order = rowNumbers.indices.sorted { rowNumbers[$0] < rowNumbers[$1] }
        var columns: [Column] = []
        for (c, (name, type)) in schema.enumerated() {
            let validity = ValidityBitmap(order.map { valid[c][$0] })
            let values: ColumnValues
            switch (slots[c], type) {
            case (.integers(let a), .date): values = .date(order.map { Int32(truncatingIfNeeded: a[$0]) })
            case let (.integers(a), .timestamp(unit, zone)): values = .timestamp(order.map { a[$0] }, unit: unit, timeZone: zone)
            case (.integers(let a), _): values = .int64(order.map { a[$0] })
            case (.doubles(let a), _): values = .double(order.map { a[$0] })
            case (.bools(let a), _): values = .bool(order.map { a[$0] })
            case (.strings(let a), _): values = .string(StringArray(order.map { a[$0] }))
            }
            columns.append(Column(name: name, values: values, validity: validity))
        }
        return try Table(columns: columns)
    }
}
