/// One progress event from training: sent after every optimiser step and after each
/// epoch's validation.
public struct TrainingProgress: Sendable, Hashable {
    /// Epochs completed so far plus the fraction of the current one (e.g. 3.25).
    public var epoch: Double
    /// Optimiser steps taken so far.
    public var step: Int
    /// Steps the epoch limit and the step budget allow (the time limit may stop earlier).
    public var totalSteps: Int?
    /// Training rows processed so far (counting repeats across epochs).
    public var samples: Int
    /// Running mean training loss (sum of cross-entropies per row, nats) over the current epoch.
    public var trainLoss: Double
    /// Validation loss at the end of the last finished epoch, if there is validation data.
    public var valLoss: Double?
    /// The learning rate of the last step.
    public var learningRate: Double
    /// Seconds since training started.
    public var elapsed: Double
    /// Estimated seconds left (bounded by the time limit), if known.
    public var eta: Double?
    /// True for the event sent at the end of an epoch (carrying the fresh validation loss).
    public var isEpochEnd: Bool
    /// The epochs training may run (the epoch limit, or fewer where a step budget ends
    /// first), when the trainer knows them.
    public var maxEpochs: Int? = nil
}
