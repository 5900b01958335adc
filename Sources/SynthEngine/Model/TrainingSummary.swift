/// What happened during training, kept with the model.
public struct TrainingSummary: Codable, Sendable, Hashable {
    /// Why training ended.
    public enum StopReason: String, Codable, Sendable {
        /// `stopped`: the user asked training to end early and keep the best model (`stop J`).
        /// `nothingToModel`: the encoded table has no sub-columns (only keys, excluded and
        /// single-valued columns), so nothing was trained (`GenerativeModel.nothingToModel`).
        /// `stepBudget`: `ModelSettings.Stopping.budget` ended training before the epoch limit.
        case maxEpochs, timeLimit, earlyStopping, stopped, nothingToModel, stepBudget
    }

    /// Epochs run (fractional when the time limit ended one early).
    public var epochs: Double
    /// Optimiser steps taken.
    public var steps: Int
    /// Training rows used (after `maxTrainingRows`).
    public var trainingRows: Int
    /// Rows per step.
    public var batchSize: Int
    /// The epoch whose parameters were kept (the best validation loss, or the lowest training
    /// loss when the validation rows did not steer), 1-based.
    public var bestEpoch: Int
    /// Mean validation loss per row of the kept parameters (nats), if there was validation data.
    public var bestValidationLoss: Double?
    /// Mean training loss per row over the last epoch (nats).
    public var finalTrainingLoss: Double
    /// Wall-clock seconds spent training.
    public var seconds: Double
    public var stopReason: StopReason
    /// Parameters in the network.
    public var parameterCount: Int
    /// The privacy spent, when the model was trained with differential privacy.
    public var differentialPrivacy: DifferentialPrivacySpent? = nil
}
