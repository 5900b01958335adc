import SynthData

/// Streaming state of one column's analysis: fed batch by batch, memory bounded by the
/// options (exact counts up to a limit, a HyperLogLog sketch, a quantile reservoir, the
/// k extreme values), never by the number of rows.
struct ColumnAccumulator: Sendable {
    let name: String
    let dataType: DataType
    private let options: AnalysisOptions

    private var rowCount = 0
    private var nullCount = 0
    private var nanCount = 0
    private var infinityCount = 0
    private var sawDuplicate = false
    private var intCounter: IntFrequencyCounter
    private var byteCounter: ByteFrequencyCounter
    private var sketch = HyperLogLog()
    private var reservoir: QuantileReservoir
    private var minimum = Double.infinity
    private var maximum = -Double.infinity
    private var decimals = 0
    private var manyDecimals = false
    private var lengthMin = Int.max
    private var lengthMax = 0
    private var lengthSum = 0
    private var hasWhitespace = false
    /// Whitespace-separated words over all text values.
    private var wordSum = 0
    private var datetimeFormat: DatetimeTextFormat?
    private var datetimeRuledOut = false
    private var timestampLayout: TimestampTextLayout?
    private var latLongRuledOut = false

    init(name: String, dataType: DataType, options: AnalysisOptions, seed: UInt64) {
        self.name = name
        self.dataType = dataType
        self.options = options
        intCounter = IntFrequencyCounter(capacity: options.exactDistinctLimit)
        byteCounter = ByteFrequencyCounter(capacity: options.exactDistinctLimit)
        reservoir = QuantileReservoir(capacity: options.quantileSampleSize, seed: seed)
    }

    /// Adds the rows of `column` (of this accumulator's type).
    mutating func consume(_ column: Column) {
        rowCount += column.count
        nullCount += column.nullCount
        if let layout = column.timestampLayout { timestampLayout = timestampLayout.map { $0.merging(layout) } ?? layout }
        let validity = column.validity
        switch column.values {
        case .int64(let values):
            values.withUnsafeBufferPointer { v in
                for row in 0..<v.count where validity?.isValid(row) ?? true { addNumber(v[row]) }
            }
        case .double(let values):
            values.withUnsafeBufferPointer { v in
                for row in 0..<v.count where validity?.isValid(row) ?? true { addDouble(v[row]) }
            }
        case .bool(let values):
            for row in 0..<values.count where validity?.isValid(row) ?? true { addKey(values[row] ? 1 : 0) }
        case .date(let values):
            values.withUnsafeBufferPointer { v in
                for row in 0..<v.count where validity?.isValid(row) ?? true { addNumber(Int64(v[row])) }
            }
        case .timestamp(let values, _, _):
            values.withUnsafeBufferPointer { v in
                for row in 0..<v.count where validity?.isValid(row) ?? true { addNumber(v[row]) }
            }
        case .string(let values):
            values.bytes.withUnsafeBufferPointer { all in
                for row in 0..<values.count where validity?.isValid(row) ?? true {
                    addString(UnsafeBufferPointer(rebasing: all[values.byteRange(at: row)]))
                }
            }
        }
    }

    @inline(__always)
    private mutating func addKey(_ key: UInt64) {
        let hash = FastHash.mix(key)
        let before = intCounter.counts.count
        intCounter.add(key, hash: hash)
        if intCounter.counts.count <= before, !intCounter.pruned { sawDuplicate = true }
        sketch.add(hash: hash)
    }

    @inline(__always)
    private mutating func addFinite(_ x: Double) {
        reservoir.add(x)
        if x < minimum { minimum = x }
        if x > maximum { maximum = x }
    }

    @inline(__always)
    private mutating func addNumber(_ v: Int64) {
        addKey(UInt64(bitPattern: v))
        addFinite(Double(v))
    }

    @inline(__always)
    private mutating func addDouble(_ x: Double) {
        if x.isNaN {
            nanCount += 1
            addKey(Double.nan.bitPattern)
            return
        }
        addKey(x.bitPattern)
        if x.isInfinite {
            infinityCount += 1
            return
        }
        addFinite(x)
        if !manyDecimals, !DecimalPlaces.fits(x, decimals: decimals) {
            if let d = DecimalPlaces.needed(x, atLeast: decimals + 1) { decimals = d } else { manyDecimals = true }
        }
    }

    @inline(__always)
    private mutating func addString(_ bytes: UnsafeBufferPointer<UInt8>) {
        let hash = FastHash.hash(bytes)
        let before = byteCounter.counts.count
        byteCounter.add(bytes, hash: hash)
        if byteCounter.counts.count <= before, !byteCounter.pruned { sawDuplicate = true }
        sketch.add(hash: hash)
        var scalars = 0
        var inWord = false
        for b in bytes {
            if b & 0xC0 != 0x80 { scalars += 1 }
            let space = b == 32 || b == 9 || b == 10 || b == 13
            if space { hasWhitespace = true } else if !inWord { wordSum += 1 }
            inWord = !space
        }
        if scalars < lengthMin { lengthMin = scalars }
        if scalars > lengthMax { lengthMax = scalars }
        lengthSum += scalars
        if !datetimeRuledOut {
            if let format = datetimeFormat {
                if format.parse(bytes) == nil { datetimeRuledOut = true }
            } else if let format = DatetimeTextFormat(sample: bytes) {
                datetimeFormat = format
            } else {
                datetimeRuledOut = true
            }
        }
        if !latLongRuledOut, LatLongText.parse(bytes) == nil { latLongRuledOut = true }
    }

    /// The analysis of everything consumed so far.
    func finish() -> ColumnAnalysis {
        let valueCount = rowCount - nullCount
        let isString = dataType == .string
        let exact = isString ? !byteCounter.pruned : !intCounter.pruned
        let distinct = exact
            ? (isString ? byteCounter.counts.count : intCounter.counts.count)
            : Int(sketch.estimate.rounded())
        let top: [ColumnAnalysis.ValueCount] = isString
            ? byteCounter.top(options.topValueCount).map { .init(value: $0.key, count: $0.count) }
            : intCounter.top(options.topValueCount).map { .init(value: displayText(key: $0.key), count: $0.count) }
        let finiteSeen = minimum <= maximum
        var analysis = ColumnAnalysis(
            name: name, dataType: dataType, rowCount: rowCount, nullCount: nullCount,
            nanCount: nanCount, infinityCount: infinityCount,
            uniqueCount: exact ? distinct : Swift.min(distinct, valueCount), uniqueCountIsExact: exact,
            min: finiteSeen ? minimum : nil, max: finiteSeen ? maximum : nil,
            quantiles: reservoir.quantiles(ColumnAnalysis.quantileProbabilities),
            quantilesAreExact: reservoir.isExact,
            topValues: top, topValuesAreExact: exact,
            stringLength: isString && valueCount > 0
                ? .init(min: lengthMin, max: lengthMax, mean: Double(lengthSum) / Double(valueCount)) : nil,
            decimalPlaces: dataType == .double ? (manyDecimals ? nil : decimals) : (dataType.isNumeric ? 0 : nil),
            isConstant: false, isUniqueIdentifier: false,
            datetimeText: isString && !datetimeRuledOut ? datetimeFormat : nil,
            isLatLongText: isString && valueCount > 0 && !latLongRuledOut)
        analysis.timestampLayout = timestampLayout
        if isString, valueCount > 0 { analysis.meanWordCount = Double(wordSum) / Double(valueCount) }
        analysis.isConstant = analysis.uniqueCount == 0 || (analysis.uniqueCount == 1 && nullCount == 0)
        analysis.isUniqueIdentifier = looksLikeIdentifier(analysis, exact: exact)
        return analysis
    }

    /// A primary-key candidate: no nulls, every value distinct, and either an integer column
    /// named like a key (`id`, `…_id`, `…Id`, `key`, …) or holding a run of consecutive
    /// integers, or a text column of short values without whitespace that are not datetimes
    /// or coordinates.
    private func looksLikeIdentifier(_ a: ColumnAnalysis, exact: Bool) -> Bool {
        let n = a.valueCount
        guard a.nullCount == 0, n >= 2, !sawDuplicate else { return false }
        let distinctEnough = exact ? a.uniqueCount == n : Double(a.uniqueCount) >= 0.97 * Double(n)
        guard distinctEnough else { return false }
        switch dataType {
        case .int64:
            let lower = name.lowercased()
            let named = ["id", "key", "pk", "rowid", "row_id", "index"].contains(lower)
                || lower.hasSuffix("_id") || lower.hasSuffix("_key") || name.hasSuffix("Id") || name.hasSuffix("ID")
            let consecutive = (a.max ?? 0) - (a.min ?? 0) + 1 == Double(n)
            return named || consecutive
        case .string:
            return !hasWhitespace && lengthMax <= 64 && a.datetimeText == nil && !a.isLatLongText
        default:
            return false
        }
    }

    /// How a stored 64-bit key reads for this column's type.
    private func displayText(key: UInt64) -> String {
        switch dataType {
        case .int64: return String(Int64(bitPattern: key))
        case .double: return formatDouble(Double(bitPattern: key))
        case .bool: return key == 0 ? "false" : "true"
        case .date: return CivilDate.format(days: Int32(truncatingIfNeeded: Int64(bitPattern: key)))
        case let .timestamp(unit, zone): return CivilDate.formatTimestamp(Int64(bitPattern: key), unit: unit, timeZone: zone)
        case .string: return ""
        }
    }
}
