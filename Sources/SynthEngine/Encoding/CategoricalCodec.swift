import SynthData

/// The distinct values of a categorical column, in code order.
enum CategoryValues: Codable, Sendable, Hashable {
    /// Text categories.
    case strings([String])
    /// Other types, as 64-bit keys (see `CategoryKey`).
    case keys([UInt64])

    var count: Int {
        switch self {
        case .strings(let s): s.count
        case .keys(let k): k.count
        }
    }
}

/// `categorical` and `numeric_discrete`: one sub-column, one code per kept value.
///
/// Codes: `0` = null (only when the column has nulls), then `_RARE_` (only when value
/// protection merged rare values), then the kept values, most frequent first. A column with a
/// single code (a constant) writes no sub-column at all. `_RARE_` decodes to the text
/// `_RARE_` in text columns and to a kept value drawn by frequency in other columns; values
/// never seen when fitting encode as `_RARE_` (or, without it, as the most frequent value).
struct CategoricalCodec: ColumnCodec {
    static let rareToken = "_RARE_"

    var dataType: DataType
    var categories: CategoryValues
    /// Rows per kept category at fit time (for drawing a stand-in for `_RARE_`).
    var frequencies: [Int]
    var hasNull: Bool
    var hasRare: Bool

    private var base: Int { (hasNull ? 1 : 0) + (hasRare ? 1 : 0) }
    var cardinality: Int { base + categories.count }
    var subColumns: [SubColumnSpec] { cardinality > 1 ? [SubColumnSpec("cat", cardinality)] : [] }

    /// Counts the values of `column` and keeps those seen at least `policy.rareThreshold`
    /// times (all, when protection is off).
    static func fit(_ column: Column, policy: ProtectionPolicy) -> (CategoricalCodec, ProtectionReport) {
        var counts: [Int]
        var order: [Int]
        var strings: [String] = []
        var keys: [UInt64] = []
        if case .string(let values) = column.values {
            var counter = ByteFrequencyCounter(capacity: Int.max)
            values.bytes.withUnsafeBufferPointer { all in
                for row in 0..<values.count where !column.isNull(row) {
                    counter.add(UnsafeBufferPointer(rebasing: all[values.byteRange(at: row)]))
                }
            }
            counts = counter.counts
            strings = (0..<counter.table.count).map { counter.table.keys[$0] }
        } else {
            var counter = IntFrequencyCounter(capacity: Int.max)
            for row in 0..<column.count where !column.isNull(row) { counter.add(CategoryKey.of(column.values, row: row)) }
            counts = counter.counts
            keys = counter.table.keys
        }
        order = counts.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        var kept = order
        var report = ProtectionReport.none(enabled: policy.enabled)
        if policy.enabled {
            kept = order.filter { policy.keeps(count: counts[$0]) }
            let rare = order.filter { !policy.keeps(count: counts[$0]) }
            report.rareThreshold = policy.rareThreshold
            report.rareCategories = rare.count
            report.rareRows = rare.reduce(0) { $0 + counts[$1] }
        }
        let categories: CategoryValues = column.dataType == .string
            ? .strings(kept.map { strings[$0] }) : .keys(kept.map { keys[$0] })
        let codec = CategoricalCodec(dataType: column.dataType, categories: categories,
                                     frequencies: kept.map { counts[$0] },
                                     hasNull: column.nullCount > 0, hasRare: report.rareCategories > 0)
        return (codec, report)
    }

    func encode(_ column: Column, into writer: CodeWriter) throws {
        guard cardinality > 1 else { return }
        let fallback = hasRare ? (hasNull ? 1 : 0) : base
        let nullCode = 0
        switch (categories, column.values) {
        case let (.strings(list), .string(values)):
            var table = ByteKeyTable(capacity: list.count)
            for var s in list { s.withUTF8 { _ = table.insert($0) } }
            values.bytes.withUnsafeBufferPointer { all in
                for row in 0..<values.count {
                    if column.isNull(row) { writer.set(row: row, 0, hasNull ? nullCode : fallback); continue }
                    let id = table.find(UnsafeBufferPointer(rebasing: all[values.byteRange(at: row)]))
                    writer.set(row: row, 0, id.map { base + $0 } ?? fallback)
                }
            }
        case let (.keys(list), values):
            var table = IntKeyTable(capacity: list.count)
            for key in list { _ = table.insert(key) }
            for row in 0..<column.count {
                if column.isNull(row) { writer.set(row: row, 0, hasNull ? nullCode : fallback); continue }
                let id = table.find(CategoryKey.of(values, row: row))
                writer.set(row: row, 0, id.map { base + $0 } ?? fallback)
            }
        default:
            throw EncodingError.typeMismatch(column: column.name, expected: dataType, found: column.dataType)
        }
    }

    func decode(_ reader: CodeReader, rowCount: Int, rng: inout SeededGenerator) -> ColumnAssembler {
        var out = ColumnAssembler(dataType: dataType, capacity: rowCount)
        let total = frequencies.reduce(0, +)
        for row in 0..<rowCount {
            var code = cardinality > 1 ? reader.code(row: row, 0, cardinality: cardinality) : 0
            if hasNull, code == 0 { out.appendNull(); continue }
            if hasRare, code == (hasNull ? 1 : 0) {
                if case .strings = categories { out.append(string: Self.rareToken); continue }
                guard total > 0 else { out.appendNull(); continue }
                code = base + drawIndex(total: total, rng: &rng)
            }
            let index = code - base
            guard index >= 0, index < categories.count else { out.appendNull(); continue }
            switch categories {
            case .strings(let list): out.append(string: list[index])
            case .keys(let list): out.append(key: list[index])
            }
        }
        return out
    }

    /// A kept category index drawn with probability proportional to its frequency.
    private func drawIndex(total: Int, rng: inout SeededGenerator) -> Int {
        var target = rng.nextInt(below: total)
        for (i, f) in frequencies.enumerated() {
            if target < f { return i }
            target -= f
        }
        return frequencies.count - 1
    }
}
