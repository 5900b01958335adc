import SynthData

/// The layout of datetimes written as text in a column the CSV reader left as strings, e.g.
/// `2013-01-01 10:00`, `01/31/2013`, `31.01.2013 08:15:00`, `2013-01-01T10:00:00.25Z`.
///
/// A format is taken from one sample and then every value must match it byte for byte
/// (digits where it has digits, the same separators elsewhere), so values parse and format
/// back to exactly the same text.
public struct DatetimeTextFormat: Codable, Sendable, Hashable {
    /// Order of the date fields.
    public enum DateOrder: String, Codable, Sendable { case ymd, mdy, dmy }

    public var order: DateOrder
    /// Byte between the date fields: `-`, `/` or `.`.
    public var dateSeparator: UInt8
    /// Byte between date and time (`T` or space), `nil` for dates only.
    public var timeSeparator: UInt8?
    public var hasSeconds: Bool
    /// Digits after the seconds' decimal point (0 = none).
    public var fractionDigits: Int
    /// Whether values end with `Z`.
    public var utcSuffix: Bool

    /// A readable pattern such as `YYYY-MM-DD HH:MM:SS`.
    public var pattern: String {
        let sep = String(UnicodeScalar(dateSeparator))
        var text: String
        switch order {
        case .ymd: text = "YYYY\(sep)MM\(sep)DD"
        case .mdy: text = "MM\(sep)DD\(sep)YYYY"
        case .dmy: text = "DD\(sep)MM\(sep)YYYY"
        }
        if let t = timeSeparator {
            text += String(UnicodeScalar(t)) + "HH:MM"
            if hasSeconds { text += ":SS" }
            if fractionDigits > 0 { text += "." + String(repeating: "F", count: fractionDigits) }
        }
        if utcSuffix { text += "Z" }
        return text
    }

    /// Whether the format carries a time of day.
    public var hasTime: Bool { timeSeparator != nil }

    /// Number of bytes every value in this format has.
    var length: Int {
        var n = 10
        if timeSeparator != nil {
            n += 6
            if hasSeconds { n += 3 }
            if fractionDigits > 0 { n += 1 + fractionDigits }
        }
        if utcSuffix { n += 1 }
        return n
    }

    /// The format of `sample`, or `nil` when it is not a datetime this type knows.
    public init?(sample bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count >= 10 else { return nil }
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 48 && bytes[i] <= 57 }
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy(isDigit) }
        if digits(0..<4), digits(5..<7), digits(8..<10), bytes[4] == bytes[7], bytes[4] == 45 || bytes[4] == 47 {
            order = .ymd
            dateSeparator = bytes[4]
        } else if digits(0..<2), digits(3..<5), digits(6..<10), bytes[2] == bytes[5], bytes[2] == 47 || bytes[2] == 46 {
            order = bytes[2] == 47 ? .mdy : .dmy
            dateSeparator = bytes[2]
        } else {
            return nil
        }
        timeSeparator = nil
        hasSeconds = false
        fractionDigits = 0
        utcSuffix = false
        var i = 10
        if i < bytes.count, bytes[i] == 84 || bytes[i] == 32 {
            guard digits(i + 1..<i + 3), i + 3 < bytes.count, bytes[i + 3] == 58, digits(i + 4..<i + 6) else { return nil }
            timeSeparator = bytes[i]
            i += 6
            if i < bytes.count, bytes[i] == 58 {
                guard digits(i + 1..<i + 3) else { return nil }
                hasSeconds = true
                i += 3
                if i < bytes.count, bytes[i] == 46 {
                    var j = i + 1
                    while isDigit(j) { j += 1 }
                    fractionDigits = j - i - 1
                    guard fractionDigits > 0, fractionDigits <= 9 else { return nil }
                    i = j
                }
            }
        }
        if i < bytes.count, bytes[i] == 90 {
            utcSuffix = true
            i += 1
        }
        guard i == bytes.count, parse(bytes) != nil else { return nil }
    }

    /// The parsed parts of a value in this format: days since 1970-01-01, second of the day
    /// and the fraction of a second in units of 10^-`fractionDigits`; `nil` when the value
    /// does not match the format or is not a valid date or time.
    @inline(__always)
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (days: Int, second: Int, fraction: Int)? {
        guard bytes.count == length else { return nil }
        var bad = false
        @inline(__always) func number(_ start: Int, _ count: Int) -> Int {
            var v = 0
            for i in start..<start + count {
                let d = Int(bytes[i]) - 48
                if d < 0 || d > 9 { bad = true }
                v = v * 10 + d
            }
            return v
        }
        let year: Int, month: Int, day: Int
        switch order {
        case .ymd:
            year = number(0, 4); month = number(5, 2); day = number(8, 2)
            if bytes[4] != dateSeparator || bytes[7] != dateSeparator { return nil }
        case .mdy:
            month = number(0, 2); day = number(3, 2); year = number(6, 4)
            if bytes[2] != dateSeparator || bytes[5] != dateSeparator { return nil }
        case .dmy:
            day = number(0, 2); month = number(3, 2); year = number(6, 4)
            if bytes[2] != dateSeparator || bytes[5] != dateSeparator { return nil }
        }
        guard month >= 1, month <= 12, day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        var second = 0, fraction = 0
        if let t = timeSeparator {
            guard bytes[10] == t, bytes[13] == 58 else { return nil }
            let hour = number(11, 2), minute = number(14, 2)
            var s = 0
            if hasSeconds {
                guard bytes[16] == 58 else { return nil }
                s = number(17, 2)
                if fractionDigits > 0 {
                    guard bytes[19] == 46 else { return nil }
                    fraction = number(20, fractionDigits)
                }
            }
            guard hour < 24, minute < 60, s < 60 else { return nil }
            second = hour * 3600 + minute * 60 + s
        }
        if utcSuffix, bytes[bytes.count - 1] != 90 { return nil }
        if bad { return nil }
        return (CivilDate.days(year: year, month: month, day: day), second, fraction)
    }

    /// The text of a value in this format (years are clamped to 0...9999).
    public func format(days: Int, second: Int, fraction: Int) -> String {
        var (year, month, day) = CivilDate.civil(days: days)
        if year < 0 { (year, month, day) = (0, 1, 1) }
        if year > 9999 { (year, month, day) = (9999, 12, 31) }
        var out: [UInt8] = []
        out.reserveCapacity(length)
        func put(_ v: Int, _ width: Int) {
            var digits = [UInt8](repeating: 48, count: width)
            var x = v
            for i in stride(from: width - 1, through: 0, by: -1) {
                digits[i] = UInt8(48 + x % 10)
                x /= 10
            }
            out.append(contentsOf: digits)
        }
        switch order {
        case .ymd: put(year, 4); out.append(dateSeparator); put(month, 2); out.append(dateSeparator); put(day, 2)
        case .mdy: put(month, 2); out.append(dateSeparator); put(day, 2); out.append(dateSeparator); put(year, 4)
        case .dmy: put(day, 2); out.append(dateSeparator); put(month, 2); out.append(dateSeparator); put(year, 4)
        }
        if let t = timeSeparator {
            out.append(t); put(second / 3600, 2); out.append(58); put(second / 60 % 60, 2)
            if hasSeconds {
                out.append(58); put(second % 60, 2)
                if fractionDigits > 0 { out.append(46); put(fraction, fractionDigits) }
            }
        }
        if utcSuffix { out.append(90) }
        return String(decoding: out, as: UTF8.self)
    }
}
