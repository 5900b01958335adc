import Foundation
import SynthData

/// Text of boxed cells for messages and summaries.
public enum ValueText {
    /// A cell as text; doubles with up to `digits` significant digits when given;
    /// long strings cut to `maxLength` characters with `…`.
    public static func format(_ value: Value, digits: Int? = nil, maxLength: Int? = nil) -> String {
        let text: String
        switch value {
        case .null: text = "null"
        case .int64(let v): text = String(v)
        case .double(let v):
            if let digits, v.isFinite { text = trimmed(String(format: "%.\(digits)g", v)) } else { text = formatDouble(v) }
        case .bool(let v): text = v ? "true" : "false"
        case .string(let v): text = v
        case .date(let v): text = CivilDate.format(days: v)
        case let .timestamp(v, unit, zone): text = CivilDate.formatTimestamp(v, unit: unit, timeZone: zone)
        }
        if let maxLength, text.count > maxLength { return String(text.prefix(maxLength - 1)) + "…" }
        return text
    }

    private static func trimmed(_ text: String) -> String { text.replacingOccurrences(of: " ", with: "") }
}
