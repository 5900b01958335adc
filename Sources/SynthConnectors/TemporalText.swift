import SynthData

/// Dates and timestamps as databases write them as text (`2013-01-01`,
/// `2013-01-01 05:00:00.5+01`), parsed to days and microseconds since the epoch (UTC).
enum TemporalText {
    /// Days since 1970-01-01 for `YYYY-MM-DD`.
    static func days(_ text: Substring) -> Int32? {
        var text = String(text)
        return text.withUTF8 { days(bytes: $0) }
    }

    /// Days since 1970-01-01 for `YYYY-MM-DD` given as UTF-8 bytes (three runs of digits
    /// between two hyphens), without allocating.
    static func days(bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        var fields = (0, 0, 0)
        var field = 0, digits = 0, value = 0
        for byte in bytes {
            if byte == UInt8(ascii: "-") {
                guard digits > 0, field < 2 else { return nil }
                if field == 0 { fields.0 = value } else { fields.1 = value }
                field += 1; digits = 0; value = 0
                continue
            }
            guard byte >= 48, byte <= 57, digits < 9 else { return nil }
            value = value * 10 + Int(byte - 48)
            digits += 1
        }
        guard field == 2, digits > 0 else { return nil }
        fields.2 = value
        let (y, m, d) = fields
        guard (1...12).contains(m), d >= 1, d <= CivilDate.daysInMonth(year: y, month: m) else { return nil }
        return Int32(exactly: CivilDate.days(year: y, month: m, day: d))
    }

    /// Microseconds since the epoch, UTC, for `YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]][±HH[:MM]|Z]`
    /// (a missing offset is UTC).
    static func microseconds(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { microseconds(bytes: $0) }
    }

    /// `microseconds(_:)` on UTF-8 bytes, without allocating (the connectors' hot path).
    static func microseconds(bytes scalars: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard scalars.count >= 15 else { return nil }
        guard let days = days(bytes: UnsafeBufferPointer(rebasing: scalars[0..<10])) else { return nil }
        var index = 11
        func number(_ digits: Int) -> Int? {
            guard index + digits <= scalars.count else { return nil }
            var value = 0
            for offset in 0..<digits {
                let byte = scalars[index + offset]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }
        // The hour may have one digit (`2013-02-01 5:00`), as SQLite's and PostgreSQL's inputs allow.
        let hourDigits = index + 1 < scalars.count && scalars[index + 1] == UInt8(ascii: ":") ? 1 : 2
        guard let hour = number(hourDigits), index < scalars.count, scalars[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        guard let minute = number(2) else { return nil }
        var second = 0
        var micros = 0
        if index < scalars.count, scalars[index] == UInt8(ascii: ":") {
            index += 1
            guard let s = number(2) else { return nil }
            second = s
            if index < scalars.count, scalars[index] == UInt8(ascii: ".") {
                index += 1
                var digits = 0
                while index < scalars.count, scalars[index] >= 48, scalars[index] <= 57 {
                    if digits < 6 { micros = micros * 10 + Int(scalars[index] - 48) }
                    digits += 1
                    index += 1
                }
                for _ in digits..<max(digits, 6) { micros *= 10 }
            }
        }
        var offsetSeconds = 0
        if index < scalars.count {
            let sign = scalars[index]
            if sign == UInt8(ascii: "Z") {
                index += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                index += 1
                guard let oh = number(2) else { return nil }
                var om = 0, os = 0
                if index < scalars.count, scalars[index] == UInt8(ascii: ":") { index += 1; guard let m = number(2) else { return nil }; om = m }
                if index < scalars.count, scalars[index] == UInt8(ascii: ":") { index += 1; guard let s = number(2) else { return nil }; os = s }
                offsetSeconds = (oh * 3600 + om * 60 + os) * (sign == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        guard index == scalars.count, hour < 24, minute < 60, second < 61 else { return nil }
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return seconds * 1_000_000 + Int64(micros)
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff` (UTC, with `+00` when `zoned`) for a timestamp in `unit`.
    static func text(ticks: Int64, unit: TimeUnit, zoned: Bool) -> String {
        CivilDate.formatTimestamp(ticks, unit: unit, timeZone: zoned ? "UTC" : nil,
                                  layout: TimestampTextLayout(separator: UInt8(ascii: " "), hasSeconds: true, fractionDigits: unit.fractionDigits))
    }
}
