/// Text of the form `"lat, long"` (e.g. `40.6925, -74.1687`): two decimal numbers with
/// latitude in -90...90 and longitude in -180...180, split by a comma and optional spaces.
public enum LatLongText {
    /// One parsed coordinate pair: each as an integer scaled by 10^decimals.
    public struct Parsed: Sendable, Hashable {
        public var latitude: Int64
        public var latitudeDecimals: Int
        public var longitude: Int64
        public var longitudeDecimals: Int
        /// Number of spaces after the comma.
        public var spaces: Int
    }

    /// Most decimals accepted per coordinate.
    public static let maxDecimals = 9

    /// Parses `bytes`, or returns `nil` when they are not a valid pair.
    @inline(__always)
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Parsed? {
        var i = 0
        guard let (lat, latDecimals) = number(bytes, &i), i < bytes.count, bytes[i] == 44 else { return nil }
        i += 1
        var spaces = 0
        while i < bytes.count, bytes[i] == 32 { i += 1; spaces += 1 }
        guard let (lon, lonDecimals) = number(bytes, &i), i == bytes.count else { return nil }
        guard abs(lat) <= 90 * pow10(latDecimals), abs(lon) <= 180 * pow10(lonDecimals) else { return nil }
        return Parsed(latitude: lat, latitudeDecimals: latDecimals, longitude: lon, longitudeDecimals: lonDecimals, spaces: spaces)
    }

    /// `10ⁿ` as an integer.
    @inline(__always)
    public static func pow10(_ n: Int) -> Int64 {
        var p: Int64 = 1
        for _ in 0..<n { p *= 10 }
        return p
    }

    /// Shortest decimal text of `scaled / 10^decimals` (no trailing zeros after the point).
    public static func formatCoordinate(_ scaled: Int64, decimals: Int) -> String {
        var d = decimals
        var v = scaled
        while d > 0, v % 10 == 0 { v /= 10; d -= 1 }
        let negative = v < 0
        let magnitude = String(v.magnitude)
        guard d > 0 else { return (negative ? "-" : "") + magnitude }
        let padded = magnitude.count <= d ? String(repeating: "0", count: d - magnitude.count + 1) + magnitude : magnitude
        let split = padded.index(padded.endIndex, offsetBy: -d)
        return (negative ? "-" : "") + padded[..<split] + "." + padded[split...]
    }

    @inline(__always)
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> (Int64, Int)? {
        var negative = false
        if i < bytes.count, bytes[i] == 45 { negative = true; i += 1 } else if i < bytes.count, bytes[i] == 43 { i += 1 }
        var value: Int64 = 0
        var digits = 0, decimals = 0
        var seenPoint = false
        while i < bytes.count {
            let b = bytes[i]
            if b >= 48 && b <= 57 {
                guard digits < 15 else { return nil }
                value = value * 10 + Int64(b - 48)
                digits += 1
                if seenPoint { decimals += 1 }
            } else if b == 46, !seenPoint {
                seenPoint = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0, decimals <= maxDecimals, !(seenPoint && decimals == 0) else { return nil }
        return (negative ? -value : value, decimals)
    }
}
