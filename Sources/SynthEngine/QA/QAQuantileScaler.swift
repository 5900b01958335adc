/// Maps numbers onto [-0.5, 0.5] by their rank in the original data: 100 quantiles (fewer
/// for small data) with linear interpolation between them, values beyond the ends clamped —
/// the uniform quantile transform used for the distance metrics.
struct QAQuantileScaler {
    private let quantiles: [Double]
    private let references: [Double]
    private let negatedQuantiles: [Double]
    private let negatedReferences: [Double]

    /// Fits on the original values (NaN = missing); `rowCount` (missing included) caps the
    /// number of quantiles.
    init(fitting values: [Double], rowCount: Int) {
        let sorted = values.filter { !$0.isNaN }.sorted()
        let count = max(1, min(100, rowCount))
        references = (0..<count).map { count == 1 ? 0 : Double($0) / Double(count - 1) }
        var q = [Double](repeating: 0, count: count)
        if !sorted.isEmpty {
            var running = -Double.infinity
            for (k, p) in references.enumerated() {
                let position = p * Double(sorted.count - 1)
                let lower = Int(position.rounded(.down))
                let upper = min(lower + 1, sorted.count - 1)
                let fraction = position - Double(lower)
                let value = sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
                running = max(running, value)
                q[k] = running
            }
        }
        quantiles = sorted.isEmpty ? [] : q
        negatedQuantiles = quantiles.reversed().map { -$0 }
        negatedReferences = references.reversed().map { -$0 }
    }

    /// The scaled value in [-0.5, 0.5]; 0 for missing.
    func scale(_ x: Double) -> Double {
        guard !x.isNaN, let first = quantiles.first, let last = quantiles.last else { return 0 }
        var y = 0.5 * (Self.interpolate(x, quantiles, references) - Self.interpolate(-x, negatedQuantiles, negatedReferences))
        if x == last { y = 1 }
        if x == first { y = 0 }
        return y - 0.5
    }

    /// Piecewise-linear interpolation through ascending `xs` (ends clamped), taking the last
    /// of repeated `xs`, like numpy's `interp`.
    /// Called twice per value of every numeric column: the search runs on buffer pointers.
    static func interpolate(_ x: Double, _ xs: [Double], _ ys: [Double]) -> Double {
        let n = xs.count
        // The one check the pointer reads below rely on (the scaler's arrays always pass it).
        precondition(n > 0 && ys.count == n, "interpolation needs equally long, non-empty tables")
        return xs.withUnsafeBufferPointer { xs in
            ys.withUnsafeBufferPointer { ys in
                // In bounds: 0 ≤ lo ≤ mid < hi ≤ n during the search. For ascending `xs` and
                // xs[0] ≤ x < xs[n - 1] (after the early returns) it ends with 1 ≤ lo ≤ n - 1;
                // one check after the loop (not per step) keeps j = lo - 1 and j + 1 in 0 ..< n
                // whatever `x` (NaN) or `xs` hold.
                if x < xs[0] { return ys[0] }
                if x >= xs[n - 1] { return ys[n - 1] }
                var lo = 0, hi = n
                while lo < hi {
                    let mid = (lo &+ hi) >> 1
                    if xs[mid] <= x { lo = mid &+ 1 } else { hi = mid }
                }
                precondition(lo >= 1 && lo < n, "interpolation table is not ascending")
                let j = lo &- 1
                let slope = (ys[j + 1] - ys[j]) / (xs[j + 1] - xs[j])
                let y = slope * (x - xs[j]) + ys[j]
                if y.isNaN { return ys[j] }
                return y
            }
        }
    }
}
