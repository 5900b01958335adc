import Foundation

/// Accuracy of one column, pair or triple: 1 − total variation distance between the
/// original and synthetic bin frequencies, next to the accuracy a same-sized sample of the
/// original itself would be expected to reach (the ceiling set by sampling noise).
public struct QAAccuracyScore: Sendable, Hashable, Codable {
    /// 1 − ½ Σ |p_original − p_synthetic| over the (joint) bins, rounded to 5 decimals.
    public var accuracy: Double
    /// 1 − ½ E[Σ |p̂₁ − p̂₂|] for two samples of the original distribution of the original's
    /// and the synthetic's sizes (normal approximation per bin), rounded to 5 decimals.
    public var accuracyMax: Double

    public init(accuracy: Double, accuracyMax: Double) {
        self.accuracy = accuracy
        self.accuracyMax = accuracyMax
    }

    /// Scores two count vectors over the same (joint) bins.
    static func score(original: UnsafeBufferPointer<Int32>, synthetic: UnsafeBufferPointer<Int32>,
                      originalTotal: Int, syntheticTotal: Int) -> QAAccuracyScore {
        let nOri = Double(max(originalTotal, 1)), nSyn = Double(max(syntheticTotal, 1))
        let noise = 2 / Double.pi * (1 / nOri + 1 / nSyn)
        var observed = 0.0, expected = 0.0
        for i in 0..<original.count {
            let p = Double(original[i]) / nOri
            let q = Double(synthetic[i]) / nSyn
            observed += abs(p - q)
            if p > 0 { expected += (noise * p * (1 - p)).squareRoot() }
        }
        return QAAccuracyScore(accuracy: round5(1 - observed / 2), accuracyMax: round5(1 - expected / 2))
    }

    /// Rounds half to even at the 5th decimal, as numpy's `round(x, 5)` does.
    static func round5(_ x: Double) -> Double { (x * 1e5).rounded(.toNearestOrEven) / 1e5 }
}
