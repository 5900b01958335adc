/// A quick profile of one column: type, null and distinct counts, range, mean and the most
/// frequent values. Computed in one or two passes over the typed array, without boxing cells.
public struct ColumnSummary: Sendable, Hashable {
    public var name: String
    public var dataType: DataType
    public var rowCount: Int
    public var nullCount: Int
    /// Distinct non-null values.
    public var uniqueCount: Int
    /// Smallest and largest non-null value (numbers, dates, timestamps, booleans; strings by byte order).
    public var minimum: Value?
    public var maximum: Value?
    /// Mean of the non-null values of a numeric column (NaN excluded).
    public var mean: Double?
    /// Most frequent non-null values with their counts, most frequent first (ties by value order).
    public var topValues: [(value: Value, count: Int)]

    public static func == (lhs: ColumnSummary, rhs: ColumnSummary) -> Bool {
        lhs.name == rhs.name && lhs.dataType == rhs.dataType && lhs.rowCount == rhs.rowCount
            && lhs.nullCount == rhs.nullCount && lhs.uniqueCount == rhs.uniqueCount && lhs.minimum == rhs.minimum
            && lhs.maximum == rhs.maximum && lhs.mean == rhs.mean
            && lhs.topValues.map(\.value) == rhs.topValues.map(\.value) && lhs.topValues.map(\.count) == rhs.topValues.map(\.count)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(rowCount)
        hasher.combine(uniqueCount)
    }

    /// Profiles `column`, keeping the `topCount` most frequent values.
    public init(_ column: Column, topCount: Int = 3) {
        name = column.name
        dataType = column.dataType
        rowCount = column.count
        nullCount = column.nullCount
        uniqueCount = 0
        topValues = []
        let validity = column.validity
        switch column.values {
        case .int64(let values):
            summarizeIntegers(values, validity: validity, topCount: topCount) { .int64($0) }
        case .date(let values):
            summarizeIntegers(values, validity: validity, topCount: topCount) { .date($0) }
            mean = nil
        case let .timestamp(values, unit, zone):
            summarizeIntegers(values, validity: validity, topCount: topCount) { .timestamp($0, unit: unit, timeZone: zone) }
            mean = nil
        case .double(let values):
            summarizeDoubles(values, validity: validity, topCount: topCount)
        case .bool(let values):
            var trues = 0, falses = 0
            for i in 0..<values.count where validity?.isValid(i) ?? true {
                if values[i] { trues += 1 } else { falses += 1 }
            }
            uniqueCount = (trues > 0 ? 1 : 0) + (falses > 0 ? 1 : 0)
            if trues + falses > 0 {
                minimum = .bool(falses == 0)
                maximum = .bool(trues > 0)
            }
            var top: [(Value, Int)] = []
            if trues > 0 { top.append((.bool(true), trues)) }
            if falses > 0 { top.append((.bool(false), falses)) }
            topValues = Array(top.sorted { $0.1 > $1.1 }.prefix(topCount))
        case .string(let strings):
            summarizeStrings(strings, validity: validity, topCount: topCount)
        }
    }

    private mutating func summarizeIntegers<T: FixedWidthInteger>(_ values: [T], validity: ValidityBitmap?, topCount: Int,
                                                                 box: (T) -> Value) {
        var counts: [T: Int] = [:]
        var low = T.max, high = T.min
        var sum = 0.0
        var seen = 0
        values.withUnsafeBufferPointer { buffer in
            for i in 0..<buffer.count {
                if let validity, !validity.isValid(i) { continue }
                let v = buffer[i]
                if v < low { low = v }
                if v > high { high = v }
                sum += Double(v)
                seen += 1
                counts[v, default: 0] += 1
            }
        }
        uniqueCount = counts.count
        guard seen > 0 else { return }
        minimum = box(low)
        maximum = box(high)
        mean = sum / Double(seen)
        topValues = Self.top(counts, topCount).map { (box($0.key), $0.count) }
    }

    private mutating func summarizeDoubles(_ values: [Double], validity: ValidityBitmap?, topCount: Int) {
        var counts: [UInt64: Int] = [:]
        var low = Double.infinity, high = -Double.infinity
        var sum = 0.0
        var finite = 0
        values.withUnsafeBufferPointer { buffer in
            for i in 0..<buffer.count {
                if let validity, !validity.isValid(i) { continue }
                let v = buffer[i]
                // One key for every NaN and for ±0.
                let key = v.isNaN ? Double.nan.bitPattern : (v == 0 ? 0 : v.bitPattern)
                counts[key, default: 0] += 1
                if v.isNaN { continue }
                if v < low { low = v }
                if v > high { high = v }
                sum += v
                finite += 1
            }
        }
        uniqueCount = counts.count
        if finite > 0 {
            minimum = .double(low)
            maximum = .double(high)
            mean = sum / Double(finite)
        }
        topValues = Self.top(counts, topCount).map { (.double(Double(bitPattern: $0.key)), $0.count) }
    }

    private mutating func summarizeStrings(_ strings: StringArray, validity: ValidityBitmap?, topCount: Int) {
        var counter = ByteStringCounter(capacityHint: min(strings.count, 1 << 16))
        var lowIndex = -1, highIndex = -1
        strings.bytes.withUnsafeBufferPointer { all in
            for i in 0..<strings.count {
                if let validity, !validity.isValid(i) { continue }
                let element = UnsafeBufferPointer(rebasing: all[strings.byteRange(at: i)])
                let isNew = counter.add(element, index: i)
                guard isNew else { continue }
                if lowIndex < 0 || Self.less(element, UnsafeBufferPointer(rebasing: all[strings.byteRange(at: lowIndex)])) { lowIndex = i }
                if highIndex < 0 || Self.less(UnsafeBufferPointer(rebasing: all[strings.byteRange(at: highIndex)]), element) { highIndex = i }
            }
        }
        uniqueCount = counter.distinctCount
        if lowIndex >= 0 { minimum = .string(strings[lowIndex]) }
        if highIndex >= 0 { maximum = .string(strings[highIndex]) }
        let entries = counter.entries().sorted { $0.count != $1.count ? $0.count > $1.count : $0.firstIndex < $1.firstIndex }
        topValues = entries.prefix(topCount).map { (.string(strings[$0.firstIndex]), $0.count) }
    }

    private static func less(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = min(a.count, b.count)
        for k in 0..<n where a[k] != b[k] { return a[k] < b[k] }
        return a.count < b.count
    }

    private static func top<K: Comparable>(_ counts: [K: Int], _ n: Int) -> [(key: K, count: Int)] {
        counts.map { (key: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }
            .prefix(n).map { $0 }
    }
}
