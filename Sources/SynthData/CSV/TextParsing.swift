#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsers from raw UTF-8 bytes to typed values, used by the CSV reader's hot loop.
///
/// Each takes a pointer and a byte count and returns `nil` when the text is not a valid value
/// of that type; none allocates. The connectors beside this module parse database text
/// with the same functions (`package` access).
package enum TextParsing {
    /// 10^e for 0 ≤ e ≤ 22, the powers of ten exactly representable as `Double`. A switch
    /// over literals (a constant table to the compiler), not a lazily initialised global.
    @inline(__always)
    static func exactPowerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 48 < 10 }

    /// Whether the text is a number written with a leading zero followed by more digits
    /// (`007`, `-01`, `02134`, `00.5`): an identifier or code such as a zip code, whose zeros a
    /// number would lose. `0`, `0.5`, `-0.25` and `0e3` have none.
    @inline(__always)
    static func hasLeadingZero(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let i = count > 0 && (p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+")) ? 1 : 0
        return i + 1 < count && p[i] == UInt8(ascii: "0") && isDigit(p[i + 1])
    }

    /// An integer as type inference reads it: `parseInt64`, except that a leading zero makes
    /// the text not a number (see `hasLeadingZero`).
    @inline(__always)
    static func parseInferredInt64(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
        hasLeadingZero(p, count) ? nil : parseInt64(p, count)
    }

    /// A decimal as type inference reads it: `parseDouble`, except that a leading zero makes
    /// the text not a number, and an integer (no point, no exponent) is a double only when the
    /// double holds it exactly (`12345678901234567890` is not one: it would lose digits).
    @inline(__always)
    static func parseInferredDouble(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        hasLeadingZero(p, count) ? nil : parseDouble(p, count, exactIntegersOnly: true)
    }

    /// Whether `value` converts to a `Double` and back without loss (|value| ≤ 2^53 or a
    /// multiple of a large enough power of two).
    @inline(__always)
    static func isExactAsDouble(_ value: Int64) -> Bool {
        Int64(exactly: Double(value)) == value
    }

    /// A base-10 integer with an optional sign; `nil` on overflow or any other byte.
    @inline(__always)
    package static func parseInt64(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
        guard count > 0 else { return nil }
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") {
            negative = p[0] == UInt8(ascii: "-")
            i = 1
            guard count > 1 else { return nil }
        }
        var magnitude: UInt64 = 0
        if count - i <= 18 {
            while i < count {
                let d = p[i] &- 48
                guard d < 10 else { return nil }
                magnitude = magnitude &* 10 &+ UInt64(d)
                i += 1
            }
            return negative ? -Int64(magnitude) : Int64(magnitude)
        }
        while i < count {
            let d = p[i] &- 48
            guard d < 10 else { return nil }
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(d))
            guard !o1, !o2 else { return nil }
            magnitude = m2
            i += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// A decimal floating-point number (`1`, `-1.5`, `.5`, `1e-7`, `nan`, `inf`, `-Infinity`).
    ///
    /// Uses Clinger's exact fast path (≤ 15 significant digits, |exponent| ≤ 22) and falls
    /// back to `strtod` otherwise, so results are correctly rounded. A number outside the
    /// range of a double (`1e400`, or `1e-400`, which would become 0) is `nil`, never an
    /// infinity or a zero; only the words `inf` and `infinity` are infinite.
    @inline(__always)
    package static func parseDouble(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        parseDouble(p, count, exactIntegersOnly: false)
    }

    @inline(__always)
    private static func parseDouble(_ p: UnsafePointer<UInt8>, _ count: Int, exactIntegersOnly: Bool) -> Double? {
        guard count > 0 else { return nil }
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") {
            negative = p[0] == UInt8(ascii: "-")
            i = 1
        }
        guard i < count else { return nil }
        if !isDigit(p[i]) && p[i] != UInt8(ascii: ".") { return parseSpecial(p + i, count - i, negative: negative) }
        // Digits before and after the point accumulate into one integer mantissa.
        var mantissa: UInt64 = 0
        let integerStart = i
        while i < count {
            let d = p[i] &- 48
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        var digits = i - integerStart
        var exponent = 0
        if i < count, p[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < count {
                let d = p[i] &- 48
                if d >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
            exponent = fractionStart - i
            digits += i - fractionStart
        }
        guard digits > 0 else { return nil }
        if i < count {
            guard p[i] | 0x20 == UInt8(ascii: "e") else { return nil }
            i += 1
            var expNegative = false
            if i < count, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < count else { return nil }
            var e = 0
            while i < count, isDigit(p[i]) {
                if e < 100_000 { e = e * 10 + Int(p[i] &- 48) }
                i += 1
            }
            guard i == count else { return nil }
            exponent += expNegative ? -e : e
        }
        // Clinger's fast path: the mantissa and the power of ten are exact doubles.
        if digits <= 19, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 { value /= exactPowerOfTen(-exponent) } else { value *= exactPowerOfTen(exponent) }
            return negative ? -value : value
        }
        if exactIntegersOnly && i == integerStart + digits {
            // An integer literal beyond 2^53: a double only if it holds the integer exactly
            // (at most 19 digits, so the mantissa did not wrap).
            guard digits <= 19, UInt64(exactly: Double(mantissa)) == mantissa else { return nil }
            return negative ? -Double(mantissa) : Double(mantissa)
        }
        return parseWithStrtod(p, count)
    }

    private static func parseSpecial(_ p: UnsafePointer<UInt8>, _ count: Int, negative: Bool) -> Double? {
        func matches(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == count else { return false }
            let w = word.utf8Start
            for k in 0..<count where p[k] | 0x20 != w[k] { return false }
            return true
        }
        if matches("nan") { return .nan }
        if matches("inf") || matches("infinity") { return negative ? -.infinity : .infinity }
        return nil
    }

    private static func parseWithStrtod(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        guard count < 400 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer -> Double? in
            for k in 0..<count { buffer[k] = CChar(bitPattern: p[k]) }
            buffer[count] = 0
            guard let base = buffer.baseAddress else { return nil }
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &end)
            guard let end, end - base == count else { return nil }
            // Out of range: too large (infinity) or too small (a zero from nonzero digits).
            guard value.isFinite else { return nil }
            if value == 0 && hasNonZeroMantissa(p, count) { return nil }
            return value
        }
    }

    /// Whether a digit before the exponent is not zero (the value written is not zero).
    private static func hasNonZeroMantissa(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for k in 0..<count {
            let b = p[k]
            if b | 0x20 == UInt8(ascii: "e") { return false }
            if b >= UInt8(ascii: "1") && b <= UInt8(ascii: "9") { return true }
        }
        return false
    }

    /// `true` / `false` in any letter case.
    @inline(__always)
    static func parseBool(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool? {
        if count == 4, p[0] | 0x20 == UInt8(ascii: "t"), p[1] | 0x20 == UInt8(ascii: "r"),
           p[2] | 0x20 == UInt8(ascii: "u"), p[3] | 0x20 == UInt8(ascii: "e") { return true }
        if count == 5, p[0] | 0x20 == UInt8(ascii: "f"), p[1] | 0x20 == UInt8(ascii: "a"),
           p[2] | 0x20 == UInt8(ascii: "l"), p[3] | 0x20 == UInt8(ascii: "s"), p[4] | 0x20 == UInt8(ascii: "e") { return false }
        return nil
    }

    @inline(__always)
    private static func twoDigits(_ p: UnsafePointer<UInt8>) -> Int? {
        let a = p[0] &- 48, b = p[1] &- 48
        guard a < 10, b < 10 else { return nil }
        return Int(a) * 10 + Int(b)
    }

    /// `YYYY-MM-DD` → days since 1970-01-01, validated against the calendar.
    @inline(__always)
    static func parseDate(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int32? {
        guard count == 10, p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"),
              let y1 = twoDigits(p), let y2 = twoDigits(p + 2), let month = twoDigits(p + 5), let day = twoDigits(p + 8),
              month >= 1, month <= 12, day >= 1 else { return nil }
        let year = y1 * 100 + y2
        guard day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        return Int32(CivilDate.days(year: year, month: month, day: day))
    }

    /// A parsed ISO 8601 timestamp: the instant (UTC when a zone was given, else naive).
    struct Timestamp {
        var seconds: Int64
        var nanoseconds: Int64
        var fractionDigits: Int
        /// Seconds east of UTC written in the text; `nil` for a naive timestamp.
        var offsetSeconds: Int?
        /// How the text was laid out (separator, seconds, fraction digits); `nil` for a date.
        var layout: TimestampTextLayout? = nil
    }

    /// `YYYY-MM-DD[T| ]HH:MM[:SS[.f…]][Z|±HH[:MM]]`.
    static func parseTimestamp(_ p: UnsafePointer<UInt8>, _ count: Int) -> Timestamp? {
        guard count >= 16, let days = parseDate(p, 10),
              p[10] == UInt8(ascii: "T") || p[10] == UInt8(ascii: " ") || p[10] == UInt8(ascii: "t"),
              let hour = twoDigits(p + 11), p[13] == UInt8(ascii: ":"), let minute = twoDigits(p + 14),
              hour < 24, minute < 60 else { return nil }
        var i = 16
        var second = 0
        var nanos: Int64 = 0
        var fractionDigits = 0
        if i < count, p[i] == UInt8(ascii: ":") {
            guard i + 3 <= count, let s = twoDigits(p + i + 1), s < 61 else { return nil }
            second = s
            i += 3
            if i < count, p[i] == UInt8(ascii: ".") || p[i] == UInt8(ascii: ",") {
                i += 1
                while i < count, isDigit(p[i]) {
                    guard fractionDigits < 9 else { return nil }
                    nanos = nanos * 10 + Int64(p[i] &- 48)
                    fractionDigits += 1
                    i += 1
                }
                guard fractionDigits > 0 else { return nil }
                for _ in fractionDigits..<9 { nanos *= 10 }
            }
        }
        var offset: Int?
        var offsetStyle: TimestampTextLayout.OffsetStyle?
        if i < count {
            if p[i] == UInt8(ascii: "Z") || p[i] == UInt8(ascii: "z") {
                offset = 0
                i += 1
            } else if p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") {
                let negative = p[i] == UInt8(ascii: "-")
                guard i + 3 <= count, let oh = twoDigits(p + i + 1), oh < 24 else { return nil }
                i += 3
                var om = 0
                var colon = false
                if i < count, p[i] == UInt8(ascii: ":") { i += 1; colon = true }
                if i + 2 <= count, let m = twoDigits(p + i) {
                    guard m < 60 else { return nil }
                    om = m
                    i += 2
                    if !colon { offsetStyle = .basic }
                } else if !colon {
                    offsetStyle = .hours
                }
                let magnitude = oh * 3600 + om * 60
                offset = negative ? -magnitude : magnitude
            }
        }
        guard i == count else { return nil }
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        let layout = TimestampTextLayout(separator: p[10] == UInt8(ascii: " ") ? p[10] : UInt8(ascii: "T"),
                                         hasSeconds: count > 16 && p[16] == UInt8(ascii: ":"), fractionDigits: fractionDigits,
                                         offsetStyle: offsetStyle)
        return Timestamp(seconds: local - Int64(offset ?? 0), nanoseconds: nanos,
                         fractionDigits: fractionDigits, offsetSeconds: offset, layout: layout)
    }
}
