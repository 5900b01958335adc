import Foundation

/// Differentially private training (DP-SGD): each step samples every training row with
/// probability q = batch / rows (Poisson sampling), clips each row's gradient to
/// `maxGradientNorm`, adds Gaussian noise of standard deviation noise multiplier ×
/// `maxGradientNorm` to the sum and divides by the expected batch size. The noise multiplier
/// is the smallest that keeps the planned steps (epochs × rows / batch) within `epsilon` at
/// `delta`, by `RDPAccountant`.
///
/// What the guarantee covers: the model's parameters (and so everything generated from
/// them). Training in this mode also starts the output biases uniform (not at the data's
/// frequencies), keeps the last parameters (no checkpoint chosen by a validation loss), and
/// neither early-stops nor lowers the learning rate on loss plateaus, since those choices
/// read the data outside DP-SGD.
public struct DifferentialPrivacySettings: Codable, Sendable, Hashable {
    /// The privacy budget ε the whole training may spend.
    public var epsilon: Double
    /// δ; `nil` takes the smaller of 1e-5 and 1/n^1.1 for n training rows.
    public var delta: Double?
    /// The per-row gradient clipping norm C.
    public var maxGradientNorm: Double

    public init(epsilon: Double, delta: Double? = nil, maxGradientNorm: Double = 1.0) {
        self.epsilon = epsilon
        self.delta = delta
        self.maxGradientNorm = maxGradientNorm
    }

    /// δ for `rows` training rows: the explicit one, or min(1e-5, 1/rows^1.1).
    public func effectiveDelta(rows: Int) -> Double {
        delta ?? min(1e-5, 1 / pow(Double(max(rows, 1)), 1.1))
    }

    /// Throws `ModelError.invalidSetting` for a budget or norm training cannot use.
    public func validate() throws {
        if !(epsilon > 0 && epsilon.isFinite) {
            throw ModelError.invalidSetting("epsilon must be a positive number (got \(epsilon))")
        }
        if let delta, !(delta > 0 && delta < 1) {
            throw ModelError.invalidSetting("delta must be between 0 and 1, exclusive (got \(delta))")
        }
        if !(maxGradientNorm > 0 && maxGradientNorm.isFinite) {
            throw ModelError.invalidSetting("the gradient clipping norm must be positive (got \(maxGradientNorm))")
        }
    }
}

/// The privacy a differentially private training actually spent, kept with the model.
public struct DifferentialPrivacySpent: Codable, Sendable, Hashable {
    /// ε spent by the steps taken (at most the budget).
    public var epsilon: Double
    /// δ of the guarantee.
    public var delta: Double
    /// The budget asked for.
    public var epsilonBudget: Double
    /// Noise standard deviation divided by the clipping norm.
    public var noiseMultiplier: Double
    /// The per-row gradient clipping norm.
    public var maxGradientNorm: Double
    /// Poisson sampling rate per step.
    public var samplingRate: Double
    /// Steps taken.
    public var steps: Int

    public init(epsilon: Double, delta: Double, epsilonBudget: Double, noiseMultiplier: Double, maxGradientNorm: Double,
                samplingRate: Double, steps: Int) {
        self.epsilon = epsilon
        self.delta = delta
        self.epsilonBudget = epsilonBudget
        self.noiseMultiplier = noiseMultiplier
        self.maxGradientNorm = maxGradientNorm
        self.samplingRate = samplingRate
        self.steps = steps
    }

    /// "ε = 4.973 (budget 5), δ = 1e-05".
    public var description: String {
        "ε = \(String(format: "%.3f", epsilon)) (budget \(String(format: "%.3g", epsilonBudget))), δ = \(String(format: "%.3g", delta))"
    }

    /// One line for reports: the figures, or that differential privacy was not used.
    public static func summaryLine(_ spent: DifferentialPrivacySpent?) -> String {
        guard let spent else { return "differential privacy: not used" }
        return "differential privacy: \(spent.description), DP-SGD on the model weights"
    }
}
