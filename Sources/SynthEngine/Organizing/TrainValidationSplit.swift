import SynthData

/// A seeded split of a table's rows into training and validation rows.
public struct TrainValidationSplit: Sendable, Hashable {
    /// Row indices, ascending.
    public var training: [Int]
    public var validation: [Int]

    /// Splits rows at random: `validationShare` of them (rounded) go to validation.
    public static func byRow(rowCount: Int, validationShare: Double, seed: UInt64) -> TrainValidationSplit {
        var indices = Array(0..<max(rowCount, 0))
        var rng = SeededGenerator(seed: seed)
        indices.shuffle(using: &rng)
        let share = min(max(validationShare, 0), 1)
        let validationCount = min(Int((Double(indices.count) * share).rounded()), indices.count)
        return TrainValidationSplit(training: indices[validationCount...].sorted(), validation: indices[..<validationCount].sorted())
    }

    /// Splits by subject key: every row with the same value in `key` lands on the same side
    /// (each key goes to validation with probability `validationShare`), so one subject's
    /// rows never straddle training and validation. Nulls form one key.
    public static func byKey(_ key: Column, validationShare: Double, seed: UInt64) -> TrainValidationSplit {
        var split = TrainValidationSplit(training: [], validation: [])
        let salt = FastHash.mix(seed ^ 0x5DEE_CE66_D1CE_4E5B)
        let threshold = min(max(validationShare, 0), 1)
        for row in 0..<key.count {
            let hash: UInt64
            if key.isNull(row) {
                hash = FastHash.mix(salt)
            } else if case .string(let strings) = key.values {
                hash = FastHash.mix(strings.withBytes(at: row, FastHash.hash) ^ salt)
            } else {
                hash = FastHash.mix(CategoryKey.of(key.values, row: row) ^ salt)
            }
            let u = Double(hash >> 11) * 0x1.0p-53
            if u < threshold { split.validation.append(row) } else { split.training.append(row) }
        }
        return split
    }
}
