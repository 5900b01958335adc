/// The quality report of a synthetic table against the original (training, and holdout
/// when given): accuracy of the distributions, privacy distances, correlations and summary
/// statistics. Compute it with `QAReport.compute(synthetic:training:holdout:options:)`;
/// render it with `QAHTMLRenderer.render(_:)` or the terminal's
/// `QATextRenderer(utf8:width:).render(_:column:worst:)`. Codable, so it can be stored with a job.
///
/// The definitions follow mostlyai-qa so that the figures agree with that reference
/// (`scripts/check-qa-vs-mostlyai-qa`):
/// - accuracy is measured against training plus holdout; bins as in `QABinner`; per column,
///   pair and triple `1 − ½ Σ|p − q|` rounded to 5 decimals; the ceiling `*Max` is the
///   expected accuracy of a same-sized sample of the original (normal approximation per bin);
///   overall is the mean of the univariate, bivariate and trivariate means;
/// - distances use `n = min(synthetic, training, holdout)` records drawn from each table,
///   encoded by `QARecordEncoder` (unit-length rows) and compared by Euclidean distance; the
///   DCR share counts ties half; identical matches are distances ≤ 1e-6; NNDR is the 10th
///   smallest ratio; with more than ten dimensions the column group with the highest DCR
///   share is reported.
///
/// What the report shows of the original rows follows value protection (`QAValueProtection`,
/// on unless `QAOptions.valueProtection` is off): bin labels, category names and summary
/// statistics never name a value held by fewer training rows than the encoding's rare
/// threshold, nor a raw extreme beyond the encoding's clipped range, so the report can leave
/// the store (job package, share bundle) without carrying a training record.
///
/// Where synth differs on purpose: categories are embedded with hashed character trigrams
/// (mostlyai-qa uses a bundled language-model embedder), correlated column groups come from
/// average-linkage clustering (mostlyai-qa: spectral clustering), free-text columns are scored on
/// one sampled word-level token per value (mostlyai-qa: one GPT-2 byte-pair token; docs/QA.md), correlations are Cramér's V
/// (mostlyai-qa: phik), and the privacy verdicts with their thresholds are synth's own
/// (`QAOptions`).
public struct QAReport: Sendable, Hashable, Codable {
    /// Rows of each input table.
    public var syntheticRows: Int
    public var trainingRows: Int
    public var holdoutRows: Int?
    /// Overall, univariate, bivariate and trivariate accuracy with their ceilings.
    public var accuracy: QAAccuracySummary
    /// Per column: accuracy and the binned distributions (training order).
    public var columns: [QAColumnReport]
    /// Accuracy of every pair of columns.
    public var bivariate: [QAPairAccuracy]
    /// Number of column triples scored.
    public var trivariateCount: Int
    /// Distance-based privacy metrics; `nil` for a table without columns to measure.
    public var privacy: QAPrivacy?
    /// Association matrices of the original and the synthetic data.
    public var correlations: QACorrelations
    /// Summary statistics per column, original next to synthetic.
    public var statistics: [QAColumnStatistics]
    /// The options the report was computed with.
    public var options: QAOptions
    /// The privacy budget the model's DP-SGD training spent; `nil`: trained without
    /// differential privacy (the job sets it; `compute` cannot know).
    public var differentialPrivacy: DifferentialPrivacySpent? = nil
    /// Text figures of each free-text column (`nil` in reports from before they were kept).
    public var text: [QATextColumnReport]? = nil
    /// A linked table's sequences: coherence, sequence lengths, the subject records privacy is
    /// measured on (`nil` for a flat table). With it, accuracy is scored per subject with the
    /// subject's columns as context and `privacy` compares subjects with their sequences.
    public var sequences: QASequenceReport? = nil

    /// The column report named `name`, if any.
    public func column(named name: String) -> QAColumnReport? { columns.first { $0.name == name } }

    /// Accuracy of the pair `(a, b)` in either order.
    public func pairAccuracy(_ a: String, _ b: String) -> QAAccuracyScore? {
        bivariate.first { ($0.first == a && $0.second == b) || ($0.first == b && $0.second == a) }?.score
    }
}

/// Mean accuracies per level; `*Max` are the sampling-noise ceilings.
public struct QAAccuracySummary: Sendable, Hashable, Codable {
    /// Mean of univariate, bivariate and trivariate (those that exist).
    public var overall: Double
    public var overallMax: Double
    public var univariate: Double
    public var univariateMax: Double
    /// `nil` with fewer than two columns.
    public var bivariate: Double?
    public var bivariateMax: Double?
    /// `nil` with fewer than three columns.
    public var trivariate: Double?
    public var trivariateMax: Double?
    /// A linked table's coherence (`QASequenceCoherence`), which then counts in `overall` as a
    /// fourth level, as in mostlyai-qa; `nil` for a flat table.
    public var coherence: Double? = nil
    public var coherenceMax: Double? = nil
}

/// One column's accuracy and its binned distributions.
public struct QAColumnReport: Sendable, Hashable, Codable {
    public var name: String
    public var kind: QAColumnKind
    public var score: QAAccuracyScore
    /// Bins holding original or synthetic rows, in bin order.
    public var bins: [QABin]
}

/// One bin: its label and the shares of original and synthetic rows in it.
public struct QABin: Sendable, Hashable, Codable {
    public var label: String
    public var original: Double
    public var synthetic: Double
}

/// Accuracy of the joint bins of two columns.
public struct QAPairAccuracy: Sendable, Hashable, Codable {
    public var first: String
    public var second: String
    public var score: QAAccuracyScore
}
