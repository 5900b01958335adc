import Foundation

/// Sampling uncertainty of the privacy figures, and the verdicts that follow from it.
///
/// The figures are measured on `n` records each of synthetic, training and holdout data; the
/// reported DCR share is the highest over the column groups checked, so the intervals hold
/// jointly over those groups (Bonferroni: each at 1 − 0.05/groups, two-sided).
enum QAPrivacyUncertainty {
    /// The joint confidence of every interval.
    static let confidence = 0.95
    /// Sizes beyond this are "more than" in a note: the figure sits (almost) on the threshold.
    static let largestNeededSize = 10_000_000

    /// The two-sided normal quantile for `groups` simultaneous intervals at `confidence`.
    static func z(groups: Int) -> Double {
        normalQuantile(1 - (1 - confidence) / Double(2 * max(groups, 1)))
    }

    /// Φ⁻¹(p) for p in (0.5, 1), by bisection on Φ(x) = erfc(−x/√2)/2.
    static func normalQuantile(_ p: Double) -> Double {
        var lo = 0.0, hi = 40.0
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if 0.5 * erfc(-mid / 2.squareRoot()) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// The Wilson score interval of a share `p` measured on `n` trials.
    static func wilson(share p: Double, n: Int, z: Double) -> (lower: Double, upper: Double) {
        guard n > 0 else { return (0, 1) }
        let nd = Double(n), z2 = z * z
        let centre = (p + z2 / (2 * nd)) / (1 + z2 / nd)
        let half = z * (p * (1 - p) / nd + z2 / (4 * nd * nd)).squareRoot() / (1 + z2 / nd)
        return (max(0, centre - half), min(1, centre + half))
    }

    /// Mean of `values` with a normal interval (for paired differences).
    static func meanInterval(_ values: [Double], z: Double) -> (mean: Double, lower: Double, upper: Double) {
        guard !values.isEmpty else { return (0, 0, 0) }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.count > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
        let half = z * (variance / n).squareRoot()
        return (mean, mean - half, mean + half)
    }

    /// mean(x) / mean(y) for paired samples, with a delta-method interval.
    static func ratioInterval(_ x: [Double], _ y: [Double], z: Double) -> (ratio: Double, lower: Double, upper: Double) {
        let n = Double(min(x.count, y.count))
        guard n > 0 else { return (1, 1, 1) }
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        guard my > 0 else { return (1, 1, 1) }
        let r = mx / my
        let residuals = zip(x, y).map { $0 - r * $1 }
        let variance = n > 1 ? residuals.reduce(0) { $0 + $1 * $1 } / (n - 1) : 0
        let half = z * (variance / n).squareRoot() / my
        return (r, r - half, r + half)
    }

    /// Records at which an interval of half-width `halfWidth` at `n` records (shrinking as
    /// 1/√n) around `estimate` would leave out `threshold`; `nil` beyond `largestNeededSize`.
    static func neededSize(estimate: Double, halfWidth: Double, n: Int, threshold: Double) -> Int? {
        let gap = abs(threshold - estimate)
        guard gap > 0 else { return nil }
        let needed = (halfWidth / gap) * (halfWidth / gap) * Double(n)
        return needed < Double(largestNeededSize) ? max(n + 1, Int(needed.rounded(.up))) : nil
    }

    /// The verdict of a rule "value ≤ threshold" (or "≥" with `atMost` false) on an interval.
    static func verdict(lower: Double, upper: Double, threshold: Double, atMost: Bool) -> QAVerdict {
        if atMost {
            if upper <= threshold { return .pass }
            if lower > threshold { return .fail }
        } else {
            if lower >= threshold { return .pass }
            if upper < threshold { return .fail }
        }
        return .inconclusive
    }

    /// The smallest number of records at which a share `p` would give a Wilson interval that
    /// leaves out `threshold` (so a verdict, pass or fail); `nil` beyond `largestNeededSize`.
    static func neededSize(share p: Double, threshold: Double, z: Double) -> Int? {
        func decides(_ n: Int) -> Bool {
            let (lower, upper) = wilson(share: p, n: n, z: z)
            return upper <= threshold || lower > threshold
        }
        var hi = 1
        while !decides(hi) {
            if hi >= largestNeededSize { return nil }
            hi = min(hi * 2, largestNeededSize)
        }
        var lo = hi / 2
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if decides(mid) { hi = mid } else { lo = mid }
        }
        return hi
    }

    /// `about 720` (two significant figures), or `more than 10,000,000`.
    static func aboutText(_ n: Int?) -> String {
        guard let n else { return "more than \(largestNeededSize)" }
        guard n >= 100 else { return "about \(n)" }
        var magnitude = 1
        while n / magnitude >= 100 { magnitude *= 10 }
        let rounded = (n + magnitude - 1) / magnitude * magnitude
        return "about \(rounded)"
    }
}
