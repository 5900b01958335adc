import SynthData

/// Seed values a model never saw when it was fitted: categories it does not know, numbers
/// outside its (protected) range. They are kept in the output as given, but the model has
/// not learned what goes with them.
public struct UnfamiliarSeedValues: Sendable, Hashable {
    public var column: String
    /// Rows whose value is unfamiliar.
    public var count: Int
    /// One of them, as text.
    public var example: String
}

/// Why a rebalancing request cannot be met.
public enum RebalancingError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownColumn(String, available: [String])
    case notCategorical(column: String, encoding: EncodingType)
    case unknownCategory(column: String, category: String, known: [String])
    case invalidShare(category: String, share: Double)
    case sharesAboveOne(total: Double)

    public var description: String {
        switch self {
        case let .unknownColumn(name, available):
            "cannot rebalance unknown column '\(name)' (columns: \(available.joined(separator: ", ")))"
        case let .notCategorical(column, encoding):
            "cannot rebalance column '\(column)': it is encoded as \(encoding), rebalancing needs a categorical column"
        case let .unknownCategory(column, category, known):
            "column '\(column)' has no category '\(category)' the model knows (categories: \(known.prefix(20).joined(separator: ", "))"
                + (known.count > 20 ? ", …)" : ")")
        case let .invalidShare(category, share):
            "the share of '\(category)' must be between 0 and 1 (got \(share))"
        case let .sharesAboveOne(total):
            "the shares add up to \(total), more than 1"
        }
    }
}

extension TableEncoding {
    /// Per column of `seed` that this encoding knows, the non-null values the model did not
    /// see when fitting: categories outside its dictionary, numbers outside its range.
    public func unfamiliarSeedValues(_ seed: Table) -> [UnfamiliarSeedValues] {
        var result: [UnfamiliarSeedValues] = []
        for encoding in columns {
            guard let index = seed.columnIndex(named: encoding.name) else { continue }
            let column = seed.columns[index]
            guard column.dataType == encoding.dataType else { continue }
            var count = 0
            var example: String?
            let knows = encoding.parameters.knownValueTest()
            for row in 0..<column.count where !column.isNull(row) && !knows(column, row) {
                count += 1
                if example == nil { example = column.formattedCell(row) }
            }
            if count > 0 { result.append(UnfamiliarSeedValues(column: encoding.name, count: count, example: example ?? "")) }
        }
        return result
    }

    /// The `_RARE_` code of every categorical sub-column that has one (value protection
    /// merged rare categories into it), for generating only kept categories.
    public func rareCategoryCodes() -> [Int: [Int32]] {
        var result: [Int: [Int32]] = [:]
        var offset = 0
        for encoding in columns {
            defer { offset += encoding.subColumns.count }
            guard case .categorical(let codec) = encoding.parameters, codec.hasRare, codec.cardinality > 1,
                  codec.categories.count > 0 || codec.hasNull else { continue }
            result[offset] = [Int32(codec.hasNull ? 1 : 0)]
        }
        return result
    }

    /// One code per generated row for the categorical column `name`, so that category `c`
    /// takes `shares[c]` of the `rows` rows (exact counts, largest remainders) and the rest
    /// of the rows go to the other kept categories in their training proportions (empty
    /// `shares`: all kept categories equally often); the codes are shuffled with `seed`. Returns the column's sub-column and the codes.
    public func rebalancedCodes(column name: String, shares: [String: Double], rows: Int,
                                seed: UInt64) throws -> (subColumn: Int, codes: [Int32]) {
        guard let encoding = column(named: name), let subColumn = firstSubColumn(ofColumn: name) else {
            throw RebalancingError.unknownColumn(name, available: columns.map(\.name))
        }
        guard case .categorical(let codec) = encoding.parameters, codec.cardinality > 1 else {
            throw RebalancingError.notCategorical(column: name, encoding: encoding.type)
        }
        let labels = codec.categoryLabels()
        let base = codec.cardinality - codec.categories.count
        var weights = [Double](repeating: 0, count: codec.cardinality)
        var listedTotal = 0.0
        // No shares named: every kept category equally often.
        let shares = shares.isEmpty ? Dictionary(labels.map { ($0, 1 / Double(labels.count)) }, uniquingKeysWith: { a, _ in a }) : shares
        for (category, share) in shares.sorted(by: { $0.key < $1.key }) {
            guard share >= 0 && share <= 1 else { throw RebalancingError.invalidShare(category: category, share: share) }
            guard let index = labels.firstIndex(of: category) else {
                throw RebalancingError.unknownCategory(column: name, category: category, known: labels)
            }
            weights[base + index] = share
            listedTotal += share
        }
        guard listedTotal <= 1 + 1e-9 else { throw RebalancingError.sharesAboveOne(total: listedTotal) }
        // The remaining share: the other kept categories, in their training proportions.
        let others = labels.indices.filter { shares[labels[$0]] == nil }
        let otherRows = others.reduce(0) { $0 + codec.frequencies[$1] }
        if listedTotal < 1, otherRows > 0 {
            for i in others { weights[base + i] = (1 - listedTotal) * Double(codec.frequencies[i]) / Double(otherRows) }
        }
        let total = weights.reduce(0, +)
        guard total > 0 else { throw RebalancingError.sharesAboveOne(total: 0) }
        // Exact counts by largest remainders.
        let ideal = weights.map { $0 / total * Double(rows) }
        var counts = ideal.map { Int($0.rounded(.down)) }
        let missing = rows - counts.reduce(0, +)
        let byRemainder = ideal.indices.sorted { (ideal[$0] - Double(counts[$0]), -$0) > (ideal[$1] - Double(counts[$1]), -$1) }
        for i in byRemainder.prefix(missing) { counts[i] += 1 }
        var codes: [Int32] = []
        codes.reserveCapacity(rows)
        for (code, count) in counts.enumerated() { codes.append(contentsOf: repeatElement(Int32(code), count: count)) }
        var rng = SeededGenerator(seed: seed)
        codes.shuffle(using: &rng)
        return (subColumn, codes)
    }
}

extension ColumnCodecParameters {
    /// A test of whether the codec learned `column[row]` (non-null): a known category, a
    /// number inside the fitted range. Encodings without a dictionary or range know every value.
    func knownValueTest() -> (Column, Int) -> Bool {
        switch self {
        case .categorical(let codec):
            switch codec.categories {
            case .strings(let list):
                let known = Set(list)
                return { column, row in
                    if case .string(let values) = column.values { known.contains(values[row]) } else { false }
                }
            case .keys(let list):
                let known = Set(list)
                return { column, row in known.contains(CategoryKey.of(column.values, row: row)) }
            }
        case .digit(let codec):
            let scale = DecimalPlaces.powersOfTen[codec.decimals]
            let low = Double(codec.lower) / scale, high = Double(codec.upper) / scale
            return { column, row in
                guard let x = column.numericValue(row), x.isFinite else { return true }
                return x >= low && x <= high
            }
        case .binned(let codec):
            guard let low = codec.lowers.first, let high = codec.uppers.last else { return { _, _ in true } }
            return { column, row in
                guard let x = column.numericValue(row), x.isFinite else { return true }
                return x >= low && x <= high
            }
        default: return { _, _ in true }
        }
    }
}

extension Column {
    /// The value of an integer or double cell as a double.
    func numericValue(_ row: Int) -> Double? {
        switch values {
        case .int64(let v): Double(v[row])
        case .double(let v): v[row]
        default: nil
        }
    }
}

extension CategoricalCodec {
    /// The kept categories as text, in code order (after the null and `_RARE_` codes).
    func categoryLabels() -> [String] {
        let base = cardinality - categories.count
        let codes = (0..<categories.count).map { Int32(base + $0) }
        var rng = SeededGenerator(seed: 0)
        let column = codes.withUnsafeBufferPointer { buffer in
            decode(CodeReader(codes: buffer, stride: 1, offset: 0), rowCount: codes.count, rng: &rng).column(named: "labels")
        }
        return (0..<column.count).map { column.formattedCell($0) ?? "" }
    }
}
