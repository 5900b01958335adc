/// What value protection changed in one column: rare categories replaced by `_RARE_`, or a
/// range clipped at its k-th smallest and largest values so no single extreme value leaks.
public struct ProtectionReport: Codable, Sendable, Hashable {
    /// The values a column's rare threshold and clip rank are drawn from (each column draws
    /// its own, seeded): a value fewer training rows hold than the threshold is never kept.
    public static let drawnThresholds = 5...7

    /// Whether value protection was on for this column.
    public var enabled: Bool
    /// Categories seen fewer than this many times became `_RARE_` (categorical encodings).
    public var rareThreshold: Int?
    /// Distinct categories replaced by `_RARE_`.
    public var rareCategories: Int
    /// Rows holding such a category.
    public var rareRows: Int
    /// The range was clipped at the k-th smallest and k-th largest value (range encodings).
    public var clipRank: Int?
    /// Values raised to the lower bound / lowered to the upper bound.
    public var clippedLow: Int
    public var clippedHigh: Int
    /// The protected range, as text.
    public var lowerBound: String?
    public var upperBound: String?
    /// Non-null values of a column too small to clip (fewer than `clipRank`): the column
    /// was fitted as all null, so its synthetic values are null (`nil` when not so).
    public var suppressedValues: Int?

    /// Nothing protected.
    public static func none(enabled: Bool) -> ProtectionReport {
        ProtectionReport(enabled: enabled, rareThreshold: nil, rareCategories: 0, rareRows: 0, clipRank: nil,
                         clippedLow: 0, clippedHigh: 0, lowerBound: nil, upperBound: nil)
    }

    /// Whether any value was changed.
    public var changedAnything: Bool { rareRows > 0 || clippedLow > 0 || clippedHigh > 0 || suppressedValues != nil }

    /// One line for the `columns` table, e.g. `3 rare → _RARE_ (7 rows)` or
    /// `clipped 4 low, 6 high to [0.2, 4.5]`; `off` when disabled, `—` when nothing changed.
    public var summary: String {
        guard enabled else { return "off" }
        var parts: [String] = []
        if let suppressedValues {
            parts.append("only \(suppressedValues) values, too few to clip → null")
        }
        if rareRows > 0 { parts.append("\(rareCategories) rare → _RARE_ (\(rareRows) rows)") }
        if clippedLow > 0 || clippedHigh > 0 {
            let range = lowerBound.flatMap { lo in upperBound.map { " to [\(lo), \($0)]" } } ?? ""
            parts.append("clipped \(clippedLow) low, \(clippedHigh) high\(range)")
        }
        return parts.isEmpty ? "—" : parts.joined(separator: "; ")
    }
}

/// Value protection settings drawn once per column from the seeded generator.
struct ProtectionPolicy: Sendable {
    let enabled: Bool
    /// Categories seen fewer times than this become `_RARE_`: one of `ProtectionReport.drawnThresholds`.
    private(set) var rareThreshold: Int
    /// Ranges are clipped at the k-th smallest / largest value: k is one of `ProtectionReport.drawnThresholds`.
    private(set) var clipRank: Int

    init(enabled: Bool, rng: inout SeededGenerator) {
        self.enabled = enabled
        let drawn = ProtectionReport.drawnThresholds
        rareThreshold = drawn.lowerBound + rng.nextInt(below: drawn.count)
        clipRank = drawn.lowerBound + rng.nextInt(below: drawn.count)
    }

    /// The strictest policy any column can draw (threshold and clip rank 7): for values whose
    /// column has no single encoding to take the draw from (a linked table's report mixes the
    /// subject's and the linked table's columns and derives per-subject figures), so the report
    /// is at least as protective as every encoding involved.
    static func strictest(enabled: Bool) -> ProtectionPolicy {
        var rng = SeededGenerator(seed: 0)
        var policy = ProtectionPolicy(enabled: enabled, rng: &rng)
        policy.rareThreshold = ProtectionReport.drawnThresholds.upperBound
        policy.clipRank = ProtectionReport.drawnThresholds.upperBound
        return policy
    }

    /// The policy of the column at `index` of a table fitted with `seed`: the draws
    /// `TableEncoder.fit` makes, so anything else that shows values of that table (the QA
    /// report) protects them with the very thresholds the encoding used.
    static func forColumn(_ index: Int, seed: UInt64, enabled: Bool) -> ProtectionPolicy {
        var rng = SeededGenerator(seed: seed).derived(stream: UInt64(index))
        return ProtectionPolicy(enabled: enabled, rng: &rng)
    }

    /// Whether a category seen `count` times may be named (kept as itself rather than
    /// merged into `_RARE_`): always when protection is off.
    func keeps(count: Int) -> Bool { !enabled || count >= rareThreshold }

    /// The protected range of ascending-sortable values given the `clipRank` smallest and
    /// largest (ascending / descending), or the full range when protection is off.
    func range<T: Comparable>(smallest: [T], largest: [T], count: Int) -> (lower: T, upper: T)? {
        guard let minimum = smallest.first, let maximum = largest.first else { return nil }
        guard enabled else { return (minimum, maximum) }
        let k = min(clipRank, count)
        var lower = smallest[min(k, smallest.count) - 1]
        var upper = largest[min(k, largest.count) - 1]
        if lower > upper { swap(&lower, &upper) }
        return (lower, upper)
    }
}
