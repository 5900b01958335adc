/// Distance-based privacy metrics: how close synthetic records come to training records,
/// measured against how close they come to holdout records the generator never saw.
public struct QAPrivacy: Sendable, Hashable, Codable {
    /// Records drawn from each of synthetic, training and holdout (equal sizes).
    public var sampleSize: Int
    /// Dimensions of the encoded records, and those the reported figures use (the subset
    /// with the highest DCR share when column groups are checked).
    public var dimensions: Int
    public var columnsUsed: [String]
    /// Mean distance from a synthetic record to its closest training record (DCR).
    public var dcrTraining: Double
    /// Mean distance from a synthetic record to its closest holdout record.
    public var dcrHoldout: Double?
    /// Mean distance from a holdout record to its closest training record (the reference).
    public var dcrTrainingHoldout: Double?
    /// Share of synthetic records closer to training than to holdout (ties count half);
    /// about 50% means the generator did not memorise training records.
    public var dcrShare: Double?
    /// 10th smallest nearest-neighbour distance ratio (closest / second closest), synthetic to training.
    public var nndrTraining: Double
    public var nndrHoldout: Double?
    public var nndrTrainingHoldout: Double?
    /// Share of synthetic records that are exact copies of a training record (DCR ≤ 1e-6).
    public var identicalMatchTraining: Double
    /// Share of synthetic records that are exact copies of a holdout record.
    public var identicalMatchHoldout: Double?
    /// Share of holdout records that are exact copies of a training record.
    public var identicalMatchTrainingHoldout: Double?
    /// Distribution of the DCRs, for charts.
    public var histogram: QADistanceHistogram
    /// Pass/fail verdicts, each with its threshold.
    public var tests: [QAPrivacyTest]
}

/// Shares of records per distance bin, for synthetic→training, synthetic→holdout and
/// holdout→training distances over the same bins.
public struct QADistanceHistogram: Sendable, Hashable, Codable {
    /// `edges.count - 1` bins; the last bin also holds all larger distances.
    public var edges: [Double]
    public var syntheticToTraining: [Double]
    public var syntheticToHoldout: [Double]?
    public var holdoutToTraining: [Double]?
}

/// One privacy check with its rule and outcome.
public struct QAPrivacyTest: Sendable, Hashable, Codable {
    /// Short name, e.g. `DCR share`.
    public var name: String
    /// The measured value.
    public var value: Double
    /// The rule, stated with its threshold, e.g. `≤ 55%`.
    public var rule: String
    public var passed: Bool
}
