/// The resolution of a timestamp column's integer values.
public enum TimeUnit: String, Sendable, Hashable, Codable, CaseIterable {
    case seconds = "s", milliseconds = "ms", microseconds = "us", nanoseconds = "ns"

    /// Ticks of this unit in one second.
    public var ticksPerSecond: Int64 {
        switch self {
        case .seconds: 1
        case .milliseconds: 1_000
        case .microseconds: 1_000_000
        case .nanoseconds: 1_000_000_000
        }
    }

    /// Number of fractional-second digits this unit can hold.
    public var fractionDigits: Int {
        switch self {
        case .seconds: 0
        case .milliseconds: 3
        case .microseconds: 6
        case .nanoseconds: 9
        }
    }
}

/// The logical type of a column.
///
/// Timestamps are instants counted in `unit` since 1970-01-01T00:00:00 UTC. `timeZone` is
/// `nil` for a naive (local, zone-less) timestamp, `"UTC"` for instants written with `Z`, or
/// an IANA name / fixed offset (`"+02:00"`) kept from the source so that it survives output.
public enum DataType: Sendable, Hashable, Codable {
    case int64
    case double
    case bool
    case string
    /// Days since 1970-01-01.
    case date
    case timestamp(unit: TimeUnit, timeZone: String?)

    /// Whether values of this type are numbers (ints or doubles).
    public var isNumeric: Bool {
        switch self {
        case .int64, .double: true
        default: false
        }
    }

    /// Whether this is a timestamp type (any unit or zone).
    public var isTimestamp: Bool {
        if case .timestamp = self { return true }
        return false
    }

    /// Whether values of this type are points in time (dates or timestamps).
    public var isTemporal: Bool {
        switch self {
        case .date, .timestamp: true
        default: false
        }
    }
}

extension DataType: CustomStringConvertible {
    /// A short, user-facing name: `int64`, `double`, `bool`, `string`, `date`,
    /// `timestamp[us, UTC]`.
    public var description: String {
        switch self {
        case .int64: "int64"
        case .double: "double"
        case .bool: "bool"
        case .string: "string"
        case .date: "date"
        case let .timestamp(unit, zone):
            zone.map { "timestamp[\(unit.rawValue), \($0)]" } ?? "timestamp[\(unit.rawValue)]"
        }
    }
}
