/// How a model's training will run, resolved from its settings and its training rows before
/// the first step: what `job J` and `watch` show while training, and what the trainer uses.
public struct TrainingPlan: Sendable, Hashable {
    /// Trainable parameters of the model the settings and sub-columns make.
    public var parameterCount: Int
    /// Rows the optimiser steps on (after `maxTrainingRows`).
    public var rows: Int
    /// Rows per optimiser step (the expected batch under differential privacy).
    public var batchSize: Int
    public var stepsPerEpoch: Int
    /// The epochs training may run: the epoch limit, or fewer where `.budget` stopping's step
    /// budget ends first.
    public var maxEpochs: Int
    /// The initial learning rate.
    public var learningRate: Double
    /// Whether the step budget, not the epoch limit, bounds `maxEpochs`.
    public var endsOnStepBudget: Bool

    /// The plan for `settings` on `rows` training rows of a model of `parameterCount` parameters.
    init(settings: ModelSettings, rows: Int, parameterCount: Int) {
        self.parameterCount = parameterCount
        self.rows = rows
        let budgetStopping = settings.effectiveStopping == .budget && settings.differentialPrivacy == nil
        batchSize = budgetStopping ? settings.effectiveBatchSize(rows: rows, parameters: parameterCount)
                                   : settings.effectiveBatchSize(rows: rows)
        stepsPerEpoch = max(1, rows / max(1, batchSize))
        // Under `.budget` the step budget becomes whole epochs (at least one).
        let budgetEpochs = max(1, settings.effectiveMaxSteps(parameters: parameterCount) / stepsPerEpoch)
        maxEpochs = budgetStopping ? min(settings.effectiveMaxEpochs, budgetEpochs) : settings.effectiveMaxEpochs
        endsOnStepBudget = budgetStopping && maxEpochs < settings.effectiveMaxEpochs
        learningRate = settings.effectiveLearningRate(batchSize: batchSize)
    }
}

extension GenerativeModel {
    /// The plan `train(training:validation:settings:…)` follows on `training` with `settings`:
    /// batch size, epoch limit (after the step budget) and learning rate, without training.
    public static func plan(training: EncodedTable, settings: ModelSettings) -> TrainingPlan {
        let arch = ModelArchitecture.make(subColumns: training.subColumns, size: settings.effectiveSize)
        let rows = settings.maxTrainingRows.map { min($0, training.rowCount) } ?? training.rowCount
        return TrainingPlan(settings: settings, rows: rows, parameterCount: training.subColumns.isEmpty ? 0 : arch.parameterCount)
    }
}
