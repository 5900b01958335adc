#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rényi differential privacy (RDP) accounting for DP-SGD: the Poisson-subsampled Gaussian
/// mechanism (Mironov, Talwar & Zhang 2019, "Rényi Differential Privacy of the Sampled
/// Gaussian Mechanism"), composed over steps and converted to (ε, δ) with the conversion of
/// Balle et al. 2020 ("Hypothesis testing interpretations and Rényi differential privacy",
/// Theorem 21), the one Opacus 1.x's `get_privacy_spent` uses.
///
/// The orders are Opacus's `RDPAccountant.DEFAULT_ALPHAS` (1.1, 1.2, …, 10.9 and 12 … 63),
/// so for the same (sampling rate, noise multiplier, steps, δ) the ε agrees with Opacus's
/// (`scripts/check-dp-accountant` compares them).
public enum RDPAccountant {
    /// Opacus's default RDP orders: 1 + k/10 for k = 1…99, then the integers 12…63.
    public static let defaultOrders: [Double] = (1..<100).map { 1 + Double($0) / 10 } + (12..<64).map(Double.init)

    /// RDP of one step of the sampled Gaussian mechanism at `order`: each record is in the
    /// batch with probability `samplingRate`; the clipped sum gets noise of standard deviation
    /// `noiseMultiplier` × the clipping norm.
    public static func rdp(samplingRate q: Double, noiseMultiplier sigma: Double, order alpha: Double) -> Double {
        if q == 0 { return 0 }
        if sigma == 0 { return .infinity }
        if q == 1 { return alpha / (2 * sigma * sigma) }
        if alpha.isInfinite { return .infinity }
        let logA = alpha == alpha.rounded()
            ? logAIntegerOrder(q: q, sigma: sigma, alpha: Int(alpha))
            : logAFractionalOrder(q: q, sigma: sigma, alpha: alpha)
        return logA / (alpha - 1)
    }

    /// RDP at each of `orders` after `steps` steps (RDP composes by addition).
    public static func rdp(samplingRate: Double, noiseMultiplier: Double, steps: Int,
                           orders: [Double] = defaultOrders) -> [Double] {
        orders.map { rdp(samplingRate: samplingRate, noiseMultiplier: noiseMultiplier, order: $0) * Double(steps) }
    }

    /// The smallest ε over the orders for which the RDP curve gives (ε, δ)-DP, and that order.
    public static func epsilon(rdp: [Double], orders: [Double] = defaultOrders, delta: Double) -> (epsilon: Double, order: Double) {
        var best = (epsilon: Double.infinity, order: Double.nan)
        for (r, a) in zip(rdp, orders) where a > 1 {
            let e = r - (log(delta) + log(a)) / (a - 1) + log((a - 1) / a)
            if e.isFinite && e < best.epsilon { best = (e, a) }
        }
        // The conversion can go below zero for tiny RDP; privacy loss is never negative.
        if best.epsilon < 0 { best.epsilon = 0 }
        return best
    }

    /// ε spent after `steps` steps of DP-SGD with these parameters, at `delta`.
    public static func epsilon(samplingRate: Double, noiseMultiplier: Double, steps: Int, delta: Double) -> Double {
        if steps == 0 { return 0 }
        return epsilon(rdp: rdp(samplingRate: samplingRate, noiseMultiplier: noiseMultiplier, steps: steps), delta: delta).epsilon
    }

    /// The smallest noise multiplier (to 0.1%) whose ε after `steps` steps is at most
    /// `epsilon`; `nil` when even a noise multiplier of 10,000 does not fit.
    public static func noiseMultiplier(forEpsilon target: Double, delta: Double, samplingRate: Double, steps: Int) -> Double? {
        func eps(_ s: Double) -> Double { epsilon(samplingRate: samplingRate, noiseMultiplier: s, steps: steps, delta: delta) }
        var high = 1.0
        while eps(high) > target {
            high *= 2
            if high > 10_000 { return nil }
        }
        var low = 0.0
        while high - low > 0.001 * high {
            let mid = (low + high) / 2
            if eps(mid) > target { low = mid } else { high = mid }
        }
        return high
    }

    // MARK: log A_α (Mironov et al. 2019, sections 3.3 and 3.4)

    /// log A_α for an integer order: the binomial expansion.
    static func logAIntegerOrder(q: Double, sigma: Double, alpha: Int) -> Double {
        var logA = -Double.infinity
        var logBinomial = 0.0  // log C(alpha, i)
        for i in 0...alpha {
            if i > 0 { logBinomial += log(Double(alpha - i + 1)) - log(Double(i)) }
            let d = Double(i)
            let term = logBinomial + d * log(q) + Double(alpha - i) * log1p(-q) + (d * d - d) / (2 * sigma * sigma)
            logA = logAdd(logA, term)
        }
        return logA
    }

    /// log A_α for a fractional order: the two infinite series, summed until their terms are
    /// below e^-30.
    static func logAFractionalOrder(q: Double, sigma: Double, alpha: Double) -> Double {
        var logA0 = -Double.infinity, logA1 = -Double.infinity
        let z0 = sigma * sigma * log(1 / q - 1) + 0.5
        var logAbsBinomial = 0.0  // log |C(alpha, i)|
        var positive = true       // sign of C(alpha, i)
        var i = 0
        while i < 100_000 {
            if i > 0 {
                let factor = alpha - Double(i) + 1
                logAbsBinomial += log(abs(factor)) - log(Double(i))
                if factor < 0 { positive.toggle() }
            }
            let d = Double(i), j = alpha - d
            let logT0 = logAbsBinomial + d * log(q) + j * log1p(-q)
            let logT1 = logAbsBinomial + j * log(q) + d * log1p(-q)
            let logE0 = log(0.5) + logErfc((d - z0) / (2.0.squareRoot() * sigma))
            let logE1 = log(0.5) + logErfc((z0 - j) / (2.0.squareRoot() * sigma))
            let logS0 = logT0 + (d * d - d) / (2 * sigma * sigma) + logE0
            let logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1
            if positive {
                logA0 = logAdd(logA0, logS0)
                logA1 = logAdd(logA1, logS1)
            } else {
                logA0 = logSub(logA0, logS0)
                logA1 = logSub(logA1, logS1)
            }
            i += 1
            if max(logS0, logS1) < -30 { break }
        }
        return logAdd(logA0, logA1)
    }

    /// log(e^x + e^y).
    static func logAdd(_ x: Double, _ y: Double) -> Double {
        let a = min(x, y), b = max(x, y)
        if a == -.infinity { return b }
        return log1p(exp(a - b)) + b
    }

    /// log(e^x − e^y) for x ≥ y; −∞ when they are equal.
    static func logSub(_ x: Double, _ y: Double) -> Double {
        if y == -.infinity { return x }
        if x <= y { return -.infinity }
        let d = x - y
        return (d > 700 ? d : log(expm1(d))) + y
    }

    /// log erfc(x), accurate where erfc underflows (large x: the asymptotic series).
    static func logErfc(_ x: Double) -> Double {
        if x < 25 { return log(erfc(x)) }
        let x2 = x * x
        // erfc(x) ≈ e^{-x²}/(x√π) · (1 − 1/(2x²) + 3/(4x⁴) − 15/(8x⁶))
        let series = 1 - 1 / (2 * x2) + 3 / (4 * x2 * x2) - 15 / (8 * x2 * x2 * x2)
        return -x2 - log(x) - 0.5 * log(Double.pi) + log(series)
    }
}
