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

    /// Protection with `policy` (for example `ProtectionPolicy.strictest`).
    init(policy: ProtectionPolicy, options: QAOptions) {
        self.policy = policy
        minimumCount = policy.enabled ? max(options.minimumCategoryCount, policy.rareThreshold) : options.minimumCategoryCount
    }

    /// Whether a value held by `trainingCount` training rows may be named.
    func names(trainingCount: Int) -> Bool { trainingCount >= minimumCount }

    /// How a column's numbers are protected in the report.
    enum NumericProtection: Sendable, Equatable {
        /// Shown as they are (protection off, or no finite training values).
        case none
        /// Clipped into the protected range of the training values.
        case clip(ClosedRange<Double>)
        /// Fewer finite training values than the clip rank: any bound would be one record's
        /// value, so the report treats every value as missing (as the encoding fits the
        /// column as all null, `TableEncoder.suppressedIfTooFewToClip`).
        case suppress
    }

    /// The protection of the finite training values (NaN = missing).
    func range(ofTraining values: [Double]) -> NumericProtection {
        guard policy.enabled else { return .none }
        var extremes = ExtremeValues<Double>(k: 10)
        var count = 0
        for value in values where value.isFinite {
            extremes.add(value)
            count += 1
        }
        if count > 0 && count < policy.clipRank { return .suppress }
        guard let range = policy.range(smallest: extremes.smallest, largest: extremes.largest, count: count) else { return .none }
        return .clip(range.lower...range.upper)
    }

    /// `values` protected as `protection` says: finite values clipped into the range, or
    /// made missing (NaN) when suppressed; NaN and infinities stay as they are otherwise.
    static func clip(_ values: [Double], to protection: NumericProtection) -> [Double] {
        switch protection {
        case .none: return values
        case .clip(let range): return values.map { $0.isFinite ? min(max($0, range.lowerBound), range.upperBound) : $0 }
        case .suppress: return values.map { $0.isFinite ? .nan : $0 }
        }
    }

    /// The values among `candidates` that at least `minimumCount` of the (clipped) training
    /// values equal: the distinct values that may label a bin of their own. With protection
    /// off every candidate may (mostlyai-qa gives each of a column's few distinct numbers its
    /// own bin, however few rows hold it; only categories need `minimumCount` rows there).
    func nameable(_ candidates: [Double], training: [Double]) -> [Double] {
        guard policy.enabled else { return candidates }
        var counts = [Double: Int](minimumCapacity: candidates.count)
        for candidate in candidates { counts[candidate] = 0 }
        for value in training where counts[value] != nil { counts[value, default: 0] += 1 }
        return candidates.filter { names(trainingCount: counts[$0] ?? 0) }
    }
}
