/// The typed storage of one column: a plain array per type, no per-cell boxing.
///
/// Null rows hold a placeholder (0, `false`, empty string) and are marked in the column's
/// `ValidityBitmap`.
public enum ColumnValues: Sendable, Hashable {
    case int64([Int64])
    case double([Double])
    case bool([Bool])
    case string(StringArray)
    /// Days since 1970-01-01.
    case date([Int32])
    /// Ticks of `unit` since the Unix epoch (UTC).
    case timestamp([Int64], unit: TimeUnit, timeZone: String?)

    public var count: Int {
        switch self {
        case .int64(let v): v.count
        case .double(let v): v.count
        case .bool(let v): v.count
        case .string(let v): v.count
        case .date(let v): v.count
        case .timestamp(let v, _, _): v.count
        }
    }

    public var dataType: DataType {
        switch self {
        case .int64: .int64
        case .double: .double
        case .bool: .bool
        case .string: .string
        case .date: .date
        case let .timestamp(_, unit, zone): .timestamp(unit: unit, timeZone: zone)
        }
    }

    /// The elements at `indices`, in that order.
    public func gathering(_ indices: [Int]) -> ColumnValues {
        switch self {
        case .int64(let v): .int64(indices.map { v[$0] })
        case .double(let v): .double(indices.map { v[$0] })
        case .bool(let v): .bool(indices.map { v[$0] })
        case .string(let v): .string(v.gathering(indices))
        case .date(let v): .date(indices.map { v[$0] })
        case let .timestamp(v, unit, zone): .timestamp(indices.map { v[$0] }, unit: unit, timeZone: zone)
        }
    }

    /// Empty storage of the given type.
    public static func empty(_ type: DataType) -> ColumnValues {
        switch type {
        case .int64: .int64([])
        case .double: .double([])
        case .bool: .bool([])
        case .string: .string(StringArray())
        case .date: .date([])
        case let .timestamp(unit, zone): .timestamp([], unit: unit, timeZone: zone)
        }
    }
}
