import SynthData

/// How the QA treats a column: decided by the training column's type.
public enum QAColumnKind: String, Sendable, Hashable, Codable {
    /// Integers, decimals and booleans (as 0/1): quantile bins.
    case numeric
    /// Dates and timestamps: quantile bins over time.
    case datetime
    /// Text: top categories plus `(other)`.
    case categorical
    /// Free text (most values unique): one random word-level token per value, then top
    /// tokens plus `(other)` (`QATextTokens`). Decided on the data, never by type alone.
    case text

    init(_ type: DataType) {
        switch type {
        case .int64, .double, .bool: self = .numeric
        case .date, .timestamp: self = .datetime
        case .string: self = .categorical
        }
    }
}

/// Microseconds in one day: datetimes are handled as microseconds since the Unix epoch.
let qaMicrosecondsPerDay: Double = 86_400_000_000

extension Column {
    /// The column as numbers for a numeric or datetime QA column (NaN for null and for
    /// values that are not numbers). Datetimes become microseconds since the epoch.
    func qaNumbers(as kind: QAColumnKind) -> [Double] {
        var out: [Double]
        switch values {
        case .int64(let v):
            out = kind == .numeric ? v.map { Double($0) } : [Double](repeating: .nan, count: v.count)
        case .double(let v):
            out = kind == .numeric ? v : [Double](repeating: .nan, count: v.count)
        case .bool(let v):
            out = kind == .numeric ? v.map { $0 ? 1 : 0 } : [Double](repeating: .nan, count: v.count)
        case .date(let v):
            out = kind == .datetime ? v.map { Double($0) * qaMicrosecondsPerDay } : [Double](repeating: .nan, count: v.count)
        case let .timestamp(v, unit, _):
            if kind == .datetime {
                let perMicro = Double(unit.ticksPerSecond) / 1_000_000
                out = v.map { Double($0) / perMicro }
            } else {
                out = [Double](repeating: .nan, count: v.count)
            }
        case .string(let v):
            out = [Double](repeating: .nan, count: v.count)
            if kind == .numeric {
                for i in 0..<v.count { out[i] = Double(v[i].trimmingCharactersInSpaces()) ?? .nan }
            }
        }
        if let validity {
            for i in 0..<out.count where !validity.isValid(i) { out[i] = .nan }
        }
        return out
    }
}

extension String {
    func trimmingCharactersInSpaces() -> Substring {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
