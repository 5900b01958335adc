/// One cell, boxed: for display, literals in expressions and tests — never for hot loops.
public enum Value: Sendable, Hashable {
    case null
    case int64(Int64)
    case double(Double)
    case bool(Bool)
    case string(String)
    case date(Int32)
    case timestamp(Int64, unit: TimeUnit, timeZone: String?)

    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The value as a number, when it is one (dates as days, timestamps as ticks).
    public var numericValue: Double? {
        switch self {
        case .int64(let v): Double(v)
        case .double(let v): v
        case .bool(let v): v ? 1 : 0
        case .date(let v): Double(v)
        case .timestamp(let v, _, _): Double(v)
        case .null, .string: nil
        }
    }
}
