/// How a timestamp column's values were written as text in its source, so that output (CSV,
/// display) writes them the same way: `2013-01-26 03:45:27` stays space-separated, `10:00`
/// without seconds stays without them. A layout never changes a value: seconds or fraction
/// digits a value needs are written even when the layout has none.
public struct TimestampTextLayout: Codable, Sendable, Hashable {
    /// The byte between date and time: `T` (ISO 8601) or a space.
    public var separator: UInt8
    /// Whether seconds are written when they are zero.
    public var hasSeconds: Bool
    /// Fraction-of-second digits written at least (more when a value needs them, up to the unit's).
    public var fractionDigits: Int
    /// How a fixed UTC offset was written; `nil` is `+02:00` (ISO 8601's extended form).
    public var offsetStyle: OffsetStyle?

    /// The forms of a fixed offset ISO 8601 allows.
    public enum OffsetStyle: String, Codable, Sendable, Hashable {
        /// `+0200`.
        case basic
        /// `+02` (whole hours only; an offset with minutes is written `+02:30`).
        case hours
    }

    /// ISO 8601 as synth writes it without a layout: `T`, seconds, the unit's fraction digits.
    public init(separator: UInt8 = UInt8(ascii: "T"), hasSeconds: Bool = true, fractionDigits: Int = 0,
                offsetStyle: OffsetStyle? = nil) {
        self.separator = separator
        self.hasSeconds = hasSeconds
        self.fractionDigits = fractionDigits
        self.offsetStyle = offsetStyle
    }

    /// Whether the layout is one synth writes (a `T` or space separator, 0–9 fraction digits);
    /// anything else read from a file is ignored.
    public var isValid: Bool {
        (separator == UInt8(ascii: "T") || separator == UInt8(ascii: " ")) && (0...9).contains(fractionDigits)
    }

    /// A readable pattern such as `YYYY-MM-DD HH:MM:SS.FF`.
    public var pattern: String {
        var text = "YYYY-MM-DD" + String(UnicodeScalar(separator)) + "HH:MM"
        if hasSeconds || fractionDigits > 0 { text += ":SS" }
        if fractionDigits > 0 { text += "." + String(repeating: "F", count: fractionDigits) }
        return text
    }

    /// Merges the layout of another value of the same column: the separator of the first
    /// value stays unless they differ (then ISO `T`); seconds and fraction digits widen; an
    /// offset style stays only when both share it (else `+02:00`).
    public func merging(_ other: TimestampTextLayout) -> TimestampTextLayout {
        TimestampTextLayout(separator: separator == other.separator ? separator : UInt8(ascii: "T"),
                            hasSeconds: hasSeconds || other.hasSeconds,
                            fractionDigits: max(fractionDigits, other.fractionDigits),
                            offsetStyle: offsetStyle == other.offsetStyle ? offsetStyle : nil)
    }
}
