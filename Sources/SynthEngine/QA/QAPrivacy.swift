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
///
/// Each figure comes with its sampling uncertainty (`interval`): on a small holdout the
/// figures are noisy, so the verdict is `pass` only when the whole interval meets the rule,
/// `fail` only when the whole interval breaks it, and `inconclusive` when the interval
/// covers the threshold (then `note` says how many records a verdict needs).
public struct QAPrivacyTest: Sendable, Hashable, Codable {
    /// Short name, e.g. `DCR share`.
    public var name: String
    /// The measured value.
    public var value: Double
    /// The rule, stated with its threshold, e.g. `≤ 55%`.
    public var rule: String
    /// Whether the verdict is `pass` (kept for readers of older reports).
    public var passed: Bool
    /// The verdict, from the interval; reports from before intervals have only pass/fail.
    public var verdict: QAVerdict
    /// The range the value lies in with the report's confidence, if measured.
    public var interval: QAInterval?
    /// Why a verdict is inconclusive and what would settle it, e.g.
    /// `holdout too small: 69 records; a verdict needs about 700`.
    public var note: String?

    public init(name: String, value: Double, rule: String, verdict: QAVerdict, interval: QAInterval? = nil, note: String? = nil) {
        self.name = name
        self.value = value
        self.rule = rule
        self.passed = verdict == .pass
        self.verdict = verdict
        self.interval = interval
        self.note = note
    }

    /// Decodes reports of any version: one without a verdict takes it from `passed`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        value = try c.decode(Double.self, forKey: .value)
        rule = try c.decode(String.self, forKey: .rule)
        passed = try c.decode(Bool.self, forKey: .passed)
        verdict = try c.decodeIfPresent(QAVerdict.self, forKey: .verdict) ?? (passed ? .pass : .fail)
        interval = try c.decodeIfPresent(QAInterval.self, forKey: .interval)
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }
}

extension QAPrivacyTest {
    /// The interval and, for an inconclusive verdict, what would settle it, in words:
    /// `95% interval 58.0%–79.1% (Wilson score, 7 column groups, Bonferroni); inconclusive
    /// (holdout too small: 69 records; a verdict needs about 720)`.
    public var uncertaintyText: String? {
        guard let interval else { return nil }
        let isShare = name != "DCR ratio"
        func show(_ x: Double) -> String {
            isShare ? String(format: "%.1f%%", x * 100) : String(format: "%.2f", x)
        }
        var text = "\(Int((interval.confidence * 100).rounded()))% interval \(show(interval.lower))–\(show(interval.upper))"
            + " (\(interval.method))"
        if verdict == .inconclusive { text += "; inconclusive" + (note.map { " (\($0))" } ?? "") }
        return text
    }
}

/// The outcome of a privacy check.
public enum QAVerdict: String, Sendable, Hashable, Codable {
    case pass, fail, inconclusive

    /// `PASS`, `FAIL` or `INCONCLUSIVE`, as reports show it.
    public var label: String { rawValue.uppercased() }
}

/// A confidence interval around a measured figure.
public struct QAInterval: Sendable, Hashable, Codable {
    public var lower: Double
    public var upper: Double
    /// The confidence level, e.g. 0.95 (jointly over the column groups checked).
    public var confidence: Double
    /// How it was computed, e.g. `Wilson score, 7 column groups (Bonferroni)`.
    public var method: String

    public init(lower: Double, upper: Double, confidence: Double, method: String) {
        self.lower = lower
        self.upper = upper
        self.confidence = confidence
        self.method = method
    }
}
