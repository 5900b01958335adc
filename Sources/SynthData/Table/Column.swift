/// A named, typed column: values plus an optional validity bitmap (`nil` = no nulls).
public struct Column: Sendable, Hashable {
    public var name: String
    public var values: ColumnValues
    public var validity: ValidityBitmap?
    /// For a timestamp column read from text: how its source wrote the values (kept for
    /// output, through Parquet and the model's encoding); `nil` writes ISO 8601. Not part of
    /// equality: two columns with the same values are equal whatever their layout.
    public var timestampLayout: TimestampTextLayout?

    /// Creates a column; `validity`, when given, must have one bit per value.
    public init(name: String, values: ColumnValues, validity: ValidityBitmap? = nil,
                timestampLayout: TimestampTextLayout? = nil) {
        precondition(validity == nil || validity?.count == values.count, "validity length must match values")
        self.name = name
        self.values = values
        self.validity = validity.flatMap { $0.nullCount == 0 ? nil : $0 }
        if case .timestamp = values { self.timestampLayout = timestampLayout } else { self.timestampLayout = nil }
    }

    public var count: Int { values.count }
    public var dataType: DataType { values.dataType }
    public var nullCount: Int { validity?.nullCount ?? 0 }

    @inline(__always)
    public func isNull(_ row: Int) -> Bool { validity.map { !$0.isValid(row) } ?? false }

    /// The cell at `row`, boxed.
    public func value(at row: Int) -> Value {
        if isNull(row) { return .null }
        switch values {
        case .int64(let v): return .int64(v[row])
        case .double(let v): return .double(v[row])
        case .bool(let v): return .bool(v[row])
        case .string(let v): return .string(v[row])
        case .date(let v): return .date(v[row])
        case let .timestamp(v, unit, zone): return .timestamp(v[row], unit: unit, timeZone: zone)
        }
    }

    /// The rows at `indices`, in that order.
    public func gathering(_ indices: [Int]) -> Column {
        Column(name: name, values: values.gathering(indices), validity: validity?.gathering(indices), timestampLayout: timestampLayout)
    }

    /// The cell at `row` as text (`nil` for null), formatted as the CSV writer writes it.
    public func formattedCell(_ row: Int) -> String? {
        if isNull(row) { return nil }
        switch values {
        case .int64(let v): return String(v[row])
        case .double(let v): return formatDouble(v[row])
        case .bool(let v): return v[row] ? "true" : "false"
        case .string(let v): return v[row]
        case .date(let v): return CivilDate.format(days: v[row])
        case let .timestamp(v, unit, zone): return CivilDate.formatTimestamp(v[row], unit: unit, timeZone: zone, layout: timestampLayout)
        }
    }
}

/// Shortest text that reads back as the same `Double` (`nan`, `inf`, `-inf` for non-finite).
public func formatDouble(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    return value.description
}
