import Foundation
import SynthEngine

/// The training settings a job actually used, with nothing left "auto": written by the
/// training task to `<table>.training.json` when training starts (the plan) and again when it
/// ends (with what happened), and shown by `job J`.
public struct ResolvedTraining: Codable, Sendable, Hashable {
    /// Rows of the source table.
    public var sourceRows: Int?
    /// Rows the job trains on: the source sample after the QA holdout was set aside.
    public var trainingRows: Int
    /// Rows set aside for the QA report's privacy and accuracy checks.
    public var holdoutRows: Int?
    /// Of `trainingRows`, those the optimiser steps on (the rest pick the best epoch).
    public var modelTrainingRows: Int
    /// Of `trainingRows`, those that measure the validation loss.
    public var validationRows: Int
    /// Model size (`S`, `M`, `L`).
    public var modelSize: String
    public var maxEpochs: Int
    public var batchSize: Int
    /// Initial AdamW learning rate (halved on plateaus).
    public var learningRate: Double
    /// Time limit in seconds.
    public var maxSeconds: Double
    /// Epochs run (fractional when training ended mid-epoch); `nil` while training.
    public var epochsRun: Double?
    /// The epoch whose model was kept; `nil` while training.
    public var bestEpoch: Int?
    /// Why training ended (`maxEpochs`, `stepBudget`, `timeLimit`, `earlyStopping`, `stopped`); `nil` while training.
    public var stopReason: String?
    /// Seconds spent training; `nil` while training.
    public var seconds: Double?

    /// The plan of a flat table's training: batch size, epoch limit (after the step budget) and
    /// learning rate as `plan` resolved them for the model's parameters.
    public init(sourceRows: Int?, trainingRows: Int, holdoutRows: Int?, modelTrainingRows: Int, validationRows: Int,
                settings: ModelSettings, plan: TrainingPlan) {
        self.init(sourceRows: sourceRows, trainingRows: trainingRows, holdoutRows: holdoutRows,
                  modelTrainingRows: modelTrainingRows, validationRows: validationRows, settings: settings)
        maxEpochs = plan.maxEpochs
        batchSize = plan.batchSize
        learningRate = plan.learningRate
    }

    /// The plan from the settings alone (rows-based batch size, the epoch limit): what a
    /// sequential model, which stops on its validation loss, follows.
    public init(sourceRows: Int?, trainingRows: Int, holdoutRows: Int?, modelTrainingRows: Int, validationRows: Int,
                settings: ModelSettings) {
        self.sourceRows = sourceRows
        self.trainingRows = trainingRows
        self.holdoutRows = holdoutRows
        self.modelTrainingRows = modelTrainingRows
        self.validationRows = validationRows
        let stepRows = settings.maxTrainingRows.map { min($0, modelTrainingRows) } ?? modelTrainingRows
        modelSize = settings.effectiveSize.rawValue
        maxEpochs = settings.effectiveMaxEpochs
        batchSize = settings.effectiveBatchSize(rows: stepRows)
        learningRate = settings.effectiveLearningRate(batchSize: batchSize)
        maxSeconds = settings.effectiveMaxTrainingTime
    }

    /// Records how training ended.
    public mutating func record(_ summary: TrainingSummary) {
        epochsRun = summary.epochs
        bestEpoch = summary.bestEpoch
        stopReason = summary.stopReason.rawValue
        seconds = summary.seconds
        batchSize = summary.batchSize
    }

    /// Human words for `stopReason`.
    public var stopReasonText: String? {
        switch stopReason {
        case "maxEpochs"?: "epoch limit reached"
        case "stepBudget"?: "step budget reached"
        case "timeLimit"?: "time limit reached"
        case "earlyStopping"?: "early stopping (validation loss stopped improving)"
        case "stopped"?: "stopped by the user (`stop`); best model kept"
        case "nothingToModel"?: "nothing to model: every column is a key or holds one value after value protection"
        case let other?: other
        case nil: nil
        }
    }
}
