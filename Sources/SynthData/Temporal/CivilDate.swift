/// Proleptic Gregorian calendar arithmetic and ISO 8601 text, without Foundation.
///
/// Algorithms after H. Hinnant's `days_from_civil` / `civil_from_days` (public domain).
public enum CivilDate {
    /// Days since 1970-01-01 of the given civil date.
    @inline(__always)
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of `days` since 1970-01-01.
    @inline(__always)
    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days in `month` of `year`.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `YYYY-MM-DD` (years outside 0...9999 get a sign and at least four digits).
    public static func format(days: Int32) -> String {
        let (y, m, d) = civil(days: Int(days))
        return formatYear(y) + "-" + pad2(m) + "-" + pad2(d)
    }

    /// ISO 8601 text of a timestamp: `YYYY-MM-DDTHH:MM:SS[.fff]` with as many fraction digits
    /// as the unit holds; zone-aware values get `Z` (UTC) or their fixed offset (`+02:00`).
    public static func formatTimestamp(_ ticks: Int64, unit: TimeUnit, timeZone: String?,
                                       layout: TimestampTextLayout? = nil) -> String {
        let offsetSeconds = timeZone.flatMap(fixedOffsetSeconds) ?? 0
        let perSecond = unit.ticksPerSecond
        var seconds = ticks / perSecond
        var fraction = ticks % perSecond
        if fraction < 0 { fraction += perSecond; seconds -= 1 }
        seconds += Int64(offsetSeconds)
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        var text = format(days: Int32(clamping: days))
        let separator = layout.map { String(UnicodeScalar($0.separator)) } ?? "T"
        text += separator + pad2(Int(secondOfDay / 3600)) + ":" + pad2(Int(secondOfDay / 60 % 60))
        // Seconds and fraction digits: all of the unit's without a layout; with one, the
        // layout's, and more only where the value needs them (never a changed value).
        var digits = ""
        if unit.fractionDigits > 0 {
            digits = String(fraction)
            while digits.count < unit.fractionDigits { digits = "0" + digits }
            if let layout {
                while digits.count > layout.fractionDigits, digits.hasSuffix("0") { digits.removeLast() }
            }
        }
        if layout?.hasSeconds ?? true || secondOfDay % 60 != 0 || !digits.isEmpty {
            text += ":" + pad2(Int(secondOfDay % 60))
        }
        if !digits.isEmpty { text += "." + digits }
        if let zone = timeZone {
            if let offset = fixedOffsetSeconds(zone), offset != 0 || zone.hasPrefix("+") || zone.hasPrefix("-") {
                let sign = offset < 0 ? "-" : "+"
                let magnitude = abs(offset)
                // The source's form: `+02:00`, `+0200` or `+02`.
                switch layout?.offsetStyle {
                case .basic?: text += sign + pad2(magnitude / 3600) + pad2(magnitude / 60 % 60)
                case .hours? where magnitude % 3600 == 0: text += sign + pad2(magnitude / 3600)
                default: text += sign + pad2(magnitude / 3600) + ":" + pad2(magnitude / 60 % 60)
                }
            } else {
                text += "Z"
            }
        }
        return text
    }

    /// Seconds east of UTC for `UTC`, `Z` or a fixed offset such as `+02:00`; `nil` for others.
    public static func fixedOffsetSeconds(_ zone: String) -> Int? {
        if zone == "UTC" || zone == "Z" || zone == "Etc/UTC" || zone == "GMT" { return 0 }
        let bytes = Array(zone.utf8)
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"), bytes[3] == UInt8(ascii: ":") else { return nil }
        func digit(_ i: Int) -> Int? { bytes[i] >= 48 && bytes[i] <= 57 ? Int(bytes[i] - 48) : nil }
        guard let h1 = digit(1), let h2 = digit(2), let m1 = digit(4), let m2 = digit(5) else { return nil }
        let seconds = (h1 * 10 + h2) * 3600 + (m1 * 10 + m2) * 60
        return bytes[0] == UInt8(ascii: "-") ? -seconds : seconds
    }

    /// `+HH:MM` text of an offset in seconds.
    public static func offsetText(seconds: Int) -> String {
        if seconds == 0 { return "UTC" }
        let magnitude = abs(seconds)
        return (seconds < 0 ? "-" : "+") + pad2(magnitude / 3600) + ":" + pad2(magnitude / 60 % 60)
    }

    private static func pad2(_ v: Int) -> String { v < 10 ? "0" + String(v) : String(v) }

    private static func formatYear(_ y: Int) -> String {
        if y >= 0 && y <= 9999 {
            let s = String(y)
            return String(repeating: "0", count: 4 - s.count) + s
        }
        let s = String(abs(y))
        return (y < 0 ? "-" : "+") + String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}
