import SynthData

/// Why a generated foreign key cannot be kept consistent, in words a user understands.
public struct ForeignKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Keeps the referential integrity of a non-context foreign key on generation: every
/// generated value of the column is replaced by a key that exists.
///
/// - Into a table synthesized in the same job (`outsideJob` false), the model generated the
///   original keys the training rows referred to; the referenced table got new keys. Each
///   generated parent *stands for* one original parent (`roles`): the one it resembles most
///   (equal cells over the columns both have) among those with room left, so stand-ins are
///   spread evenly, or round-robin in a seeded order when the tables are too large to compare.
///   A generated value then becomes one of its original's stand-ins, so each generated parent
///   receives about as many children as its original had: the children-per-parent
///   distribution is kept exactly when as many parents are generated as there were.
/// - Into a table outside the job, the allowed keys are the ones the training rows used and
///   the model can emit (value-protected categories); a generated value that is not one of
///   them (`_RARE_`) becomes one drawn by training frequency. A key is never invented.
///
/// In both, a value that is no known key is first drawn by training frequency; nulls stay
/// nulls (the model emits them only when the training rows had them). Each row's choice
/// depends on the seed and its row number only, so chunks map the same as the whole.
public struct ForeignKeyMapping: Sendable {
    /// The column it maps.
    public let column: String
    /// The values written, in the child's data type.
    private let candidates: Column
    /// For each known original key (as text): the candidates standing for it.
    private let targets: [String: [Int]]
    /// Known keys and their cumulative training frequencies, to draw a stand-in key.
    private let fallbackKeys: [String]
    private let fallbackCumulative: [Int]
    private let seed: UInt64

    /// A foreign key into a table outside the job: the allowed keys `values` (the categories
    /// the model keeps, in the child's data type) with their training frequencies.
    public static func outsideJob(column: String, values: Column, frequencies: [Int], seed: UInt64) throws -> ForeignKeyMapping {
        var targets: [String: [Int]] = [:]
        var keys: [String] = [], weights: [Int] = []
        for row in 0..<values.count {
            guard let text = values.formattedCell(row), targets[text] == nil else { continue }
            targets[text] = [row]
            keys.append(text)
            weights.append(max(1, row < frequencies.count ? frequencies[row] : 1))
        }
        guard !keys.isEmpty else {
            throw ForeignKeyError("no value of '\(column)' is frequent enough to be generated under value protection, so its foreign key cannot be kept")
        }
        return ForeignKeyMapping(column: column, candidates: values, targets: targets, fallbackKeys: keys,
                                 fallbackCumulative: Self.cumulative(weights), seed: seed)
    }

    /// A foreign key into a table synthesized in the same job.
    ///
    /// - Parameters:
    ///   - childValues: the child's training values of the column (their frequencies weigh
    ///     the originals).
    ///   - originals: the referenced table's rows the job learnt from (with its key column).
    ///   - generated: the referenced table's generated rows (with their new keys).
    ///   - parentKey: the referenced table's primary key column.
    ///   - dataType: the child column's type (generated keys are converted to it).
    public static func inJob(column: String, childValues: Column, originals: Table, generated: Table, parentKey: String,
                             dataType: DataType, seed: UInt64) throws -> ForeignKeyMapping {
        guard let originalKeyIndex = originals.columnIndex(named: parentKey),
              let generatedKeyIndex = generated.columnIndex(named: parentKey) else {
            throw ForeignKeyError("the referenced table has no key column '\(parentKey)'")
        }
        let originalKeyColumn = originals.columns[originalKeyIndex]
        var originalKeys: [String] = [], originalRows: [Int] = [], seen: Set<String> = []
        for row in 0..<originalKeyColumn.count {
            guard let text = originalKeyColumn.formattedCell(row), seen.insert(text).inserted else { continue }
            originalKeys.append(text)
            originalRows.append(row)
        }
        var counts: [String: Int] = [:]
        for row in 0..<childValues.count {
            if let text = childValues.formattedCell(row), seen.contains(text) { counts[text, default: 0] += 1 }
        }
        let candidates = try convert(generated.columns[generatedKeyIndex], to: dataType, name: column)
        var targets: [String: [Int]] = [:]
        if !originalKeys.isEmpty, candidates.count > 0 {
            let roles = assignRoles(originals: originals, originalRows: originalRows, generated: generated,
                                    skipping: parentKey, seed: seed)
            for (candidate, role) in roles.enumerated() { targets[originalKeys[role], default: []].append(candidate) }
            // Originals no generated parent stands for (fewer parents generated): a seeded one each.
            var rng = SeededGenerator(seed: seed ^ 0x6A09_E667_F3BC_C908)
            for key in originalKeys where targets[key] == nil { targets[key] = [rng.nextInt(below: candidates.count)] }
        }
        let weighted = originalKeys.filter { counts[$0] != nil }
        let keys = weighted.isEmpty ? originalKeys : weighted
        return ForeignKeyMapping(column: column, candidates: candidates, targets: targets, fallbackKeys: keys,
                                 fallbackCumulative: cumulative(keys.map { counts[$0] ?? 1 }), seed: seed)
    }

    /// The column with every non-null value replaced by an existing key. `firstRow` is the
    /// number of rows generated before this chunk.
    public func apply(_ values: Column, firstRow: Int) throws -> Column {
        guard values.count > 0 else { return values }
        guard !targets.isEmpty else {
            if values.nullCount == values.count { return values }
            throw ForeignKeyError("'\(column)' refers to a table that generated no rows, so its values cannot be kept consistent")
        }
        var out = ColumnAssembler(dataType: candidates.dataType, capacity: values.count)
        for row in 0..<values.count {
            guard let text = values.formattedCell(row) else { out.appendNull(); continue }
            var rng = SeededGenerator(seed: seed &+ UInt64(firstRow + row) &* 0x9E37_79B9_7F4A_7C15)
            var choices = targets[text]
            if choices == nil {
                let key = fallbackKeys[Self.draw(fallbackCumulative, rng: &rng)]
                choices = targets[key]
            }
            guard let choices, !choices.isEmpty else { out.appendNull(); continue }
            out.append(cell: candidates, row: choices.count == 1 ? choices[0] : choices[rng.nextInt(below: choices.count)])
        }
        var column = out.column(named: values.name)
        column.timestampLayout = values.timestampLayout ?? candidates.timestampLayout
        return column
    }

    // MARK: Building blocks

    /// Comparisons (rows × rows × columns) above which roles are dealt round-robin.
    static let maximumComparisons = 20_000_000

    /// For each generated row, the index of the original row it stands for: evenly spread
    /// (at most ⌈generated / originals⌉ each), the most similar original with room first.
    static func assignRoles(originals: Table, originalRows: [Int], generated: Table, skipping key: String, seed: UInt64) -> [Int] {
        let n = generated.rowCount, k = originalRows.count
        var order = Array(0..<n)
        var rng = SeededGenerator(seed: seed ^ 0xBB67_AE85_84CA_A73B)
        order.shuffle(using: &rng)
        var roles = [Int](repeating: 0, count: n)
        let shared = originals.columns.map(\.name).filter { $0 != key && generated.columnIndex(named: $0) != nil }
        guard !shared.isEmpty, n * k * shared.count <= maximumComparisons else {
            for (position, row) in order.enumerated() { roles[row] = position % k }
            return roles
        }
        let capacity = (n + k - 1) / k
        let originalCells = originalRows.map { row in shared.map { originals.columns[originals.columnIndex(named: $0)!].formattedCell(row) } }
        let generatedColumns = shared.map { generated.columns[generated.columnIndex(named: $0)!] }
        var used = [Int](repeating: 0, count: k)
        let offset = rng.nextInt(below: k)
        for row in order {
            let cells = generatedColumns.map { $0.formattedCell(row) }
            var best = -1, bestScore = -1
            for step in 0..<k {
                let candidate = (offset + step) % k
                guard used[candidate] < capacity else { continue }
                var score = 0
                for (a, b) in zip(cells, originalCells[candidate]) where a == b { score += 1 }
                // More matches first; then the original with fewer stand-ins so far.
                if score > bestScore || (score == bestScore && used[candidate] < used[best]) {
                    best = candidate
                    bestScore = score
                }
            }
            roles[row] = best
            used[best] += 1
        }
        return roles
    }

    /// The generated keys in the child column's type (through their text when types differ).
    static func convert(_ keys: Column, to dataType: DataType, name: String) throws -> Column {
        if keys.dataType == dataType { return keys }
        var out = ColumnAssembler(dataType: dataType, capacity: keys.count)
        for row in 0..<keys.count {
            guard let text = keys.formattedCell(row) else { out.appendNull(); continue }
            switch dataType {
            case .string: out.append(string: text)
            case .int64:
                guard let value = Int64(text) else {
                    throw ForeignKeyError("'\(name)' holds \(dataType.description) values, but the referenced table's generated key '\(text)' is not one")
                }
                out.append(integer: value)
            default:
                throw ForeignKeyError("'\(name)' holds \(dataType.description) values and the referenced key \(keys.dataType.description) values")
            }
        }
        return out.column(named: keys.name)
    }

    static func cumulative(_ weights: [Int]) -> [Int] {
        var total = 0
        return weights.map { total += $0; return total }
    }

    static func draw(_ cumulative: [Int], rng: inout SeededGenerator) -> Int {
        let target = rng.nextInt(below: max(1, cumulative.last ?? 1))
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

extension ColumnAssembler {
    /// Appends the cell of `column` at `row` (same data type).
    mutating func append(cell column: Column, row: Int) {
        if column.isNull(row) { appendNull(); return }
        if case .string(let strings) = column.values {
            append(string: strings[row])
        } else {
            append(key: CategoryKey.of(column.values, row: row))
        }
    }
}
