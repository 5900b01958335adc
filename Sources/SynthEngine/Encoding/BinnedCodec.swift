import SynthData

/// `numeric_binned`: a number as the index of its quantile bin; decoding draws a value
/// uniformly within the bin (with the seeded generator), so it is lossy by design.
///
/// Bins come from quantiles of the (protected) values: one bin per 20 values, between 10 and
/// 100 bins (`binCount(valueCount:)`). A value holding at least about one bin's share of the
/// rows gets a bin of its own (a point bin), so frequent exact values such as 0 survive. Sub-columns: `special` (null / NaN / ±inf, when present) and `bin`.
struct BinnedCodec: ColumnCodec {
    var dataType: DataType
    /// Bin i covers `lowers[i] ... uppers[i]`; a point bin has `lowers[i] == uppers[i]`.
    /// Bins are ordered; an interval bin that starts at a point bin's value excludes it.
    var lowers: [Double]
    var uppers: [Double]
    /// Decimals to round drawn doubles to (`nil`: no rounding).
    var decimals: Int?
    var specials: SpecialLayout

    static let maxBins = 100
    static let minBins = 10
    /// Values per bin a column needs before it gets more than `minBins` bins. The model learns
    /// one probability per bin and context, so a bin needs rows behind it: with 100 bins on a
    /// 300-row table each bin held 3 rows, and the conditional distributions came out noisy
    /// (penguins' body mass by species; breast_cancer's pairs of measurements).
    static let valuesPerBin = 20

    /// The number of quantile bins for a column of `valueCount` finite values.
    static func binCount(valueCount: Int) -> Int {
        min(maxBins, max(minBins, valueCount / valuesPerBin))
    }

    var subColumns: [SubColumnSpec] { specials.subColumns + [SubColumnSpec("bin", max(lowers.count, 1))] }

    /// Fits bins to the finite values of a column, clipped per `policy`.
    static func fit(values input: [Double], dataType: DataType, decimals: Int?, specials: SpecialLayout,
                    policy: ProtectionPolicy) -> (BinnedCodec, ProtectionReport) {
        var values = input.sorted()
        var report = ProtectionReport.none(enabled: policy.enabled)
        if let first = values.first, let last = values.last {
            let k = min(policy.clipRank, values.count)
            let smallest = Array(values.prefix(10)), largest = Array(values.suffix(10).reversed())
            let range = policy.range(smallest: smallest, largest: largest, count: values.count) ?? (first, last)
            if policy.enabled {
                report.clipRank = k
                report.clippedLow = values.prefix { $0 < range.lower }.count
                report.clippedHigh = values.reversed().prefix { $0 > range.upper }.count
                report.lowerBound = formatDouble(range.lower)
                report.upperBound = formatDouble(range.upper)
                values = values.map { min(max($0, range.lower), range.upper) }
            }
        }
        var lowers: [Double] = [], uppers: [Double] = []
        if !values.isEmpty {
            let bins = binCount(valueCount: values.count)
            let q = (0...bins).map { QuantileReservoir.quantile(values, Double($0) / Double(bins)) }
                .map { dataType == .int64 ? $0.rounded() : $0 }
            var i = 0
            while i < q.count {
                var j = i
                while j + 1 < q.count, q[j + 1] == q[i] { j += 1 }
                if j > i || q.count == 1 || (i == 0 && values.first == values.last) {
                    lowers.append(q[i]); uppers.append(q[i]) // a point bin
                }
                if j + 1 < q.count { lowers.append(q[i]); uppers.append(q[j + 1]) }
                i = j + 1
            }
            if lowers.isEmpty { lowers = [q[0]]; uppers = [q[0]] }
        }
        return (BinnedCodec(dataType: dataType, lowers: lowers, uppers: uppers, decimals: decimals, specials: specials), report)
    }

    /// An edge as an integer, clamped into `Int64` (edges of huge integers are inexact doubles).
    @inline(__always)
    static func integer(_ x: Double) -> Int64 {
        if x >= 9.223372036854775807e18 { return .max }
        if x <= -9.223372036854775808e18 { return .min }
        return Int64(x)
    }

    /// The bin of `x`: the last bin starting at or below it, preferring a point bin at `x`.
    @inline(__always)
    func bin(of x: Double) -> Int {
        var lo = 0, hi = lowers.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if lowers[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        var b = max(lo - 1, 0)
        while b > 0, lowers[b - 1] == x, uppers[b - 1] == x { b -= 1 }
        return b
    }

    func encode(_ column: Column, into writer: CodeWriter) throws {
        let binColumn = specials.hasSubColumn ? 1 : 0
        func put(_ row: Int, _ x: Double?) {
            if let x {
                if specials.hasSubColumn { writer.set(row: row, 0, 0) }
                writer.set(row: row, binColumn, bin(of: x))
            }
        }
        for row in 0..<column.count {
            var kind: SpecialKind? = column.isNull(row) ? .null : nil
            var x = 0.0
            if kind == nil {
                switch column.values {
                case .int64(let v): x = Double(v[row])
                case .double(let v): x = v[row]; kind = SpecialKind.of(x)
                default: throw EncodingError.typeMismatch(column: column.name, expected: dataType, found: column.dataType)
                }
            }
            if let kind {
                if specials.kinds.contains(kind) {
                    writer.set(row: row, 0, specials.code(of: kind))
                    writer.set(row: row, binColumn, 0)
                } else {
                    put(row, kind == .positiveInfinity ? (uppers.last ?? 0) : (lowers.first ?? 0))
                }
            } else {
                put(row, x)
            }
        }
    }

    func decode(_ reader: CodeReader, rowCount: Int, rng: inout SeededGenerator) -> ColumnAssembler {
        var out = ColumnAssembler(dataType: dataType, capacity: rowCount)
        let binColumn = specials.hasSubColumn ? 1 : 0
        for row in 0..<rowCount {
            if specials.hasSubColumn, let kind = specials.kind(ofCode: reader.code(row: row, 0, cardinality: specials.kinds.count + 1)) {
                if kind == .null { out.appendNull() } else { out.append(double: kind.doubleValue) }
                continue
            }
            guard !lowers.isEmpty else { out.appendNull(); continue }
            let b = reader.code(row: row, binColumn, cardinality: lowers.count)
            let lo = lowers[b], hi = uppers[b]
            let excludesLow = b > 0 && lowers[b - 1] == lo && uppers[b - 1] == lo && lo < hi
            if dataType == .int64 {
                let first = Self.integer(lo) &+ (excludesLow ? 1 : 0)
                let last = b == lowers.count - 1 || lo == hi ? Self.integer(hi) : max(Self.integer(hi) &- 1, first)
                let span = last >= first ? UInt64(bitPattern: last &- first) : 0
                let offset = span == 0 || span == UInt64.max ? 0 : rng.next(upperBound: span &+ 1)
                out.append(integer: first &+ Int64(bitPattern: offset))
            } else {
                var x = lo == hi ? lo : lo + (hi - lo) * rng.nextUnitDouble()
                if let d = decimals {
                    // The source's precision, always: interior edges are interpolated quantiles
                    // with any number of decimals, so clamping to them after rounding would
                    // write `39.1250000001` for a column of one-decimal values. A rounded value
                    // stays inside the outer (clipped) edges, which are source values.
                    let p = DecimalPlaces.powersOfTen[d]
                    x = (x * p).rounded() / p
                }
                out.append(double: x)
            }
        }
        return out
    }
}
