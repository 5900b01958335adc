/// A named, typed column: values plus an optional validity bitmap (`nil` = no nulls).
public struct Column: Sendable, Hashable {
    public var name: String
    public var values: ColumnValues
    public var validity: ValidityBitmap?

    /// Creates a column; `validity`, when given, must have one bit per value.
    public init(name: String, values: ColumnValues, validity: ValidityBitmap? = nil) {
        precondition(validity == nil || validity?.count == values.count, "validity length must match values")
        self.name = name
        self.values = values
        self.validity = validity.flatMap { $0.nullCount == 0 ? nil : $0 }
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
        Column(name: name, values: values.gathering(indices), validity: validity?.gathering(indices))
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
        case let .timestamp(v, unit, zone): return CivilDate.formatTimestamp(v[row], unit: unit, timeZone: zone)
        }
    }
}

/// Shortest text that reads back as the same `Double` (`nan`, `inf`, `-inf` for non-finite).
public func formatDouble(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    return value.description
}
