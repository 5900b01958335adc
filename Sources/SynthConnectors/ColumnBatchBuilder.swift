import SynthData

/// Builds one column of a batch value by value with a fixed type, for readers that receive
/// rows (SQLite statements, PostgreSQL results); `finish` hands the column over and starts
/// the next batch empty.
struct ColumnBatchBuilder {
    let name: String
    let type: DataType
    private var ints: [Int64] = []
    private var doubles: [Double] = []
    private var bools: [Bool] = []
    private var strings = StringArray()
    private var dates: [Int32] = []
    private var validity: [Bool] = []
    private var nulls = 0

    init(name: String, type: DataType) {
        self.name = name
        self.type = type
    }

    mutating func appendNull() {
        validity.append(false)
        nulls += 1
        switch type {
        case .int64, .timestamp: ints.append(0)
        case .double: doubles.append(0)
        case .bool: bools.append(false)
        case .string: strings.appendEmpty()
        case .date: dates.append(0)
        }
    }

    mutating func append(int value: Int64) { validity.append(true); ints.append(value) }
    mutating func append(double value: Double) { validity.append(true); doubles.append(value) }
    mutating func append(bool value: Bool) { validity.append(true); bools.append(value) }
    mutating func append(date value: Int32) { validity.append(true); dates.append(value) }
    mutating func append(string value: String) { validity.append(true); strings.append(value) }
    mutating func append(bytes value: UnsafeBufferPointer<UInt8>) { validity.append(true); strings.append(bytes: value) }

    var count: Int { validity.count }

    mutating func finish() -> Column {
        let values: ColumnValues
        switch type {
        case .int64: values = .int64(ints)
        case .double: values = .double(doubles)
        case .bool: values = .bool(bools)
        case .string: values = .string(strings)
        case .date: values = .date(dates)
        case let .timestamp(unit, zone): values = .timestamp(ints, unit: unit, timeZone: zone)
        }
        let column = Column(name: name, values: values, validity: nulls > 0 ? ValidityBitmap(validity) : nil)
        ints = []; doubles = []; bools = []; strings = StringArray(); dates = []; validity = []; nulls = 0
        return column
    }
}

/// A batch of column builders with the table's fixed schema.
struct TableBatchBuilder {
    var columns: [ColumnBatchBuilder]

    init(schema: [(name: String, type: DataType)]) {
        columns = schema.map { ColumnBatchBuilder(name: $0.name, type: $0.type) }
    }

    var rowCount: Int { columns.first?.count ?? 0 }

    mutating func finish() throws -> Table {
        var built: [Column] = []
        for index in columns.indices { built.append(columns[index].finish()) }
        return try Table(columns: built)
    }
}
