import SynthData

/// Builds a decoded column of a given type row by row.
struct ColumnAssembler {
    let dataType: DataType
    private var integers: [Int64] = []
    private var doubles: [Double] = []
    private var bools: [Bool] = []
    private var strings = StringArray()
    private var validity: ValidityBitmap
    private var count = 0

    init(dataType: DataType, capacity: Int) {
        self.dataType = dataType
        validity = ValidityBitmap(count: 0, allValid: false)
        switch dataType {
        case .double: doubles.reserveCapacity(capacity)
        case .bool: bools.reserveCapacity(capacity)
        case .string: strings.reserveCapacity(elements: capacity, bytes: capacity * 8)
        default: integers.reserveCapacity(capacity)
        }
    }

    /// Appends a null row.
    mutating func appendNull() {
        switch dataType {
        case .double: doubles.append(0)
        case .bool: bools.append(false)
        case .string: strings.appendEmpty()
        default: integers.append(0)
        }
        validity.append(false)
    }

    /// Appends an integer-backed value (int64, date days, timestamp ticks, bool as 0/1, a
    /// double as its bit pattern when `bitPattern` is set).
    @inline(__always)
    mutating func append(integer v: Int64) {
        switch dataType {
        case .double: doubles.append(Double(v))
        case .bool: bools.append(v != 0)
        case .string: strings.append(String(v))
        default: integers.append(v)
        }
        validity.append(true)
    }

    @inline(__always)
    mutating func append(double x: Double) {
        switch dataType {
        case .double: doubles.append(x)
        case .bool: bools.append(x != 0)
        case .string: strings.append(formatDouble(x))
        default: integers.append(Int64(exactly: x.rounded()) ?? (x < 0 ? Int64.min : Int64.max))
        }
        validity.append(true)
    }

    @inline(__always)
    mutating func append(string: String) {
        strings.append(string)
        validity.append(true)
    }

    @inline(__always)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        strings.append(bytes: bytes)
        validity.append(true)
    }

    /// Appends the value stored under a 64-bit category key (see `CategoryKey`).
    @inline(__always)
    mutating func append(key: UInt64) {
        switch dataType {
        case .double: doubles.append(Double(bitPattern: key))
        case .bool: bools.append(key != 0)
        case .string: strings.append(String(Int64(bitPattern: key)))
        default: integers.append(Int64(bitPattern: key))
        }
        validity.append(true)
    }

    /// The finished column.
    func column(named name: String) -> Column {
        let values: ColumnValues
        switch dataType {
        case .int64: values = .int64(integers)
        case .double: values = .double(doubles)
        case .bool: values = .bool(bools)
        case .string: values = .string(strings)
        case .date: values = .date(integers.map { Int32(clamping: $0) })
        case let .timestamp(unit, zone): values = .timestamp(integers, unit: unit, timeZone: zone)
        }
        return Column(name: name, values: values, validity: validity)
    }
}

/// The 64-bit key of a non-text cell, shared by categorical coding and analysis: the
/// integer's bits, a double's bits (NaNs made one), bools as 0/1, dates as days.
enum CategoryKey {
    @inline(__always)
    static func of(_ values: ColumnValues, row: Int) -> UInt64 {
        switch values {
        case .int64(let v): return UInt64(bitPattern: v[row])
        case .double(let v): return v[row].isNaN ? Double.nan.bitPattern : v[row].bitPattern
        case .bool(let v): return v[row] ? 1 : 0
        case .date(let v): return UInt64(bitPattern: Int64(v[row]))
        case .timestamp(let v, _, _): return UInt64(bitPattern: v[row])
        case .string: return 0
        }
    }
}
