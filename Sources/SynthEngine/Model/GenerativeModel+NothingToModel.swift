/// A model of a table with nothing left to learn: its encoding has no sub-columns, because
/// every column is a key (`primary_key`, decoded as fresh keys), excluded, or holds a single
/// code after value protection (a categorical column whose categories were all rare decodes
/// as `_RARE_`; a range column with too few values to clip decodes as null). Such a table,
/// typically a small lookup table referenced by foreign keys, still trains and generates: the
/// model has no parameters, and generating it yields rows of zero codes, which decoding turns
/// into fresh keys and the protected columns' single values.
extension GenerativeModel {
    /// The model of zero sub-columns for `training` (whose `subColumns` must be empty).
    /// Nothing is read from the rows but their count, so differentially private training
    /// spends no ε.
    static func nothingToModel(training: EncodedTable, settings: ModelSettings) throws -> GenerativeModel {
        try settings.validate()
        precondition(training.subColumns.isEmpty, "a model of nothing has no sub-columns")
        let rows = settings.maxTrainingRows.map { min($0, training.rowCount) } ?? training.rowCount
        var summary = TrainingSummary(epochs: 0, steps: 0, trainingRows: rows, batchSize: 0, bestEpoch: 0,
                                      bestValidationLoss: nil, finalTrainingLoss: 0, seconds: 0,
                                      stopReason: .nothingToModel, parameterCount: 0)
        if let privacy = settings.differentialPrivacy {
            try privacy.validate()
            summary.differentialPrivacy = DifferentialPrivacySpent(
                epsilon: 0, delta: privacy.effectiveDelta(rows: rows), epsilonBudget: privacy.epsilon, noiseMultiplier: 0,
                maxGradientNorm: privacy.maxGradientNorm, samplingRate: 0, steps: 0)
        }
        return GenerativeModel(subColumns: [], settings: settings, summary: summary,
                               architecture: ModelArchitecture(cardinalities: [], columnOfSubColumn: [], embeddingDims: [],
                                                               hiddenDims: []),
                               parameters: [])
    }

    /// `range`'s rows of a model of zero sub-columns, in chunks of at most `chunkSize`.
    func generateNothing(range: Range<Int>, chunkSize: Int, body: (EncodedTable) throws -> Void) throws {
        var offset = range.lowerBound
        while offset < range.upperBound {
            let take = min(chunkSize, range.upperBound - offset)
            try body(EncodedTable(subColumns: [], rowCount: take, codes: []))
            offset += take
        }
    }
}
