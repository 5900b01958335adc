/// Decimal places of doubles, in the exact sense the digit encoding needs: `x` has `d`
/// decimals when `(x · 10ᵈ).rounded() / 10ᵈ == x` with the scaled value below 2⁵³, so that
/// decoding the scaled integer gives back the very same `Double`.
public enum DecimalPlaces {
    /// The most decimals looked for; values needing more count as "many decimals".
    public static let limit = 15

    /// `10ᵏ` for k in 0...22, all exactly representable.
    static let powersOfTen: [Double] = {
        var powers: [Double] = [1]
        for _ in 1...22 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    /// Largest magnitude of a scaled integer that a `Double` holds exactly.
    static let exactIntegerLimit = 9_007_199_254_740_992.0 // 2^53

    /// Whether `x` is exactly `n / 10ᵈ` for an integer `n` with `|n| < 2⁵³`.
    @inline(__always)
    public static func fits(_ x: Double, decimals d: Int) -> Bool {
        let p = powersOfTen[d]
        let scaled = (x * p).rounded()
        return abs(scaled) < exactIntegerLimit && scaled / p == x
    }

    /// The fewest decimals, at least `atLeast`, that `x` fits, or `nil` beyond `limit`.
    @inline(__always)
    public static func needed(_ x: Double, atLeast: Int = 0) -> Int? {
        var d = atLeast
        while d <= limit {
            if fits(x, decimals: d) { return d }
            d += 1
        }
        return nil
    }
}
