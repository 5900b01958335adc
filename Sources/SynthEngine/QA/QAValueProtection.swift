import SynthData

/// Value protection in the QA report: what the report says about the original rows follows
/// the same rules as the encoding (`ProtectionPolicy`), so a report that leaves the store
/// (job package, share bundle, `report` file) names nothing that rests on a single record.
///
/// - A category (or free-text token) is named only when at least `minimumCount` training
///   rows hold it; the others fall into `(other)`, and a most frequent value below the
///   threshold shows as `_RARE_`.
/// - Numbers and datetimes are clipped into the protected range of the training values (the
///   k-th smallest to the k-th largest, k = the policy's clip rank) before they are binned or
///   summarized, so minimum, maximum, mean and bin edges never show a raw extreme.
///
/// The policy of column `i` is the one `TableEncoder.fit` draws for the training table's
/// column `i` with the same seed (`QAOptions.valueProtectionSeed`, else `seed`), so a job's
/// report protects with its encoding's thresholds.
struct QAValueProtection: Sendable {
    let policy: ProtectionPolicy
    /// Training rows a category needs to be named (`QAOptions.minimumCategoryCount` when
    /// protection is off, else the larger of it and the policy's rare threshold).
    let minimumCount: Int

    /// The protection of the training table's column at `index`.
    init(column index: Int, options: QAOptions) {
        policy = ProtectionPolicy.forColumn(index, seed: options.valueProtectionSeed ?? options.seed, enabled: options.valueProtection)
        minimumCount = policy.enabled ? max(options.minimumCategoryCount, policy.rareThreshold) : options.minimumCategoryCount
    }

    /// Whether a value held by `trainingCount` training rows may be named.
    func names(trainingCount: Int) -> Bool { trainingCount >= minimumCount }

    /// The protected range of the finite training values (NaN = missing); `nil` when there
    /// are none or protection is off.
    func range(ofTraining values: [Double]) -> ClosedRange<Double>? {
        guard policy.enabled else { return nil }
        var extremes = ExtremeValues<Double>(k: 10)
        var count = 0
        for value in values where value.isFinite {
            extremes.add(value)
            count += 1
        }
        guard let range = policy.range(smallest: extremes.smallest, largest: extremes.largest, count: count) else { return nil }
        return range.lower...range.upper
    }

    /// `values` with every finite value clipped into `range` (unchanged when `nil`); NaN and
    /// infinities stay as they are.
    static func clip(_ values: [Double], to range: ClosedRange<Double>?) -> [Double] {
        guard let range else { return values }
        return values.map { $0.isFinite ? min(max($0, range.lowerBound), range.upperBound) : $0 }
    }

    /// The values among `candidates` that at least `minimumCount` of the (clipped) training
    /// values equal: the distinct values that may label a bin of their own.
    func nameable(_ candidates: [Double], training: [Double]) -> [Double] {
        var counts = [Double: Int](minimumCapacity: candidates.count)
        for candidate in candidates { counts[candidate] = 0 }
        for value in training where counts[value] != nil { counts[value, default: 0] += 1 }
        return candidates.filter { names(trainingCount: counts[$0] ?? 0) }
    }
}
